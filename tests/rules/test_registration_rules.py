"""Tests for school_attendance rules/registration.py (leaving grounds, LA returns)."""

import datetime

import pytest
from school_attendance_rules import registration

D = datetime.date
POSSIBLE = {"/", "\\", "L", "I", "M", "C", "E", "G", "N", "O", "U", "B", "K"}


def test_every_regulation_9_ground_has_a_code_and_plain_text():
    assert [g.code for g in registration.LEAVING_GROUNDS if g.compulsory_age] == list(
        "ABCDEFGHIJKLMNO"
    )
    assert [g.code for g in registration.LEAVING_GROUNDS if not g.compulsory_age] == [
        "2A",
        "2B",
        "2C",
        "2D",
        "2E",
    ]
    assert registration.ground_label("a_other_school") == "A - Registered at another school"
    assert registration.ground_label("ncsa_died") == "2D - Not of compulsory age: died"


def test_the_ground_decides_whether_a_deletion_return_is_due():
    assert registration.deletion_return_due("a_other_school")
    assert registration.deletion_return_due("o_excluded")
    # Standard transition points: only when the LA asks.
    assert not registration.deletion_return_due("l_over_school_age")
    assert not registration.deletion_return_due("b_after_nursery")
    assert registration.deletion_return_due("l_over_school_age", la_wants_transitions=True)
    # Pupils not of compulsory school age: no return.
    assert not registration.deletion_return_due("ncsa_not_attending")
    assert not registration.deletion_return_due("ncsa_excluded", la_wants_transitions=True)
    with pytest.raises(ValueError):
        registration.deletion_return_due("z_made_up")


def test_a_day_counts_only_when_every_possible_session_is_absence_without_permission():
    assert registration.classify_day(["N", "O"], POSSIBLE) == "absent"
    assert registration.classify_day(["G"], POSSIBLE) == "absent"
    # U: the pupil came in, after the register closed.
    assert registration.classify_day(["N", "U"], POSSIBLE) == "broken"
    assert registration.classify_day(["N", "I"], POSSIBLE) == "broken"
    # Closed (#) or unable to attend (Y4): not a possible session.
    assert registration.classify_day(["#", "#"], POSSIBLE) == "neutral"
    assert registration.classify_day([], POSSIBLE) == "neutral"
    assert registration.classify_day(["N", "Y4"], POSSIBLE) == "absent"


def _weekdays(start, count):
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def test_ten_school_days_in_a_row_make_a_continuous_absence():
    # Mon 7 Oct to Fri 18 Oct 2024: ten school days of N/O, then present on Mon 21.
    days = [(day, ["N", "O"]) for day in _weekdays(D(2024, 10, 7), 10)]
    days.append((D(2024, 10, 21), ["/", "\\"]))
    assert registration.continuous_absences(days, POSSIBLE) == [
        (D(2024, 10, 7), D(2024, 10, 18), D(2024, 10, 18), 10)
    ]


def test_nine_days_are_not_enough_and_a_present_day_breaks_the_run():
    days = [(day, ["N", "N"]) for day in _weekdays(D(2024, 10, 7), 9)]
    days.append((D(2024, 10, 18), ["I", "I"]))
    days += [(day, ["G", "G"]) for day in _weekdays(D(2024, 10, 21), 9)]
    assert registration.continuous_absences(days, POSSIBLE) == []


def test_a_closure_day_neither_breaks_nor_counts():
    # 9 days absent, an INSET-like # day, then 3 more: 12 absent days, the 10th on
    # Mon 21 Oct (the # day, Fri 18, is skipped).
    days = [(day, ["N", "N"]) for day in _weekdays(D(2024, 10, 7), 9)]
    days.append((D(2024, 10, 18), ["#", "#"]))
    days += [(day, ["O", "O"]) for day in _weekdays(D(2024, 10, 21), 3)]
    assert registration.continuous_absences(days, POSSIBLE) == [
        (D(2024, 10, 7), D(2024, 10, 21), D(2024, 10, 23), 12)
    ]


def test_the_first_five_school_days_of_a_suspension_are_the_s103_days():
    # Thu 17 Oct to Fri 1 Nov 2024 with half term 28 Oct-1 Nov: school days Thu 17,
    # Fri 18, Mon 21, Tue 22, Wed 23, Thu 24, Fri 25.
    days = [D(2024, 10, d) for d in (24, 17, 18, 21, 22, 23, 25, 17)]
    first, later = registration.split_suspension_days(days)
    assert first == [D(2024, 10, d) for d in (17, 18, 21, 22, 23)]
    assert later == [D(2024, 10, 24), D(2024, 10, 25)]
    assert registration.split_suspension_days([D(2024, 10, 17)]) == ([D(2024, 10, 17)], [])
