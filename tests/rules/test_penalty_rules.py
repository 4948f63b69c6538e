"""Tests for school_penalty rules/penalty.py, reproducing seed 002's worked examples."""

import datetime

import pytest
from school_attendance_rules import calendar as school_calendar
from school_penalty_rules import penalty

D = datetime.date


def both(day):
    """Return the AM and PM sessions of ``day`` as (date, period) pairs."""
    return [(day, "am"), (day, "pm")]


def marks_for(code, sessions):
    return [(day, period, code) for day, period in sessions]


def days_from(monday, count):
    return [monday + datetime.timedelta(days=i) for i in range(count)]


def test_unauthorised_codes():
    assert penalty.UNAUTHORISED_CODES == {"G", "N", "O", "U"}
    assert penalty.THRESHOLD_SESSIONS == 10
    assert penalty.THRESHOLD_WEEKS == 10


# --- threshold: 10 unauthorised sessions in 10 school weeks ---------------------------------
def test_threshold_across_a_half_term_holiday(school_days):
    # 5 sessions in the week of 16 Sep 2024, 5 in the week of 25 Nov 2024: 11 calendar weeks
    # apart, but the half-term week (28 Oct) holds no session, so only 10 school weeks.
    first = both(D(2024, 9, 16)) + both(D(2024, 9, 17)) + [(D(2024, 9, 18), "am")]
    second = both(D(2024, 11, 25)) + both(D(2024, 11, 26)) + [(D(2024, 11, 27), "am")]
    marks = marks_for("G", first) + marks_for("N", second)
    status = penalty.threshold_status(marks, D(2024, 11, 29), school_days)
    assert status["met"] is True
    assert status["sessions"] == 10
    assert status["window_start"] == D(2024, 9, 16)
    assert status["window_end"] == D(2024, 11, 29)
    assert len(status["school_weeks"]) == 10
    assert D(2024, 10, 28) not in status["school_weeks"]
    # One school week later the September sessions have left the window.
    later = penalty.threshold_status(marks, D(2024, 12, 2), school_days)
    assert later["window_start"] == D(2024, 9, 23)
    assert (later["sessions"], later["met"]) == (5, False)


def test_half_term_counted_as_a_school_week_would_change_the_answer(make_weekdays):
    first = both(D(2024, 9, 16)) + both(D(2024, 9, 17)) + [(D(2024, 9, 18), "am")]
    second = both(D(2024, 11, 25)) + both(D(2024, 11, 26)) + [(D(2024, 11, 27), "am")]
    marks = marks_for("G", first) + marks_for("N", second)
    no_holiday = make_weekdays(D(2024, 9, 4), D(2024, 12, 20))
    status = penalty.threshold_status(marks, D(2024, 11, 29), no_holiday)
    assert (status["sessions"], status["met"]) == (5, False)


def test_threshold_across_two_academic_years(school_days):
    # 2 sessions in the Summer Term 2025, 8 in the Autumn Term 2025 (summer holiday skipped).
    summer = marks_for("U", [(D(2025, 7, 21), "am"), (D(2025, 7, 22), "am")])
    autumn = marks_for(
        "O",
        both(D(2025, 9, 8)) + both(D(2025, 9, 15)) + both(D(2025, 9, 22)) + both(D(2025, 9, 29)),
    )
    status = penalty.threshold_status(summer + autumn, D(2025, 10, 24), school_days)
    assert status["met"] is True
    assert status["by_code"] == {"U": 2, "O": 8}
    assert status["window_start"] == D(2025, 7, 14)
    assert D(2025, 9, 1) in status["school_weeks"]
    assert D(2025, 8, 4) not in status["school_weeks"]
    # After half-term plus two more school weeks the summer marks drop out.
    later = penalty.threshold_status(summer + autumn, D(2025, 11, 10), school_days)
    assert later["window_start"] == D(2025, 9, 1)
    assert (later["sessions"], later["met"]) == (8, False)


def test_four_holiday_plus_six_after_register_closed(school_days):
    holiday = marks_for("G", both(D(2025, 2, 3)) + both(D(2025, 2, 4)))
    late = marks_for(
        "U", [(day, "am") for day in days_from(D(2025, 3, 10), 3) + days_from(D(2025, 3, 24), 3)]
    )
    lates_before_close = marks_for("L", [(D(2025, 3, 13), "am"), (D(2025, 3, 14), "am")])
    status = penalty.threshold_status(
        holiday + late + lates_before_close, D(2025, 3, 28), school_days
    )
    assert status["met"] is True
    assert status["sessions"] == 10
    assert status["by_code"] == {"G": 4, "U": 6}
    assert status["window_start"] == D(2025, 1, 13)  # spring half-term skipped
    short = penalty.threshold_status(holiday + late[:-1], D(2025, 3, 28), school_days)
    assert (short["sessions"], short["met"]) == (9, False)


