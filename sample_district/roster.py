"""The district's people: schools, students (longitudinal), teachers, homerooms.

Everything here is small (one row per student ever enrolled, ~1.3x the yearly
roster) and lives in memory as NumPy arrays; the large outputs (attendance,
results) are generated from it one file at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from . import names, truth
from .calendar import SchoolYear, school_year_calendar
from .output import rng_for

GRADE_CODES = ("KG", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12")
N_GRADES = len(GRADE_CODES)
RACES = tuple(truth.RACE_ETHNICITY_SHARES)
SEXES = tuple(truth.SEX_SHARES)
#: OneRoster race flag columns, in file order, with the subgroup code each one means.
RACE_FLAGS = (
    ("americanIndianOrAlaskaNative", "american_indian_alaska_native"),
    ("asian", "asian"),
    ("blackOrAfricanAmerican", "black"),
    ("nativeHawaiianOrOtherPacificIslander", "native_hawaiian_pacific_islander"),
    ("white", "white"),
)
FIRST_STUDENT_ID = 1_000_001
STUDENTS_PER_TEACHER = 20
# Teachers leaving each summer; realistic churn so teacher ids are not all permanent.
TEACHER_ANNUAL_TURNOVER = 0.10
BAND_GRADES = {"elementary": (0, 5), "middle": (6, 8), "high": (9, 12), "k12": (0, 12)}


@dataclass(frozen=True)
class School:
    sourced_id: str
    name: str
    band: str

    @property
    def grade_range(self) -> tuple[int, int]:
        return BAND_GRADES[self.band]


def build_schools(n: int) -> list[School]:
    """About half elementary, a quarter middle, a quarter high (>= 1 each) when n >= 3."""
    if n >= 3:
        n_elem = max(1, min(n - 2, -(-n // 2)))
        n_mid = -(-(n - n_elem) // 2)
        bands = ["elementary"] * n_elem + ["middle"] * n_mid + ["high"] * (n - n_elem - n_mid)
    else:
        bands = ["k12"] * n
    out = []
    for i, band in enumerate(bands):
        stem = names.SCHOOL_STEMS[i % len(names.SCHOOL_STEMS)]
        if i >= len(names.SCHOOL_STEMS):  # keep names unique in very large districts
            stem = f"{stem} {i // len(names.SCHOOL_STEMS) + 1}"
        out.append(School(f"SCH{i + 1:03d}", f"{stem} {names.SCHOOL_SUFFIX[band]}", band))
    return out


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    return np.asarray(pool)[rng.integers(len(pool), size=n)]


@dataclass
class Students:
    """One entry per student who is enrolled in any generated year (index = row)."""

    sourced_id: np.ndarray  # int64, stable across years
    cohort: np.ndarray  # year index in which the student is (or was) in kindergarten
    neighbourhood: np.ndarray  # uniform 0-1; decides school within a band and drives ED
    race: np.ndarray  # index into RACES
    race_flags: np.ndarray  # bool (n, 5) in RACE_FLAGS order
    sex: np.ndarray  # index into SEXES
    econ: np.ndarray
    iep: np.ndarray
    s504: np.ndarray
    gifted: np.ndarray
    el_initial: np.ndarray  # EL when first enrolled
    el_exit_year: np.ndarray  # year index during which the student exits EL (large = never)
    el_exit_u: np.ndarray  # position of the exit date within the spring semester
    birth_date: np.ndarray  # datetime64[D]
    given: np.ndarray
    middle: np.ndarray
    family: np.ndarray
    country: np.ndarray
    state: np.ndarray
    city: np.ndarray
    transfer: np.ndarray  # attends on an in-district transfer (residence status code)

    def __len__(self) -> int:
        return len(self.sourced_id)

    @property
    def first_year(self) -> np.ndarray:
        return np.maximum(self.cohort, 0)

    @property
    def first_grade(self) -> np.ndarray:
        return self.first_year - self.cohort

    def el_at_start(self, t: int) -> np.ndarray:
        """EL status on the first day of year index t."""
        return self.el_initial & (self.el_exit_year >= t)


@dataclass
class Teachers:
    sourced_id: list[str]
    given: list[str]
    family: list[str]
    school: list[int]
    years: list[set[int]]  # year indexes the teacher is employed


@dataclass
class YearRoster:
    """Who is enrolled where in one school year."""

    t: int
    cal: SchoolYear
    students: np.ndarray  # indexes into Students, sorted by school, grade, id
    grade: np.ndarray
    school: np.ndarray  # index into District.schools
    el: np.ndarray  # EL on the first day of the year
    teachers: np.ndarray  # indexes into Teachers, sorted by school then id
    homeroom: np.ndarray  # per student: index into Teachers
    teacher_grades: dict[int, str]  # teacher index -> OneRoster grades list ("03" or "03,04")


@dataclass
class District:
    seed: int
    schools: list[School]
    years: list[SchoolYear]
    students: Students
    teachers: Teachers
    rosters: list[YearRoster]

    @property
    def as_of(self) -> date:
        """Extract date: the last school day of the final year (nothing happens after it)."""
        return self.years[-1].last_day


def _cohort_sizes(students: int, years: int) -> dict[int, int]:
    """Cohort (KG year index) -> size.  Year 0 holds 13 equal-ish grades; each new KG
    cohort is as large as the grade-12 cohort that just left, so enrolment is constant."""
    base, rem = divmod(students, N_GRADES)
    sizes = {-g: base + (1 if g < rem else 0) for g in range(N_GRADES)}
    for k in range(1, years):
        sizes[k] = sizes[k - N_GRADES]
    return sizes


def _build_students(students: int, years: list[SchoolYear], seed: int) -> Students:
    sizes = _cohort_sizes(students, len(years))
    # Year 0 students first (by grade, youngest first), then each new KG cohort.
    cohort = np.concatenate([np.full(sizes[k], k, dtype=np.int64) for k in sorted(sizes, key=lambda k: (k > 0, -k if k <= 0 else k))])
    n = len(cohort)
    rng = rng_for(seed, "students")
    u = rng.random(n)
    race = rng.choice(len(RACES), size=n, p=list(truth.RACE_ETHNICITY_SHARES.values()))
    flag_code = [code for _, code in RACE_FLAGS]
    flags = np.zeros((n, len(RACE_FLAGS)), dtype=bool)
    for r, code in enumerate(RACES):
        if code in flag_code:
            flags[race == r, flag_code.index(code)] = True
    hisp = race == RACES.index("hispanic_latino")
    hisp_flag = rng.choice([flag_code.index(c) for c in truth.HISPANIC_RACE_FLAG_SHARES], size=n, p=list(truth.HISPANIC_RACE_FLAG_SHARES.values()))
    flags[hisp, hisp_flag[hisp]] = True
    # Two or more races: two distinct flags, weighted like US multiracial combinations
    # (Gumbel top-2 draws two without replacement, vectorised).
    multi = race == RACES.index("two_or_more")
    w = np.log(np.array([0.10, 0.15, 0.25, 0.05, 0.45]))
    top2 = np.argsort(-(w + rng.gumbel(size=(n, len(RACE_FLAGS)))), axis=1)[:, :2]
    rows = np.flatnonzero(multi)
    flags[rows, top2[rows, 0]] = True
    flags[rows, top2[rows, 1]] = True

    sex = rng.choice(len(SEXES), size=n, p=list(truth.SEX_SHARES.values()))
    shift = np.array([truth.ECON_DISADV_RACE_SHIFT[c] for c in RACES])[race]
    econ = rng.random(n) < np.clip(truth.ECON_DISADV_BASE + truth.ECON_DISADV_NEIGHBOURHOOD_SLOPE * u + shift, 0.02, 0.95)
    first_grade = np.maximum(cohort, 0) - cohort
    el_p = np.array([truth.EL_ENTRY_RATE[c] for c in RACES])[race] * (1 - truth.EL_ANNUAL_EXIT_RATE) ** first_grade
    el = rng.random(n) < el_p
    # Year index of exit: geometric from the first enrolled year; often after grade 12 (never seen).
    el_exit_year = np.where(el, np.maximum(cohort, 0) + rng.geometric(truth.EL_ANNUAL_EXIT_RATE, size=n) - 1, 10_000)
    el_exit_u = rng.random(n)
    iep = rng.random(n) < np.array([truth.IEP_RATE[s] for s in SEXES])[sex]
    # 504 plans and IEPs are mutually exclusive; rate among non-IEP keeps the overall share.
    s504 = ~iep & (rng.random(n) < truth.SECTION_504_SHARE / (1 - truth.IEP_SHARE))
    gifted = rng.random(n) < np.where(econ, truth.GIFTED_RATE_ECON_DISADV, truth.GIFTED_RATE_NOT_ECON_DISADV)

    # Birth dates: 5 years old on 1 September of the kindergarten year.
    kg_fall = years[0].school_year - 1 + cohort
    start = np.array([np.datetime64(f"{y - 6}-09-02") for y in range(kg_fall.min(), kg_fall.max() + 1)])
    birth = start[kg_fall - kg_fall.min()] + rng.integers(0, 365, size=n).astype("timedelta64[D]")

    def by_sex() -> np.ndarray:
        return np.where(
            sex == SEXES.index("male"), _pick(rng, names.MALE_GIVEN, n),
            np.where(sex == SEXES.index("female"), _pick(rng, names.FEMALE_GIVEN, n), _pick(rng, names.NEUTRAL_GIVEN, n)),
        )

    given = by_sex()
    middle = np.where(rng.random(n) < 0.7, by_sex(), "")
    fam_u = rng.random(n)
    family = _pick(rng, names.FAMILY_GENERAL, n)
    for code, pool, share in (
        ("hispanic_latino", names.FAMILY_HISPANIC, 0.85),
        ("asian", names.FAMILY_ASIAN, 0.85),
        ("american_indian_alaska_native", names.FAMILY_AIAN, 0.5),
        ("native_hawaiian_pacific_islander", names.FAMILY_NHPI, 0.5),
    ):
        sel = (race == RACES.index(code)) & (fam_u < share)
        family = np.where(sel, _pick(rng, pool, n), family)

    # Birthplace: most students are born in-state; many EL students abroad.
    born_u = rng.random(n)
    country = np.full(n, "US", dtype=object)
    asian = race == RACES.index("asian")
    country = np.where(el & hisp & (born_u < 0.45), "MX", country)
    country = np.where(el & hisp & (born_u >= 0.45) & (born_u < 0.55), _pick(rng, ("GT", "HN", "SV", "VE", "CO"), n), country)
    country = np.where(el & asian & (born_u < 0.5), _pick(rng, ("VN", "CN", "IN", "PH", "KR"), n), country)
    us = country == "US"
    state = np.where(us, np.where(rng.random(n) < 0.85, "TX", _pick(rng, names.OTHER_STATES, n)), "")
    city = np.where(state == "TX", _pick(rng, names.TEXAS_CITIES, n), "")
    transfer = rng.random(n) < 0.04

    return Students(
        sourced_id=FIRST_STUDENT_ID + np.arange(n, dtype=np.int64),
        cohort=cohort, neighbourhood=u, race=race, race_flags=flags, sex=sex, econ=econ, iep=iep,
        s504=s504, gifted=gifted, el_initial=el, el_exit_year=el_exit_year, el_exit_u=el_exit_u,
        birth_date=birth, given=given.astype(str), middle=middle.astype(str), family=family.astype(str),
        country=country.astype(str), state=state.astype(str), city=city.astype(str), transfer=transfer,
    )


def school_of(schools: list[School], grade: np.ndarray, neighbourhood: np.ndarray) -> np.ndarray:
    """School index for each (grade, neighbourhood): neighbourhoods feed fixed schools,
    so an elementary school's students move on together (a feeder pattern)."""
    out = np.full(len(grade), -1, dtype=np.int64)
    for band in ("elementary", "middle", "high", "k12"):
        idx = [i for i, s in enumerate(schools) if s.band == band]
        if not idx:
            continue
        lo, hi = BAND_GRADES[band]
        sel = (grade >= lo) & (grade <= hi)
        pos = np.minimum((neighbourhood[sel] * len(idx)).astype(np.int64), len(idx) - 1)
        out[sel] = np.asarray(idx)[pos]
    return out


