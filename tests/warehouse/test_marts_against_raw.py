"""The marts agree with the same definitions computed independently, straight from the raw tables.

Each query restates a definition from docs/warehouse-design.md in plain SQL over raw.*, joined to
the mart through restricted.student_identity, and counts the student-years where they disagree.
"""

from __future__ import annotations

import duckdb
import pytest

YEARS = """
    select school_year, min(start_date) as year_start, max(end_date) as year_end,
           regexp_replace(min(_source_file), '/[^/]*$', '') as bundle
    from raw.oneroster_academic_sessions where type = 'schoolYear' group by school_year
"""

DISAGREEMENTS = {
    "attendance days, rate and chronic absence": """
        with expected as (
            select student_id, school_id,
                   cast(extract(year from attendance_date) as integer)
                       + case when extract(month from attendance_date) >= 7 then 1 else 0 end as school_year,
                   count(*) as days,
                   count(*) filter (where attendance_status in ('present', 'tardy', 'early_departure')) as present
            from raw.sis_daily_attendance
            group by all
        )
        select count(*) filter (where m.days_enrolled is distinct from e.days
                                   or m.days_present is distinct from e.present
                                   or abs(m.attendance_rate - e.present / e.days) > 1e-9
                                   or m.is_chronically_absent is distinct from ((e.days - e.present) / e.days >= 0.10)),
               count(*)
        from expected as e
        left join (select i.student_sourced_id, m.*
                   from marts.fct_student_attendance_year as m
                   join restricted.student_identity as i using (student_key)) as m
          on m.student_sourced_id = e.student_id and m.school_id = e.school_id and m.school_year = e.school_year
    """,
    "race/ethnicity by federal rules": f"""
        with demographics as (
            select sourced_id, regexp_replace(_source_file, '/[^/]*$', '') as bundle,
                   hispanic_or_latino_ethnicity as hispanic, demographic_race_two_or_more_races as two_flag,
                   white, asian, black_or_african_american as black, american_indian_or_alaska_native as aian,
                   native_hawaiian_or_other_pacific_islander as nhpi,
                   coalesce(white::int, 0) + coalesce(asian::int, 0) + coalesce(black_or_african_american::int, 0)
                   + coalesce(american_indian_or_alaska_native::int, 0)
                   + coalesce(native_hawaiian_or_other_pacific_islander::int, 0) as n_races
            from raw.oneroster_demographics
        ),
        expected as (
            select sourced_id, bundle,
                   case when hispanic then 'hispanic_latino'
                        when n_races > 1 or (two_flag and n_races = 0) then 'two_or_more'
                        when white then 'white' when asian then 'asian' when black then 'black'
                        when aian then 'american_indian_alaska_native' when nhpi then 'native_hawaiian_pacific_islander'
                        else 'not_reported' end as race_ethnicity
            from demographics
        )
        select count(*) filter (where e.race_ethnicity is distinct from s.race_ethnicity), count(*)
        from marts.dim_student as s
        join restricted.student_identity as i using (student_key)
        join ({YEARS}) as y using (school_year)
        left join expected as e on e.sourced_id = i.student_sourced_id and e.bundle = y.bundle
    """,
    "program flags as of the school year": f"""
        with flags as (
            select p.student_id, y.school_year,
                   bool_or(program_code = 'english_learner') as el, bool_or(program_code = 'iep') as iep,
                   bool_or(program_code = 'economically_disadvantaged') as ed,
                   bool_or(program_code = 'section_504') as s504, bool_or(program_code = 'gifted_talented') as gt
            from raw.sis_program_participation as p
            join ({YEARS}) as y on p.begin_date <= y.year_end and (p.end_date is null or p.end_date >= y.year_start)
            group by all
        )
        select count(*) filter (where coalesce(f.el, false) <> s.is_english_learner
                                   or coalesce(f.iep, false) <> s.is_students_with_disabilities
                                   or coalesce(f.ed, false) <> s.is_economically_disadvantaged
                                   or coalesce(f.s504, false) <> s.is_section_504
                                   or coalesce(f.gt, false) <> s.is_gifted_talented),
               count(*)
        from marts.dim_student as s
        join restricted.student_identity as i using (student_key)
        left join flags as f on f.student_id = i.student_sourced_id and f.school_year = s.school_year
    """,
    "continuum level from math cut scores (140 + 10 x level)": """
        select count(*) filter (where abs(continuum_level - least(greatest((scale_score - 140) / 10.0, 0), 20)) > 1e-9),
               count(*)
        from marts.fct_assessment_results where subject = 'math'
    """,
    "every delivered result, once": """
        select abs((select count(*) from raw.assessment_results) - count(*)), count(*)
        from marts.fct_assessment_results
    """,
}


@pytest.mark.parametrize("definition", sorted(DISAGREEMENTS))
def test_mart_matches_an_independent_computation_from_raw(definition, duckdb_build):
    with duckdb.connect(str(duckdb_build.settings.warehouse), read_only=True) as con:
        disagreeing, compared = con.execute(DISAGREEMENTS[definition]).fetchone()
    assert compared > 500, "too little data to compare"
    assert disagreeing == 0, f"{definition}: {disagreeing} of {compared} disagree"
