"""Tests for school_attendance rules/lateness.py (seed 002: register 8:50, closes 9:20)."""

import datetime

import pytest
from school_attendance_rules import lateness

h = lateness.hours


def test_seed_002_defaults():
    assert lateness.DEFAULT_REGISTER_TIMES["am"] == (h(8, 50), h(9, 20))
    assert lateness.DEFAULT_REGISTER_TIMES["pm"] == (13.0, 13.5)


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        (h(8, 30), ("/", 0)),  # doors open
        (h(8, 50), ("/", 0)),  # exactly when the register is taken
        (h(8, 51), ("L", 1)),
        (h(8, 50, 20), ("L", 1)),  # part minutes round up
        (h(9, 5), ("L", 15)),
        (h(9, 20), ("L", 30)),  # up to and including the close
        (h(9, 21), ("U", 31)),
        (h(9, 20, 30), ("U", 31)),
        (h(11, 0), ("U", 130)),
    ],
)
def test_am_arrivals_with_seed_times(arrival, expected):
    assert lateness.classify_arrival(arrival, h(8, 50), h(9, 20)) == expected
    assert lateness.classify_arrival(arrival) == expected  # the same via the defaults


@pytest.mark.parametrize(
    ("arrival", "expected"),
    [
        (h(12, 55), ("\\", 0)),
        (h(13, 0), ("\\", 0)),
        (h(13, 1), ("L", 1)),
        (h(13, 30), ("L", 30)),
        (h(13, 31), ("U", 31)),
    ],
)
def test_pm_arrivals_use_the_same_thirty_minutes(arrival, expected):
    assert lateness.classify_arrival(arrival, session="pm") == expected


def test_accepts_datetime_time():
    got = lateness.classify_arrival(
        datetime.time(8, 51), datetime.time(8, 50), datetime.time(9, 20)
    )
    assert got == ("L", 1)


def test_school_specific_times():
    # A register taken at 8:40 that stays open 20 minutes.
    assert lateness.classify_arrival(h(9, 0), h(8, 40), h(9, 0)) == ("L", 20)
    assert lateness.classify_arrival(h(9, 1), h(8, 40), h(9, 0)) == ("U", 21)
    assert lateness.classify_arrival(h(8, 45), h(8, 50), h(8, 50)) == ("/", 0)


@pytest.mark.parametrize("arrival", [-0.5, -1, 24, 25.0, float("nan"), None, "8:51", True])
def test_rejects_out_of_day_arrivals(arrival):
    with pytest.raises(ValueError, match="arrival"):
        lateness.classify_arrival(arrival)


def test_rejects_bad_register_times():
    with pytest.raises(ValueError, match="register_time"):
        lateness.classify_arrival(h(9, 0), -8.0, h(9, 20))
    with pytest.raises(ValueError, match="earlier"):
        lateness.classify_arrival(h(9, 0), h(9, 20), h(8, 50))
    with pytest.raises(ValueError, match="at most 30 minutes"):
        lateness.classify_arrival(h(9, 0), h(8, 50), h(9, 21))


def test_rejects_unknown_session():
    with pytest.raises(ValueError, match="session"):
        lateness.classify_arrival(h(9, 0), session="evening")
