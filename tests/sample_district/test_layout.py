"""The landing layout and file formats (the contract ingestion validates).

Headers are copied from the contract, not imported from the generator, so a
drift in the generator's column lists fails here.
"""

from __future__ import annotations

import re
from datetime import date

import polars as pl

from sample_district import GenerationSummary
from sample_district.calendar import school_year_calendar

from .sd_helpers import LABELS, files_under, header, read

BUNDLE_HEADERS = {
    "manifest.csv": "propertyName,value",
    "orgs.csv": "sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId",
    "academicSessions.csv": "sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear",
    "users.csv": "sourcedId,status,dateLastModified,enabledUser,username,userIds,givenName,familyName,middleName,"
    "identifier,email,sms,phone,agentSourcedIds,grades,password,userMasterIdentifier,resourceSourcedIds,"
    "preferredGivenName,preferredMiddleName,preferredFamilyName,primaryOrgSourcedId,pronouns",
    "roles.csv": "sourcedId,status,dateLastModified,userSourcedId,roleType,role,beginDate,endDate,orgSourcedId,userProfileSourcedId",
    "demographics.csv": "sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,"
    "blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,"
    "hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus",
    "courses.csv": "sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes",
    "classes.csv": "sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,"
    "schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods",
    "enrollments.csv": "sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate",
}
HEADERS = {
    "program_participation": "student_id,school_id,program_code,begin_date,end_date",
    "attendance": "student_id,school_id,attendance_date,attendance_status",
    "assessment_windows": "window_id,school_year,window_name,start_date,end_date",
    "continuum_results": "student_id,school_id,assessment_id,assessment_type,subject,window_id,assessment_date,scale_score,continuum_level",
    "survey_items": "item_id,survey_name,respondent_type,construct,item_text,scale_min,scale_max,favourable_threshold,reverse_coded",
    "survey_responses": "administration_id,administration_date,respondent_type,respondent_id,school_id,item_id,response_value",
    "driver_diagram": "aim_id,aim,primary_driver_id,primary_driver,secondary_driver_id,secondary_driver,change_idea_id,change_idea",
    "pdsa_cycles": "cycle_id,team_id,team_name,school_id,change_idea_id,planned_date,started_date,studied_date,"
    "prediction_recorded,predicted_value,observed_value,study_compared_prediction,decision",
    "team_meetings": "meeting_id,team_id,school_id,meeting_date,minutes_total,minutes_improvement",
    "action_items": "action_item_id,team_id,meeting_id,description,created_date,due_date,completed_date",
    "classroom_observations": "observation_id,school_id,teacher_id,observer_id,observation_date,rubric_domain,score",
    "pd_evaluations": "evaluation_id,session_id,session_title,session_date,school_id,respondent_id,rating,would_recommend",
}
MANIFEST = [
    ("manifest.version", "1.0"), ("oneroster.version", "1.2"), ("file.academicSessions", "bulk"),
    ("file.categories", "absent"), ("file.classes", "bulk"), ("file.classResources", "absent"),
    ("file.courses", "bulk"), ("file.courseResources", "absent"), ("file.demographics", "bulk"),
    ("file.enrollments", "bulk"), ("file.lineItems", "absent"), ("file.orgs", "bulk"), ("file.resources", "absent"),
    ("file.results", "absent"), ("file.roles", "bulk"), ("file.users", "bulk"), ("file.userProfiles", "absent"),
    ("source.systemName", "Continuum sample district"), ("source.systemCode", "continuum-sample"),
]


def expected_files() -> dict[str, str]:
    """Every file the contract asks for at SMALL size -> its header."""
    out: dict[str, str] = {}
    for label in LABELS:
        for name, head in BUNDLE_HEADERS.items():
            out[f"sis/oneroster_{label}/{name}"] = head
        out[f"sis/program_participation/program_participation_{label}.csv"] = HEADERS["program_participation"]
        for w in ("fall", "winter", "spring"):
            out[f"assessments/continuum/continuum_results_{label}_{w}.csv"] = HEADERS["continuum_results"]
        out[f"surveys/responses/survey_responses_{label}_spring.csv"] = HEADERS["survey_responses"]
        cal = school_year_calendar(int(label[-4:]))
        for y, m in cal.months:
            out[f"sis/attendance/attendance_{y:04d}-{m:02d}.csv"] = HEADERS["attendance"]
    out["assessments/assessment_windows.csv"] = HEADERS["assessment_windows"]
    out["surveys/survey_items.csv"] = HEADERS["survey_items"]
    for name in ("driver_diagram", "pdsa_cycles", "team_meetings", "action_items", "classroom_observations", "pd_evaluations"):
        out[f"improvement/{name}.csv"] = HEADERS[name]
    return out


