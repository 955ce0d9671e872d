"""Write one OneRoster 1.2 CSV bundle per school year (the SIS extract)."""

from __future__ import annotations

import numpy as np
import polars as pl

from .output import Landing
from .roster import GRADE_CODES, RACE_FLAGS, RACES, SEXES, District, YearRoster

MANIFEST = (
    ("manifest.version", "1.0"),
    ("oneroster.version", "1.2"),
    ("file.academicSessions", "bulk"),
    ("file.categories", "absent"),
    ("file.classes", "bulk"),
    ("file.classResources", "absent"),
    ("file.courses", "bulk"),
    ("file.courseResources", "absent"),
    ("file.demographics", "bulk"),
    ("file.enrollments", "bulk"),
    ("file.lineItems", "absent"),
    ("file.orgs", "bulk"),
    ("file.resources", "absent"),
    ("file.results", "absent"),
    ("file.roles", "bulk"),
    ("file.users", "bulk"),
    ("file.userProfiles", "absent"),
    ("source.systemName", "Continuum sample district"),
    ("source.systemCode", "continuum-sample"),
)
ORGS_COLS = ("sourcedId", "status", "dateLastModified", "name", "type", "identifier", "parentSourcedId")
SESSIONS_COLS = ("sourcedId", "status", "dateLastModified", "title", "type", "startDate", "endDate", "parentSourcedId", "schoolYear")
USERS_COLS = (
    "sourcedId", "status", "dateLastModified", "enabledUser", "username", "userIds", "givenName", "familyName",
    "middleName", "identifier", "email", "sms", "phone", "agentSourcedIds", "grades", "password",
    "userMasterIdentifier", "resourceSourcedIds", "preferredGivenName", "preferredMiddleName",
    "preferredFamilyName", "primaryOrgSourcedId", "pronouns",
)
ROLES_COLS = ("sourcedId", "status", "dateLastModified", "userSourcedId", "roleType", "role", "beginDate", "endDate", "orgSourcedId", "userProfileSourcedId")
DEMOGRAPHICS_COLS = (
    "sourcedId", "status", "dateLastModified", "birthDate", "sex", *(c for c, _ in RACE_FLAGS),
    "demographicRaceTwoOrMoreRaces", "hispanicOrLatinoEthnicity", "countryOfBirthCode",
    "stateOfBirthAbbreviation", "cityOfBirth", "publicSchoolResidenceStatus",
)
COURSES_COLS = ("sourcedId", "status", "dateLastModified", "schoolYearSourcedId", "title", "courseCode", "grades", "orgSourcedId", "subjects", "subjectCodes")
CLASSES_COLS = (
    "sourcedId", "status", "dateLastModified", "title", "grades", "courseSourcedId", "classCode", "classType",
    "location", "schoolSourcedId", "termSourcedIds", "subjects", "subjectCodes", "periods",
)
ENROLLMENTS_COLS = ("sourcedId", "status", "dateLastModified", "classSourcedId", "schoolSourcedId", "userSourcedId", "role", "primary", "beginDate", "endDate")
STATE = "TX"
EMAIL_DOMAIN = "continuum-sample.org"
# CEDS publicSchoolResidenceStatus: 01652 resident of the district and attendance area,
# 01653 resident of the district but not the attendance area (transfers).
RESIDENT, TRANSFER = "01652", "01653"


def bundle_dir(label: str) -> str:
    return f"sis/oneroster_{label}"


def year_session_id(school_year: int) -> str:
    return f"AS-{school_year}"


def _empty(*cols: str) -> dict[str, pl.Expr]:
    return {c: pl.lit(None, dtype=pl.String) for c in cols}


