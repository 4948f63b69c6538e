"""Tests for school_attendance rules/calendar.py (weeks, rolling windows, due dates)."""

import datetime

import pytest
from school_attendance_rules import calendar

D = datetime.date


# --- week_start -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (D(2024, 9, 2), D(2024, 9, 2)),  # a Monday is its own week start
        (D(2024, 9, 4), D(2024, 9, 2)),  # Wednesday
        (D(2024, 9, 8), D(2024, 9, 2)),  # Sunday closes the week
        (D(2024, 9, 9), D(2024, 9, 9)),
        (D(2025, 1, 1), D(2024, 12, 30)),  # week crossing a year end
    ],
)
def test_week_start_is_the_monday(day, monday):
    assert calendar.week_start(day) == monday


def test_week_start_refuses_datetimes():
    with pytest.raises(TypeError, match=r"datetime\.date"):
        calendar.week_start(datetime.datetime(2024, 9, 4, 8, 50))


# --- school_weeks ---------------------------------------------------------------------------
def test_school_weeks_sorted_unique_mondays():
    dates = [D(2024, 11, 6), D(2024, 9, 4), D(2024, 9, 5), D(2024, 11, 4), D(2024, 9, 4)]
    assert calendar.school_weeks(dates) == [D(2024, 9, 2), D(2024, 11, 4)]


def test_school_weeks_empty():
    assert calendar.school_weeks([]) == []


# --- rolling_school_weeks -------------------------------------------------------------------
def test_rolling_window_skips_half_term(school_days):
    start, end, mondays = calendar.rolling_school_weeks(school_days, D(2024, 11, 29))
    assert len(mondays) == 10
    assert D(2024, 10, 28) not in mondays  # half-term week has no session
    assert mondays[0] == start == D(2024, 9, 16)  # 11 calendar weeks back, 10 school weeks
    assert mondays[-1] == D(2024, 11, 25)
    assert end == D(2024, 11, 29)


def test_rolling_window_without_holiday_is_ten_calendar_weeks(make_weekdays):
    days = make_weekdays(D(2024, 9, 2), D(2024, 12, 20))  # no half-term at all
    start, _end, mondays = calendar.rolling_school_weeks(days, D(2024, 11, 29))
    assert start == D(2024, 9, 23)
    assert mondays == [D(2024, 9, 23) + datetime.timedelta(weeks=i) for i in range(10)]


def test_rolling_window_spans_two_academic_years(school_days):
    start, _end, mondays = calendar.rolling_school_weeks(school_days, D(2025, 10, 24))
    assert start == D(2025, 7, 14)
    assert mondays[:3] == [D(2025, 7, 14), D(2025, 7, 21), D(2025, 9, 1)]
    assert mondays[-1] == D(2025, 10, 20)
    assert len(mondays) == 10


def test_rolling_window_custom_length(school_days):
    start, _end, mondays = calendar.rolling_school_weeks(school_days, D(2024, 11, 8), weeks=2)
    assert mondays == [D(2024, 10, 21), D(2024, 11, 4)]
    assert start == D(2024, 10, 21)


def test_rolling_window_ending_in_a_holiday(school_days):
    start, end, mondays = calendar.rolling_school_weeks(school_days, D(2024, 10, 30))
    assert end == D(2024, 10, 30)
    assert mondays[-1] == D(2024, 10, 21)
    assert start == mondays[0] == D(2024, 9, 2)
    assert len(mondays) == 8  # only 8 school weeks since the term began on 4 Sep


def test_rolling_window_ignores_sessions_after_end_date(school_days):
    # Term starts Wednesday 4 Sep 2024: on Monday 2 Sep that week has not yet met.
    start, end, mondays = calendar.rolling_school_weeks(school_days, D(2024, 9, 2))
    assert mondays == []
    assert start == D(2024, 9, 2)
    assert end == D(2024, 9, 2)
    _s, _e, mondays = calendar.rolling_school_weeks(school_days, D(2024, 9, 4))
    assert mondays == [D(2024, 9, 2)]


