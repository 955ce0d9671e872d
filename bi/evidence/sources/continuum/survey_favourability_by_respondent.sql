select
    spc.series_level as reporting_level,
    coalesce(schools.school_name, 'District') as unit_name,
    spc.school_year,
    years.school_year_label,
    spc.administration_start_date,
    spc.respondent_type,
    spc.construct,
    spc.n_respondents,
    spc.is_suppressed,
    spc.value as favourable_share
from mart_spc_survey_favourability as spc
inner join dim_school_year as years
    on spc.school_year = years.school_year
left join dim_school as schools
    on spc.school_id = schools.school_id
