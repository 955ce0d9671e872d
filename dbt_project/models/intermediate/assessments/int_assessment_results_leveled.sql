{#- Places every result on the learner continuum: the level in the extract when the vendor
    reports one, otherwise the subject's cut scores (docs/warehouse-design.md): a score s with
    c_L <= s < c_(L+1) maps to L + (s - c_L) / (c_(L+1) - c_L); below the lowest cut it is the
    lowest level, at or above the highest cut the highest level. Subjects without cut scores and
    results without a scale score get no computed level.
    Incremental by month of the assessment date (macros/incremental_partitions.sql): a changed
    delivery rebuilds the months its new and replaced rows fall in; a new assessment calendar rebuilds all. -#}
{{ partitioned_incremental('assessments', 'assessment_date', 'month') }}
with

results as (
    select * from {{ ref('int_assessment_results_unioned') }}
    where {{ incremental_partition_predicate('assessments', 'assessment_date', 'month') }}
),

cut_scores as (
    select * from {{ ref('continuum_cut_scores') }}
),

bands as (
    select
        subject,
        continuum_level,
        cast(min_scale_score as double precision) as band_min_score,
        cast(lead(min_scale_score) over (
            partition by subject
            order by continuum_level
        ) as double precision) as next_band_min_score
    from cut_scores
),

subject_range as (
    select
        subject,
        min(continuum_level) as lowest_level,
        min(min_scale_score) as lowest_cut
    from cut_scores
    group by subject
),

mapped as (
    select
        results.*,
        case
            when results.scale_score is null then null
            when results.scale_score < subject_range.lowest_cut
                then cast(subject_range.lowest_level as double precision)
            when bands.next_band_min_score is null
                then cast(bands.continuum_level as double precision)
            else
                bands.continuum_level
                + (results.scale_score - bands.band_min_score)
                / (bands.next_band_min_score - bands.band_min_score)
        end as cut_score_level
    from results
    left join subject_range
        on results.subject = subject_range.subject
    left join bands
        on
            results.subject = bands.subject
            and results.scale_score >= bands.band_min_score
            and (results.scale_score < bands.next_band_min_score or bands.next_band_min_score is null)
),

final as (
    select
        student_key,
        school_id,
        assessment_id,
        assessment_type,
        subject,
        vendor,
        window_id,
        assessment_date,
        scale_score,
        cast(coalesce(continuum_level, cut_score_level) as double precision) as continuum_level,
        case
            when continuum_level is not null then 'extract'
            when cut_score_level is not null then 'cut_scores'
        end as continuum_level_source,
        result_format
    from mapped
)

-- clustered by partition: a rebuild deletes and reads whole row groups (docs/warehouse-design.md)
select * from final
order by assessment_date
