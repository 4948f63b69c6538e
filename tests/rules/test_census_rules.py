"""Tests for school_attendance rules/census.py (census attendance counts per pupil)."""

import datetime

import pytest
from school_attendance_rules import census
from school_attendance_rules import statistics as stats

D = datetime.date


def test_pupil_counts_by_hand():
    # 21 sessions on roll: / x6, \ x5, L x1, B x1 (attended 13), I x2, M x1 (authorised 3),
    # U x1, G x1 (unauthorised 2), X x1 and # x1 (not possible), 1 without a code.
    codes = {"/": 6, "\\": 5, "L": 1, "B": 1, "I": 2, "M": 1, "U": 1, "G": 1, "X": 1, "#": 1}
    row = census.pupil_counts(codes, minutes_late=55, sessions_on_roll=21)
    assert row["SessionsPossible"] == 18
    assert row["SessionsAttended"] == 13
    assert row["SessionsAuthorised"] == 3
    assert row["SessionsUnauthorised"] == 2
    assert row["SessionsPresent"] == 11
    assert row["SessionsLateBeforeClose"] == 1
    assert row["SessionsApprovedActivity"] == 1
    assert row["SessionsI"] == 2 and row["SessionsM"] == 1
    assert row["SessionsU"] == 1 and row["SessionsG"] == 1
    assert row["SessionsN"] == row["SessionsO"] == row["SessionsC"] == 0
    assert row["SessionsLateAfterClose"] == 1
    assert row["SessionsNotPossible"] == 2
    assert row["SessionsUnmarked"] == 1
    assert row["MinutesLate"] == 55
    # 13 / 18 = 72.22...%
    assert row["AttendancePct"] == 72.2


def test_every_count_column_is_filled():
    row = census.pupil_counts({})
    for column in census.CENSUS_COLUMNS:
        if column.startswith("Sessions") or column in ("AttendancePct", "MinutesLate"):
            assert row[column] == 0, column
    assert row["SessionsUnmarked"] == 0


def test_possible_is_attended_plus_absence_for_every_code():
    row = census.pupil_counts(dict.fromkeys(stats.CODE_FLAGS, 1))
    assert row["SessionsPossible"] == (
        row["SessionsAttended"] + row["SessionsAuthorised"] + row["SessionsUnauthorised"]
    )
    assert row["SessionsPossible"] == 22
    # X Q Y1-Y7 D Z #
    assert row["SessionsNotPossible"] == 12
    reasons = sum(row["Sessions" + code] for code in census.ABSENCE_REASON_CODES)
    assert reasons == row["SessionsAuthorised"] + row["SessionsUnauthorised"]
    assert row["SessionsApprovedActivity"] == 5  # K V P W B


def test_bad_counts_are_refused():
    with pytest.raises(ValueError, match="unknown attendance code"):
        census.pupil_counts({"H": 1})
    with pytest.raises(ValueError, match="cannot exceed"):
        census.pupil_counts({"/": 3}, sessions_on_roll=2)
    with pytest.raises(ValueError, match="negative"):
        census.pupil_counts({"/": -1})


def test_statistical_category():
    assert census.statistical_category("L") == "attending"
    assert census.statistical_category("B") == "attending"
    assert census.statistical_category("C1") == "authorised"
    assert census.statistical_category("U") == "unauthorised"
    assert census.statistical_category("Y3") == "not_possible"
    assert census.statistical_category("#") == "not_possible"
    assert census.statistical_category(None) == "unmarked"
    with pytest.raises(ValueError):
        census.statistical_category("J")


def test_census_age():
    start = census.census_age_date(D(2024, 9, 2))
    assert start == D(2024, 8, 31)
    assert census.census_age_date(D(2025, 1, 6)) == D(2024, 8, 31)
    # Born 1 Sep 2018: 5 only on 1 Sep 2023, so aged 5 on 31 Aug 2024 is false until 2024.
    assert census.age_on(D(2018, 9, 1), start) == 5
    assert census.age_on(D(2019, 8, 31), start) == 5
    assert census.age_on(D(2019, 9, 1), start) == 4
    assert census.age_on(None, start) is None
    assert census.in_census_age_range(5) and census.in_census_age_range(15)
    assert not census.in_census_age_range(4) and not census.in_census_age_range(16)
    assert census.in_census_age_range(None)
    with pytest.raises(ValueError):
        census.age_on(D(2025, 1, 1), start)
