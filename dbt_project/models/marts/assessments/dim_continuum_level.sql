with

levels as (
    select * from {{ ref('continuum_levels') }}
),

final as (
    select
        cast(continuum_level as integer) as continuum_level,
        level_label,
        cast(typical_grade_level as integer) as typical_grade_level
    from levels
)

select * from final
