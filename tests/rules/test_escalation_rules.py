"""Tests for school_attendance rules/escalation.py (runs of absence, weeks elapsed, wording)."""

import datetime

from school_attendance_rules import escalation

D = datetime.date
# Mon 21 Oct to Fri 25 Oct 2024, half term 28 Oct to 1 Nov, then Mon 4 Nov.
SCHOOL_DAYS = [D(2024, 10, d) for d in (21, 22, 23, 24, 25)] + [D(2024, 11, 4)]


def test_run_counts_school_days_back_from_today():
    codes = {D(2024, 10, 24): ["N", "N"], D(2024, 10, 25): ["N"], D(2024, 11, 4): ["N", "N"]}
    # The half term is not a break in the run: only school days count.
    assert escalation.unexplained_run(codes, SCHOOL_DAYS, D(2024, 11, 4)) == (3, D(2024, 10, 24))


def test_run_stops_at_an_explained_or_present_day():
    codes = {D(2024, 10, 21): ["N"], D(2024, 10, 22): ["I", "I"], D(2024, 10, 23): ["N", "/"]}
    assert escalation.unexplained_run(codes, SCHOOL_DAYS, D(2024, 10, 23)) == (1, D(2024, 10, 23))


def test_no_run_on_a_day_without_school_or_without_n():
    assert escalation.unexplained_run({}, SCHOOL_DAYS, D(2024, 10, 28)) == (0, None)
    assert escalation.unexplained_run({D(2024, 10, 21): ["/"]}, SCHOOL_DAYS, D(2024, 10, 21)) == (
        0,
        None,
    )


def test_school_weeks_since_skips_holidays():
    mondays = [D(2024, 10, 14), D(2024, 10, 21), D(2024, 11, 4), D(2024, 11, 11)]
    assert escalation.school_weeks_since(mondays, D(2024, 10, 16), D(2024, 11, 11)) == 3
    assert escalation.school_weeks_since(mondays, D(2024, 10, 16), D(2024, 10, 18)) == 0


def test_below_and_wording():
    assert escalation.below(90.0, 90.0, inclusive=True)
    assert not escalation.below(90.0, 90.0, inclusive=False)
    assert escalation.format_date(D(2024, 9, 1)) == "1 Sep 2024"
    summary = {"attendance_pct": 89.4, "present": 152, "possible": 170}
    assert escalation.format_attendance(summary) == "89.4% (152/170)"
