with

source as (
    select * from {{ source('audit', 'ingest_log') }}
),

deliveries as (
    select
        delivery_id,
        source_table,
        source_file,
        status,
        cast(finished_at as timestamp) as finished_at
    from source
    where status in ('loaded', 'replaced')
)

select * from deliveries
