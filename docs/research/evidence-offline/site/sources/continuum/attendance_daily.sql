select attendance_date, school_name, attendance_rate, students_present, is_full_day, term
from marts.attendance_daily
order by attendance_date, school_name
