"""Penalty notice rules of the national framework in force from 19 August 2024.

Pure standard-library helpers (no Odoo import); dates are ``datetime.date``.

* Threshold to *consider* a notice: 10 sessions of unauthorised absence (``G N O U``, any
  mix) within a rolling period of 10 school weeks (:func:`threshold_status`).
* Amounts per parent per child (:func:`amount_due_on`, :func:`deadlines`): periods run
  *beginning with* the day the notice is received (that day is day 1). First notice: 80
  (GBP) up to day 21, 160 on days 22-28. Second notice within the 3-year period: 160 up to
  day 28, no reduction. From day 29 nothing is payable (the notice is unpaid).
* Notice ordinal (:func:`ordinal_for`): the 3-year period begins with the first notice
  issued on or after 19 Aug 2024; a third notice within it is not allowed (ordinal 3 means
  "no notice: consider prosecution").
* A Notice to Improve sets an improvement period of 3 to 6 school weeks
  (:func:`notice_to_improve_period_ok`) and gives the parent that many full school weeks
  after the day it is issued: N weeks end on the 5*N-th school day after the issue day
  (:func:`notice_to_improve_end`).
* What a proposal may rest on (:func:`proposal_status`): never a session that already
  supports a notice to the same parent for the same child; after a notice to improve,
  only the unauthorised sessions inside its improvement period; an ``N`` only once it is
  old enough that the school could have replaced it (:func:`n_is_settled`).
"""

import datetime
from collections import Counter

try:  # plain-Python use (tests): tests/rules/conftest.py registers this package name
    from school_attendance_rules import calendar as school_calendar
    from school_attendance_rules import statistics
except ImportError:  # inside the Odoo server (school_penalty depends on school_attendance)
    from odoo.addons.school_attendance.rules import calendar as school_calendar
    from odoo.addons.school_attendance.rules import statistics

__all__ = [
    "UNAUTHORISED_CODES",
    "THRESHOLD_SESSIONS",
    "THRESHOLD_WEEKS",
    "FIRST_COUNTING_DATE",
    "PERIOD_YEARS",
    "REDUCED_AMOUNT",
    "FULL_AMOUNT",
    "REDUCED_DAYS",
    "FULL_DAYS",
    "REFUSED_ORDINAL",
    "NOTICE_TO_IMPROVE_MIN_WEEKS",
    "NOTICE_TO_IMPROVE_MAX_WEEKS",
    "threshold_status",
    "threshold_status_many",
    "ordinal_for",
    "deadlines",
    "amount_due_on",
    "notice_to_improve_period_ok",
    "notice_to_improve_end",
    "SCHOOL_DAYS_PER_WEEK",
    "N_SETTLE_SCHOOL_DAYS",
    "SET_ASIDE_USED",
    "SET_ASIDE_OUTSIDE_PERIOD",
    "SET_ASIDE_RECENT_N",
    "n_is_settled",
    "proposal_status",
]

#: Codes that count towards the threshold (unauthorised absence, any mix).
UNAUTHORISED_CODES = frozenset({"G", "N", "O", "U"})
#: Sessions of unauthorised absence that meet the threshold.
THRESHOLD_SESSIONS = 10
#: Length of the rolling period, in school weeks.
THRESHOLD_WEEKS = 10
#: Notices issued before this date do not start or count towards the 3-year period.
FIRST_COUNTING_DATE = datetime.date(2024, 8, 19)
#: Length of the rolling period that begins with the first counting notice.
PERIOD_YEARS = 3
#: First notice paid within REDUCED_DAYS (day of receipt = day 1).
REDUCED_AMOUNT = 80
#: First notice paid on days REDUCED_DAYS+1..FULL_DAYS, or second notice within FULL_DAYS.
FULL_AMOUNT = 160
REDUCED_DAYS = 21
FULL_DAYS = 28
#: Ordinal returned when no further notice may be issued (prosecution is considered).
REFUSED_ORDINAL = 3
NOTICE_TO_IMPROVE_MIN_WEEKS = 3
NOTICE_TO_IMPROVE_MAX_WEEKS = 6
#: School days in a full school week (Monday to Friday).
SCHOOL_DAYS_PER_WEEK = 5
#: Default school days an ``N`` (no reason yet) is left to be replaced before it counts.
N_SETTLE_SCHOOL_DAYS = 5
#: Why a counted session is set aside for a proposal.
SET_ASIDE_USED = "used"
SET_ASIDE_OUTSIDE_PERIOD = "outside_period"
SET_ASIDE_RECENT_N = "recent_n"


