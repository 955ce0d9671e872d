"""School-year calendar: school days, semesters, assessment and survey windows.

Everything here is a pure function of the school year number, so the generated
district never depends on today's date.  Rules are written the way real
district calendars are built (nth weekday of a month, breaks anchored on a
Monday) so the dates look familiar to people who read real extracts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# Instructional days in every generated year.  Real state minimums cluster
# around 180; fixing the count keeps years comparable for attendance metrics.
SCHOOL_DAYS_PER_YEAR = 180
WINDOW_NAMES = ("Fall", "Winter", "Spring")
# (month, day) on or after which each assessment window opens on a Monday,
# and how many calendar days it stays open (Monday -> Friday of week three).
WINDOW_OPENS = ((9, 8), (1, 12), (5, 4))
WINDOW_LENGTH_DAYS = 18
# Spring climate surveys open on the first Monday on/after 13 April for two weeks.
SURVEY_OPENS = (4, 13)
SURVEY_LENGTH_DAYS = 11


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """n-th (1-based) given weekday (Mon=0) of a month."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def _last_weekday(year: int, month: int, weekday: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return date(year, month, day)


def _monday_on_or_after(d: date) -> date:
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _weekdays(start: date, end: date) -> list[date]:
    out = []
    d = start
    while d <= end:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


@dataclass(frozen=True)
class SchoolYear:
    """One school year, identified by the calendar year of its spring."""

    school_year: int
    school_days: tuple[date, ...]
    holidays: tuple[date, ...]
    winter_break_start: date
    winter_break_end: date

    @property
    def label(self) -> str:
        """'2025-2026' style label used in file names."""
        return f"{self.school_year - 1}-{self.school_year}"

    @property
    def first_day(self) -> date:
        return self.school_days[0]

    @property
    def last_day(self) -> date:
        return self.school_days[-1]

    @property
    def semester1(self) -> tuple[date, date]:
        days = [d for d in self.school_days if d < self.winter_break_start]
        return days[0], days[-1]

    @property
    def semester2(self) -> tuple[date, date]:
        days = [d for d in self.school_days if d > self.winter_break_end]
        return days[0], days[-1]

    @property
    def months(self) -> list[tuple[int, int]]:
        """(year, month) pairs that contain at least one school day, in order."""
        seen: list[tuple[int, int]] = []
        for d in self.school_days:
            if not seen or seen[-1] != (d.year, d.month):
                seen.append((d.year, d.month))
        return seen

    def days_in_month(self, year: int, month: int) -> list[date]:
        return [d for d in self.school_days if d.year == year and d.month == month]

    def days_between(self, start: date, end: date) -> list[date]:
        return [d for d in self.school_days if start <= d <= end]

    def assessment_windows(self) -> list[tuple[str, str, date, date]]:
        """(window_id, window_name, start, end) for fall, winter and spring."""
        out = []
        for name, (month, day) in zip(WINDOW_NAMES, WINDOW_OPENS):
            year = self.school_year - 1 if month >= 8 else self.school_year
            start = _monday_on_or_after(date(year, month, day))
            out.append((f"{self.label}-{name.lower()}", name, start, start + timedelta(days=WINDOW_LENGTH_DAYS)))
        return out

    def survey_window(self) -> tuple[date, date]:
        start = _monday_on_or_after(date(self.school_year, *SURVEY_OPENS))
        return start, start + timedelta(days=SURVEY_LENGTH_DAYS)


@lru_cache(maxsize=None)
def school_year_calendar(school_year: int) -> SchoolYear:
    """Build the calendar of the school year whose spring falls in ``school_year``."""
    fall, spring = school_year - 1, school_year
    # Students start on the Monday on/after 12 August (mid-August, as in most
    # southern and western districts).
    first_day = _monday_on_or_after(date(fall, 8, 12))
    # Two full weeks of winter break ending the Sunday before the first
    # Monday on/after 3 January (so the last fall day is 17-23 December).
    back = _monday_on_or_after(date(spring, 1, 3))
    winter_start, winter_end = back - timedelta(days=14), back - timedelta(days=1)
    thanksgiving = _nth_weekday(fall, 11, 3, 4)
    spring_break = _nth_weekday(spring, 3, 0, 2)
    columbus = _nth_weekday(fall, 10, 0, 2)
    holidays = {
        _nth_weekday(fall, 9, 0, 1),  # Labor Day
        columbus - timedelta(days=3), columbus,  # fall break (Fri + Mon)
        *(thanksgiving + timedelta(days=k) for k in range(-3, 2)),  # Thanksgiving week
        *_weekdays(winter_start, winter_end),
        _nth_weekday(spring, 1, 0, 3),  # Martin Luther King Jr. Day
        _nth_weekday(spring, 2, 0, 3),  # Presidents' Day
        *(spring_break + timedelta(days=k) for k in range(5)),  # spring break
        _easter(spring) - timedelta(days=2),  # Good Friday
        _last_weekday(spring, 5, 0),  # Memorial Day
    }
    # Staff development days (no students) on the first Monday of November and
    # of April, and the Friday after the winter window, as many districts do.
    holidays |= {_nth_weekday(fall, 11, 0, 1), _nth_weekday(spring, 4, 0, 1), _nth_weekday(spring, 2, 4, 1)}
    days: list[date] = []
    d = first_day
    while len(days) < SCHOOL_DAYS_PER_YEAR:
        if d.weekday() < 5 and d not in holidays:
            days.append(d)
        d += timedelta(days=1)
    return SchoolYear(
        school_year=school_year,
        school_days=tuple(days),
        holidays=tuple(sorted(h for h in holidays if first_day <= h <= days[-1])),
        winter_break_start=winter_start,
        winter_break_end=winter_end,
    )
