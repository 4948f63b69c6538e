"""Tests for school_attendance rules/statistics.py (code flags, summaries, bands, thresholds)."""

from pathlib import Path
from xml.etree import ElementTree

import pytest
from school_attendance_rules import statistics as stats

CODE_DATA = (
    Path(__file__).resolve().parents[2]
    / "addons"
    / "school_attendance"
    / "data"
    / "school_attendance_code_data.xml"
)

# Groupings as RULES.md lists them.
ATTENDANCE = {"/", "\\", "L", "K", "V", "P", "W", "B"}
AUTHORISED = {"I", "M", "R", "S", "T", "E", "C", "C1", "J1", "C2"}
UNAUTHORISED = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "D", "Z", "#"}


def _codes_with(flag):
    return {code for code, flags in stats.CODE_FLAGS.items() if flags[flag]}


# --- national flags -------------------------------------------------------------------------
def test_all_34_national_codes():
    assert len(stats.CODE_FLAGS) == 34
    assert set(stats.CODE_FLAGS) == ATTENDANCE | AUTHORISED | UNAUTHORISED | NOT_POSSIBLE
    assert set(stats.CODE_CATEGORIES) == set(stats.CODE_FLAGS)


def test_flag_groups_match_rules():
    assert _codes_with("present") == ATTENDANCE
    assert _codes_with("authorised") == AUTHORISED
    assert _codes_with("unauthorised") == UNAUTHORISED
    assert set(stats.CODE_FLAGS) - _codes_with("possible") == NOT_POSSIBLE
    assert _codes_with("late") == {"L", "U"}


def test_possible_equals_attendance_plus_absence():
    stats.check_flags(stats.CODE_FLAGS)
    for code, flags in stats.CODE_FLAGS.items():
        outcome = flags["present"] + flags["authorised"] + flags["unauthorised"]
        assert outcome == flags["possible"], code


def _code_data_records():
    """The active codes of the addon's data file: {code: {field: value}}."""
    records = {}
    for record in ElementTree.parse(CODE_DATA).getroot().iter("record"):
        values = {}
        for field in record.iter("field"):
            values[field.get("name")] = field.get("eval") if field.get("eval") else field.text
        if values.get("active") != "False":
            records[values["code"]] = values
    return records


def test_flags_match_the_code_data_file():
    """The pure rules and the codes the addon installs count every code the same way
    (categories are named differently: the rules keep codes2024.csv's names)."""
    records = _code_data_records()
    assert len(records) == 34
    assert set(records) == set(stats.CODE_FLAGS)
    for code, values in records.items():
        flags = stats.CODE_FLAGS[code]
        for name in ("possible", "present", "authorised", "unauthorised"):
            assert flags[name] == (values["counts_as_" + name] == "True"), (code, name)


def test_retired_codes_are_kept_apart():
    assert not {"H", "J", "Y"} & set(stats.CODE_FLAGS)
    assert stats.RETIRED_CODE_FLAGS["H"]["authorised"]
    assert stats.RETIRED_CODE_FLAGS["J"]["present"]
    assert not stats.RETIRED_CODE_FLAGS["Y"]["possible"]
    stats.check_flags(stats.RETIRED_CODE_FLAGS)
    with pytest.raises(ValueError, match="unknown attendance code 'H'"):
        stats.summarise(["/", "H"])
    historic_flags = {**stats.CODE_FLAGS, **stats.RETIRED_CODE_FLAGS}
    historic = stats.summarise(["/", "H", "J", "Y"], historic_flags)
    assert (historic["possible"], historic["present"], historic["authorised"]) == (3, 2, 1)


def test_national_flags_is_an_independent_copy():
    copy = stats.national_flags()
    copy["I"]["authorised"] = False
    assert stats.CODE_FLAGS["I"]["authorised"] is True


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"possible": True, "present": True, "authorised": False, "unauthorised": False},
            "lacks flag",
        ),
        (
            {
                "possible": True,
                "present": True,
                "authorised": True,
                "unauthorised": False,
                "late": False,
            },
            "not 2",
        ),
        (
            {
                "possible": False,
                "present": True,
                "authorised": False,
                "unauthorised": False,
                "late": False,
            },
            "non-possible",
        ),
        (
            {
                "possible": True,
                "present": False,
                "authorised": False,
                "unauthorised": False,
                "late": False,
            },
            "not 0",
        ),
    ],
)
def test_check_flags_rejects_inconsistent_tables(entry, message):
    with pytest.raises(ValueError, match=message):
        stats.check_flags({"Q9": entry})


# --- summarise ------------------------------------------------------------------------------
def test_summarise_counts_every_category():
    marks = ["/", "\\", "L", "V", "I", "M", "G", "U", "X", "#", "D", "Y3"]
    result = stats.summarise(marks)
    assert result["possible"] == 8
    assert result["present"] == 4
    assert result["authorised"] == 2
    assert result["unauthorised"] == 2
    assert result["absent"] == 4
    assert result["attendance_pct"] == 50.0
    assert result["absence_pct"] == 50.0
    assert result["late_before_close"] == 1
    assert result["late_after_close"] == 1
    assert result["codes"] == dict.fromkeys(marks, 1)


