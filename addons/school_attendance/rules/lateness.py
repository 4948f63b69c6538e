r"""Late arrival rules: which code an arrival time earns for a session.

Pure standard-library helpers (no Odoo import). Times are hours of the day as floats, the
way Odoo ``float_time`` fields store them (8:50 is ``8 + 50 / 60``); ``datetime.time`` is
accepted too. Comparisons are made in whole seconds so float noise never moves a boundary.

Rules (RULES.md "Registers", seed 002 appendix A 1.4):

* arriving at or before the time the register is taken -> present (``/`` AM, ``\`` PM);
* after that, up to and including the time the register closes -> ``L`` (counts present);
* after the register closes -> ``U`` (unauthorised absence).

Minutes late are counted from the time the register is taken, rounded up to whole minutes
(8:50:20 is 1 minute late). The register may stay open for at most 30 minutes.

Seed 002 takes the AM register at 8:50 and closes it at 9:20, and takes the PM register by
13:00. It gives no PM closing time; since the register stays open for the same period each
session, the PM default closes 30 minutes later, at 13:30.
"""

import datetime
import math

__all__ = [
    "AM",
    "PM",
    "PRESENT_CODES",
    "LATE_CODE",
    "AFTER_CLOSE_CODE",
    "MAX_REGISTER_OPEN_MINUTES",
    "DEFAULT_REGISTER_TIMES",
    "hours",
    "classify_arrival",
]

AM = "am"
PM = "pm"
#: Present code for each session.
PRESENT_CODES = {AM: "/", PM: "\\"}
#: Arrived after the register was taken, before it closed (counts present).
LATE_CODE = "L"
#: Arrived after the register closed (unauthorised absence).
AFTER_CLOSE_CODE = "U"
#: Longest time a register may stay open.
MAX_REGISTER_OPEN_MINUTES = 30


def hours(hour, minute=0, second=0):
    """Return the time ``hour:minute:second`` as a float number of hours (Odoo float_time)."""
    return hour + minute / 60 + second / 3600


#: Seed 002 defaults: session -> (register taken, register closes), as float hours.
DEFAULT_REGISTER_TIMES = {
    AM: (hours(8, 50), hours(9, 20)),
    PM: (hours(13, 0), hours(13, 30)),
}


def _to_seconds(value, name):
    """Convert a float-hours value or a ``datetime.time`` to whole seconds after midnight."""
    if isinstance(value, datetime.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be hours as a number (e.g. 8.5 for 8:30), got {value!r}")
    if not 0 <= value < 24:  # also rejects NaN
        raise ValueError(
            f"{name} must be a time of day from 0 (midnight) to below 24 hours, got {value!r}"
        )
    return round(value * 3600)


def classify_arrival(arrival, register_time=None, register_close=None, session=AM):
    r"""Return ``(code, minutes_late)`` for a pupil arriving at ``arrival``.

    ``register_time`` / ``register_close`` default to :data:`DEFAULT_REGISTER_TIMES` for
    ``session`` (``"am"`` or ``"pm"``), which also picks the present code (``/`` or ``\``).

    * at or before ``register_time``: ``(present code, 0)``;
    * after it, up to and including ``register_close``: ``("L", minutes late)``;
    * after ``register_close``: ``("U", minutes late)``.

    Raises ValueError for a time outside the day, an unknown session, a register that
    closes before it opens, or one that stays open longer than 30 minutes. The caller
    decides what an arrival after the end of the session means (the pupil was absent).
    """
    if session not in PRESENT_CODES:
        raise ValueError(f"session must be 'am' or 'pm', got {session!r}")
    default_time, default_close = DEFAULT_REGISTER_TIMES[session]
    arrival_s = _to_seconds(arrival, "arrival")
    taken_s = _to_seconds(default_time if register_time is None else register_time, "register_time")
    close_s = _to_seconds(
        default_close if register_close is None else register_close, "register_close"
    )
    if close_s < taken_s:
        raise ValueError("register_close must not be earlier than register_time")
    if close_s - taken_s > MAX_REGISTER_OPEN_MINUTES * 60:
        raise ValueError(
            f"a register may stay open for at most {MAX_REGISTER_OPEN_MINUTES} minutes"
        )
    if arrival_s <= taken_s:
        return PRESENT_CODES[session], 0
    minutes_late = math.ceil((arrival_s - taken_s) / 60)
    if arrival_s <= close_s:
        return LATE_CODE, minutes_late
    return AFTER_CLOSE_CODE, minutes_late