def write_bundle(d: District, r: YearRoster, landing: Landing) -> None:
    cal, st, te = r.cal, d.students, d.teachers
    base = bundle_dir(cal.label)
    modified = f"{cal.school_year - 1}-08-01T00:00:00.000Z"
    head = {"status": pl.lit("active"), "dateLastModified": pl.lit(modified)}
    first, last = cal.first_day, cal.last_day
    year_id = year_session_id(cal.school_year)
    school_ids = np.array([s.sourced_id for s in d.schools])

    landing.write(f"{base}/manifest.csv", pl.DataFrame(MANIFEST, schema=["propertyName", "value"], orient="row"), ["propertyName", "value"])

    orgs = pl.DataFrame(
        {
            "sourcedId": ["DIST01", *school_ids],
            "name": ["Continuum Sample Unified School District", *(s.name for s in d.schools)],
            "type": ["district", *["school"] * len(d.schools)],
            "identifier": ["4800001", *(f"48000010{i + 1:02d}" for i in range(len(d.schools)))],
            "parentSourcedId": [None, *["DIST01"] * len(d.schools)],
        }
    )
    landing.write(f"{base}/orgs.csv", orgs.with_columns(**head), ORGS_COLS)

    (s1a, s1b), (s2a, s2b) = cal.semester1, cal.semester2
    sessions = pl.DataFrame(
        {
            "sourcedId": [year_id, f"{year_id}-S1", f"{year_id}-S2"],
            "title": [cal.label, f"Fall {cal.school_year - 1}", f"Spring {cal.school_year}"],
            "type": ["schoolYear", "semester", "semester"],
            "startDate": [first, s1a, s2a],
            "endDate": [last, s1b, s2b],
            "parentSourcedId": [None, year_id, year_id],
            "schoolYear": [cal.school_year] * 3,
        }
    )
    landing.write(f"{base}/academicSessions.csv", sessions.with_columns(**head), SESSIONS_COLS)

    # ---- users: students then teachers -------------------------------------------
    idx = r.students
    sid = st.sourced_id[idx].astype(str)
    given, family = st.given[idx], st.family[idx]
    # given.family + the id's serial number: readable and unique.
    serial = (st.sourced_id[idx] - 1_000_000).astype(str)
    username = np.char.add(np.char.lower(np.char.add(np.char.add(given, "."), family)), serial)
    state_id = np.char.add(STATE, np.char.zfill(serial, 7))
    students = pl.DataFrame(
        {
            "sourcedId": sid,
            "username": username,
            "givenName": given,
            "familyName": family,
            "middleName": st.middle[idx],
            "identifier": state_id,
            "email": np.char.add(username, f"@students.{EMAIL_DOMAIN}"),
            "grades": np.asarray(GRADE_CODES)[r.grade],
            "userMasterIdentifier": state_id,
            "primaryOrgSourcedId": school_ids[r.school],
        }
    ).with_columns(pl.col("middleName").replace("", None))
    t_idx = r.teachers
    t_given = [te.given[i] for i in t_idx]
    t_family = [te.family[i] for i in t_idx]
    t_user = [f"{g[0]}{f}{te.sourced_id[i][1:]}".lower() for g, f, i in zip(t_given, t_family, t_idx)]
    teachers = pl.DataFrame(
        {
            "sourcedId": [te.sourced_id[i] for i in t_idx],
            "username": t_user,
            "givenName": t_given,
            "familyName": t_family,
            "middleName": [None] * len(t_idx),
            "identifier": [f"EMP{te.sourced_id[i][1:]}" for i in t_idx],
            "email": [f"{u}@{EMAIL_DOMAIN}" for u in t_user],
            "grades": [r.teacher_grades.get(int(i), "") for i in t_idx],
            "userMasterIdentifier": [None] * len(t_idx),
            "primaryOrgSourcedId": [d.schools[te.school[i]].sourced_id for i in t_idx],
        },
        schema_overrides={"middleName": pl.String, "userMasterIdentifier": pl.String},
    )
    users = pl.concat([students, teachers]).with_columns(
        enabledUser=pl.lit(True),
        **_empty("userIds", "sms", "phone", "agentSourcedIds", "password", "resourceSourcedIds",
                 "preferredGivenName", "preferredMiddleName", "preferredFamilyName", "pronouns"),
        **head,
    )
    landing.write(f"{base}/users.csv", users, USERS_COLS)

    role_kind = pl.DataFrame(
        {
            "userSourcedId": users["sourcedId"],
            "role": ["student"] * len(idx) + ["teacher"] * len(t_idx),
            "orgSourcedId": users["primaryOrgSourcedId"],
        }
    )
    roles = role_kind.with_columns(
        sourcedId=pl.lit(f"ROLE-{cal.school_year}-") + pl.col("userSourcedId"),
        roleType=pl.lit("primary"), beginDate=pl.lit(first), endDate=pl.lit(last),
        userProfileSourcedId=pl.lit(None, dtype=pl.String), **head,
    )
    landing.write(f"{base}/roles.csv", roles, ROLES_COLS)

    # ---- demographics (students only) --------------------------------------------
    flags = st.race_flags[idx]
    hisp = st.race[idx] == RACES.index("hispanic_latino")
    two = st.race[idx] == RACES.index("two_or_more")
    demo = pl.DataFrame(
        {
            "sourcedId": sid,
            "birthDate": st.birth_date[idx],
            "sex": np.asarray(SEXES)[st.sex[idx]],
            **{col: flags[:, j] for j, (col, _) in enumerate(RACE_FLAGS)},
            "demographicRaceTwoOrMoreRaces": two,
            "hispanicOrLatinoEthnicity": hisp,
            "countryOfBirthCode": st.country[idx],
            "stateOfBirthAbbreviation": st.state[idx],
            "cityOfBirth": st.city[idx],
            "publicSchoolResidenceStatus": np.where(st.transfer[idx], TRANSFER, RESIDENT),
        }
    ).with_columns(**head)
    landing.write(f"{base}/demographics.csv", demo, DEMOGRAPHICS_COLS)

    # ---- courses, classes, enrollments (one homeroom per teacher) ----------------
    course_rows = []
    for school in d.schools:
        lo, hi = school.grade_range
        course_rows.append(
            {
                "sourcedId": f"CRS-{cal.school_year}-{school.sourced_id}-HR",
                "schoolYearSourcedId": year_id,
                "title": "Homeroom",
                "courseCode": f"HR-{school.sourced_id}",
                "grades": ",".join(GRADE_CODES[lo : hi + 1]),
                "orgSourcedId": school.sourced_id,
                "subjects": "Homeroom",
                "subjectCodes": None,
            }
        )
    courses = pl.DataFrame(course_rows, schema_overrides={"subjectCodes": pl.String}).with_columns(**head)
    landing.write(f"{base}/courses.csv", courses, COURSES_COLS)

    class_id = {int(i): f"CLS-{cal.school_year}-{te.sourced_id[i]}" for i in t_idx}
    classes = pl.DataFrame(
        {
            "sourcedId": [class_id[int(i)] for i in t_idx],
            "title": [f"Homeroom {r.teacher_grades.get(int(i), '')} - {te.family[i]}".replace(",", "/") for i in t_idx],
            "grades": [r.teacher_grades.get(int(i), "") for i in t_idx],
            "courseSourcedId": [f"CRS-{cal.school_year}-{d.schools[te.school[i]].sourced_id}-HR" for i in t_idx],
            "classCode": [f"HR-{te.sourced_id[i]}" for i in t_idx],
            "location": [f"Room {100 + k}" for k in _rank_within_school(te.school, t_idx)],
            "schoolSourcedId": [d.schools[te.school[i]].sourced_id for i in t_idx],
        }
    ).with_columns(
        classType=pl.lit("homeroom"), termSourcedIds=pl.lit(year_id), subjects=pl.lit("Homeroom"),
        subjectCodes=pl.lit(None, dtype=pl.String), periods=pl.lit("1"), **head,
    )
    landing.write(f"{base}/classes.csv", classes, CLASSES_COLS)

    cls_student = np.asarray([class_id[int(i)] for i in r.homeroom]) if len(idx) else np.asarray([], dtype=str)
    enr = pl.DataFrame(
        {
            "classSourcedId": np.concatenate([cls_student, np.asarray([class_id[int(i)] for i in t_idx], dtype=str)]),
            "schoolSourcedId": users["primaryOrgSourcedId"],
            "userSourcedId": users["sourcedId"],
            "role": role_kind["role"],
            "primary": [False] * len(idx) + [True] * len(t_idx),
        }
    ).with_columns(
        sourcedId=pl.lit(f"ENR-{cal.school_year}-") + pl.col("userSourcedId"),
        beginDate=pl.lit(first), endDate=pl.lit(last), **head,
    )
    landing.write(f"{base}/enrollments.csv", enr, ENROLLMENTS_COLS)


def _rank_within_school(school_of_teacher: list[int], t_idx: np.ndarray) -> list[int]:
    seen: dict[int, int] = {}
    out = []
    for i in t_idx:
        s = school_of_teacher[i]
        seen[s] = seen.get(s, 0) + 1
        out.append(seen[s])
    return out
