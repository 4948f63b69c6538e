"""Compulsory school age (Education Act 1996 s8), from a date of birth.

Pure standard-library helpers (no Odoo import); dates are ``datetime.date``.

* A child *becomes* of compulsory school age on the first prescribed day (31 December,
  31 March, 31 August) on or after their fifth birthday (:func:`compulsory_school_age_start`).
  A child whose fifth birthday is a prescribed day is of that age from the birthday itself.
* A child *stops* being of compulsory school age at the end of the school leaving date: the
  last Friday in June of the school year (1 September to 31 August) in which they turn 16
  (:func:`school_leaving_date`). That Friday is still a day of compulsory school age.
* A birthday on 29 February is reached on 1 March in a common year (Family Law Reform Act
  1969 s9), so a child born on 29 February 2020 is five on 1 March 2025.
"""

import datetime

__all__ = [
    "PRESCRIBED_DAYS",
    "START_AGE",
    "LEAVING_AGE",
    "birthday",
    "compulsory_school_age_start",
    "school_leaving_date",
    "compulsory_school_age_period",
    "is_compulsory_school_age",
]

#: (month, day) of the prescribed days, in calendar order.
PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))
#: Age at which a child reaches compulsory school age (on the next prescribed day).
START_AGE = 5
#: Age whose school year ends compulsory school age (on the school leaving date).
LEAVING_AGE = 16


def _check_date(value, name):
    """Raise TypeError unless ``value`` is a plain ``datetime.date``."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a datetime.date, got {value!r}")
    return value


def birthday(date_of_birth, age):
    """The day a child born on ``date_of_birth`` reaches ``age`` (29 Feb -> 1 Mar)."""
    _check_date(date_of_birth, "date_of_birth")
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:  # 29 February in a common year
        return datetime.date(date_of_birth.year + age, 3, 1)


def compulsory_school_age_start(date_of_birth):
    """First day of compulsory school age: the first prescribed day on or after the 5th birthday."""
    fifth = birthday(date_of_birth, START_AGE)
    for month, day in PRESCRIBED_DAYS:
        prescribed = datetime.date(fifth.year, month, day)
        if prescribed >= fifth:
            return prescribed
    raise AssertionError("31 December is the last day of every year")  # pragma: no cover


def school_leaving_date(date_of_birth):
    """Last day of compulsory school age: the last Friday in June of the school year in
    which the child turns 16 (a school year runs 1 September to 31 August)."""
    sixteenth = birthday(date_of_birth, LEAVING_AGE)
    year = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    june_30 = datetime.date(year, 6, 30)
    return june_30 - datetime.timedelta(days=(june_30.weekday() - 4) % 7)


def compulsory_school_age_period(date_of_birth):
    """``(first day, last day)`` of compulsory school age, both days included."""
    return compulsory_school_age_start(date_of_birth), school_leaving_date(date_of_birth)


def is_compulsory_school_age(date_of_birth, on_date):
    """Whether a child born on ``date_of_birth`` is of compulsory school age on ``on_date``."""
    _check_date(on_date, "on_date")
    start, end = compulsory_school_age_period(date_of_birth)
    return start <= on_date <= end
