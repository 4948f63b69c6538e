"""When unauthorised sessions leave the penalty threshold's rolling window (rules/forecast.py)."""

import datetime

from school_penalty_rules import forecast

D = datetime.date


def school_days(start, end, closed=()):
    day, days = start, []
    while day <= end:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in closed):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


# Autumn term 2024 with the half term of 28 Oct - 1 Nov, then the spring term.
HALF_TERM = (D(2024, 10, 28), D(2024, 11, 1))
CHRISTMAS = (D(2024, 12, 21), D(2025, 1, 5))
DAYS = school_days(D(2024, 9, 2), D(2025, 2, 14), closed=(HALF_TERM, CHRISTMAS))


def test_sessions_drop_out_ten_school_weeks_later_skipping_the_half_term():
    # Four unauthorised sessions on Mon 16 Sep (week 3) and Tue 24 Sep (week 4); five more
    # in week 9 (Mon 28 Oct is half term, so week 9 of school is w/c 4 Nov).
    marks = [
        (D(2024, 9, 16), "am", "O"),
        (D(2024, 9, 16), "pm", "O"),
        (D(2024, 9, 24), "am", "G"),
        (D(2024, 9, 24), "pm", "G"),
    ] + [(D(2024, 11, 4) + datetime.timedelta(days=i), "am", "U") for i in range(5)]
    result = forecast.window_forecast(marks, D(2024, 11, 8), DAYS)
    # On Fri 8 Nov the window is the 10 school weeks from w/c 2 Sep to w/c 4 Nov: all 9 count.
    assert result["sessions"] == 9
    assert not result["met"]
    assert result["to_threshold"] == 1  # one more unauthorised session meets the threshold
    # A school week leaves the window 10 school weeks later: w/c 16 Sep (school week 3)
    # on w/c 2 Dec (week 13, half term skipped), w/c 23 Sep on w/c 9 Dec, and w/c 4 Nov
    # (week 9) on w/c 27 Jan (week 19: 11, 18, 25 Nov, 2, 9, 16 Dec, 6, 13, 20, 27 Jan).
    assert [(d["date"], d["sessions"]) for d in result["drops"]] == [
        (D(2024, 12, 2), 7),
        (D(2024, 12, 9), 5),
        (D(2025, 1, 27), 0),
    ]
    assert result["drops"][0]["marks"] == marks[:2]


def test_threshold_met_today_and_marks_after_today_ignored():
    marks = [(day, period, "N") for day in DAYS[:5] for period in ("am", "pm")]
    marks.append((D(2024, 9, 20), "am", "O"))  # after on_date: not counted
    result = forecast.window_forecast(marks, D(2024, 9, 6), DAYS)
    assert result["sessions"] == 10 and result["met"] and result["to_threshold"] == 0
    # Week 1 (w/c 2 Sep) leaves on school week 11, w/c 18 Nov (half term skipped).
    assert result["drops"] == [{"date": D(2024, 11, 18), "sessions": 0, "marks": marks[:10]}]


def test_no_unauthorised_sessions():
    result = forecast.window_forecast([(D(2024, 9, 2), "am", "/")], D(2024, 9, 6), DAYS)
    assert result["sessions"] == 0 and result["to_threshold"] == 10 and result["drops"] == []
