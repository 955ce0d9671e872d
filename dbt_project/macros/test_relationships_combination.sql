{#- Generic test: every combination of `columns` (none of them null) in the model is a combination of
    `fields` in `to`, in the same order. Used where a surrogate key is computed in a view from
    columns it is made of: testing the columns reads each distinct combination once instead of
    hashing every row (90M student-days of fct_daily_attendance: 3 s instead of 22 s at 100k). -#}
{% test relationships_combination(model, columns, to, fields) %}
with

child as (
    select distinct {{ columns | join(', ') }}
    from {{ model }}
    where
        {%- for column in columns %}
        {{ column }} is not null{% if not loop.last %} and{% endif %}
        {%- endfor %}
),

parent as (
    select
        {%- for field in fields %}
        {{ field }} as to_{{ loop.index }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ to }}
)

select child.*
from child
left join parent
    on
        {%- for column in columns %}
        child.{{ column }} = parent.to_{{ loop.index }}{% if not loop.last %} and{% endif %}
        {%- endfor %}
where parent.to_1 is null
{% endtest %}
