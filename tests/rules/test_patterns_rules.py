"""Patterns of absence (rules/patterns.py) on hand-made registers."""

import datetime

from school_attendance_rules import patterns, statistics

D = datetime.date
FLAGS = statistics.CODE_FLAGS
HALF_TERM = (D(2024, 10, 28), D(2024, 11, 1))


def school_days():
    """The autumn term 2024: 2 Sep to 20 Dec, half term 28 Oct - 1 Nov."""
    day, days = D(2024, 9, 2), []
    while day <= D(2024, 12, 20):
        if day.weekday() < 5 and not HALF_TERM[0] <= day <= HALF_TERM[1]:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


DAYS = school_days()


def register(absences):
    """Both sessions of every school day: present, except ``{day: code}``."""
    marks = []
    for day in DAYS:
        code = absences.get(day)
        marks += [(day, "am", code or "/"), (day, "pm", code or "\\")]
    return marks


def kinds(found):
    return {pattern["kind"]: pattern for pattern in found}


def test_mondays():
    # Absent 4 Mondays (and one Wednesday): 4 of 5 days of absence are Mondays.
    absences = {D(2024, 9, 9): "O", D(2024, 9, 23): "I", D(2024, 10, 7): "O"}
    absences.update({D(2024, 11, 11): "N", D(2024, 9, 18): "I"})
    found = kinds(patterns.find_patterns(register(absences), DAYS, FLAGS))
    monday = found["weekday"]
    assert (monday["weekday"], monday["days"], monday["absent_days"]) == (0, 4, 5)
    assert monday["of_days"] == 15  # Mondays from 2 Sep to 16 Dec, half term left out
    assert len(monday["marks"]) == 8 and all(m[0].weekday() == 0 for m in monday["marks"])


def test_long_weekends_include_days_next_to_the_half_term():
    # Fri 13 Sep, Mon 30 Sep, Fri 25 Oct (before half term), Mon 4 Nov (after it).
    absences = {
        D(2024, 9, 13): "O",
        D(2024, 9, 30): "O",
        D(2024, 10, 25): "G",
        D(2024, 11, 4): "I",
    }
    found = kinds(patterns.find_patterns(register(absences), DAYS, FLAGS))
    assert found["long_weekend"]["days"] == 4 and found["long_weekend"]["absent_days"] == 4
    assert "weekday" not in found  # 2 Mondays and 2 Fridays: no single day


def test_a_tuesday_after_a_bank_holiday_is_next_to_a_break():
    days = [day for day in DAYS if day != D(2024, 9, 23)]  # closed on Monday 23 Sep
    absences = {D(2024, 9, 24): "O", D(2024, 9, 27): "O", D(2024, 10, 11): "O"}
    marks = [mark for mark in register(absences) if mark[0] != D(2024, 9, 23)]
    found = kinds(patterns.find_patterns(marks, days, FLAGS))
    assert found["long_weekend"]["days"] == 3
    # With the school open that Monday, the Tuesday is an ordinary day: 2 of 3.
    assert "long_weekend" not in kinds(patterns.find_patterns(register(absences), DAYS, FLAGS))


def test_scattered_absence_is_no_pattern():
    absences = {D(2024, 9, 10): "I", D(2024, 10, 2): "O", D(2024, 11, 14): "N"}
    assert patterns.find_patterns(register(absences), DAYS, FLAGS) == []


def test_not_possible_and_present_codes_are_no_absence():
    # X (not required to attend) on four Mondays is no absence at all.
    absences = {day: "X" for day in DAYS if day.weekday() == 0}
    assert patterns.find_patterns(register(absences), DAYS, FLAGS) == []


def test_term_time_holidays_in_consecutive_years():
    last_year = [(D(2024, 6, 10), "am", "G"), (D(2024, 6, 10), "pm", "G")]
    this_year = [(D(2024, 10, 21), "am", "G")]
    found = kinds(patterns.find_patterns(last_year + this_year, [], FLAGS))
    assert found["holiday_years"]["years"] == [D(2023, 9, 1), D(2024, 9, 1)]
    assert found["holiday_years"]["marks"] == last_year + this_year
    # Two school years apart is not consecutive.
    two_apart = [(D(2023, 3, 6), "am", "G")] + this_year
    assert "holiday_years" not in kinds(patterns.find_patterns(two_apart, [], FLAGS))


def test_repeated_spells_of_illness():
    # Three spells: Thu-Fri 12-13 Sep and Mon 16 Sep are one spell (consecutive school
    # days over the weekend); 8 Oct; 19-20 Nov.
    absences = {
        D(2024, 9, 12): "I",
        D(2024, 9, 13): "I",
        D(2024, 9, 16): "I",
        D(2024, 10, 8): "I",
        D(2024, 11, 19): "I",
        D(2024, 11, 20): "I",
    }
    found = kinds(patterns.find_patterns(register(absences), DAYS, FLAGS))
    assert found["illness"]["spells"] == [D(2024, 9, 12), D(2024, 10, 8), D(2024, 11, 19)]
    del absences[D(2024, 10, 8)]
    assert "illness" not in kinds(patterns.find_patterns(register(absences), DAYS, FLAGS))


def test_thresholds_are_parameters():
    # 3 Mondays and 2 Wednesdays: 3 of 5 days of absence (60%) on Mondays.
    absences = {day: "O" for day in (D(2024, 9, 9), D(2024, 9, 16), D(2024, 9, 23))}
    absences.update({D(2024, 9, 11): "O", D(2024, 9, 18): "O"})
    marks = register(absences)
    assert "weekday" in kinds(patterns.find_patterns(marks, DAYS, FLAGS))
    # A school asking for three quarters on one weekday: 3 < 0.75 x 5.
    assert "weekday" not in kinds(patterns.find_patterns(marks, DAYS, FLAGS, weekday_share=0.75))
    # A school asking for 4 days behind a pattern: 3 Mondays are not enough.
    assert "weekday" not in kinds(patterns.find_patterns(marks, DAYS, FLAGS, min_days=4))
    # Next to weekends: the 3 Mondays of 5 days (60%), below 75% but above a school's 50%.
    assert "long_weekend" not in kinds(patterns.find_patterns(marks, DAYS, FLAGS))
    found = kinds(patterns.find_patterns(marks, DAYS, FLAGS, break_share=0.5))
    assert found["long_weekend"]["days"] == 3


def test_illness_spells_threshold_is_a_parameter():
    absences = {D(2024, 9, 12): "I", D(2024, 10, 8): "I"}  # two spells
    assert "illness" not in kinds(patterns.find_patterns(register(absences), DAYS, FLAGS))
    found = kinds(patterns.find_patterns(register(absences), DAYS, FLAGS, min_illness_spells=2))
    assert found["illness"]["spells"] == [D(2024, 9, 12), D(2024, 10, 8)]