def _check_date(value, name):
    """Raise TypeError unless ``value`` is a plain ``datetime.date``."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a datetime.date, got {value!r}")
    return value


def threshold_status(
    marks, end_date, session_dates, weeks=THRESHOLD_WEEKS, threshold=THRESHOLD_SESSIONS
):
    """Check the penalty notice threshold as at ``end_date``.

    ``marks``: the pupil's current marks as ``(date, period, code)`` triples, one per
    session (a repeated ``(date, period)`` raises ValueError); any codes may be passed, only
    :data:`UNAUTHORISED_CODES` count. ``session_dates``: the dates on which the school met
    (closures left out). They are needed because a week with sessions but no unauthorised
    mark is still a school week. The date of a mark that counts as a possible session is
    added to them (the pupil was expected at school that day); a ``#``, ``Y``, ``X``... mark
    adds nothing, so a week of closure marks is no school week.

    The window is :func:`school_calendar.rolling_school_weeks` over those dates: the last
    ``weeks`` school weeks ending with ``end_date``'s week, holiday weeks skipped. Marks
    after ``end_date`` are ignored.

    Returns a dict: ``sessions`` (unauthorised sessions in the window), ``threshold``,
    ``met`` (sessions >= threshold), ``window_start``, ``window_end``, ``school_weeks``
    (Mondays), ``marks`` (the counted triples, sorted) and ``by_code`` (count per code).
    """
    _check_date(end_date, "end_date")
    marks = list(marks)
    _check_marks(marks)
    all_dates = set(session_dates) | {mark[0] for mark in marks if _is_possible(mark[2])}
    window = school_calendar.rolling_school_weeks(all_dates, end_date, weeks)
    return _status_in_window(marks, window, threshold)


def threshold_status_many(
    marks_by_key, end_date, session_dates, weeks=THRESHOLD_WEEKS, threshold=THRESHOLD_SESSIONS
):
    """:func:`threshold_status` for many pupils of one school at once.

    ``marks_by_key``: ``{key: marks}`` (``key`` e.g. a pupil id, ``marks`` as for
    :func:`threshold_status`); ``session_dates``: the school's session dates. Returns
    ``{key: status}``, each status equal to ``threshold_status(marks, end_date,
    session_dates, weeks, threshold)``.

    The window is computed once from ``session_dates`` and reused for every pupil whose
    marks up to ``end_date`` all fall in weeks with a session (marks taken on the school's
    own sessions always do); a pupil with a mark in another week gets the window that mark
    adds, exactly as :func:`threshold_status` computes it.
    """
    _check_date(end_date, "end_date")
    session_dates = set(session_dates)
    window = school_calendar.rolling_school_weeks(session_dates, end_date, weeks)
    known_weeks = set(school_calendar.school_weeks(d for d in session_dates if d <= end_date))
    result = {}
    for key, pupil_marks in marks_by_key.items():
        marks = list(pupil_marks)
        _check_marks(marks)
        if all(
            mark[0] > end_date
            or not _is_possible(mark[2])
            or school_calendar.week_start(mark[0]) in known_weeks
            for mark in marks
        ):
            result[key] = _status_in_window(marks, window, threshold)
        else:
            result[key] = threshold_status(marks, end_date, session_dates, weeks, threshold)
    return result


def _is_possible(code):
    """Whether a mark of ``code`` counts as a possible session (the school met for the pupil)."""
    return statistics.CODE_FLAGS.get(code, {}).get("possible", False)


def _check_marks(marks):
    """Raise unless every mark has a plain date and no session is marked twice."""
    seen = set()
    for mark_date, period, _code in marks:
        _check_date(mark_date, "mark date")
        if (mark_date, period) in seen:
            raise ValueError(f"two marks for the same session: {mark_date.isoformat()} {period}")
        seen.add((mark_date, period))


def _status_in_window(marks, window, threshold):
    """The status dict of :func:`threshold_status` for ``marks`` in ``window``."""
    window_start, window_end, mondays = window
    counted = sorted(
        (
            mark
            for mark in marks
            if mark[2] in UNAUTHORISED_CODES and window_start <= mark[0] <= window_end
        ),
        key=lambda mark: (mark[0], str(mark[1])),
    )
    return {
        "sessions": len(counted),
        "threshold": threshold,
        "met": len(counted) >= threshold,
        "window_start": window_start,
        "window_end": window_end,
        "school_weeks": list(mondays),
        "marks": counted,
        "by_code": dict(Counter(mark[2] for mark in counted)),
    }


def _years_later(d, years):
    """Return the same day ``years`` later; 29 February becomes 1 March in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return datetime.date(d.year + years, 3, 1)


