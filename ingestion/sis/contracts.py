"""Column contracts for student-information-system extracts.

OneRoster 1.2 CSV (and 1.1, whose files are the same but for users/roles), plus two Ed-Fi-style
files OneRoster lacks: program participation and daily attendance. Raw column names are the
snake_case of the OneRoster headers; values are kept as delivered (codes are standardised in
dbt staging).
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

import pandera.polars as pa
import polars as pl

from ingestion.contract import Reference, SourceTable, dates_in_order

ROSTER_STATUSES = ["active", "tobedeleted"]
ORG_TYPES = ["department", "school", "district", "local", "state", "national"]
SESSION_TYPES = ["gradingPeriod", "semester", "schoolYear", "term"]
# OneRoster 1.1 and 1.2 role vocabularies together.
ROLES = [
    "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher",
    "districtAdministrator", "principal", "siteAdministrator", "systemAdministrator",
]  # fmt: skip
SEXES = ["male", "female", "other", "unspecified"]
PROGRAM_CODES = [
    "iep", "section_504", "english_learner", "economically_disadvantaged", "gifted_talented",
    "title_i", "homeless", "migrant", "foster_care", "military_connected",
]  # fmt: skip
ATTENDANCE_STATUSES = ["present", "tardy", "early_departure", "excused_absence", "unexcused_absence"]



def _status() -> object:
    return pa.Field(nullable=True, isin=ROSTER_STATUSES, description="OneRoster record status.")


def _modified() -> object:
    return pa.Field(nullable=True, description="When the SIS last changed the record (as delivered).")


class Manifest(pa.DataFrameModel):
    """manifest.csv: the bundle's version and which files it carries."""

    property_name: str = pa.Field(unique=True, description="Manifest property, e.g. oneroster.version.")
    value: Optional[str] = pa.Field(nullable=True, description="Property value.")