def test_summarise_accepts_minutes_late():
    result = stats.summarise([("L", 5), ("L", 12), ("U", 31), "/", ("\\", None)])
    assert result["minutes_late"] == 48
    assert result["late_before_close"] == 2
    assert result["late_after_close"] == 1
    assert result["codes"] == {"L": 2, "U": 1, "/": 1, "\\": 1}
    assert result["attendance_pct"] == 80.0


def test_summarise_rounds_to_one_decimal():
    result = stats.summarise(["/", "/", "I"])
    assert result["attendance_pct"] == 66.7
    assert result["absence_pct"] == 33.3


@pytest.mark.parametrize("marks", [[], ["X", "#", "Z", "Y1", "D"]])
def test_summarise_without_possible_sessions(marks):
    result = stats.summarise(marks)
    assert result["possible"] == 0
    assert result["attendance_pct"] == 0.0
    assert result["absence_pct"] == 0.0
    assert result["is_persistent_absentee"] is False
    assert result["is_severe_absentee"] is False


def test_summarise_rejects_unknown_code_and_negative_minutes():
    with pytest.raises(ValueError, match="unknown attendance code 'A'"):
        stats.summarise(["/", "A"])
    with pytest.raises(ValueError, match="negative"):
        stats.summarise([("L", -1)])


def test_summarise_with_a_school_table():
    flags = stats.national_flags()
    flags["T"] = {
        "possible": True,
        "present": False,
        "authorised": False,
        "unauthorised": True,
        "late": False,
    }
    assert stats.summarise(["T"], flags)["unauthorised"] == 1
    assert stats.summarise(["T"])["authorised"] == 1


def test_summarise_counts_agrees_with_summarise_mark_by_mark():
    # Ava's fortnight as the database counts it (one row per code): 16 present, L 12
    # minutes late, V, I, O, X, # -> possible 20, attendance 90.0%, absence exactly 10%.
    marks = ["/"] * 8 + ["\\"] * 8 + [("L", 12), "V", "I", "O", "X", "#"]
    counts = {"/": 8, "\\": 8, "L": 1, "V": 1, "I": 1, "O": 1, "X": 1, "#": 1, "G": 0}
    result = stats.summarise_counts(counts, stats.CODE_FLAGS, minutes_late=12)
    assert result == stats.summarise(marks)
    assert (result["possible"], result["attendance_pct"], result["minutes_late"]) == (20, 90.0, 12)
    assert result["is_persistent_absentee"] is True
    assert "G" not in result["codes"]
    with pytest.raises(ValueError, match="unknown attendance code 'A'"):
        stats.summarise_counts({"A": 2}, stats.CODE_FLAGS)


# --- persistent (>= 10%) and severe (>= 50%) absence ------------------------------------------
@pytest.mark.parametrize(
    ("present", "absent", "persistent", "severe"),
    [
        (90, 10, True, False),  # exactly 10%
        (91, 9, False, False),  # 9%
        (1801, 199, False, False),  # 9.95% shows as 10.0 but is below 10%
        (50, 50, True, True),  # exactly 50%
        (51, 49, True, False),
        (1, 1, True, True),
        (0, 3, True, True),
        (3, 0, False, False),
    ],
)
def test_persistent_and_severe_boundaries(present, absent, persistent, severe):
    result = stats.summarise(["/"] * present + ["I"] * absent)
    assert result["is_persistent_absentee"] is persistent
    assert result["is_severe_absentee"] is severe


def test_rounded_figure_does_not_decide_persistence():
    result = stats.summarise(["/"] * 1801 + ["O"] * 199)
    assert result["absence_pct"] == 10.0
    assert result["is_persistent_absentee"] is False


def test_unauthorised_and_authorised_both_count_as_absence():
    result = stats.summarise(["/"] * 18 + ["G", "I"])
    assert result["absence_pct"] == 10.0
    assert result["is_persistent_absentee"] is True


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [(1, 8, 12.5), (249, 2000, 12.5), (1, 3, 33.3), (2, 3, 66.7), (5, 0, 0.0), (7, 7, 100.0)],
)
def test_percentage_rounds_half_up(part, whole, expected):
    assert stats.percentage(part, whole) == expected


# --- seed 003 bands -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pct", "code"),
    [
        (100, "band_98"),
        (98.0, "band_98"),
        (97.9, "band_95"),
        (97.95, "band_95"),
        (96.0, "band_95"),
        (95.0, "band_95"),
        (94.9, "band_92"),
        (92.0, "band_92"),
        (91.9, "band_90"),
        (90.0, "band_90"),
        (89.9, "band_below_90"),
        (50.0, "band_below_90"),
        (0, "band_below_90"),
    ],
)
def test_seed_003_band_boundaries(pct, code):
    assert stats.band_for(pct)["code"] == code