def ordinal_for(previous_notice_dates, new_date, first_counting_date=FIRST_COUNTING_DATE):
    """Return the ordinal a notice issued on ``new_date`` would have: 1, 2 or 3.

    ``previous_notice_dates``: issue dates of earlier notices to the same parent for the
    same child, withdrawn notices already excluded by the caller. Notices before
    ``first_counting_date`` or after ``new_date`` are ignored.

    A 3-year period begins with the first counting notice and includes every day up to
    the day before its third anniversary; the first notice issued after a period ends
    begins a new one. 1 = first notice (80/160), 2 = second within the period (160),
    3 = :data:`REFUSED_ORDINAL`: no notice may be issued, prosecution is considered.
    """
    _check_date(new_date, "new_date")
    _check_date(first_counting_date, "first_counting_date")
    counting = sorted(
        d
        for d in previous_notice_dates
        if first_counting_date <= _check_date(d, "notice date") <= new_date
    )
    period_end = None  # first day after the current period
    in_period = 0
    for notice_date in counting:
        if period_end is None or notice_date >= period_end:
            period_end = _years_later(notice_date, PERIOD_YEARS)
            in_period = 0
        in_period += 1
    if period_end is None or new_date >= period_end:
        return 1
    return min(in_period + 1, REFUSED_ORDINAL)


def _check_ordinal(ordinal):
    if ordinal == REFUSED_ORDINAL:
        raise ValueError("no third notice may be issued within the 3-year period")
    if ordinal not in (1, 2):
        raise ValueError(f"ordinal must be 1 or 2, got {ordinal!r}")


def deadlines(date_received, ordinal):
    """Return the last payment days for a notice received on ``date_received``.

    ``{"reduced_until": date or None, "full_until": date}``: day 21 and day 28 counting the
    day of receipt as day 1 (a second notice has no reduced amount, so None).
    """
    _check_date(date_received, "date_received")
    _check_ordinal(ordinal)
    reduced = date_received + datetime.timedelta(days=REDUCED_DAYS - 1)
    return {
        "reduced_until": reduced if ordinal == 1 else None,
        "full_until": date_received + datetime.timedelta(days=FULL_DAYS - 1),
    }


def amount_due_on(ordinal, date_received, payment_date):
    """Return the amount payable on ``payment_date`` (80, 160) or None once out of time.

    Raises ValueError for a payment dated before receipt, or for an ordinal other than
    1 or 2 (a third notice is not allowed).
    """
    _check_date(payment_date, "payment_date")
    limits = deadlines(date_received, ordinal)
    if payment_date < date_received:
        raise ValueError("payment_date cannot be before the notice was received")
    if limits["reduced_until"] is not None and payment_date <= limits["reduced_until"]:
        return REDUCED_AMOUNT
    if payment_date <= limits["full_until"]:
        return FULL_AMOUNT
    return None


