{#- The attendance months each delivered attendance file's rows fall in, for every delivery ever
    loaded (append-only, kept through full refreshes), so the months of replaced rows stay known. -#}
{{ deliveries_partitioned([
    ['sis_daily_attendance', ref('stg_sis__daily_attendance'),
        'cast(' ~ dbt.date_trunc('month', 'attendance_date') ~ ' as date)'],
]) }}
