"""Does the work help? (rules/effect.py) on hand-made registers.

The school: autumn 2025, every weekday from Monday 1 September, October half term
(27-31 October) closed; two sessions a day, 10 a week.
"""

import datetime

import pytest
from school_attendance_rules import effect

D = datetime.date
HALF_TERM = (D(2025, 10, 27), D(2025, 10, 31))


def _days(start, end):
    day, days = start, []
    while day <= end:
        if day.weekday() < 5 and not HALF_TERM[0] <= day <= HALF_TERM[1]:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


DAYS = _days(D(2025, 9, 1), D(2025, 12, 19))
WEEK_ENDS = effect.school_week_ends(DAYS)


LAST_DAY = D(2025, 12, 19)


def sessions(absent_days=(), absent_am=(), until=LAST_DAY):
    """Both sessions of every school day up to ``until``: present, except the days in
    ``absent_days`` (both sessions) and ``absent_am`` (the morning)."""
    rows = []
    for day in DAYS:
        if day > until:
            break
        rows.append((day, True, day not in absent_days and day not in absent_am))
        rows.append((day, True, day not in absent_days))
    return rows


def week_days(monday, count=5):
    return [monday + datetime.timedelta(days=i) for i in range(count)]


def test_weekly_counts_and_week_ends():
    counts = effect.weekly_counts(
        [(D(2025, 9, 1), True, True), (D(2025, 9, 1), True, False), (D(2025, 9, 3), False, False)]
    )
    assert counts == {D(2025, 9, 1): (2, 1)}
    # Half term is no school week: the week of 20 October is followed by that of 3 November.
    mondays = sorted(WEEK_ENDS)
    assert mondays[mondays.index(D(2025, 10, 20)) + 1] == D(2025, 11, 3)
    assert WEEK_ENDS[D(2025, 9, 1)] == D(2025, 9, 5)


def test_sixty_to_ninety_percent():
    # Letter 1 on Wednesday 1 October. Before: the weeks of 1, 8, 15 and 22 September
    # (40 sessions); absent the whole week of 8 September and 3 days of the next:
    # 8 days, 16 sessions, so 24/40 = 60%.
    before_absent = week_days(D(2025, 9, 8)) + week_days(D(2025, 9, 15))[:3]
    # After: the weeks of 6, 13, 20 October and 3 November (half term skipped); absent
    # 2 days (4 sessions): 36/40 = 90%. The week of the letter (29 Sep) counts in neither.
    after_absent = [D(2025, 10, 7), D(2025, 11, 5)]
    week_of_letter_absent = week_days(D(2025, 9, 29))
    counts = effect.weekly_counts(
        sessions(absent_days=before_absent + after_absent + week_of_letter_absent)
    )
    result = effect.pupil_effect(counts, D(2025, 10, 1), WEEK_ENDS, D(2025, 11, 10))
    assert result["before_weeks"] == [D(2025, 9, 1), D(2025, 9, 8), D(2025, 9, 15), D(2025, 9, 22)]
    assert result["after_weeks"] == [
        D(2025, 10, 6),
        D(2025, 10, 13),
        D(2025, 10, 20),
        D(2025, 11, 3),
    ]
    assert result["before"] == (24, 40)
    assert result["after"] == (36, 40)
    assert result["status"] == "counted"
    summary = effect.summarise([result])
    assert (summary["before_pct"], summary["after_pct"], summary["change"]) == (60.0, 90.0, 30.0)
    assert (summary["pupils"], summary["improved"], summary["fell"]) == (1, 1, 0)
    assert effect.sentence("Letter 1", summary) == (
        "Letter 1: 1 pupil; 60% in the 4 school weeks before, 90% in the 4 after "
        "(+30 points); 1 improved, 0 fell."
    )


