"""Climate surveys: item bank and one spring administration per year.

Responses come from a latent-normal model: respondent r's answer to item i of
construct c is favourable when a_rc + e_ri > 0, with a_rc ~ N(mu_c + shift, SD_PERSON)
and e_ri ~ N(0, SD_ITEM).  Items of a construct therefore correlate within a
person (as real scales do) while the expected share favourable is exactly the
constant in truth.py; the EL belonging gap is a shift of mu chosen to move that
share by ``truth.SURVEY_EL_BELONGING_GAP``.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import polars as pl

from . import truth
from .output import Landing, rng_for
from .roster import District, YearRoster

ITEM_COLUMNS = (
    "item_id", "survey_name", "respondent_type", "construct", "item_text", "scale_min", "scale_max",
    "favourable_threshold", "reverse_coded",
)
RESPONSE_COLUMNS = ("administration_id", "administration_date", "respondent_type", "respondent_id", "school_id", "item_id", "response_value")
# Explicit types: a broadcast scalar next to empty arrays would otherwise be typed Null.
RESPONSE_SCHEMA = {
    "administration_id": pl.String, "administration_date": pl.Date, "respondent_type": pl.String,
    "respondent_id": pl.String, "school_id": pl.String, "item_id": pl.String, "response_value": pl.Int64,
}
SURVEYS = {
    "student": ("Student Climate Survey", {
        "belonging": (("STU-BEL-1", "I feel like I belong at this school."),
                      ("STU-BEL-2", "Students at this school care about me."),
                      ("STU-BEL-3", "I often feel left out at school.")),
        "safety": (("STU-SAF-1", "I feel safe at school."),
                   ("STU-SAF-2", "Adults at this school stop bullying when they see it."),
                   ("STU-SAF-3", "I worry about my safety at school.")),
        "engagement": (("STU-ENG-1", "I am interested in what I learn in class."),
                       ("STU-ENG-2", "I try my best in my classes."),
                       ("STU-ENG-3", "I look forward to coming to school.")),
        "teacher_support": (("STU-TS-1", "My teachers believe I can do well."),
                            ("STU-TS-2", "My teachers explain things in a way I understand."),
                            ("STU-TS-3", "I can ask my teachers for help when I need it.")),
    }),
    "staff": ("Staff Climate Survey", {
        "collaboration": (("STF-COL-1", "Teachers here share materials and strategies."),
                          ("STF-COL-2", "I have regular time to plan with colleagues."),
                          ("STF-COL-3", "Colleagues give me useful feedback on my teaching.")),
        "leadership": (("STF-LEAD-1", "School leaders communicate a clear vision."),
                       ("STF-LEAD-2", "School leaders support me in improving my practice."),
                       ("STF-LEAD-3", "Decisions at this school are made with staff input.")),
        "improvement_culture": (("STF-IMP-1", "We test small changes before adopting them widely."),
                                ("STF-IMP-2", "We use data to learn, not to blame."),
                                ("STF-IMP-3", "It is safe to try something new and fail here.")),
    }),
    "family": ("Family Engagement Survey", {
        "communication": (("FAM-COM-1", "The school keeps me informed about my child's progress."),
                          ("FAM-COM-2", "I know how to reach my child's teacher."),
                          ("FAM-COM-3", "The school asks for my opinion.")),
        "welcome": (("FAM-WEL-1", "I feel welcome when I visit the school."),
                    ("FAM-WEL-2", "Staff treat my family with respect."),
                    ("FAM-WEL-3", "The school values my family's culture and language.")),
    }),
}
SD_PERSON, SD_ITEM = 0.7, 0.714  # total latent sd ~1.0
SD_TOTAL = float(np.hypot(SD_PERSON, SD_ITEM))
SD_SCHOOL = 0.12  # schools differ a little in climate (common to all constructs)
# Latent cut points: favourable (4-5) above 0; 5 above CUT_5; 3/2/1 below 0.
CUT_5, CUT_3, CUT_2 = 0.8, -0.7, -1.4
_PHI_INV = NormalDist().inv_cdf


def item_table() -> pl.DataFrame:
    rows = []
    for rtype, (survey, constructs) in SURVEYS.items():
        for construct, items in constructs.items():
            for item_id, text in items:
                rows.append({
                    "item_id": item_id, "survey_name": survey, "respondent_type": rtype, "construct": construct,
                    "item_text": text, "scale_min": truth.SURVEY_SCALE[0], "scale_max": truth.SURVEY_SCALE[1],
                    "favourable_threshold": truth.SURVEY_FAVOURABLE_THRESHOLD,
                    "reverse_coded": item_id in truth.SURVEY_REVERSE_CODED_ITEMS,
                })
    return pl.DataFrame(rows)


def _responses(rng: np.random.Generator, rtype: str, school_effect: np.ndarray, shift: dict[str, np.ndarray]) -> tuple[np.ndarray, list[str]]:
    """Response matrix (respondents x items) for one survey; ``shift`` adds to mu per construct."""
    n = len(school_effect)
    cols, item_ids = [], []
    for construct, items in SURVEYS[rtype][1].items():
        mu = SD_TOTAL * _PHI_INV(truth.SURVEY_BASE_FAVOURABILITY[construct])
        person = rng.normal(mu, SD_PERSON, n) + school_effect + shift.get(construct, 0.0)
        for item_id, _ in items:
            latent = person + rng.normal(0.0, SD_ITEM, n)
            value = np.select([latent > CUT_5, latent > 0, latent > CUT_3, latent > CUT_2], [5, 4, 3, 2], 1)
            if item_id in truth.SURVEY_REVERSE_CODED_ITEMS:
                value = 6 - value
            cols.append(value)
            item_ids.append(item_id)
    return np.column_stack(cols), item_ids


def _long(admin: str, rtype: str, ids: np.ndarray, schools: np.ndarray, dates: np.ndarray, values: np.ndarray,
          item_ids: list[str], keep: np.ndarray) -> pl.DataFrame:
    n, k = values.shape
    mask = keep.ravel()
    return pl.DataFrame({
        "administration_id": admin,
        "administration_date": np.repeat(dates, k)[mask],
        "respondent_type": rtype,
        "respondent_id": np.repeat(ids, k)[mask],
        "school_id": np.repeat(schools, k)[mask],
        "item_id": np.tile(np.asarray(item_ids), n)[mask],
        "response_value": values.ravel()[mask],
    }, schema_overrides=RESPONSE_SCHEMA)


def write_survey_year(d: District, r: YearRoster, landing: Landing) -> None:
    cal = r.cal
    rng = rng_for(d.seed, "survey", cal.school_year)
    window = np.asarray(cal.days_between(*cal.survey_window()), dtype="datetime64[D]")
    school_ids = np.array([s.sourced_id for s in d.schools])
    school_effect = rng.normal(0.0, SD_SCHOOL, len(d.schools))
    frames = []

    lo, hi = truth.STUDENT_SURVEY_GRADES
    eligible = np.flatnonzero((r.grade >= lo) & (r.grade <= hi))
    resp = eligible[rng.random(len(eligible)) < truth.SURVEY_RESPONSE_RATE["student"]]
    base = truth.SURVEY_BASE_FAVOURABILITY["belonging"]
    el_shift = SD_TOTAL * (_PHI_INV(base + truth.SURVEY_EL_BELONGING_GAP) - _PHI_INV(base))
    values, items = _responses(rng, "student", school_effect[r.school[resp]], {"belonging": el_shift * r.el[resp]})
    frames.append(_long(
        f"SURV-{cal.school_year}-STUDENT", "student", d.students.sourced_id[r.students[resp]].astype(str),
        school_ids[r.school[resp]], window[rng.integers(len(window), size=len(resp))], values, items,
        rng.random(values.shape) >= truth.SURVEY_ITEM_SKIP_RATE,
    ))

    t_school = np.array([d.teachers.school[i] for i in r.teachers], dtype=np.int64)
    resp_t = np.flatnonzero(rng.random(len(r.teachers)) < truth.SURVEY_RESPONSE_RATE["staff"])
    values, items = _responses(rng, "staff", school_effect[t_school[resp_t]], {})
    frames.append(_long(
        f"SURV-{cal.school_year}-STAFF", "staff", np.array([d.teachers.sourced_id[r.teachers[j]] for j in resp_t], dtype=str),
        school_ids[t_school[resp_t]], window[rng.integers(len(window), size=len(resp_t))], values, items,
        rng.random(values.shape) >= truth.SURVEY_ITEM_SKIP_RATE,
    ))

    per_school = rng.binomial(np.bincount(r.school, minlength=len(d.schools)), truth.FAMILY_RESPONSES_PER_STUDENT)
    fam_school = np.repeat(np.arange(len(d.schools)), per_school)
    values, items = _responses(rng, "family", school_effect[fam_school], {})
    frames.append(_long(
        f"SURV-{cal.school_year}-FAMILY", "family", np.full(len(fam_school), None, dtype=object),
        school_ids[fam_school], window[rng.integers(len(window), size=len(fam_school))], values, items,
        rng.random(values.shape) >= truth.SURVEY_ITEM_SKIP_RATE,
    ))
    landing.write(f"surveys/responses/survey_responses_{cal.label}_spring.csv", pl.concat(frames), RESPONSE_COLUMNS)


def write_surveys(d: District, landing: Landing) -> None:
    landing.write("surveys/survey_items.csv", item_table(), ITEM_COLUMNS)
    for r in d.rosters:
        write_survey_year(d, r, landing)