def test_every_file_exists_with_exact_header(small: GenerationSummary) -> None:
    expected = expected_files()
    assert files_under(small.out) == set(expected)
    for rel, head in expected.items():
        assert header(small.out / rel) == head, rel


def test_attendance_months_are_august_to_june(small: GenerationSummary) -> None:
    months = sorted(rel[-11:-4] for rel in small.rows if rel.startswith("sis/attendance/"))
    assert months[0] == "2024-08" and months[-1] in ("2026-05", "2026-06")
    assert all(m[-2:] not in ("07",) for m in months)


def test_manifest_rows(small: GenerationSummary) -> None:
    for label in LABELS:
        df = read(small.out / f"sis/oneroster_{label}/manifest.csv")
        assert df.rows() == MANIFEST


def test_csv_conventions(small: GenerationSummary) -> None:
    """ISO dates, true/false booleans, no quoted empty strings, status/dateLastModified."""
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for rel in small.rows:
        text = (small.out / rel).read_text(encoding="utf-8")
        assert '""' not in text, rel  # missing values are bare empty fields
        df = read(small.out / rel)
        for col in df.columns:
            values = df[col].drop_nulls()
            if col.endswith(("_date", "Date")) and col != "dateLastModified":
                assert values.map_elements(lambda v: bool(iso.match(v)), return_dtype=pl.Boolean).all(), (rel, col)
            if col in {"enabledUser", "primary", "reverse_coded", "prediction_recorded", "study_compared_prediction",
                       "would_recommend", "white", "asian", "hispanicOrLatinoEthnicity", "demographicRaceTwoOrMoreRaces"}:
                assert set(values.unique()) <= {"true", "false"}, (rel, col)
        if "/oneroster_" in rel and not rel.endswith("manifest.csv"):
            assert set(df["status"].unique()) == {"active"}, rel
            assert df["dateLastModified"].str.contains(r"^\d{4}-08-01T00:00:00\.000Z$").all(), rel
            assert df["sourcedId"].n_unique() == df.height, rel


def test_oneroster_contents(small: GenerationSummary) -> None:
    for label in LABELS:
        base = small.out / f"sis/oneroster_{label}"
        year = int(label[-4:])
        orgs = read(base / "orgs.csv")
        assert orgs.filter(type="district")["sourcedId"].to_list() == ["DIST01"]
        schools = orgs.filter(type="school")
        assert schools["sourcedId"].to_list() == ["SCH001", "SCH002", "SCH003", "SCH004"]
        assert set(schools["parentSourcedId"]) == {"DIST01"}
        # 4 schools: two elementary, one middle, one high.
        assert [n.rsplit(" ", 2)[-2] for n in schools["name"]] == ["Elementary", "Elementary", "Middle", "High"]

        sessions = read(base / "academicSessions.csv")
        assert sessions["type"].to_list() == ["schoolYear", "semester", "semester"]
        assert set(sessions["schoolYear"]) == {str(year)}
        year_id = sessions["sourcedId"][0]
        assert sessions["parentSourcedId"].to_list() == [None, year_id, year_id]
        start, end = date.fromisoformat(sessions["startDate"][0]), date.fromisoformat(sessions["endDate"][0])
        assert date(year - 1, 8, 10) <= start <= date(year - 1, 8, 20)
        assert date(year, 5, 25) <= end <= date(year, 6, 10)

        users = read(base / "users.csv")
        students = users.filter(~pl.col("sourcedId").str.starts_with("T"))
        teachers = users.filter(pl.col("sourcedId").str.starts_with("T"))
        assert students.height == 300
        assert students["sourcedId"].str.contains(r"^\d{7}$").all()
        assert students["identifier"].str.contains(r"^TX\d{7}$").all()
        assert teachers["sourcedId"].str.contains(r"^T\d{5}$").all()
        assert set(students["grades"]) == {"KG", *(f"{g:02d}" for g in range(1, 13))}
        assert students["password"].null_count() == students.height
        assert 10 <= teachers.height <= 20  # about one per 20 students
        assert set(users["primaryOrgSourcedId"]) <= set(schools["sourcedId"])

        roles = read(base / "roles.csv")
        assert roles["userSourcedId"].to_list() == users["sourcedId"].to_list()
        assert set(roles["roleType"]) == {"primary"}
        assert dict(zip(roles["userSourcedId"], roles["role"])) == {
            u: ("teacher" if u.startswith("T") else "student") for u in users["sourcedId"]
        }

        demo = read(base / "demographics.csv")
        assert sorted(demo["sourcedId"]) == sorted(students["sourcedId"])
        assert set(demo["sex"]) <= {"male", "female", "other", "unspecified"}
        # Age on 1 September of the school year = grade + 5 (kindergarten at five).
        grade = dict(zip(students["sourcedId"], students["grades"].replace("KG", "00").cast(pl.Int64)))
        for sid, born in zip(demo["sourcedId"], demo["birthDate"]):
            b = date.fromisoformat(born)
            sept = date(year - 1, 9, 1)
            age = sept.year - b.year - ((sept.month, sept.day) < (b.month, b.day))
            assert age == grade[sid] + 5, (sid, born, grade[sid])

        classes = read(base / "classes.csv")
        assert set(classes["classType"]) == {"homeroom"}
        assert set(classes["termSourcedIds"]) == {year_id}
        assert classes.height == teachers.height
        courses = read(base / "courses.csv")
        assert set(classes["courseSourcedId"]) <= set(courses["sourcedId"])
        assert set(courses["schoolYearSourcedId"]) == {year_id}

        enr = read(base / "enrollments.csv")
        assert sorted(enr["userSourcedId"]) == sorted(users["sourcedId"])  # each user exactly once
        assert set(enr["classSourcedId"]) <= set(classes["sourcedId"])
        t_enr = enr.filter(role="teacher")
        assert set(t_enr["primary"]) == {"true"}
        assert sorted(t_enr["classSourcedId"]) == sorted(classes["sourcedId"])  # one teacher per homeroom
        assert set(enr.filter(role="student")["primary"]) == {"false"}
        # A student's homeroom is at the student's school.
        cls_school = dict(zip(classes["sourcedId"], classes["schoolSourcedId"]))
        assert all(cls_school[c] == s for c, s in zip(enr["classSourcedId"], enr["schoolSourcedId"]))


