"""Distance to each attendance line (rules/foresight.py), on hand-computed figures."""

import datetime

import pytest
from school_attendance_rules import foresight

D = datetime.date


def by_line(rows):
    return {row["line"]: row for row in rows}


def test_pupil_at_91_2_percent_of_170_sessions():
    # 155 / 170 = 91.18%, shown 91.2%.
    # 90%: 155/172 = 90.1% is not persistent absence; 155/173 = 89.6% (18 absent >= 17.3) is.
    assert foresight.absences_to_cross("90", 155, 170) == 3
    # 50%: absent 15 + k >= (170 + k) / 2  <=>  k >= 140.
    assert foresight.absences_to_cross("50", 155, 170) == 140
    assert foresight.absences_to_cross("96", 155, 170) == 0  # already below 96%
    # Back above 96% as shown: 355/370 = 95.9% (below), 356/371 = 95.96% shown 96.0%.
    assert foresight.sessions_to_recover("96", 155, 170) == 201
    assert foresight.sessions_to_recover("90", 155, 170) == 0


def test_exactly_90_percent_is_persistent_absence():
    # 144 / 160 = 90.0%: 16 absent is 10% of 160, persistent absence (RULES.md, >= 10%).
    assert foresight.is_below_line("90", 144, 160)
    assert foresight.absences_to_cross("90", 144, 160) == 0
    # 145/161: 16 absent < 16.1, no longer persistent absence.
    assert foresight.sessions_to_recover("90", 144, 160) == 1


def test_pupil_at_86_2_percent_needs_45_sessions():
    # 100 / 116 = 86.2%: 16 absent. After m sessions attended, 16 * 100 < 10 * (116 + m)
    # needs m > 44: 144/160 is exactly 90.0% (still persistent), 145/161 is 90.06%.
    assert foresight.sessions_to_recover("90", 100, 116) == 45
    assert not foresight.is_below_line("90", 145, 161)
    assert foresight.is_below_line("90", 144, 160)


def test_96_line_uses_the_percentage_as_shown():
    # 2399 / 2500 = 95.96%, shown 96.0%: not below 96%, as the warning letter reads it.
    assert not foresight.is_below_line("96", 2399, 2500)
    assert foresight.is_below_line("96", 2398, 2500)  # 95.92% shown 95.9%
    assert foresight.absences_to_cross("96", 2399, 2500) == 1


def test_severe_absence_at_half():
    assert foresight.is_below_line("50", 50, 100)  # 50 absent is 50%: severe
    assert foresight.sessions_to_recover("50", 50, 100) == 1
    assert foresight.absences_to_cross("50", 51, 100) == 2  # 51/101 not severe, 51/102 is


def test_no_sessions_yet():
    assert not foresight.is_below_line("90", 0, 0)
    assert foresight.absences_to_cross("96", 0, 0) == 1
    assert foresight.absences_to_cross("50", 0, 0) == 1


@pytest.mark.parametrize("line", ["96", "90", "50"])
@pytest.mark.parametrize("possible", [1, 7, 40, 171, 380])
def test_distances_agree_with_counting_one_session_at_a_time(line, possible):
    for present in range(possible + 1):
        if foresight.is_below_line(line, present, possible):
            m = 0
            while foresight.is_below_line(line, present + m, possible + m):
                m += 1
            assert foresight.sessions_to_recover(line, present, possible) == m
            assert foresight.absences_to_cross(line, present, possible) == 0
        else:
            k = 0
            while not foresight.is_below_line(line, present, possible + k):
                k += 1
            assert foresight.absences_to_cross(line, present, possible) == k
            assert foresight.sessions_to_recover(line, present, possible) == 0


def test_line_distances_give_the_date_back_above():
    future = []
    day = D(2026, 12, 4)  # a Friday
    while len(future) < 60:
        if day.weekday() < 5:
            future += [(day, "am"), (day, "pm")]
        day += datetime.timedelta(days=1)
    rows = by_line(foresight.line_distances(100, 116, future))
    assert rows["90"]["below"] and rows["90"]["sessions"] == 45
    # The 45th session from Fri 4 Dec: 22 full days then an AM -> the 23rd school day.
    assert rows["90"]["back_above_on"] == future[44][0] == D(2027, 1, 5)
    assert rows["50"] == {
        "line": "50",
        "pct": 50,
        "name": "50% (severe absence)",
        "below": False,
        "absences": 84,  # 16 + k >= (116 + k) / 2  <=>  k >= 84
        "sessions": 0,
        "back_above_on": None,
    }
    # 96% needs more sessions than the year has left here: no date.
    assert rows["96"]["sessions"] > 60 and rows["96"]["back_above_on"] is None


def test_bad_figures_are_refused():
    with pytest.raises(ValueError, match="cannot exceed"):
        foresight.absences_to_cross("90", 10, 5)
    with pytest.raises(ValueError, match="unknown attendance line"):
        foresight.is_below_line("85", 1, 2)
    with pytest.raises(ValueError, match="whole number"):
        foresight.sessions_to_recover("90", -1, 2)


def test_projection_at_this_half_terms_rate():
    # 150 of 164 now (91.5%); this half term 20 of 24 (83.3%); 40 sessions left.
    # At 5/6 a session: 150 + 33.33 = 183.33 of 204 = 89.9%: persistent absence by then.
    result = foresight.projection(150, 164, 20, 24, 40)
    assert result["rate_pct"] == 83.3
    assert result["possible"] == 204
    assert result["attendance_pct"] == 89.9
    assert result["persistent"]
    # At 22 of 24 (91.7%) the pupil stays above: 150 + 36.67 = 186.67 / 204 = 91.5%.
    assert not foresight.projection(150, 164, 22, 24, 40)["persistent"]


def test_projection_exactly_at_90_is_persistent_absence():
    # 90 of 100 now, rate 90%, 10 left: 99 of 110 = 90.0% -> 10% absence: persistent.
    assert foresight.projection(90, 100, 9, 10, 10)["persistent"]
    with pytest.raises(ValueError, match="remaining"):
        foresight.projection(90, 100, 9, 10, -1)
