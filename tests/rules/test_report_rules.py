"""Tests for school_attendance rules/report.py (printed dates, percentages, register grid)."""

import datetime

from school_attendance_rules import report


def test_dates_print_in_english_whatever_the_input():
    assert report.format_date("2025-03-04") == "4 March 2025"
    assert report.format_date(datetime.date(2024, 9, 16)) == "16 September 2024"
    assert report.format_date(False) == ""
    assert report.format_numeric_date("2026-12-30") == "30/12/2026"
    assert report.format_numeric_date(datetime.date(2026, 3, 4)) == "04/03/2026"
    assert report.format_numeric_date(None) == ""
    assert report.format_day("2024-09-03") == "Tue 03/09/2024"
    assert report.format_day(datetime.datetime(2024, 9, 9, 23, 30)) == "Mon 09/09/2024"


def test_percentages_have_one_decimal_unless_whole():
    assert report.format_pct(86.3636) == "86.4"
    assert report.format_pct(100.0) == "100"
    assert report.format_pct(None) == "0"


def test_session_days_pair_am_and_pm_and_add_the_minutes_late():
    entries = [
        ("2024-09-10", "pm", "\\", 0),
        ("2024-09-09", "AM", "L", 8),
        ("2024-09-09", "PM", "U", 35),
        ("2024-09-10", "am", False, 0),
        ("2024-09-11", "am", "I"),  # a frozen entry without minutes
    ]
    rows = report.session_days(entries)
    assert [(r["day"], r["am"], r["pm"], r["minutes_late"]) for r in rows] == [
        ("Mon 09/09/2024", "L", "U", 43),
        ("Tue 10/09/2024", "-", "\\", 0),
        ("Wed 11/09/2024", "I", "-", 0),
    ]
    assert rows[0]["date"] == "2024-09-09"
