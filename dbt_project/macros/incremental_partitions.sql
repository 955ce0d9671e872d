{#- Incremental facts by whole partitions (docs/warehouse-design.md, "Incremental refresh").

    A chain is one family of fact models fed by the same raw tables. An incremental model of a
    chain rebuilds only the partitions that a delivery changed since the model's last build:
    - a delivery (audit ingest log, status loaded or replaced) that finished after the model's
      last build names a changed file;
    - int_<chain>_deliveries_partitioned lists, for every delivery ever loaded, the partitions its
      rows fell in, so a changed file affects the partitions of its new rows AND of the rows it
      replaced (an older month re-delivered, a file whose dates moved, a file now empty);
    - a changed lookup file (assessment calendar, survey item bank) affects every partition, and
      so does a change of code or policy: the model's fingerprint (checksums of its SQL and of
      every model and seed above it, the school-year var and the student-key salt) is stored
      with its state, and a different fingerprint rebuilds all partitions.
    The model deletes its affected partitions (pre-hook), inserts them recomputed from the
    partitions' complete input (append), and records its state (post-hook), in one transaction.
    A partition is self-contained: every row that can decide a row of it (deduplication of
    re-deliveries, n_deliveries, windows over an administration) lies in the same partition.
    A chain 'fed_by' others (learner_growth: levels and growth per assessment window's school year;
    student_outcomes: per student-year outcomes) is partitioned by school year: its partitions are
    the school years of the partitions its feeding chains' deliveries touched, and a delivery of any
    other raw table above the model (roster, programs) rebuilds every partition. assessment_windows
    is a feeding chain only: the school years of the windows of each delivery's results (the
    assessments chain partitions by the month of the date, whose school year a window need not share). -#}

{% macro incremental_chain(chain) -%}
    {%- set chains = {
        'attendance': {'tables': ['sis_daily_attendance'], 'lookups': [], 'key': 'month',
                       'deliveries': 'int_attendance_deliveries_partitioned'},
        'assessments': {'tables': ['assessment_results', 'map_assessment_results'],
                        'lookups': ['assessment_windows'], 'key': 'month',
                        'deliveries': 'int_assessment_deliveries_partitioned'},
        'surveys': {'tables': ['survey_responses'], 'lookups': ['survey_items'], 'key': 'value',
                    'deliveries': 'int_survey_deliveries_partitioned'},
        'assessment_windows': {'tables': ['assessment_results', 'map_assessment_results'],
                               'lookups': ['assessment_windows'], 'key': 'school_year',
                               'deliveries': 'int_assessment_window_deliveries_partitioned'},
        'learner_growth': {'fed_by': ['assessment_windows'], 'key': 'school_year'},
        'student_outcomes': {'fed_by': ['attendance', 'assessment_windows'], 'key': 'school_year',
                             'subject_of': {'attendance': 'attendance'}},
    } -%}
    {{ return(chains[chain]) }}
{%- endmacro %}

{#- Where each incremental model's state is kept: one row per model (created on run start, and rid of
    models no longer incremental: publishing (bi/publish.py) takes a row to mean the table changes only
    when its build rewrites the row). -#}
{% macro incremental_state_relation() -%}
    {{ return('intermediate.incremental_model_state') }}
{%- endmacro %}

