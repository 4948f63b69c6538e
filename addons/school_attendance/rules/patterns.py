"""Patterns of absence, each with the sessions behind it (seed 002: "regularly missing a
particular day, taking long weekend breaks, persistent suspect illness", "taking holidays
in term-time every year").

Pure standard-library helpers (no Odoo import). A *day of absence* is a school day with
at least one session of absence (authorised or unauthorised, by the code flags). The
thresholds are parameters of :func:`find_patterns` (a school's settings); their defaults
are the module's constants. Each pattern is returned with the figures a sentence needs and
the marks it rests on, so that an officer sees why it was flagged.
"""

import datetime

from . import calendar

__all__ = [
    "KINDS",
    "MIN_DAYS",
    "WEEKDAY_SHARE",
    "BREAK_SHARE",
    "MIN_ILLNESS_SPELLS",
    "HOLIDAY_CODES",
    "ILLNESS_CODES",
    "find_patterns",
]

#: The kinds of pattern, as an escalation step chooses them.
KINDS = [
    ("weekday", "Absence on one weekday"),
    ("long_weekend", "Absence next to weekends and holidays"),
    ("holiday_years", "Term-time holidays in consecutive years"),
    ("illness", "Repeated spells of illness"),
]
#: A pattern needs at least this many days of absence behind it.
MIN_DAYS = 3
#: One weekday holds at least this share of the days of absence.
WEEKDAY_SHARE = 0.5
#: Days next to a weekend or a holiday hold at least this share of the days of absence
#: (Mondays and Fridays alone are 40% of school days).
BREAK_SHARE = 0.75
#: Separate spells of illness in the period.
MIN_ILLNESS_SPELLS = 3
HOLIDAY_CODES = frozenset({"G"})
ILLNESS_CODES = frozenset({"I"})


def _is_absence(code, flags):
    entry = flags.get(code) or {}
    return bool(entry.get("authorised") or entry.get("unauthorised"))


def find_patterns(
    marks,
    school_days,
    flags,
    min_days=MIN_DAYS,
    weekday_share=WEEKDAY_SHARE,
    break_share=BREAK_SHARE,
    min_illness_spells=MIN_ILLNESS_SPELLS,
):
    """The patterns in one pupil's ``marks``.

    ``marks``: ``(date, period, code)`` triples; ``school_days``: every day the school
    met in the period and the days just after it (any order), used to tell days next
    to a holiday and to join spells of illness; ``flags``: the code flags
    (``rules.statistics``). Returns a list of dicts, each with ``kind`` ('weekday',
    'long_weekend', 'holiday_years' or 'illness'), ``marks`` (the triples behind it,
    in date order) and the figures of its kind:

    * weekday: ``weekday`` (0 = Monday), ``days`` (days of absence on it), ``of_days``
      (school days on that weekday in the period), ``absent_days`` (all days of absence);
    * long_weekend: ``days`` (days of absence next to a weekend or holiday),
      ``absent_days``;
    * holiday_years: ``years`` (first days of the consecutive school years with a
      term-time holiday);
    * illness: ``spells`` (first day of each spell of illness).

    Thresholds: a weekday or long-weekend pattern needs ``min_days`` days of absence
    behind it and ``weekday_share`` (``break_share``) of the days of absence on one
    weekday (next to a weekend or a holiday); illness needs ``min_illness_spells``
    separate spells.
    """
    marks = sorted(marks, key=lambda mark: (mark[0], str(mark[1])))
    days = sorted(set(school_days) | {mark[0] for mark in marks})
    absence_marks = [mark for mark in marks if _is_absence(mark[2], flags)]
    absent_days = sorted({mark[0] for mark in absence_marks})
    patterns = []
    weekday = _weekday_pattern(absence_marks, absent_days, marks, min_days, weekday_share)
    if weekday:
        patterns.append(weekday)
    breaks = _break_pattern(absence_marks, absent_days, days, min_days, break_share)
    if breaks:
        patterns.append(breaks)
    holidays = _holiday_years_pattern(marks)
    if holidays:
        patterns.append(holidays)
    illness = _illness_pattern(marks, days, min_illness_spells)
    if illness:
        patterns.append(illness)
    return patterns


def _weekday_pattern(absence_marks, absent_days, marks, min_days, share):
    if len(absent_days) < min_days:
        return None
    by_weekday = {}
    for day in absent_days:
        by_weekday.setdefault(day.weekday(), []).append(day)
    weekday, on_it = max(by_weekday.items(), key=lambda item: (len(item[1]), -item[0]))
    if len(on_it) < min_days or len(on_it) < share * len(absent_days):
        return None
    of_days = len({mark[0] for mark in marks if mark[0].weekday() == weekday})
    return {
        "kind": "weekday",
        "weekday": weekday,
        "days": len(on_it),
        "of_days": of_days,
        "absent_days": len(absent_days),
        "marks": [mark for mark in absence_marks if mark[0].weekday() == weekday],
    }


def _next_to_break(day, school_days):
    """Whether ``day`` is next to a weekend (a Monday or a Friday) or to a weekday on
    which the school did not meet (a holiday, a bank holiday, a closure)."""
    if day.weekday() in (0, 4):
        return True
    one = datetime.timedelta(days=1)
    return day - one not in school_days or day + one not in school_days


def _break_pattern(absence_marks, absent_days, days, min_days, share):
    if len(absent_days) < min_days:
        return None
    school_days = set(days)
    edge = [day for day in absent_days if _next_to_break(day, school_days)]
    if len(edge) < min_days or len(edge) < share * len(absent_days):
        return None
    edge_set = set(edge)
    return {
        "kind": "long_weekend",
        "days": len(edge),
        "absent_days": len(absent_days),
        "marks": [mark for mark in absence_marks if mark[0] in edge_set],
    }


def _holiday_years_pattern(marks):
    holiday = [mark for mark in marks if mark[2] in HOLIDAY_CODES]
    years = sorted({calendar.school_year_start(mark[0]) for mark in holiday})
    consecutive = sorted(
        {
            year
            for first, second in zip(years, years[1:], strict=False)
            if second.year == first.year + 1
            for year in (first, second)
        }
    )
    if not consecutive:
        return None
    return {
        "kind": "holiday_years",
        "years": consecutive,
        "marks": [
            mark for mark in holiday if calendar.school_year_start(mark[0]) in set(consecutive)
        ],
    }


def _illness_pattern(marks, days, min_spells):
    """Spells of illness: runs of consecutive school days with an illness code."""
    ill_days = sorted({mark[0] for mark in marks if mark[2] in ILLNESS_CODES})
    if not ill_days:
        return None
    days_index = {day: index for index, day in enumerate(days)}
    spells = [ill_days[0]]
    for previous, day in zip(ill_days, ill_days[1:], strict=False):
        if days_index[day] != days_index[previous] + 1:
            spells.append(day)
    if len(spells) < min_spells:
        return None
    return {
        "kind": "illness",
        "spells": spells,
        "marks": [mark for mark in marks if mark[2] in ILLNESS_CODES],
    }