def test_seed_003_band_staff():
    responsible = {band["code"]: band["responsible"] for band in stats.DEFAULT_BANDS}
    assert responsible == {
        "band_98": "Whole School Approach",
        "band_95": "Learning Mentor & Class Teachers",
        "band_92": "Learning Mentor & Senior Leadership Team",
        "band_90": "Senior Leaders and Educational Welfare Officer",
        "band_below_90": "Senior Programme Leaders and Education Welfare Officer",
    }
    assert stats.band_for(93.5)["label"] == "92% - 94.9%"


@pytest.mark.parametrize("pct", [100.1, -0.1, None, True, "95"])
def test_band_for_rejects_non_percentages(pct):
    with pytest.raises(ValueError, match="percentage"):
        stats.band_for(pct)


def test_band_for_custom_bands_and_copies():
    bands = [{"code": "ok", "min_pct": 95}, {"code": "low", "min_pct": 20}]
    assert stats.band_for(95, bands)["code"] == "ok"
    assert stats.band_for(94.9, bands)["code"] == "low"
    with pytest.raises(ValueError, match="no band"):
        stats.band_for(10, bands)
    stats.band_for(99)["responsible"] = "changed"
    assert stats.DEFAULT_BANDS[0]["responsible"] == "Whole School Approach"


def test_summary_feeds_band_and_letters():
    result = stats.summarise(["/"] * 182 + ["I"] * 6 + ["O"] * 2)  # 190 possible
    assert result["attendance_pct"] == 95.8
    assert stats.band_for(result["attendance_pct"])["code"] == "band_95"
    assert stats.escalation_steps(result["attendance_pct"]) == ["warning_letter"]


# --- escalation thresholds (seed 000: 96% warning, 90% letter 1; seed 001: 85%) -------------
@pytest.mark.parametrize(
    ("pct", "warning", "letter_one", "penalty_review"),
    [
        (100, False, False, False),
        (96.0, False, False, False),  # "below 96%" is strict
        (95.9, True, False, False),
        (90.1, True, False, False),
        (90.0, True, True, False),  # "90% or less" includes 90
        (85.1, True, True, False),
        (85.0, True, True, True),  # "85% or below" includes 85
        (0, True, True, True),
    ],
)
def test_escalation_thresholds(pct, warning, letter_one, penalty_review):
    assert stats.needs_warning_letter(pct) is warning
    assert stats.needs_letter_one(pct) is letter_one
    assert stats.needs_penalty_review(pct) is penalty_review
    expected = [
        code
        for code, hit in (
            ("warning_letter", warning),
            ("letter_1", letter_one),
            ("penalty_review", penalty_review),
        )
        if hit
    ]
    assert stats.escalation_steps(pct) == expected


def test_escalation_threshold_is_a_setting():
    assert stats.needs_warning_letter(96.5, threshold=97.0) is True
    assert stats.needs_letter_one(91.0, threshold=92.0) is True
    assert stats.is_below(92.0, 92.0) is False
    assert stats.is_below(92.0, 92.0, inclusive=True) is True
    with pytest.raises(ValueError, match="percentage"):
        stats.needs_warning_letter(101)


# --- 90.0% exactly (issue 16 point 13) -------------------------------------------------------
def test_exactly_90_percent_is_persistent_absence_and_90_or_less():
    # 171 of 190 possible sessions attended: 90.0% attendance, 10.0% absence.
    result = stats.summarise(["/"] * 171 + ["I"] * 10 + ["O"] * 9)
    assert (result["possible"], result["attendance_pct"]) == (190, 90.0)
    assert result["is_persistent_absentee"] is True  # absence >= 10%
    assert stats.needs_letter_one(result["attendance_pct"]) is True  # "90% or less"
    assert stats.band_for(result["attendance_pct"])["code"] == "band_90"  # 90% - 91.9%


def test_steps_read_the_percentage_as_shown_to_one_decimal():
    # 1799 of 2000 = 89.95% is shown (half-up) as 90.0%: "90% or less" and band 90-91.9;
    # persistent absence is decided on the exact counts (10.05% absence): yes.
    result = stats.summarise(["/"] * 1799 + ["O"] * 201)
    assert result["attendance_pct"] == 90.0
    assert stats.needs_letter_one(result["attendance_pct"]) is True
    assert stats.band_for(result["attendance_pct"])["code"] == "band_90"
    assert result["is_persistent_absentee"] is True
    # 1801 of 2000 = 90.05% is shown as 90.1%: not "90% or less", not persistent absence.
    result = stats.summarise(["/"] * 1801 + ["O"] * 199)
    assert result["attendance_pct"] == 90.1
    assert stats.needs_letter_one(result["attendance_pct"]) is False
    assert result["is_persistent_absentee"] is False