{% macro create_incremental_state() -%}
    create schema if not exists intermediate;
    create table if not exists {{ incremental_state_relation() }} (
        model_name text,
        fingerprint text,
        deliveries_through timestamp,
        partitions_rebuilt text,
        built_at timestamp
    );
    alter table {{ incremental_state_relation() }} add column if not exists partitions_rebuilt text;
    {%- set incremental_models = ["''"] -%}
    {%- for node in (graph.nodes.values() if execute else []) -%}
        {%- if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
            {%- do incremental_models.append("'" ~ node.alias ~ "'") -%}
        {%- endif -%}
    {%- endfor %}
    delete from {{ incremental_state_relation() }} where model_name not in ({{ incremental_models | join(', ') }})
{%- endmacro %}

{#- What the model's output depends on besides the delivered rows: code, seeds and vars; and its own
    contract (a table made before a not_null constraint was added would not enforce it). -#}
{% macro incremental_fingerprint() -%}
    {%- set seen = [] -%}
    {%- set parts = ['contract=' ~ graph.nodes.get(model.unique_id, {}).get('contract', {}).get('checksum')] -%}
    {%- set queue = [model.unique_id] -%}
    {%- for node_id in queue -%}
        {%- if node_id not in seen and node_id in graph.nodes -%}
            {%- do seen.append(node_id) -%}
            {%- set node = graph.nodes[node_id] -%}
            {%- do parts.append(node_id ~ '=' ~ node.checksum.checksum) -%}
            {%- for parent in node.depends_on.nodes -%}
                {%- do queue.append(parent) -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do parts.append('school_year_start_month=' ~ var('school_year_start_month')) -%}
    {%- do parts.append(student_key("'x'")) -%}
    {{ return(local_md5(parts | sort | join('|'))) }}
{%- endmacro %}

{#- What changed for the current build of a chain's model since its last build: {feeding chain:
    partition keys of that chain} (a chain fed by none: {chain: keys}); none means every partition. -#}
{% macro incremental_changes(chain) -%}
    {#- Referenced first, so that parsing puts both upstream of the model; a unit test mocks the
        model's inputs only and never runs incrementally. -#}
    {%- if model.resource_type == 'unit_test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- do ref('stg_audit__deliveries') -%}
    {%- for feeding in incremental_chain(chain).get('fed_by', [chain]) -%}
        {%- do ref(incremental_chain(feeding).deliveries) -%}
    {%- endfor -%}
    {%- if not (execute and is_incremental()) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set state = run_query(
        "select fingerprint, deliveries_through from " ~ incremental_state_relation()
        ~ " where model_name = '" ~ this.identifier ~ "'") -%}
    {%- if state.rows | length != 1 or state.rows[0][0] != incremental_fingerprint() or state.rows[0][1] is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(chain_changes_after(chain, model.unique_id,
        "(select max(deliveries_through) from " ~ incremental_state_relation()
        ~ " where model_name = '" ~ this.identifier ~ "')")) }}
{%- endmacro %}

{#- The partition keys the current build must recompute; none means every partition. -#}
{% macro incremental_partition_keys(chain) -%}
    {{ return(partition_keys_of(chain, incremental_changes(chain))) }}
{%- endmacro %}

{#- The raw tables whose deliveries can change a model: the sources above it. -#}
{% macro upstream_source_tables(node_id) -%}
    {%- set seen = [] -%}
    {%- set tables = [] -%}
    {%- set queue = [node_id] -%}
    {%- for current in queue -%}
        {%- if current not in seen -%}
            {%- do seen.append(current) -%}
            {%- if current in graph.sources -%}
                {%- do tables.append(graph.sources[current].name) -%}
            {%- elif current in graph.nodes -%}
                {%- for parent in graph.nodes[current].depends_on.nodes -%}
                    {%- do queue.append(parent) -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(tables | unique | sort) }}
{%- endmacro %}

{#- The raw tables whose deliveries a chain's model reflects (its state's deliveries_through). -#}
{% macro chain_tables(chain, node_id) -%}
    {%- set config_of = incremental_chain(chain) -%}
    {{ return(upstream_source_tables(node_id) if 'fed_by' in config_of else config_of.tables + config_of.lookups) }}
{%- endmacro %}

{#- What deliveries after `cutoff` (a SQL timestamp expression) changed for a chain's model
    (node_id), as incremental_changes gives it. Read at execution only. -#}
{% macro chain_changes_after(chain, node_id, cutoff) -%}
    {%- set config_of = incremental_chain(chain) -%}
    {%- set deliveries = project_relation('stg_audit__deliveries') -%}
    {%- if 'fed_by' not in config_of -%}
        {%- set keys = partitions_delivered_after(chain, deliveries, project_relation(config_of.deliveries), cutoff) -%}
        {{ return(none if keys is none else {chain: keys}) }}
    {%- endif -%}
    {%- set fed_tables = [] -%}
    {%- set changes = {} -%}
    {%- for feeding in config_of.fed_by -%}
        {%- set feeding_config = incremental_chain(feeding) -%}
        {%- do fed_tables.extend(chain_tables(feeding, node_id)) -%}
        {%- set keys = partitions_delivered_after(feeding, deliveries, project_relation(feeding_config.deliveries), cutoff) -%}
        {%- if keys is none or feeding_config.key == 'value' -%}
            {{ return(none) }}
        {%- endif -%}
        {%- do changes.update({feeding: keys}) -%}
    {%- endfor -%}
    {%- set other_tables = upstream_source_tables(node_id) | reject('in', fed_tables) | list -%}
    {%- if other_tables -%}
        {%- set other_query -%}
            select count(*) from {{ deliveries }}
            where source_table in ('{{ other_tables | join("', '") }}') and finished_at > {{ cutoff }}
        {%- endset -%}
        {%- if run_query(other_query).rows[0][0] > 0 -%}
            {{ return(none) }}
        {%- endif -%}
    {%- endif -%}
    {{ return(changes) }}
{%- endmacro %}

{#- The partition keys of a chain's model that `changes` (chain_changes_after) name; none means every
    partition. A fed chain's keys are the school years of its feeding chains' keys. -#}
{% macro partition_keys_of(chain, changes) -%}
    {%- if changes is none -%}
        {{ return(none) }}
    {%- elif 'fed_by' not in incremental_chain(chain) -%}
        {{ return(changes[chain]) }}
    {%- endif -%}
    {%- set years = [] -%}
    {%- for feeding, keys in changes.items() -%}
        {%- for key in keys -%}
            {%- do years.append(school_year_of_partition(feeding, key)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(years | unique | map('string') | sort) }}
{%- endmacro %}

{#- The partition keys of a chain's model (node_id) that deliveries after `cutoff` changed. -#}
{% macro chain_partitions_after(chain, node_id, cutoff) -%}
    {{ return(partition_keys_of(chain, chain_changes_after(chain, node_id, cutoff))) }}
{%- endmacro %}

{#- For a chain whose feeding chains reach different outcome subjects (student_outcomes: an attendance
    month only the 'attendance' subject, an assessment window only the others): a predicate on a
    subject column keeping the subjects that `changes` reach; 'true' when every partition is rebuilt. -#}
{% macro subject_predicate(chain, column, changes) -%}
    {%- set subject_of = incremental_chain(chain).get('subject_of') -%}
    {%- if changes is none or subject_of is none -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set conditions = [] -%}
    {%- for feeding, keys in changes.items() if keys -%}
        {%- if feeding in subject_of -%}
            {%- do conditions.append(column ~ " = '" ~ subject_of[feeding] ~ "'") -%}
        {%- else -%}
            {%- do conditions.append(column ~ " not in ('" ~ subject_of.values() | join("', '") ~ "')") -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return('(' ~ (conditions | unique | join(' or ') if conditions else 'false') ~ ')') }}
{%- endmacro %}

{#- The school year (named by its spring) a partition key of a chain falls in. -#}
{% macro school_year_of_partition(chain, key) -%}
    {%- if incremental_chain(chain).key == 'month' and key | length > 4 -%}
        {{ return(key[0:4] | int + (1 if key[5:7] | int >= var('school_year_start_month') | int else 0)) }}
    {%- endif -%}
    {{ return(key | int) }}
{%- endmacro %}

{#- The partition keys of the chain's files delivered (loaded or replaced) after `cutoff`, a SQL
    timestamp expression; none means every partition (a lookup file changed). -#}
{% macro partitions_delivered_after(chain, deliveries, partitions, cutoff) -%}
    {%- set config_of = incremental_chain(chain) -%}
    {%- set changed_query -%}
        with changed_files as (
            select distinct source_table, source_file
            from {{ deliveries }}
            where
                source_table in ('{{ (config_of.tables + config_of.lookups) | join("', '") }}')
                and finished_at > {{ cutoff }}
        )
        select distinct
            case
                when changed_files.source_table in ('{{ config_of.lookups | join("', '") }}') then '*'
                else partitions.partition_key
            end as partition_key
        from changed_files
        left join {{ partitions }} as partitions
            on
                changed_files.source_table = partitions.source_table
                and changed_files.source_file = partitions.source_file
    {%- endset -%}
    {%- set keys = [] -%}
    {%- for row in run_query(changed_query).rows -%}
        {%- if row[0] == '*' -%}
            {{ return(none) }}
        {%- elif row[0] is not none -%}
            {%- do keys.append(row[0] | string) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(keys | sort) }}
{%- endmacro %}

{#- A predicate selecting the partitions to recompute, on a column of the model or its input:
    kind 'month' (a date column; the months of the keys: a key of a year alone, as the assessments
    chain recorded lineage before it was partitioned by month, stands for every month of that school
    year), 'months_onward' (a date column; from the earliest month of the keys in each school year to
    that year's end, for rows that depend on the days before them in the year, as numbered blocks of
    school days do), 'school_year' (an integer school-year column), 'value' (a text column equal to
    the partition key). With `subject_column` (a model of the student_outcomes chain whose rows of one
    subject depend on that subject's inputs only), also only the subjects the changes reach: what
    changed is read once for both. -#}
{% macro incremental_partition_predicate(chain, column, kind, subject_column=none) -%}
    {{ return(changed_rows_predicate(chain, column, kind, subject_column, incremental_changes(chain))) }}
{%- endmacro %}

{#- The rows that `changes` (incremental_changes) make a build recompute: their partitions, and within
    them their subjects when a subject column is named. -#}
{% macro changed_rows_predicate(chain, column, kind, subject_column, changes) -%}
    {%- set partitions = partition_predicate(chain, column, kind, partition_keys_of(chain, changes)) -%}
    {%- if subject_column -%}
        {{ return(partitions ~ ' and ' ~ subject_predicate(chain, subject_column, changes)) }}
    {%- endif -%}
    {{ return(partitions) }}
{%- endmacro %}

{% macro partition_predicate(chain, column, kind, keys) -%}
    {%- if keys is none -%}
        true
    {%- elif keys | length == 0 -%}
        false
    {%- else -%}
        {%- set start_month = var('school_year_start_month') | int -%}
        {%- set years = [] -%}
        {%- for key in keys -%}
            {%- set year = school_year_of_partition(chain, key) if kind != 'value' else none -%}
            {%- if year not in years -%}{%- do years.append(year) -%}{%- endif -%}
        {%- endfor -%}
        (
        {%- if kind == 'month' -%}
            {%- for key in keys -%}
                {%- set year = key[0:4] | int -%}
                {%- if key | length == 4 -%}
                    {%- set first_day = '%04d-%02d-01' | format(year - 1, start_month) -%}
                    {%- set next_start = '%04d-%02d-01' | format(year, start_month) -%}
                {%- else -%}
                    {%- set month = key[5:7] | int -%}
                    {%- set first_day = key -%}
                    {%- set next_start = '%04d-%02d-01' | format(year + (1 if month == 12 else 0), 1 if month == 12 else month + 1) -%}
                {%- endif %}
                {% if not loop.first %}or {% endif -%}
                ({{ column }} >= cast('{{ first_day }}' as date) and {{ column }} < cast('{{ next_start }}' as date))
            {%- endfor %}
        {%- elif kind == 'months_onward' -%}
            {%- for year in years | sort -%}
                {%- set months = [] -%}
                {%- for key in keys if school_year_of_partition(chain, key) == year -%}
                    {%- do months.append(key if key | length > 4 else '%04d-%02d-01' | format(year - 1, start_month)) -%}
                {%- endfor %}
                {% if not loop.first %}or {% endif -%}
                ({{ column }} >= cast('{{ months | min }}' as date) and {{ column }} < cast('{{ '%04d-%02d-01' | format(year, start_month) }}' as date))
            {%- endfor %}
        {%- elif kind == 'school_year' -%}
            {{ column }} in ({{ years | join(', ') }})
        {%- elif kind == 'value' -%}
            {{ column }} in ('{{ keys | map('replace', "'", "''") | join("', '") }}')
        {%- else -%}
            {{ exceptions.raise_compiler_error('unknown partition kind ' ~ kind) }}
        {%- endif -%}
        )
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook: delete the partitions about to be recomputed (nothing on a full build), within them
    only the subjects recomputed when the model names its subject column. A build that
    recomputes every partition (its code or its contract changed) empties the table and then gives it
    the not_null constraints of its contract: dbt writes constraints only when it creates a table, and
    an incremental model's table outlives a change of its YAML. -#}
{% macro delete_incremental_partitions(chain, column, kind, subject_column=none) -%}
    {%- if execute and is_incremental() -%}
        {%- set changes = incremental_changes(chain) -%}
        delete from {{ this }} where {{ changed_rows_predicate(chain, column, kind, subject_column, changes) }}
        {%- set node = graph.nodes.get(model.unique_id, {}) -%}
        {%- if changes is none and node.get('contract', {}).get('enforced') -%}
            {%- for name, declared in node.get('columns', {}).items() -%}
                {%- if 'not_null' in declared.get('constraints', []) | map(attribute='type') | list %};
        alter table {{ this }} alter column {{ adapter.quote(name) }} set not null
                {%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{#- Post-hook: remember which deliveries and which code this build reflects. -#}
{% macro record_incremental_state(chain) -%}
    {%- if execute -%}
        {%- set keys = incremental_partition_keys(chain) -%}
        delete from {{ incremental_state_relation() }} where model_name = '{{ this.identifier }}';
        insert into {{ incremental_state_relation() }} (
            model_name, fingerprint, deliveries_through, partitions_rebuilt, built_at
        )
        select
            '{{ this.identifier }}',
            '{{ incremental_fingerprint() }}',
            coalesce(max(finished_at), cast('1900-01-01' as timestamp)),
            '{{ "*" if keys is none else keys | join(",") | replace("\'", "\'\'") }}',
            current_timestamp
        from {{ ref('stg_audit__deliveries') }}
        where source_table in ('{{ chain_tables(chain, model.unique_id) | join("', '") }}')
    {%- endif -%}
{%- endmacro %}

{#- Data tests of an incremental model check the partitions its last build rebuilt (all of them
    after a full build); nothing else in it changed. The staging views of the chain's raw tables are
    checked for the rows delivered since the chain's first model was built. Relationship tests stay
    whole: a changed dimension could orphan rows of any partition. -#}
{% macro incremental_test_models() -%}
    {{ return({
        'int_daily_attendance_deduplicated': ['attendance', 'attendance_date', 'month'],
        'fct_daily_attendance': ['attendance', 'date_day', 'month', 'int_daily_attendance_deduplicated'],
        'int_student_attendance_months_summed': ['attendance', 'month_start_date', 'month'],
        'int_student_attendance_school_months_summed': ['attendance', 'school_month_end_date', 'months_onward'],
        'int_unit_attendance_months_summed': ['attendance', 'month_start_date', 'month'],
        'int_unit_chronic_absence_school_months_counted': ['attendance', 'school_month_end_date', 'months_onward'],
        'fct_student_attendance_year': ['attendance', 'school_year', 'school_year'],
        'int_assessment_results_unioned': ['assessments', 'assessment_date', 'month'],
        'int_assessment_results_leveled': ['assessments', 'assessment_date', 'month'],
        'fct_assessment_results': ['assessments', 'assessment_date', 'month'],
        'int_survey_responses_scored': ['surveys', 'administration_id', 'value'],
        'fct_survey_responses': ['surveys', 'administration_id', 'value'],
        'int_student_outcomes_unpivoted': ['student_outcomes', 'school_year', 'school_year'],
        'int_subgroup_outcomes_aggregated': ['student_outcomes', 'school_year', 'school_year'],
        'int_subgroup_outcomes_suppressed': ['student_outcomes', 'school_year', 'school_year'],
        'mart_demographic_predictive_value': ['student_outcomes', 'school_year', 'school_year'],
        'mart_priority_students': ['student_outcomes', 'school_year', 'school_year'],
        'int_learner_window_levels_selected': ['learner_growth', 'school_year', 'school_year'],
        'mart_learner_growth': ['learner_growth', 'school_year', 'school_year'],
        'int_growth_by_grade_aggregated': ['learner_growth', 'school_year', 'school_year'],
        'int_growth_by_grade_suppressed': ['learner_growth', 'school_year', 'school_year'],
        'stg_sis__daily_attendance': ['int_daily_attendance_deduplicated'],
        'stg_assessments__results': ['int_assessment_results_unioned'],
        'stg_assessments__map_results': ['int_assessment_results_unioned'],
        'stg_surveys__responses': ['int_survey_responses_scored'],
    }) }}
{%- endmacro %}

{#- A model of this project as a relation, for macros that run at execution time only (a ref()
    there would be a dependency dbt did not see when parsing). -#}
{% macro project_relation(name) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ name] -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}

{#- What a data test of an incremental model (or of the staging view or view over one) checks: the
    partitions the model's last build rebuilt, and, when the pipeline says since when every test
    passed (CONTINUUM_CHECKED_THROUGH: the start of the last build whose tests all passed, with its
    UTC offset, so the session's time zone cannot move it), the partitions of every file delivered
    after that, so a test that failed keeps failing until the data is fixed. A test of a relationship
    (one naming its parent model in `to`: relationships, relationships_combination) checks everything
    while that parent is rebuilt in this build (CONTINUUM_BUILT_MODELS, comma separated), or when the
    pipeline did not say. Read only when executing, so dbt's parse does not depend on them. -#}
{% macro incremental_test_scope(relation) -%}
    {%- set scoped = incremental_test_models().get(relation.identifier) -%}
    {%- if not execute or scoped is none or model.resource_type != 'test' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set since = env_var('CONTINUUM_CHECKED_THROUGH', '') or none -%}
    {%- set since_sql = "cast('" ~ since ~ "' as timestamp with time zone)" if since else none -%}
    {%- set parent_ref = model.test_metadata.kwargs.get('to') if model.test_metadata is not none else none -%}
    {%- if parent_ref -%}
        {%- set parent = parent_ref.split("'") -%}
        {%- if since is none or parent | length < 2 or parent[1] in env_var('CONTINUUM_BUILT_MODELS', '').split(',') -%}
            {{ return(none) }}
        {%- endif -%}
    {%- endif -%}
    {#- [model whose state scopes a staging view] or [chain, column, kind] or, for a view over an
        incremental model, [chain, column, kind, that model] -#}
    {%- set state_model = scoped[0] if scoped | length == 1 else (scoped[3] if scoped | length == 4 else relation.identifier) -%}
    {%- set state = run_query(
        "select partitions_rebuilt, deliveries_through from " ~ incremental_state_relation()
        ~ " where model_name = '" ~ state_model ~ "'") -%}
    {%- if state.rows | length != 1 or state.rows[0][1] is none -%}
        {{ return(none) }}
    {%- elif scoped | length == 1 -%}
        {%- set loaded_since_build = "loaded_at > cast('" ~ state.rows[0][1] ~ "' as timestamp)" -%}
        {{ return("(" ~ loaded_since_build ~ " or loaded_at > " ~ since_sql ~ ")" if since else loaded_since_build) }}
    {%- elif state.rows[0][0] is none or state.rows[0][0] == '*' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set keys = state.rows[0][0].split(',') if state.rows[0][0] else [] -%}
    {%- if since -%}
        {%- set delivered = chain_partitions_after(scoped[0], 'model.' ~ project_name ~ '.' ~ state_model, since_sql) -%}
        {%- if delivered is none -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set keys = (keys + delivered) | unique | list -%}
    {%- endif -%}
    {{ return(partition_predicate(scoped[0], scoped[1], scoped[2], keys)) }}
{%- endmacro %}

{#- dbt's generic tests read the tested relation through this macro: the `where` config, and the
    incremental scope above. -#}
{% macro get_where_subquery(relation) -%}
    {%- set conditions = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}{%- do conditions.append('(' ~ where ~ ')') -%}{%- endif -%}
    {%- set scope = incremental_test_scope(relation) -%}
    {%- if scope is not none -%}{%- do conditions.append(scope) -%}{%- endif -%}
    {%- if conditions -%}
        {{ return('(select * from ' ~ relation ~ ' where ' ~ conditions | join(' and ') ~ ') dbt_subquery') }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}

{#- The body of int_<chain>_deliveries_partitioned: the partitions each delivery's rows fall in, one
    row per delivery and partition, appended for deliveries loaded since the last build. `parts` is a
    list of [raw table, staging relation, partition key SQL]. -#}
{% macro deliveries_partitioned(parts) -%}
{#- The last delivery already listed, as a literal: DuckDB skips the row groups of the raw table
    whose zone maps rule out a comparison with a constant, while a subquery made it read every
    loaded_at (0.5 s of an attendance-month run at 100k students, for no rows). -#}
{%- set listed_through = "cast('1900-01-01' as timestamp)" -%}
{%- if execute and is_incremental() -%}
    {%- set latest = run_query('select max(loaded_at) from ' ~ this).columns[0].values()[0] -%}
    {%- if latest is not none -%}
        {%- set listed_through = "cast('" ~ latest ~ "' as timestamp)" -%}
    {%- endif -%}
{%- endif -%}
with

{% for part in parts -%}
{{ part[0] }} as (
    select distinct
        source_file,
        loaded_at,
        {{ part[2] }} as partition_key
    from {{ part[1] }}
),

{% endfor -%}
unioned as (
    {%- for part in parts %}
    select
        '{{ part[0] }}' as source_table,
        source_file,
        loaded_at,
        partition_key
    from {{ part[0] }}
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
),

final as (
    select
        cast(source_table as {{ dbt.type_string() }}) as source_table,
        cast(source_file as {{ dbt.type_string() }}) as source_file,
        cast(loaded_at as timestamp) as loaded_at,
        cast(coalesce(cast(partition_key as {{ dbt.type_string() }}), '*') as {{ dbt.type_string() }}) as partition_key
    from unioned
    {% if is_incremental() -%}
        where loaded_at > {{ listed_through }}
    {%- endif %}
)

select * from final
{%- endmacro %}

{#- The config of an incremental model of a chain, called first in the model: each build deletes the
    partitions it recomputes, appends them, and records its state. Models with an enforced contract
    pass on_schema_change='fail' (dbt allows no column sync under a contract). A model of the
    student_outcomes chain whose rows of one subject depend on that subject's inputs only names its
    subject column, and passes it to incremental_partition_predicate when it filters its input. -#}
{% macro partitioned_incremental(chain, column, kind, on_schema_change='sync_all_columns', subject_column=none) -%}
    {%- set subject_argument = ", '" ~ subject_column ~ "'" if subject_column else "" -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change=on_schema_change,
        pre_hook="{{ delete_incremental_partitions('" ~ chain ~ "', '" ~ column ~ "', '" ~ kind ~ "'"
            ~ subject_argument ~ ") }}",
        post_hook="{{ record_incremental_state('" ~ chain ~ "') }}",
    ) }}
{%- endmacro %}