def build_district(*, students: int, schools: int, years: int, seed: int, end_year: int) -> District:
    school_list = build_schools(schools)
    cals = [school_year_calendar(y) for y in range(end_year - years + 1, end_year + 1)]
    st = _build_students(students, cals, seed)
    teachers = Teachers([], [], [], [], [])
    rng = rng_for(seed, "teachers")
    rosters: list[YearRoster] = []
    for t, cal in enumerate(cals):
        grade = t - st.cohort
        active = np.flatnonzero((grade >= 0) & (grade < N_GRADES))
        g = grade[active]
        sch = school_of(school_list, g, st.neighbourhood[active])
        order = np.lexsort((st.sourced_id[active], g, sch))
        active, g, sch = active[order], g[order], sch[order]
        homeroom = np.empty(len(active), dtype=np.int64)
        year_teachers: list[int] = []
        grades_of: dict[int, str] = {}
        for s in range(len(school_list)):
            members = np.flatnonzero(sch == s)
            needed = int(round(len(members) / STUDENTS_PER_TEACHER)) if len(members) else 0
            needed = max(needed, 1) if len(members) else 0
            # Returning staff (in id order) stay unless they left over the summer.
            returning = [i for i in range(len(teachers.sourced_id)) if teachers.school[i] == s and (t - 1) in teachers.years[i]]
            stay = rng.random(len(returning)) >= TEACHER_ANNUAL_TURNOVER
            staff = [i for i, k in zip(returning, stay) if k][:needed]
            while len(staff) < needed:
                i = len(teachers.sourced_id)
                teachers.sourced_id.append(f"T{i + 1:05d}")
                female = rng.random() < 0.75  # the teaching workforce is mostly female
                teachers.given.append(str(rng.choice(names.FEMALE_GIVEN if female else names.MALE_GIVEN)))
                pool = names.FAMILY_HISPANIC if rng.random() < 0.25 else names.FAMILY_GENERAL
                teachers.family.append(str(rng.choice(pool)))
                teachers.school.append(s)
                teachers.years.append(set())
                staff.append(i)
            staff.sort()
            for i in staff:
                teachers.years[i].add(t)
            # Consecutive chunks of the (school, grade, id)-sorted list: homerooms are
            # single-grade except where a grade's size does not divide evenly.
            if len(members):
                chunk = (np.arange(len(members)) * len(staff)) // len(members)
                homeroom[members] = np.asarray(staff)[chunk]
                for j, i in enumerate(staff):
                    gs = np.unique(g[members[chunk == j]])
                    grades_of[i] = ",".join(GRADE_CODES[x] for x in gs)
            year_teachers.extend(staff)
        rosters.append(
            YearRoster(
                t=t, cal=cal, students=active, grade=g, school=sch, el=st.el_at_start(t)[active],
                teachers=np.asarray(year_teachers, dtype=np.int64), homeroom=homeroom, teacher_grades=grades_of,
            )
        )
    return District(seed=seed, schools=school_list, years=cals, students=st, teachers=teachers, rosters=rosters)