def notice_to_improve_period_ok(weeks):
    """Return whether a Notice to Improve period of ``weeks`` school weeks is 3 to 6."""
    return NOTICE_TO_IMPROVE_MIN_WEEKS <= weeks <= NOTICE_TO_IMPROVE_MAX_WEEKS


def notice_to_improve_end(date_issued, weeks, school_days):
    """Last day of the improvement period of a ``weeks``-week notice issued on ``date_issued``.

    The period gives the parent at least ``weeks`` full school weeks after the issue day: it
    ends on the ``5 * weeks``-th school day after ``date_issued`` (the issue day is not
    counted). ``school_days``: the dates the school meets (holidays, bank holidays and
    closures left out), as for :func:`school_calendar.school_days_after`, which raises
    ValueError when the calendar does not reach that far. Issued Wednesday 15 January 2025
    for 3 weeks, with no holiday: the period ends on Wednesday 5 February 2025.
    """
    _check_date(date_issued, "date_issued")
    if not notice_to_improve_period_ok(weeks):
        raise ValueError(
            f"an improvement period is {NOTICE_TO_IMPROVE_MIN_WEEKS} to "
            f"{NOTICE_TO_IMPROVE_MAX_WEEKS} school weeks, not {weeks!r}"
        )
    return school_calendar.school_days_after(date_issued, SCHOOL_DAYS_PER_WEEK * weeks, school_days)


def n_is_settled(mark_date, on_date, session_dates, settle_days=N_SETTLE_SCHOOL_DAYS):
    """Return whether an ``N`` of ``mark_date`` is old enough to count on ``on_date``.

    Its age is the number of school days (dates in ``session_dates``) after ``mark_date``
    up to and including ``on_date``. It counts once that age reaches ``settle_days``: an
    ``N`` of Monday 3 March 2025 with 5 school days and no closure counts from Monday 10
    March.
    """
    _check_date(mark_date, "mark_date")
    _check_date(on_date, "on_date")
    age = len({d for d in session_dates if mark_date < d <= on_date})
    return age >= settle_days


def proposal_status(
    status,
    on_date,
    session_dates,
    used=(),
    period=None,
    settle_days=N_SETTLE_SCHOOL_DAYS,
):
    """What a proposal to one parent may rest on, from a pupil's :func:`threshold_status`.

    ``used``: ``(date, period)`` of the sessions already supporting a notice to this parent
    for this child; ``period``: ``(first day, last day)`` of the improvement period of the
    notice to improve the proposal follows, or None. Each counted session of ``status`` is
    kept, or set aside with a reason: :data:`SET_ASIDE_USED`, :data:`SET_ASIDE_OUTSIDE_PERIOD`
    (after a notice to improve only absence inside its period counts) or
    :data:`SET_ASIDE_RECENT_N` (see :func:`n_is_settled`).

    Without ``period`` the kept sessions must meet the threshold again; after a notice to
    improve, one unauthorised session inside the period is enough (the threshold was the
    ground of the notice to improve; the penalty rests on the absence during its period).
    Returns a dict: ``sessions``, ``threshold``, ``met``, ``marks`` (kept, sorted),
    ``set_aside`` (``[(mark, reason)]``), ``by_code`` and ``period``.
    """
    used = set(used)
    kept, set_aside = [], []
    for mark in status["marks"]:
        mark_date, mark_period, code = mark[0], mark[1], mark[2]
        if (mark_date, mark_period) in used:
            set_aside.append((mark, SET_ASIDE_USED))
        elif period is not None and not period[0] <= mark_date <= period[1]:
            set_aside.append((mark, SET_ASIDE_OUTSIDE_PERIOD))
        elif code == "N" and not n_is_settled(mark_date, on_date, session_dates, settle_days):
            set_aside.append((mark, SET_ASIDE_RECENT_N))
        else:
            kept.append(mark)
    needed = 1 if period is not None else status["threshold"]
    return {
        "sessions": len(kept),
        "threshold": needed,
        "met": len(kept) >= needed,
        "marks": kept,
        "set_aside": set_aside,
        "by_code": dict(Counter(mark[2] for mark in kept)),
        "period": period,
    }