def test_ten_sessions_of_holiday_in_one_week(school_days):
    marks = marks_for("G", [s for day in days_from(D(2025, 1, 13), 5) for s in both(day)])
    status = penalty.threshold_status(marks, D(2025, 1, 17), school_days)
    assert (status["sessions"], status["met"]) == (10, True)


def test_six_in_one_week_then_one_a_week_for_four_weeks(school_days):
    six = marks_for("O", [s for day in days_from(D(2025, 1, 6), 3) for s in both(day)])
    weekly = marks_for(
        "N",
        [
            (D(2025, 1, 13), "am"),
            (D(2025, 1, 20), "am"),
            (D(2025, 1, 27), "am"),
            (D(2025, 2, 3), "am"),
        ],
    )
    status = penalty.threshold_status(six + weekly, D(2025, 2, 7), school_days)
    assert (status["sessions"], status["met"]) == (10, True)
    assert status["marks"][0] == (D(2025, 1, 6), "am", "O")
    assert status["marks"][-1] == (D(2025, 2, 3), "am", "N")
    nine = penalty.threshold_status(six + weekly[:-1], D(2025, 2, 7), school_days)
    assert nine["met"] is False


def test_weeks_without_unauthorised_marks_still_count(school_days):
    marks = marks_for("G", both(D(2024, 9, 16)) + both(D(2024, 9, 17)) + [(D(2024, 9, 18), "am")])
    marks += marks_for("N", both(D(2024, 12, 2)) + both(D(2024, 12, 3)) + [(D(2024, 12, 4), "am")])
    # Judged only by the weeks holding marks, both weeks would look adjacent...
    alone = penalty.threshold_status(marks, D(2024, 12, 6), session_dates=[])
    assert alone["met"] is True
    # ...but the school met in every week between, so September is out of the window.
    real = penalty.threshold_status(marks, D(2024, 12, 6), school_days)
    assert (real["sessions"], real["met"]) == (5, False)


def test_only_unauthorised_marks_up_to_end_date_count(school_days):
    week = [s for day in days_from(D(2025, 1, 13), 5) for s in both(day)]
    codes = ["/", "\\", "L", "I", "M", "C", "X", "#", "G", "O"]
    marks = [(day, period, code) for (day, period), code in zip(week, codes, strict=True)]
    marks += [(D(2025, 1, 20), "am", "U")]  # after the end date
    status = penalty.threshold_status(marks, D(2025, 1, 17), school_days)
    assert status["sessions"] == 2
    assert status["by_code"] == {"G": 1, "O": 1}
    assert status["threshold"] == 10


def test_threshold_and_weeks_are_parameters(school_days):
    marks = marks_for("O", both(D(2025, 1, 13)))
    status = penalty.threshold_status(marks, D(2025, 1, 24), school_days, weeks=1, threshold=2)
    assert status["school_weeks"] == [D(2025, 1, 20)]
    assert status["met"] is False
    status = penalty.threshold_status(marks, D(2025, 1, 24), school_days, weeks=2, threshold=2)
    assert status["met"] is True


def test_duplicate_session_is_refused(school_days):
    marks = [(D(2025, 1, 13), "am", "O"), (D(2025, 1, 13), "am", "I")]
    with pytest.raises(ValueError, match="same session"):
        penalty.threshold_status(marks, D(2025, 1, 17), school_days)


def test_many_pupils_give_the_same_answer_as_one_at_a_time(school_days):
    # Seed 002's examples side by side: the half-term case, the 4 G + 6 U case, a pupil
    # under the threshold, a pupil with no absence, and one marked on a day with no
    # session (a week the school calendar does not hold), which moves that pupil's window.
    half_term = marks_for("G", both(D(2024, 9, 16)) + both(D(2024, 9, 17))) + marks_for(
        "N", both(D(2024, 11, 25)) + both(D(2024, 11, 26)) + [(D(2024, 11, 27), "am")]
    )
    four_plus_six = marks_for("G", both(D(2024, 11, 4)) + both(D(2024, 11, 5))) + marks_for(
        "U", both(D(2024, 11, 25)) + both(D(2024, 11, 26)) + both(D(2024, 11, 27))
    )
    under = marks_for("O", both(D(2024, 11, 28)))
    off_calendar = marks_for("N", both(D(2024, 10, 28)))  # half-term week: no session
    marks_by_pupil = {
        1: half_term,
        2: four_plus_six,
        3: under,
        4: [],
        5: off_calendar + four_plus_six,
    }
    end = D(2024, 11, 29)
    many = penalty.threshold_status_many(marks_by_pupil, end, school_days)
    assert set(many) == set(marks_by_pupil)
    for pupil, marks in marks_by_pupil.items():
        assert many[pupil] == penalty.threshold_status(marks, end, school_days), pupil
    assert [many[p]["sessions"] for p in (1, 2, 3, 4)] == [9, 10, 2, 0]
    assert many[2]["met"] is True and many[2]["by_code"] == {"G": 4, "U": 6}
    # The half-term mark adds a school week: pupil 5's window starts a week later.
    assert many[5]["window_start"] > many[2]["window_start"]
    assert many[5]["sessions"] == 12


