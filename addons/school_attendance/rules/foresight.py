"""Distance to each attendance line: how many absences take a pupil below it, and how
many sessions of full attendance bring them back above it.

Pure standard-library helpers (no Odoo import). Every figure is counted in sessions, with
the same tests as the rest of the product, so that a forecast never disagrees with the
figures the school sees once the sessions have happened:

* the 96% line (seed 000's warning letter) is crossed when the percentage *as shown*
  (rounded half-up to one decimal, :func:`statistics.percentage`) is below 96.0;
* the 90% line is persistent absence: absence of 10% or more of the possible sessions
  (:func:`statistics.is_persistent_absence`, so exactly 90.0% is persistent absence);
* the 50% line is severe absence: absence of 50% or more
  (:func:`statistics.is_severe_absence`).

An absence adds one possible session and no attended one; a session attended adds one of
each. Sessions that are not possible (``#``, ``X``, ``Y``...) change nothing and are not
counted by these functions.
"""

from . import statistics

__all__ = [
    "LINES",
    "is_below_line",
    "absences_to_cross",
    "sessions_to_recover",
    "line_distances",
    "projection",
]

#: (key, percentage shown to people, plain name) of each line, highest first.
LINES = (
    ("96", 96, "96%"),
    ("90", 90, "90% (persistent absence)"),
    ("50", 50, "50% (severe absence)"),
)
_LINE_PCT = {key: pct for key, pct, _name in LINES}


def _check_counts(present, possible):
    for name, value in (("present", present), ("possible", possible)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number of sessions, got {value!r}")
    if present > possible:
        raise ValueError(f"present ({present}) cannot exceed possible ({possible})")


def is_below_line(line, present, possible):
    """Whether ``present`` sessions attended out of ``possible`` put a pupil below ``line``.

    ``line`` is a key of :data:`LINES`. With no possible session a pupil is below no line.
    """
    _check_counts(present, possible)
    if not possible:
        return False
    absent = possible - present
    if line == "96":
        return statistics.percentage(present, possible) < 96
    if line == "90":
        return statistics.is_persistent_absence(absent, possible)
    if line == "50":
        return statistics.is_severe_absence(absent, possible)
    raise ValueError(f"unknown attendance line {line!r}; expected one of {sorted(_LINE_PCT)}")


def absences_to_cross(line, present, possible):
    """The number of further absences (and no attendance) that take the pupil below ``line``.

    0 when the pupil is already below it. A pupil with no possible session yet is below any
    line after one absence (0% attendance).
    """
    if is_below_line(line, present, possible):
        return 0
    pct = _LINE_PCT[line]
    # present / (possible + k) = pct / 100  =>  k = 100 * present / pct - possible; the exact
    # test below settles the rounding either side.
    guess = max(1, (100 * present) // pct - possible)
    while guess > 1 and is_below_line(line, present, possible + guess - 1):
        guess -= 1
    while not is_below_line(line, present, possible + guess):
        guess += 1
    return guess


def sessions_to_recover(line, present, possible):
    """The number of sessions of full attendance that bring the pupil back above ``line``.

    0 when the pupil is not below it.
    """
    if not is_below_line(line, present, possible):
        return 0
    pct = _LINE_PCT[line]
    # (present + m) / (possible + m) = pct / 100
    #   =>  m = (pct * possible - 100 * present) / (100 - pct)
    guess = max(1, (pct * possible - 100 * present) // (100 - pct))
    while guess > 1 and not is_below_line(line, present + guess - 1, possible + guess - 1):
        guess -= 1
    while is_below_line(line, present + guess, possible + guess):
        guess += 1
    return guess


def line_distances(present, possible, future_sessions=()):
    """One dict per line of :data:`LINES` for a pupil's figures.

    ``future_sessions``: the school's sessions still to come from the next one on, in
    order, as ``(date, period)`` pairs; the session that brings a pupil back above a line is
    looked up there (``None`` when it falls beyond them, e.g. after the end of the year).

    Each dict: ``line`` (key), ``pct``, ``name``, ``below`` (bool), ``absences`` (further
    absences to fall below; 0 when below), ``sessions`` (sessions of full attendance to get
    back above; 0 when not below), ``back_above_on`` (the date of that session, or None).
    """
    future_sessions = list(future_sessions)
    result = []
    for key, pct, name in LINES:
        below = is_below_line(key, present, possible)
        sessions = sessions_to_recover(key, present, possible)
        back_above_on = None
        if sessions and sessions <= len(future_sessions):
            back_above_on = future_sessions[sessions - 1][0]
        result.append(
            {
                "line": key,
                "pct": pct,
                "name": name,
                "below": below,
                "absences": 0 if below else absences_to_cross(key, present, possible),
                "sessions": sessions,
                "back_above_on": back_above_on,
            }
        )
    return result


def projection(present, possible, recent_present, recent_possible, remaining):
    """Attendance at a later date if the pupil goes on at their recent rate.

    ``present``/``possible``: the year's figures now; ``recent_present``/
    ``recent_possible``: the same over the recent period (e.g. this half term) that gives
    the rate; ``remaining``: the sessions left until the date. Returns a dict:
    ``rate_pct`` (the recent rate, shown rounded), ``present`` and ``possible`` at the
    date (``present`` as a fraction: the rate applied to the sessions left),
    ``attendance_pct`` (shown rounded) and ``persistent`` (absence of 10% or more then,
    the same exact test as :func:`statistics.is_persistent_absence`).
    """
    _check_counts(present, possible)
    _check_counts(recent_present, recent_possible)
    if isinstance(remaining, bool) or not isinstance(remaining, int) or remaining < 0:
        raise ValueError(f"remaining must be a whole number of sessions, got {remaining!r}")
    rate = (
        recent_present / recent_possible
        if recent_possible
        else (present / possible if possible else 1.0)
    )
    end_present = present + rate * remaining
    end_possible = possible + remaining
    end_absent = end_possible - end_present
    return {
        "rate_pct": statistics.percentage(recent_present, recent_possible)
        if recent_possible
        else statistics.percentage(present, possible),
        "present": end_present,
        "possible": end_possible,
        "attendance_pct": round(100.0 * end_present / end_possible, 1) if end_possible else 0.0,
        # absent / possible >= 10%, on exact figures (rate as a fraction of whole sessions).
        "persistent": bool(end_possible) and end_absent * 100 >= 10 * end_possible - 1e-9,
    }
