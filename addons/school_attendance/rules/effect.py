"""Does the work help? Attendance in the school weeks before and after a step of the work.

Pure standard-library helpers (no Odoo import). For each pupil a step (a first-day call, a
letter, a meeting, a plan, a referral, a notice to improve) was done for, the pupil's
attendance over the ``weeks`` school weeks before the step is compared with the same
number of school weeks after it:

* a *school week* is a Monday-to-Sunday week holding at least one of the school's
  sessions (:func:`calendar.school_weeks`): holiday weeks are not weeks;
* the week of the step itself is in neither period: it is partly before and partly after;
* the *before* period is the ``weeks`` school weeks just before the step's week (fewer when
  the school's records start later); the *after* period is the ``weeks`` school weeks just
  after it, and only counts once its last week is over: a school week is over when its
  last session is before the day the figures are read (``as_at``). A pupil whose after
  period is not over yet is left out and counted as *too recent*;
* a pupil with no possible session before or after (admitted or left in between) is left
  out and counted as *without sessions*;
* a pupil *improved* when their attendance after is higher than before (compared exactly,
  as fractions of sessions), *fell* when it is lower.

The figures per step type are the mean of the pupils' percentages (each pupil weighs the
same, whatever their number of sessions), shown rounded half-up to one decimal; the change
is the difference of the two figures as shown, so that the sentence adds up.
It shows what happened after the work, not that the work caused it.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from . import calendar
from .report import format_pct

__all__ = [
    "DEFAULT_WEEKS",
    "MAX_WEEKS",
    "weekly_counts",
    "school_week_ends",
    "pupil_effect",
    "summarise",
    "sentence",
]

DEFAULT_WEEKS = 4
#: Longer periods mix in terms and holidays, and leave most steps too recent.
MAX_WEEKS = 12


def _check_weeks(weeks):
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"weeks must be a whole number from 1 to {MAX_WEEKS}, got {weeks!r}")
    return weeks


def weekly_counts(sessions):
    """``{monday: (possible, present)}`` from one pupil's sessions.

    ``sessions``: ``(date, counts_as_possible, counts_as_present)`` rows, the flags as
    booleans (or 0/1) of the session's code.
    """
    counts = {}
    for day, possible, present in sessions:
        monday = calendar.week_start(day)
        was_possible, was_present = counts.get(monday, (0, 0))
        counts[monday] = (was_possible + int(bool(possible)), was_present + int(bool(present)))
    return counts


def school_week_ends(session_dates):
    """``{monday: last session date}`` of the school weeks holding ``session_dates``."""
    ends = {}
    for day in session_dates:
        monday = calendar.week_start(day)
        if monday not in ends or ends[monday] < day:
            ends[monday] = day
    return ends


def _sum(counts, mondays):
    possible = sum(counts.get(monday, (0, 0))[0] for monday in mondays)
    present = sum(counts.get(monday, (0, 0))[1] for monday in mondays)
    return present, possible


def pupil_effect(counts, step_date, week_ends, as_at, weeks=DEFAULT_WEEKS):
    """One pupil's attendance before and after a step done on ``step_date``.

    ``counts``: the pupil's ``{monday: (possible, present)}`` (:func:`weekly_counts`);
    ``week_ends``: the school's ``{monday: last session date}`` (:func:`school_week_ends`);
    ``as_at``: the day the figures are read. Returns a dict: ``status`` ('counted',
    'too_recent' or 'without_sessions'), ``before`` and ``after`` as ``(present,
    possible)`` (``after`` is None while too recent), ``before_weeks`` and ``after_weeks``
    (the Mondays of the two periods).
    """
    _check_weeks(weeks)
    if not isinstance(step_date, datetime.date) or not isinstance(as_at, datetime.date):
        raise ValueError("the step's date and as_at must be dates")
    step_week = calendar.week_start(step_date)
    mondays = sorted(week_ends)
    before_weeks = [monday for monday in mondays if monday < step_week][-weeks:]
    after_weeks = [monday for monday in mondays if monday > step_week][:weeks]
    result = {
        "status": "counted",
        "before": _sum(counts, before_weeks),
        "after": None,
        "before_weeks": before_weeks,
        "after_weeks": after_weeks,
    }
    if len(after_weeks) < weeks or week_ends[after_weeks[-1]] >= as_at:
        result["status"] = "too_recent"
        return result
    result["after"] = _sum(counts, after_weeks)
    if not result["before"][1] or not result["after"][1]:
        result["status"] = "without_sessions"
    return result


def _shown(value):
    """A percentage (a Fraction) as shown: rounded half-up to one decimal, as a Decimal."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def summarise(effects):
    """The figures of one step type from its pupils' :func:`pupil_effect` results.

    Returns a dict: ``pupils`` (pupils behind the figures), ``before_pct`` and
    ``after_pct`` (mean of their percentages, shown rounded; None without pupils),
    ``change`` (points, after minus before as shown), ``improved``, ``fell``,
    ``unchanged``, ``too_recent`` and ``without_sessions`` (pupils left out).
    """
    before_pcts, after_pcts = [], []
    summary = {
        "pupils": 0,
        "before_pct": None,
        "after_pct": None,
        "change": None,
        "improved": 0,
        "fell": 0,
        "unchanged": 0,
        "too_recent": 0,
        "without_sessions": 0,
    }
    for effect in effects:
        if effect["status"] != "counted":
            summary[effect["status"]] += 1
            continue
        before = Fraction(100 * effect["before"][0], effect["before"][1])
        after = Fraction(100 * effect["after"][0], effect["after"][1])
        before_pcts.append(before)
        after_pcts.append(after)
        key = "improved" if after > before else "fell" if after < before else "unchanged"
        summary[key] += 1
    if before_pcts:
        count = len(before_pcts)
        before_pct = _shown(sum(before_pcts) / count)
        after_pct = _shown(sum(after_pcts) / count)
        summary.update(
            pupils=count,
            before_pct=float(before_pct),
            after_pct=float(after_pct),
            change=float(after_pct - before_pct),
        )
    return summary


