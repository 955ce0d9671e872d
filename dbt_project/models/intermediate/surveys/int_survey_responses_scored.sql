{#- Each response scored against the item bank: scored value = raw value, or
    scale_min + scale_max - raw value when the item is reverse coded; favourable when the scored
    value is at or above the item's threshold. The school year is that of the response date, or of
    the administration's first response date when the row has none.
    Incremental by survey administration (macros/incremental_partitions.sql): a changed delivery
    rebuilds the administrations its new and replaced rows belong to; a new item bank rebuilds all. -#}
{{ partitioned_incremental('surveys', 'administration_id', 'value', on_schema_change='fail') }}
with

responses as (
    select * from {{ ref('stg_surveys__responses') }}
    where {{ incremental_partition_predicate('surveys', 'administration_id', 'value') }}
),

items as (
    select * from {{ ref('stg_surveys__items') }}
),

dated as (
    select
        *,
        coalesce(
            administration_date,
            min(administration_date) over (partition by administration_id)
        ) as effective_date
    from responses
),

scored as (
    select
        dated.*,
        items.construct,
        case
            when items.reverse_coded is true
                then items.scale_min + items.scale_max - dated.response_value
            when items.reverse_coded is false then dated.response_value
        end as scored_value,
        items.favourable_threshold
    from dated
    left join items
        on dated.item_id = items.item_id
),

final as (
    select
        {{ surrogate_key(['source_file', 'source_row_number']) }} as survey_response_key,
        administration_id,
        administration_date,
        {{ school_year_of('effective_date') }} as school_year,
        school_id,
        respondent_type,
        student_key,
        item_id,
        construct,
        response_value,
        cast(scored_value as integer) as scored_value,
        scored_value >= favourable_threshold as is_favourable
    from scored
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by administration_id