def test_many_pupils_refuse_a_session_marked_twice(school_days):
    twice = [(D(2024, 11, 25), "am", "U"), (D(2024, 11, 25), "am", "N")]
    with pytest.raises(ValueError, match="same session"):
        penalty.threshold_status_many({1: twice}, D(2024, 11, 29), school_days)


# --- amounts and deadlines: received 3 March ------------------------------------------------
RECEIVED = D(2025, 3, 3)


@pytest.mark.parametrize(
    ("paid", "day_number", "first", "second"),
    [
        (D(2025, 3, 3), 1, 80, 160),
        (D(2025, 3, 23), 21, 80, 160),
        (D(2025, 3, 24), 22, 160, 160),
        (D(2025, 3, 30), 28, 160, 160),
        (D(2025, 3, 31), 29, None, None),
        (D(2025, 6, 1), 91, None, None),
    ],
)
def test_amounts_on_days_after_receipt(paid, day_number, first, second):
    assert day_number == (paid - RECEIVED).days + 1
    assert penalty.amount_due_on(1, RECEIVED, paid) == first
    assert penalty.amount_due_on(2, RECEIVED, paid) == second


def test_deadlines():
    assert penalty.deadlines(RECEIVED, 1) == {
        "reduced_until": D(2025, 3, 23),
        "full_until": D(2025, 3, 30),
    }
    assert penalty.deadlines(RECEIVED, 2) == {"reduced_until": None, "full_until": D(2025, 3, 30)}
    assert penalty.deadlines(D(2024, 12, 20), 1) == {
        "reduced_until": D(2025, 1, 9),
        "full_until": D(2025, 1, 16),
    }


@pytest.mark.parametrize("ordinal", [3, 0, 4, None])
def test_no_amount_for_a_third_or_unknown_notice(ordinal):
    with pytest.raises(ValueError, match=r"third|ordinal"):
        penalty.amount_due_on(ordinal, RECEIVED, RECEIVED)
    with pytest.raises(ValueError, match=r"third|ordinal"):
        penalty.deadlines(RECEIVED, ordinal)


def test_payment_before_receipt_is_refused():
    with pytest.raises(ValueError, match="before"):
        penalty.amount_due_on(1, RECEIVED, D(2025, 3, 2))


# --- ordinals within the rolling 3-year period ----------------------------------------------
FIRST = D(2024, 10, 10)


@pytest.mark.parametrize(
    ("previous", "new", "expected"),
    [
        ([], D(2025, 3, 1), 1),
        ([FIRST], D(2025, 3, 1), 2),  # second within 3 years: 160, no reduction
        ([FIRST, D(2025, 3, 1)], D(2025, 6, 1), 3),  # third: refused, prosecution considered
        ([D(2025, 3, 1), FIRST], D(2027, 10, 9), 3),  # order of input does not matter
        ([FIRST, D(2025, 3, 1), D(2025, 4, 1)], D(2025, 6, 1), 3),  # 3 means "refused"
        ([FIRST], D(2027, 10, 9), 2),  # last day of the period
        ([FIRST], D(2027, 10, 10), 1),  # third anniversary: a new period
        ([FIRST, D(2025, 3, 1)], D(2027, 10, 10), 1),
        ([D(2024, 7, 1)], D(2024, 10, 10), 1),  # before 19 Aug 2024: does not count
        ([D(2024, 8, 19)], D(2024, 10, 10), 2),  # 19 Aug 2024 itself counts
        ([FIRST, D(2025, 6, 1)], D(2025, 3, 1), 2),  # later notices are ignored
        ([FIRST, D(2027, 11, 1)], D(2028, 3, 1), 2),  # second period began on 1 Nov 2027
        ([D(2028, 2, 29)], D(2031, 2, 28), 2),  # leap-day start
        ([D(2028, 2, 29)], D(2031, 3, 1), 1),
    ],
)
def test_ordinal_for(previous, new, expected):
    assert penalty.ordinal_for(previous, new) == expected


def test_second_notice_costs_160_and_third_is_refused():
    second = penalty.ordinal_for([FIRST], D(2025, 3, 1))
    assert penalty.amount_due_on(second, D(2025, 3, 3), D(2025, 3, 23)) == 160
    third = penalty.ordinal_for([FIRST, D(2025, 3, 1)], D(2025, 6, 1))
    assert third == penalty.REFUSED_ORDINAL
    with pytest.raises(ValueError, match="third"):
        penalty.amount_due_on(third, D(2025, 6, 3), D(2025, 6, 3))