class Org(pa.DataFrameModel):
    """orgs.csv: the district and its schools."""

    sourced_id: str = pa.Field(unique=True, description="Org identifier in the SIS.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    name: str = pa.Field(description="Org name.")
    type: str = pa.Field(isin=ORG_TYPES, description="Org type (district, school, ...).")
    identifier: Optional[str] = pa.Field(nullable=True, description="Human-readable or state identifier.")
    parent_sourced_id: Optional[str] = pa.Field(nullable=True, description="Parent org (the district for a school).")


class AcademicSession(pa.DataFrameModel):
    """academicSessions.csv: school years, semesters, terms and grading periods."""

    sourced_id: str = pa.Field(unique=True, description="Session identifier.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    title: str = pa.Field(description="Session title.")
    type: str = pa.Field(isin=SESSION_TYPES, description="schoolYear, semester, term or gradingPeriod.")
    start_date: dt.date = pa.Field(description="First day (YYYY-MM-DD).")
    end_date: dt.date = pa.Field(description="Last day (YYYY-MM-DD), not before start_date.")
    parent_sourced_id: Optional[str] = pa.Field(nullable=True, description="Enclosing session.")
    school_year: int = pa.Field(ge=1990, le=2100, description="School year named by its spring (2026 = 2025-2026).")

    @pa.dataframe_check(name="end_date_not_before_start_date")
    def end_not_before_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "start_date", "end_date")


class User(pa.DataFrameModel):
    """users.csv: students, teachers and other staff. 1.1 carries role and orgs here; 1.2 in roles.csv."""

    sourced_id: str = pa.Field(unique=True, description="User identifier in the SIS (restricted).")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    enabled_user: Optional[bool] = pa.Field(nullable=True, description="Whether the account is enabled.")
    org_sourced_ids: Optional[str] = pa.Field(nullable=True, description="OneRoster 1.1: the user's orgs.")
    role: Optional[str] = pa.Field(nullable=True, isin=ROLES, description="OneRoster 1.1: the user's role.")
    username: Optional[str] = pa.Field(nullable=True, description="Login name (restricted).")
    user_ids: Optional[str] = pa.Field(nullable=True, description="Other identifiers, {type:id} list.")
    given_name: str = pa.Field(description="Given name (restricted).")
    family_name: str = pa.Field(description="Family name (restricted).")
    middle_name: Optional[str] = pa.Field(nullable=True, description="Middle name (restricted).")
    identifier: Optional[str] = pa.Field(nullable=True, description="Local or state student number (restricted).")
    email: Optional[str] = pa.Field(nullable=True, description="Email (restricted).")
    sms: Optional[str] = pa.Field(nullable=True, description="SMS number (restricted).")
    phone: Optional[str] = pa.Field(nullable=True, description="Phone (restricted).")
    agent_sourced_ids: Optional[str] = pa.Field(nullable=True, description="Parents/guardians.")
    grades: Optional[str] = pa.Field(nullable=True, description="Grade level(s), e.g. KG, 01..12.")
    user_master_identifier: Optional[str] = pa.Field(nullable=True, description="OneRoster 1.2 master id.")
    resource_sourced_ids: Optional[str] = pa.Field(nullable=True, description="OneRoster 1.2 resources.")
    preferred_given_name: Optional[str] = pa.Field(nullable=True, description="Preferred given name (restricted).")
    preferred_middle_name: Optional[str] = pa.Field(nullable=True, description="Preferred middle name (restricted).")
    preferred_family_name: Optional[str] = pa.Field(nullable=True, description="Preferred family name (restricted).")
    primary_org_sourced_id: Optional[str] = pa.Field(nullable=True, description="OneRoster 1.2: primary org.")
    pronouns: Optional[str] = pa.Field(nullable=True, description="Pronouns.")


class Role(pa.DataFrameModel):
    """roles.csv (OneRoster 1.2): a user's role at an org."""

    sourced_id: str = pa.Field(unique=True, description="Role record identifier.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    user_sourced_id: str = pa.Field(description="The user.")
    role_type: str = pa.Field(isin=["primary", "secondary"], description="primary or secondary.")
    role: str = pa.Field(isin=ROLES, description="Role, e.g. student or teacher.")
    begin_date: Optional[dt.date] = pa.Field(nullable=True, description="Start of the role.")
    end_date: Optional[dt.date] = pa.Field(nullable=True, description="End of the role.")
    org_sourced_id: str = pa.Field(description="The org (school) of the role.")
    user_profile_sourced_id: Optional[str] = pa.Field(nullable=True, description="User profile.")

    @pa.dataframe_check(name="end_date_not_before_begin_date")
    def end_not_before_begin(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "begin_date", "end_date")


def _race_flag(race: str) -> object:
    return pa.Field(nullable=True, description=f"true when the student identifies as {race}.")


class Demographics(pa.DataFrameModel):
    """demographics.csv: one row per user with birth date, sex and race/ethnicity flags."""

    sourced_id: str = pa.Field(unique=True, description="The user the demographics belong to.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    birth_date: Optional[dt.date] = pa.Field(nullable=True, description="Birth date (restricted).")
    sex: Optional[str] = pa.Field(nullable=True, isin=SEXES, description="male, female, other or unspecified.")
    american_indian_or_alaska_native: Optional[bool] = _race_flag("American Indian or Alaska Native")
    asian: Optional[bool] = _race_flag("Asian")
    black_or_african_american: Optional[bool] = _race_flag("Black or African American")
    native_hawaiian_or_other_pacific_islander: Optional[bool] = _race_flag("Native Hawaiian or Other Pacific Islander")
    white: Optional[bool] = _race_flag("White")
    demographic_race_two_or_more_races: Optional[bool] = _race_flag("two or more races")
    hispanic_or_latino_ethnicity: Optional[bool] = _race_flag("Hispanic or Latino")
    country_of_birth_code: Optional[str] = pa.Field(nullable=True, description="Country of birth.")
    state_of_birth_abbreviation: Optional[str] = pa.Field(nullable=True, description="State of birth.")
    city_of_birth: Optional[str] = pa.Field(nullable=True, description="City of birth.")
    public_school_residence_status: Optional[str] = pa.Field(nullable=True, description="Residence status code.")


class Course(pa.DataFrameModel):
    """courses.csv."""

    sourced_id: str = pa.Field(unique=True, description="Course identifier.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    school_year_sourced_id: Optional[str] = pa.Field(nullable=True, description="School-year session.")
    title: str = pa.Field(description="Course title.")
    course_code: Optional[str] = pa.Field(nullable=True, description="Course code.")
    grades: Optional[str] = pa.Field(nullable=True, description="Grades the course is for.")
    org_sourced_id: str = pa.Field(description="Org that offers the course.")
    subjects: Optional[str] = pa.Field(nullable=True, description="Subjects.")
    subject_codes: Optional[str] = pa.Field(nullable=True, description="Subject codes.")


class Class(pa.DataFrameModel):
    """classes.csv: sections of a course in a school and term."""

    sourced_id: str = pa.Field(unique=True, description="Class identifier.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    title: str = pa.Field(description="Class title.")
    grades: Optional[str] = pa.Field(nullable=True, description="Grades in the class.")
    course_sourced_id: str = pa.Field(description="The course.")
    class_code: Optional[str] = pa.Field(nullable=True, description="Class code.")
    class_type: str = pa.Field(isin=["homeroom", "scheduled"], description="homeroom or scheduled.")
    location: Optional[str] = pa.Field(nullable=True, description="Room.")
    school_sourced_id: str = pa.Field(description="The school.")
    term_sourced_ids: str = pa.Field(description="Sessions the class runs in (comma-separated).")
    subjects: Optional[str] = pa.Field(nullable=True, description="Subjects.")
    subject_codes: Optional[str] = pa.Field(nullable=True, description="Subject codes.")
    periods: Optional[str] = pa.Field(nullable=True, description="Periods.")


class Enrollment(pa.DataFrameModel):
    """enrollments.csv: a user in a class."""

    sourced_id: str = pa.Field(unique=True, description="Enrollment identifier.")
    status: Optional[str] = _status()
    date_last_modified: Optional[str] = _modified()
    class_sourced_id: str = pa.Field(description="The class.")
    school_sourced_id: str = pa.Field(description="The school.")
    user_sourced_id: str = pa.Field(description="The user (student or teacher).")
    role: str = pa.Field(isin=ROLES, description="Role in the class.")
    primary: Optional[bool] = pa.Field(nullable=True, description="Primary teacher of the class.")
    begin_date: Optional[dt.date] = pa.Field(nullable=True, description="Enrollment start.")
    end_date: Optional[dt.date] = pa.Field(nullable=True, description="Enrollment end.")

    @pa.dataframe_check(name="end_date_not_before_begin_date")
    def end_not_before_begin(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "begin_date", "end_date")


class ProgramParticipation(pa.DataFrameModel):
    """Student program participation (Ed-Fi style): IEP, 504, English learner, ..."""

    student_id: str = pa.Field(description="Student (users.csv sourcedId).")
    school_id: Optional[str] = pa.Field(nullable=True, description="School that reported it.")
    program_code: str = pa.Field(isin=PROGRAM_CODES, description="Program: " + ", ".join(PROGRAM_CODES) + ".")
    begin_date: dt.date = pa.Field(description="Participation start.")
    end_date: Optional[dt.date] = pa.Field(nullable=True, description="Participation end; empty while ongoing.")

    class Config:
        unique = ["student_id", "program_code", "begin_date"]

    @pa.dataframe_check(name="end_date_not_before_begin_date")
    def end_not_before_begin(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return dates_in_order(data.lazyframe, "begin_date", "end_date")


class DailyAttendance(pa.DataFrameModel):
    """Daily attendance (Ed-Fi style): one row per student per school day."""

    student_id: str = pa.Field(description="Student (users.csv sourcedId).")
    school_id: str = pa.Field(description="School (orgs.csv sourcedId).")
    attendance_date: dt.date = pa.Field(description="School day.")
    attendance_status: str = pa.Field(isin=ATTENDANCE_STATUSES, description="One of " + ", ".join(ATTENDANCE_STATUSES) + ".")

    class Config:
        unique = ["student_id", "attendance_date"]


_STUDENT = Reference("student_id", "oneroster_users", ("sourced_id",), "student")
_SCHOOL = Reference("school_id", "oneroster_orgs", ("sourced_id",), "school")


def _oneroster(name: str, model: type[pa.DataFrameModel], file: str, description: str,
               references: tuple[Reference, ...] = (), **kwargs: object) -> SourceTable:
    return SourceTable(name=name, family="sis", model=model, description=description,
                       oneroster_file=file, references=references, **kwargs)  # type: ignore[arg-type]


TABLES: list[SourceTable] = [
    _oneroster("oneroster_manifest", Manifest, "manifest.csv", "OneRoster bundle manifest."),
    _oneroster("oneroster_orgs", Org, "orgs.csv", "OneRoster orgs: district and schools."),
    _oneroster("oneroster_academic_sessions", AcademicSession, "academicsessions.csv",
               "OneRoster academic sessions: school years and terms."),
    # password is part of the OneRoster users file; it is dropped on read and never stored.
    _oneroster("oneroster_users", User, "users.csv", "OneRoster users: students and staff.",
               discarded_columns=("password",)),
    _oneroster("oneroster_roles", Role, "roles.csv", "OneRoster 1.2 roles.",
               references=(Reference("user_sourced_id", "oneroster_users", ("sourced_id",), "user"),
                           Reference("org_sourced_id", "oneroster_orgs", ("sourced_id",), "org"))),
    _oneroster("oneroster_demographics", Demographics, "demographics.csv", "OneRoster demographics.",
               references=(Reference("sourced_id", "oneroster_users", ("sourced_id",), "user"),)),
    _oneroster("oneroster_courses", Course, "courses.csv", "OneRoster courses.",
               references=(Reference("org_sourced_id", "oneroster_orgs", ("sourced_id",), "org"),)),
    _oneroster("oneroster_classes", Class, "classes.csv", "OneRoster classes.",
               references=(Reference("course_sourced_id", "oneroster_courses", ("sourced_id",), "course"),
                           Reference("school_sourced_id", "oneroster_orgs", ("sourced_id",), "school"))),
    _oneroster("oneroster_enrollments", Enrollment, "enrollments.csv", "OneRoster enrollments.",
               references=(Reference("user_sourced_id", "oneroster_users", ("sourced_id",), "user"),
                           Reference("class_sourced_id", "oneroster_classes", ("sourced_id",), "class"),
                           Reference("school_sourced_id", "oneroster_orgs", ("sourced_id",), "school"))),
    SourceTable(
        name="sis_program_participation", family="sis", model=ProgramParticipation,
        description="Student program participation (IEP, 504, EL, economically disadvantaged, gifted).",
        file_patterns=("program_participation*.csv", "programs*.csv"),
        references=(_STUDENT,),
    ),
    SourceTable(
        name="sis_daily_attendance", family="sis", model=DailyAttendance,
        description="Daily attendance, one row per student per school day.",
        file_patterns=("attendance*.csv", "daily_attendance*.csv"),
        references=(_STUDENT, _SCHOOL),
    ),
]
