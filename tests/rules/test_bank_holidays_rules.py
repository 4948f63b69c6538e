"""Working days for a posted notice: weekends and England and Wales bank holidays skipped."""

import datetime

import pytest
from school_attendance_rules import bank_holidays
from school_penalty_rules import penalty

D = datetime.date


def test_england_and_wales_bank_holidays_from_the_holidays_package():
    assert bank_holidays.bank_holidays(D(2024, 12, 1), D(2025, 5, 31)) == [
        D(2024, 12, 25),
        D(2024, 12, 26),
        D(2025, 1, 1),
        D(2025, 4, 18),  # Good Friday
        D(2025, 4, 21),  # Easter Monday
        D(2025, 5, 5),
        D(2025, 5, 26),
    ]
    # Boxing Day 2026 is a Saturday: the substitute bank holiday is Monday 28 December.
    assert D(2026, 12, 28) in bank_holidays.bank_holidays(D(2026, 12, 24), D(2026, 12, 31))


@pytest.mark.parametrize(
    ("posted", "days", "received"),
    [
        (D(2025, 3, 3), 2, D(2025, 3, 5)),  # Mon -> Wed
        (D(2025, 3, 6), 2, D(2025, 3, 10)),  # Thu -> Mon (weekend skipped)
        (D(2024, 12, 23), 2, D(2024, 12, 27)),  # Mon: Tue 24, (25, 26 bank holidays), Fri 27
        (D(2024, 12, 24), 1, D(2024, 12, 27)),  # never "received" on Christmas Day
        (D(2024, 12, 31), 1, D(2025, 1, 2)),  # New Year's Day skipped
        (D(2025, 4, 17), 2, D(2025, 4, 23)),  # Thu before Easter: Fri 18, Mon 21 skipped
        (D(2026, 12, 24), 1, D(2026, 12, 29)),  # substitute Boxing Day Mon 28 skipped
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
    ],
)
def test_posted_notice_received_after_working_days(posted, days, received):
    assert bank_holidays.working_days_after(posted, days) == received


def test_payment_periods_move_with_the_day_of_receipt():
    # Posted Thursday 17 April 2025 with 2 working days: received Wednesday 23 April (not
    # Saturday 19 or Tuesday 22), so 80 up to 13 May and 160 from 14 to 20 May.
    received = bank_holidays.working_days_after(D(2025, 4, 17), 2)
    assert penalty.deadlines(received, 1) == {
        "reduced_until": D(2025, 5, 13),
        "full_until": D(2025, 5, 20),
    }
    # RULES.md: received 3 March -> 80 up to and including 23 March, 160 from 24 to 30 March.
    assert penalty.deadlines(D(2025, 3, 3), 1) == {
        "reduced_until": D(2025, 3, 23),
        "full_until": D(2025, 3, 30),
    }
    assert penalty.amount_due_on(1, D(2025, 3, 3), D(2025, 3, 24)) == 160
    assert penalty.amount_due_on(1, D(2025, 3, 3), D(2025, 3, 31)) is None


def test_extra_closed_days_are_skipped_too():
    assert bank_holidays.working_days_after(D(2025, 3, 3), 1, closed=[D(2025, 3, 4)]) == D(
        2025, 3, 5
    )
