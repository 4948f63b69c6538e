"""Compulsory school age (Education Act 1996 s8): hand-computed boundaries."""

import datetime

import pytest
from school_attendance_rules import school_age

D = datetime.date


@pytest.mark.parametrize(
    ("born", "start"),
    [
        (D(2019, 12, 31), D(2024, 12, 31)),  # 5 on a prescribed day: from that day
        (D(2019, 12, 30), D(2024, 12, 31)),  # day before a prescribed day: the next morning
        (D(2020, 1, 1), D(2025, 3, 31)),  # day after: waits for 31 March
        (D(2020, 3, 31), D(2025, 3, 31)),
        (D(2020, 4, 1), D(2025, 8, 31)),
        (D(2020, 8, 31), D(2025, 8, 31)),
        (D(2020, 9, 1), D(2025, 12, 31)),
        (D(2020, 2, 29), D(2025, 3, 31)),  # 5 on 1 March 2025 (no 29 Feb in 2025)
    ],
)
def test_compulsory_school_age_starts_on_the_prescribed_day(born, start):
    assert school_age.compulsory_school_age_start(born) == start
    assert school_age.is_compulsory_school_age(born, start) is True
    assert school_age.is_compulsory_school_age(born, start - datetime.timedelta(days=1)) is False


@pytest.mark.parametrize(
    ("born", "leaving"),
    [
        # 16 on 31 Aug 2024: school year 2023-24, last Friday of June 2024 is the 28th.
        (D(2008, 8, 31), D(2024, 6, 28)),
        # 16 on 1 Sep 2024: school year 2024-25, last Friday of June 2025 is the 27th.
        (D(2008, 9, 1), D(2025, 6, 27)),
        (D(2009, 1, 15), D(2025, 6, 27)),
        (D(2008, 2, 29), D(2024, 6, 28)),  # 16 on 29 Feb 2024 (a leap year)
        (D(2010, 6, 30), D(2026, 6, 26)),  # 30 June 2026 is a Tuesday
        (D(2011, 3, 1), D(2027, 6, 25)),  # 30 June 2027 is a Wednesday
        (D(2014, 1, 1), D(2030, 6, 28)),  # 30 June 2030 is a Sunday
    ],
)
def test_school_leaving_date_is_the_last_friday_in_june(born, leaving):
    assert school_age.school_leaving_date(born) == leaving
    assert leaving.weekday() == 4 and leaving.month == 6 and leaving.day > 23
    assert school_age.is_compulsory_school_age(born, leaving) is True  # the leaving day itself
    assert school_age.is_compulsory_school_age(born, leaving + datetime.timedelta(days=1)) is False


def test_last_friday_when_30_june_is_a_friday():
    # 30 June 2028 is a Friday: a child 16 during 2027-28 leaves that day.
    assert school_age.school_leaving_date(D(2012, 5, 1)) == D(2028, 6, 30)


def test_period_and_birthday():
    assert school_age.compulsory_school_age_period(D(2019, 12, 31)) == (
        D(2024, 12, 31),
        D(2036, 6, 27),
    )
    assert school_age.birthday(D(2020, 2, 29), 5) == D(2025, 3, 1)
    assert school_age.birthday(D(2020, 2, 29), 4) == D(2024, 2, 29)


def test_timestamps_are_refused():
    with pytest.raises(TypeError):
        school_age.is_compulsory_school_age(D(2019, 1, 1), datetime.datetime(2025, 1, 1))
    with pytest.raises(TypeError):
        school_age.compulsory_school_age_start(datetime.datetime(2019, 1, 1))
