"""School calendar arithmetic: weeks, rolling school-week windows and due dates.

Pure standard-library helpers (no Odoo import). Every function takes and returns
``datetime.date`` objects; ``datetime.datetime`` values are refused so that dates and
timestamps are never mixed up in set look-ups.

Vocabulary used throughout:

* A *week* runs Monday to Sunday and is identified by its Monday (:func:`week_start`).
* A *school week* is a week in which the school holds at least one session (RULES.md,
  penalty notice threshold). Holiday weeks hold no session and are therefore skipped.
"""

import datetime

__all__ = [
    "BREAK_DAYS",
    "half_term_start",
    "week_start",
    "school_weeks",
    "rolling_school_weeks",
    "working_days_after",
    "school_days_after",
    "CLOSURE_CODES",
    "is_real_session",
]

#: Codes that say the school did not meet for the pupil: ``#`` (planned whole or partial
#: closure) and ``Y4`` (whole school site unexpectedly closed).
CLOSURE_CODES = frozenset({"#", "Y4"})

_ONE_DAY = datetime.timedelta(days=1)


def _check_date(value, name):
    """Raise TypeError unless ``value`` is a plain ``datetime.date``."""
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a datetime.date, got {value!r}")
    return value


def _check_count(value, name):
    """Raise ValueError unless ``value`` is a non-negative int (bool refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number of days >= 0, got {value!r}")
    return value


def is_real_session(codes):
    """Whether a session whose marks carry ``codes`` is one the school held.

    A session every mark of which is a :data:`CLOSURE_CODES` code is a closure: it makes no
    school week and no school day. A session with no mark yet (its register not taken) or
    with at least one other mark is real (a closure of some year groups leaves the school
    meeting for the others).
    """
    codes = list(codes)
    return not codes or not all(code in CLOSURE_CODES for code in codes)


def week_start(d):
    """Return the Monday of the week containing ``d`` (``d`` itself when it is a Monday)."""
    _check_date(d, "d")
    return d - datetime.timedelta(days=d.weekday())


def school_weeks(session_dates):
    """Return the sorted Mondays of the weeks holding at least one of ``session_dates``.

    Duplicate dates and several sessions in the same week collapse to one Monday.
    """
    return sorted({week_start(_check_date(d, "session date")) for d in session_dates})


def rolling_school_weeks(session_dates, end_date, weeks=10):
    """Return the last ``weeks`` school weeks ending with the week containing ``end_date``.

    Only sessions on or before ``end_date`` are considered, so a week counts as a school
    week once one of its sessions has taken place. Weeks without any session (holidays)
    are skipped, which lets the window span half-terms, terms and academic years.

    Returns a tuple ``(window_start, window_end, mondays)``:

    * ``mondays``: sorted Mondays of the chosen school weeks (fewer than ``weeks`` when
      the calendar does not go back far enough; empty when there is no session at all);
    * ``window_start``: the Monday of the earliest chosen week, or the Monday of
      ``end_date``'s week when no school week was found;
    * ``window_end``: ``end_date`` itself.
    """
    _check_date(end_date, "end_date")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"weeks must be a whole number >= 1, got {weeks!r}")
    past_sessions = [d for d in session_dates if _check_date(d, "session date") <= end_date]
    mondays = school_weeks(past_sessions)[-weeks:]
    window_start = mondays[0] if mondays else week_start(end_date)
    return window_start, end_date, mondays


def working_days_after(d, n, holidays=()):
    """Return the date falling ``n`` working days after ``d``.

    Working days are Monday to Friday except the dates listed in ``holidays`` (e.g. bank
    holidays). ``d`` itself is never counted; ``n == 0`` returns ``d`` unchanged.
    """
    _check_date(d, "d")
    _check_count(n, "n")
    closed = {_check_date(h, "holiday") for h in holidays}
    current = d
    remaining = n
    while remaining:
        current += _ONE_DAY
        if current.weekday() < 5 and current not in closed:
            remaining -= 1
    return current


def school_year_start(d):
    """1 September of the English school year holding ``d`` (the usual start when a
    school has not recorded its academic year)."""
    _check_date(d, "d")
    return datetime.date(d.year if d.month >= 9 else d.year - 1, 9, 1)


def school_days_after(d, n, session_dates):
    """Return the ``n``-th school day strictly after ``d``.

    School days are the distinct dates in ``session_dates`` (the school's own calendar,
    so holidays and closures are already left out). ``n == 0`` returns ``d`` unchanged.
    Raises ValueError when the calendar holds fewer than ``n`` school days after ``d``.
    """
    _check_date(d, "d")
    _check_count(n, "n")
    if n == 0:
        return d
    later = sorted({s for s in session_dates if _check_date(s, "session date") > d})
    if len(later) < n:
        raise ValueError(
            f"the school calendar holds only {len(later)} school day(s) after "
            f"{d.isoformat()}, {n} needed"
        )
    return later[n - 1]


#: Days between two school days that make a holiday, not a weekend or a bank holiday:
#: Friday to Monday is 3, Thursday to Tuesday over Easter 5, a half-term week 10.
BREAK_DAYS = 5


def half_term_start(term_start, d, session_dates):
    """The first day of the half term holding ``d``: the first school day after the last
    holiday (more than ``BREAK_DAYS`` between two school days of ``session_dates``) from
    ``term_start`` to ``d``, else ``term_start``. A term recorded as a half term gives its
    own start; a term recorded whole (autumn, spring, summer) its half term all the same."""
    _check_date(term_start, "term_start")
    _check_date(d, "d")
    days = sorted({s for s in session_dates if term_start <= s <= d})
    start = term_start
    for before, after in zip(days, days[1:], strict=False):
        if (after - before).days > BREAK_DAYS:
            start = after
    return start