def test_too_recent_until_the_fourth_week_after_is_over():
    counts = effect.weekly_counts(sessions())
    # The fourth school week after 1 October is that of 3 November: its last session is
    # Friday 7 November. On that Friday it is not over; on Saturday it is.
    on_friday = effect.pupil_effect(counts, D(2025, 10, 1), WEEK_ENDS, D(2025, 11, 7))
    assert on_friday["status"] == "too_recent"
    assert on_friday["after"] is None
    on_saturday = effect.pupil_effect(counts, D(2025, 10, 1), WEEK_ENDS, D(2025, 11, 8))
    assert on_saturday["status"] == "counted"
    # Beyond the school's calendar (no term recorded after 19 December): too recent.
    late = effect.pupil_effect(counts, D(2025, 12, 10), WEEK_ENDS, D(2026, 3, 1))
    assert late["status"] == "too_recent"


def test_fewer_weeks_before_when_the_records_start_later():
    counts = effect.weekly_counts(sessions(absent_days=[D(2025, 9, 2)]))
    result = effect.pupil_effect(counts, D(2025, 9, 17), WEEK_ENDS, D(2025, 12, 1), weeks=4)
    assert result["before_weeks"] == [D(2025, 9, 1), D(2025, 9, 8)]
    assert result["before"] == (18, 20)


def test_a_pupil_who_left_has_no_sessions_after():
    counts = effect.weekly_counts(sessions(until=D(2025, 10, 3)))
    result = effect.pupil_effect(counts, D(2025, 10, 1), WEEK_ENDS, D(2025, 12, 1))
    assert result["status"] == "without_sessions"
    summary = effect.summarise([result])
    assert summary["pupils"] == 0
    assert effect.sentence("Referral", summary) == (
        "Referral: no pupil to compare yet; 1 without sessions before or after."
    )


def test_summary_of_several_pupils_by_hand():
    # Two weeks either side of Wednesday 15 October (week of 13 Oct left out).
    # Before: weeks of 29 Sep and 6 Oct; after: weeks of 20 Oct and 3 Nov.
    step = D(2025, 10, 15)
    amira = effect.weekly_counts(sessions(absent_days=week_days(D(2025, 9, 29), 3)))  # 14/20
    ben = effect.weekly_counts(sessions(absent_days=[D(2025, 10, 21)]))  # 20/20 -> 18/20
    cleo = effect.weekly_counts(sessions(absent_am=[D(2025, 10, 1), D(2025, 11, 4)]))  # same
    as_at = D(2025, 11, 10)
    results = [effect.pupil_effect(c, step, WEEK_ENDS, as_at, weeks=2) for c in (amira, ben, cleo)]
    results.append(effect.pupil_effect(amira, D(2025, 11, 5), WEEK_ENDS, as_at, weeks=2))
    assert [r["before"] for r in results[:3]] == [(14, 20), (20, 20), (19, 20)]
    assert [r["after"] for r in results[:3]] == [(20, 20), (18, 20), (19, 20)]
    summary = effect.summarise(results)
    # Before: (70 + 100 + 95) / 3 = 88.33 -> 88.3; after: (100 + 90 + 95) / 3 = 95.0.
    assert summary == {
        "pupils": 3,
        "before_pct": 88.3,
        "after_pct": 95.0,
        "change": 6.7,
        "improved": 1,
        "fell": 1,
        "unchanged": 1,
        "too_recent": 1,
        "without_sessions": 0,
    }
    assert effect.sentence("Meeting", summary, weeks=2) == (
        "Meeting: 3 pupils; 88.3% in the 2 school weeks before, 95% in the 2 after "
        "(+6.7 points); 1 improved, 1 fell, 1 the same, 1 too recent to tell."
    )


def test_a_fall_reads_as_minus():
    summary = {
        "pupils": 2,
        "before_pct": 91.25,
        "after_pct": 88.0,
        "change": -3.3,
        "improved": 0,
        "fell": 2,
        "unchanged": 0,
        "too_recent": 0,
        "without_sessions": 0,
    }
    assert "(-3.3 points)" in effect.sentence("Contract", summary)


def test_bad_weeks_are_refused():
    with pytest.raises(ValueError, match="weeks must be a whole number from 1 to 12"):
        effect.pupil_effect({}, D(2025, 10, 1), WEEK_ENDS, D(2025, 12, 1), weeks=0)
    with pytest.raises(ValueError):
        effect.sentence("Letter 1", effect.summarise([]), weeks=13)