def _pupils(count):
    return "1 pupil" if count == 1 else "%d pupils" % count


def sentence(label, summary, weeks=DEFAULT_WEEKS):
    """The figures of one step type in a plain sentence, e.g.

    "Letter 1: 38 pupils; 84.1% in the 4 school weeks before, 88.6% in the 4 after
    (+4.5 points); 25 improved, 9 fell, 4 too recent to tell."
    """
    _check_weeks(weeks)
    week_words = "school week" if weeks == 1 else "%d school weeks" % weeks
    after_words = "the one after" if weeks == 1 else "the %d after" % weeks
    left_out = []
    if summary["too_recent"]:
        left_out.append("%d too recent to tell" % summary["too_recent"])
    if summary["without_sessions"]:
        left_out.append("%d without sessions before or after" % summary["without_sessions"])
    if not summary["pupils"]:
        text = "%s: no pupil to compare yet" % label
        return text + ("; %s." % ", ".join(left_out) if left_out else ".")
    change = summary["change"]
    if change:
        change_words = "%s%s points" % ("+" if change > 0 else "-", format_pct(abs(change)))
    else:
        change_words = "no change"
    outcomes = ["%d improved" % summary["improved"], "%d fell" % summary["fell"]]
    if summary["unchanged"]:
        outcomes.append("%d the same" % summary["unchanged"])
    return "%s: %s; %s%% in the %s before, %s%% in %s (%s); %s." % (
        label,
        _pupils(summary["pupils"]),
        format_pct(summary["before_pct"]),
        week_words,
        format_pct(summary["after_pct"]),
        after_words,
        change_words,
        ", ".join(outcomes + left_out),
    )