@pytest.mark.parametrize("weeks", [0, -1, 1.5, True])
def test_rolling_window_rejects_bad_length(weeks, school_days):
    with pytest.raises(ValueError, match="weeks"):
        calendar.rolling_school_weeks(school_days, D(2024, 11, 29), weeks=weeks)


# --- working_days_after ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2024, 3, 1), 0, D(2024, 3, 1)),
        (D(2024, 3, 1), 1, D(2024, 3, 4)),  # Friday -> Monday
        (D(2024, 3, 2), 1, D(2024, 3, 4)),  # from a Saturday
        (D(2025, 1, 6), 10, D(2025, 1, 20)),  # seed 004: "within 10 working days"
    ],
)
def test_working_days_after(start, n, expected):
    assert calendar.working_days_after(start, n) == expected


def test_working_days_after_skips_holidays():
    easter = [D(2024, 3, 29), D(2024, 4, 1)]  # Good Friday, Easter Monday
    assert calendar.working_days_after(D(2024, 3, 28), 2, holidays=easter) == D(2024, 4, 3)
    assert calendar.working_days_after(D(2024, 3, 28), 2) == D(2024, 4, 1)


def test_working_days_after_rejects_negative():
    with pytest.raises(ValueError, match="n must be"):
        calendar.working_days_after(D(2024, 3, 1), -1)


# --- school_days_after ----------------------------------------------------------------------
def test_school_days_after_skips_half_term(school_days):
    assert calendar.school_days_after(D(2024, 10, 25), 1, school_days) == D(2024, 11, 4)
    # 15 school days (the LA is told of absences of 15 or more school days)
    assert calendar.school_days_after(D(2024, 10, 18), 15, school_days) == D(2024, 11, 15)


def test_school_days_after_zero_and_duplicates(school_days):
    assert calendar.school_days_after(D(2024, 10, 25), 0, school_days) == D(2024, 10, 25)
    doubled = school_days + school_days  # AM and PM sessions share a date
    assert calendar.school_days_after(D(2024, 9, 4), 2, doubled) == D(2024, 9, 6)


def test_school_days_after_beyond_calendar(school_days):
    with pytest.raises(ValueError, match="only 1 school day"):
        calendar.school_days_after(D(2025, 12, 18), 2, school_days)


@pytest.mark.parametrize(
    "day, start",
    [
        (datetime.date(2024, 9, 1), datetime.date(2024, 9, 1)),
        (datetime.date(2025, 7, 22), datetime.date(2024, 9, 1)),
        (datetime.date(2024, 8, 31), datetime.date(2023, 9, 1)),
        (datetime.date(2024, 12, 31), datetime.date(2024, 9, 1)),
    ],
)
def test_school_year_starts_on_1_september(day, start):
    assert calendar.school_year_start(day) == start


# --- half_term_start ------------------------------------------------------------------------
def _weekdays(first, last, closed=()):
    days, d = [], first
    while d <= last:
        if d.weekday() < 5 and d not in closed:
            days.append(d)
        d += datetime.timedelta(days=1)
    return days


AUTUMN_2025 = _weekdays(
    D(2025, 9, 1), D(2025, 12, 19), closed=set(_weekdays(D(2025, 10, 27), D(2025, 10, 31)))
)


@pytest.mark.parametrize(
    ("day", "start"),
    [
        (D(2025, 10, 24), D(2025, 9, 1)),  # before half term: the term's start
        (D(2025, 11, 7), D(2025, 11, 3)),  # after it: the Monday back
        (D(2025, 12, 19), D(2025, 11, 3)),
    ],
)
def test_half_term_start_of_a_term_recorded_whole(day, start):
    assert calendar.half_term_start(D(2025, 9, 1), day, AUTUMN_2025) == start


def test_a_bank_holiday_or_easter_weekend_is_no_half_term():
    # Thursday 17 April to Tuesday 22 April 2025: 5 days, Good Friday and Easter Monday.
    days = _weekdays(D(2025, 4, 7), D(2025, 5, 2), closed={D(2025, 4, 18), D(2025, 4, 21)})
    assert calendar.half_term_start(D(2025, 4, 7), D(2025, 5, 2), days) == D(2025, 4, 7)