def test_ordinal_first_counting_date_is_a_parameter():
    assert penalty.ordinal_for([D(2024, 7, 1)], D(2024, 10, 10), D(2024, 1, 1)) == 2


# --- notice to improve ----------------------------------------------------------------------
@pytest.mark.parametrize(("weeks", "ok"), [(2, False), (3, True), (4, True), (6, True), (7, False)])
def test_notice_to_improve_period(weeks, ok):
    assert penalty.notice_to_improve_period_ok(weeks) is ok


# --- school weeks come from real sessions, not from closure marks ---------------------------
def test_a_closed_week_of_hash_marks_is_not_a_school_week(school_days):
    # 5 G sessions in the week of 13 Jan 2025 and 5 O sessions in the week of 24 Mar 2025:
    # 11 calendar weeks apart, the half-term week of 17 Feb has no session, so 10 school
    # weeks: the threshold is met. A week of '#' marks (the school closed) in half term
    # must not turn half term back into a school week.
    first = both(D(2025, 1, 13)) + both(D(2025, 1, 14)) + [(D(2025, 1, 15), "am")]
    second = both(D(2025, 3, 24)) + both(D(2025, 3, 25)) + [(D(2025, 3, 26), "am")]
    closed = [s for day in days_from(D(2025, 2, 17), 5) for s in both(day)]
    marks = marks_for("G", first) + marks_for("O", second) + marks_for("#", closed)
    status = penalty.threshold_status(marks, D(2025, 3, 28), school_days)
    assert D(2025, 2, 17) not in status["school_weeks"]
    assert (status["window_start"], status["sessions"], status["met"]) == (D(2025, 1, 13), 10, True)
    many = penalty.threshold_status_many({1: marks}, D(2025, 3, 28), school_days)
    assert many[1] == status
    # A 'Y4' week (whole site unexpectedly closed) is no school week either.
    y4 = marks_for("G", first) + marks_for("O", second) + marks_for("Y4", closed)
    assert penalty.threshold_status(y4, D(2025, 3, 28), school_days)["met"] is True


def test_a_possible_session_mark_still_makes_a_school_week(school_days):
    # A present mark in half term (the school met for that pupil) makes it a school week.
    first = both(D(2025, 1, 13)) + both(D(2025, 1, 14)) + [(D(2025, 1, 15), "am")]
    second = both(D(2025, 3, 24)) + both(D(2025, 3, 25)) + [(D(2025, 3, 26), "am")]
    marks = marks_for("G", first) + marks_for("O", second) + [(D(2025, 2, 18), "am", "/")]
    status = penalty.threshold_status(marks, D(2025, 3, 28), school_days)
    assert D(2025, 2, 17) in status["school_weeks"]
    assert (status["sessions"], status["met"]) == (5, False)


def test_real_sessions():
    assert school_calendar.is_real_session([]) is True  # register not taken yet
    assert school_calendar.is_real_session(["#", "#"]) is False
    assert school_calendar.is_real_session(["Y4"]) is False
    assert school_calendar.is_real_session(["#", "/"]) is True  # some year groups closed


# --- improvement period of a notice to improve ----------------------------------------------
@pytest.mark.parametrize(
    ("issued", "weeks", "end"),
    [
        # 15 school days after Wed 15 Jan 2025: Thu 16 .. Wed 5 Feb (not Fri 31 Jan).
        (D(2025, 1, 15), 3, D(2025, 2, 5)),
        # Half term 17-21 Feb skipped: Thu 13, Fri 14, 24 Feb-7 Mar, 10-12 Mar.
        (D(2025, 2, 12), 3, D(2025, 3, 12)),
        (D(2025, 1, 15), 6, D(2025, 3, 5)),  # 30 school days, half term skipped
        # Issued on a Friday: the period ends on the Friday N weeks later.
        (D(2025, 1, 17), 4, D(2025, 2, 14)),
        # Bank holiday Mon 5 May 2025 (no session) pushes the end one school day on.
        (D(2025, 4, 30), 3, D(2025, 5, 22)),
    ],
)
def test_notice_to_improve_gives_full_school_weeks(school_days, issued, weeks, end):
    assert penalty.notice_to_improve_end(issued, weeks, school_days) == end


def test_notice_to_improve_end_needs_the_calendar_and_a_valid_period(school_days):
    with pytest.raises(ValueError, match="school calendar holds only"):
        penalty.notice_to_improve_end(D(2025, 12, 10), 3, school_days)
    with pytest.raises(ValueError, match="3 to 6 school weeks"):
        penalty.notice_to_improve_end(D(2025, 1, 15), 7, school_days)