def test_student_ids_stable_across_years(small: GenerationSummary) -> None:
    def grades(label: str) -> dict[str, str]:
        u = read(small.out / f"sis/oneroster_{label}/users.csv").filter(~pl.col("sourcedId").str.starts_with("T"))
        return dict(zip(u["sourcedId"], u["grades"]))

    y1, y2 = grades(LABELS[0]), grades(LABELS[1])
    order = ["KG", *(f"{g:02d}" for g in range(1, 13))]
    # Everyone except the graduating grade 12 returns one grade up; a new KG cohort
    # of the same size arrives.
    assert {s for s, g in y1.items() if g != "12"} == {s for s, g in y2.items() if g != "KG"}
    assert all(order.index(y2[s]) == order.index(g) + 1 for s, g in y1.items() if g != "12")
    assert sum(g == "12" for g in y1.values()) == sum(g == "KG" for g in y2.values())


def test_value_domains(small: GenerationSummary) -> None:
    out = small.out
    for label in LABELS:
        prog = read(out / f"sis/program_participation/program_participation_{label}.csv")
        assert set(prog["program_code"]) <= {"iep", "section_504", "english_learner", "economically_disadvantaged", "gifted_talented"}
        ended = prog.filter(pl.col("end_date").is_not_null())
        assert (ended["end_date"] >= ended["begin_date"]).all()
        assert prog.select("student_id", "program_code").is_unique().all()

        windows = read(out / "assessments/assessment_windows.csv")
        for w in ("fall", "winter", "spring"):
            res = read(out / f"assessments/continuum/continuum_results_{label}_{w}.csv")
            assert set(res["assessment_type"]) == {"diagnostic"}
            assert dict(zip(res["subject"], res["assessment_id"])) == {"reading": "CONT-READ", "math": "CONT-MATH"}
            reading, math = res.filter(subject="reading"), res.filter(subject="math")
            assert reading["continuum_level"].null_count() == 0
            assert reading["continuum_level"].str.contains(r"^\d+\.\d$").all()
            assert math["continuum_level"].null_count() == math.height
            assert res["scale_score"].str.contains(r"^\d+$").all()
            assert sorted(reading["student_id"]) == sorted(math["student_id"])  # both subjects for every tested student
            win = windows.filter(window_id=f"{label}-{w}").row(0, named=True)
            assert res["assessment_date"].is_between(win["start_date"], win["end_date"]).all()

        att_rows = 0
        for rel in sorted(r for r in small.rows if r.startswith("sis/attendance/")):
            att = read(out / rel)
            assert set(att["attendance_status"]) <= {"present", "tardy", "early_departure", "excused_absence", "unexcused_absence"}
            assert att.select("student_id", "attendance_date").is_unique().all()
            assert att["attendance_date"].str.starts_with(rel[-11:-4]).all()
            att_rows += att.height
        # One row per enrolled student per school day: 300 students x 180 days x 2 years.
        assert att_rows == 300 * 180 * 2

        resp = read(out / f"surveys/responses/survey_responses_{label}_spring.csv")
        assert set(resp["respondent_type"]) == {"student", "staff", "family"}
        assert resp["response_value"].cast(pl.Int64).is_between(1, 5).all()
        assert resp.filter(respondent_type="family")["respondent_id"].null_count() == resp.filter(respondent_type="family").height
        assert resp.filter(respondent_type="staff")["respondent_id"].str.starts_with("T").all()
        assert resp["administration_date"].str.starts_with(label[-4:]).all()  # spring administration

    items = read(out / "surveys/survey_items.csv")
    student = items.filter(respondent_type="student")
    assert student.height == 12 and student["construct"].n_unique() == 4
    assert {"belonging", "safety", "engagement", "teacher_support"} == set(student["construct"])
    assert (items["reverse_coded"] == "true").sum() == 2
    assert set(items["scale_min"]) == {"1"} and set(items["scale_max"]) == {"5"} and set(items["favourable_threshold"]) == {"4"}

    dd = read(out / "improvement/driver_diagram.csv")
    assert (dd["aim_id"].n_unique(), dd["primary_driver_id"].n_unique(), dd["secondary_driver_id"].n_unique()) == (1, 3, 6)
    assert dd.height == 12 and dd["change_idea_id"].n_unique() == 12

    pdsa = read(out / "improvement/pdsa_cycles.csv").with_columns(pl.col("^.*_date$").str.to_date())
    assert set(pdsa["decision"].drop_nulls()) <= {"adopt", "adapt", "abandon"}
    assert (pdsa["decision"].is_null() == pdsa["studied_date"].is_null()).all()
    started = pdsa.filter(pl.col("started_date").is_not_null())
    assert (started["started_date"] >= started["planned_date"]).all()
    studied = pdsa.filter(pl.col("studied_date").is_not_null())
    assert (studied["studied_date"] >= studied["started_date"]).all()
    assert pdsa.filter(pl.col("started_date").is_null())["studied_date"].null_count() == pdsa.filter(pl.col("started_date").is_null()).height
    assert set(pdsa["team_id"]) <= {"TEAM-SCH001", "TEAM-SCH002", "TEAM-SCH003", "TEAM-SCH004", "TEAM-DIST"}
    assert pdsa.filter(team_id="TEAM-DIST")["school_id"].null_count() == pdsa.filter(team_id="TEAM-DIST").height
    assert pdsa["cycle_id"].n_unique() == pdsa.height

    meet = read(out / "improvement/team_meetings.csv").with_columns(pl.col("minutes_total", "minutes_improvement").cast(pl.Int64))
    assert meet["minutes_total"].is_between(45, 90).all()
    assert ((meet["minutes_improvement"] >= 0) & (meet["minutes_improvement"] <= meet["minutes_total"])).all()
    assert meet["meeting_id"].n_unique() == meet.height
    assert set(meet["team_id"]) == {"TEAM-SCH001", "TEAM-SCH002", "TEAM-SCH003", "TEAM-SCH004", "TEAM-DIST"}

    act = read(out / "improvement/action_items.csv").with_columns(pl.col("^.*_date$").str.to_date())
    assert ((act["due_date"] - act["created_date"]).dt.total_days() == 14).all()
    done = act.filter(pl.col("completed_date").is_not_null())
    assert (done["completed_date"] >= done["created_date"]).all()
    assert 0 < act["completed_date"].null_count() < act.height * 0.3  # some still open
    assert (done["completed_date"] > done["due_date"]).any()  # some late
    assert act.group_by("meeting_id").len()["len"].max() <= 3

    obs = read(out / "improvement/classroom_observations.csv")
    assert obs.select("observation_id", "rubric_domain").is_unique().all()
    assert set(obs["rubric_domain"]) == {"planning", "environment", "instruction", "professionalism"}
    assert obs["score"].cast(pl.Int64).is_between(1, 4).all()
    assert (obs["observer_id"] != obs["teacher_id"]).all()

    pd_ = read(out / "improvement/pd_evaluations.csv")
    assert pd_["rating"].cast(pl.Int64).is_between(1, 5).all()
    assert pd_["session_id"].n_unique() == 8 * 2
    assert pd_["evaluation_id"].n_unique() == pd_.height
