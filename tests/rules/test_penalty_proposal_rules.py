"""What a proposal may rest on: sessions not reused, the improvement period, recent N marks."""

import datetime

from school_penalty_rules import penalty

D = datetime.date
#: School days 3 to 14 March 2025 (two full weeks, no closure).
MARCH = [D(2025, 3, 3) + datetime.timedelta(days=i) for i in range(12) if i % 7 < 5]


def status_of(marks):
    return {"marks": sorted(marks), "threshold": penalty.THRESHOLD_SESSIONS}


def test_n_counts_after_five_school_days():
    # N on Mon 3 March: school days after it are 4, 5, 6, 7 (4 days by Fri 7) and
    # 10 March (the 5th): it counts from Monday 10 March, not on Friday 7 March.
    monday = D(2025, 3, 3)
    assert not penalty.n_is_settled(monday, D(2025, 3, 7), MARCH)
    assert not penalty.n_is_settled(monday, D(2025, 3, 9), MARCH)
    assert penalty.n_is_settled(monday, D(2025, 3, 10), MARCH)
    # The school's own limit: 2 school days → counts from Wednesday 5 March.
    assert not penalty.n_is_settled(monday, D(2025, 3, 4), MARCH, settle_days=2)
    assert penalty.n_is_settled(monday, D(2025, 3, 5), MARCH, settle_days=2)


def test_n_age_skips_days_without_sessions():
    # 5 and 6 March closed (no sessions): the 5th school day after 3 March is 12 March.
    calendar = [d for d in MARCH if d not in (D(2025, 3, 5), D(2025, 3, 6))]
    assert not penalty.n_is_settled(D(2025, 3, 3), D(2025, 3, 11), calendar)
    assert penalty.n_is_settled(D(2025, 3, 3), D(2025, 3, 12), calendar)


def test_used_sessions_and_recent_n_are_set_aside():
    # 10 U on 3-7 March and an N on Fri 14 March; 2 of the U already support a notice
    # to improve to this parent. As at 14 March: 8 U kept (under 10), the N is too recent.
    marks = [(d, p, "U") for d in MARCH[:5] for p in ("am", "pm")]
    marks.append((D(2025, 3, 14), "am", "N"))
    used = {(D(2025, 3, 3), "am"), (D(2025, 3, 3), "pm")}
    result = penalty.proposal_status(status_of(marks), D(2025, 3, 14), MARCH, used=used)
    assert result["sessions"] == 8
    assert not result["met"]
    reasons = {(mark[0], mark[1]): reason for mark, reason in result["set_aside"]}
    assert reasons == {
        (D(2025, 3, 3), "am"): penalty.SET_ASIDE_USED,
        (D(2025, 3, 3), "pm"): penalty.SET_ASIDE_USED,
        (D(2025, 3, 14), "am"): penalty.SET_ASIDE_RECENT_N,
    }


def test_after_a_notice_to_improve_only_its_period_counts():
    # Notice to improve issued Fri 7 March, period 10 to 14 March: the 10 U of 3-7
    # March (which supported it) are outside; the 1 U of Wed 12 March is enough.
    marks = [(d, p, "U") for d in MARCH[:5] for p in ("am", "pm")]
    marks.append((D(2025, 3, 12), "pm", "U"))
    period = (D(2025, 3, 8), D(2025, 3, 14))
    result = penalty.proposal_status(status_of(marks), D(2025, 3, 15), MARCH, period=period)
    assert result["marks"] == [(D(2025, 3, 12), "pm", "U")]
    assert result["met"]
    assert {reason for _mark, reason in result["set_aside"]} == {penalty.SET_ASIDE_OUTSIDE_PERIOD}
