with

spells as (
    select * from {{ ref('int_enrollment_spells_collapsed') }}
),

final as (
    select
        cast({{ surrogate_key(['student_key', 'school_id', 'school_year']) }} as text) as enrollment_spell_key,
        cast({{ surrogate_key(['student_key', 'school_year']) }} as text) as student_year_key,
        cast(student_key as text) as student_key,
        cast(school_id as text) as school_id,
        cast(school_year as integer) as school_year,
        cast(spell_begin_date as date) as spell_begin_date,
        cast(spell_end_date as date) as spell_end_date,
        cast({{ days_between('spell_begin_date', 'spell_end_date') }} + 1 as integer) as n_calendar_days,
        cast(n_class_enrollments as integer) as n_class_enrollments,
        coalesce(is_primary_school, false) as is_primary_school
    from spells
)

select * from final
