"""Stand-ins for dbt's cross-database macros so sqlfluff's jinja templater can render models.

Only for linting: each returns SQL of the right shape; dbt itself renders the real macros.
"""


def type_string():
    return "varchar"


def type_int():
    return "integer"


def type_bigint():
    return "bigint"


def type_float():
    return "double"


def type_numeric():
    return "numeric(28, 6)"


def type_boolean():
    return "boolean"


def type_timestamp():
    return "timestamp"


def datediff(first, second, datepart):
    return f"date_diff('{datepart}', {first}, {second})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"({from_date_or_timestamp} + interval '{interval} {datepart}')"


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"


def concat(fields):
    return "concat(" + ", ".join(fields) + ")"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def safe_cast(field, type):
    return f"try_cast({field} as {type})"


def hash(field):
    return f"md5(cast({field} as varchar))"


def current_timestamp():
    return "current_timestamp"


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    return f"string_agg({measure}, {delimiter_text})"


def cast_bool_to_text(field):
    return f"cast({field} as varchar)"
