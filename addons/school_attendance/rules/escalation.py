"""Escalation arithmetic: runs of unexplained absence, weeks elapsed, thresholds, wording.

Pure standard-library helpers (no Odoo import) used by ``school.attendance.policy``.
Every date is a ``datetime.date``.
"""

import datetime

from .calendar import week_start

__all__ = [
    "CONCERNS",
    "CONTRACT_KINDS",
    "REFERRAL_KINDS",
    "REFERRAL_RESPONSE_DAYS",
    "unexplained_run",
    "school_weeks_since",
    "below",
    "format_date",
    "format_attendance",
]

#: Why a case is open; a pupil has at most one open case per concern.
CONCERNS = [
    ("first_day", "Unexplained absence"),
    ("low_attendance", "Low attendance"),
    ("persistent", "Persistent absence"),
    ("severe", "Severe absence"),
    ("lateness", "Lateness"),
    ("term_time_holiday", "Term-time holiday"),
    ("pattern", "Pattern of absence"),
]
#: Written agreements with parents (seeds 003 and 004).
CONTRACT_KINDS = [
    ("parent_contract", "Parent contract"),
    ("action_plan", "Attendance action plan"),
]
#: Where a case can be referred (seeds 000, 001 and 004; seed 000 also names
#: housing and voluntary agencies such as a children's project).
REFERRAL_KINDS = [
    ("early_help", "Early Help"),
    ("ewo", "Education Welfare Officer"),
    ("access_inclusion", "Access and Inclusion Officer"),
    ("arc", "Attendance Review Conference"),
    ("social_care", "Social care"),
    ("housing", "Housing"),
    ("voluntary", "Voluntary agency"),
    ("la_legal", "Local authority legal action"),
]
#: Working days a service has to answer a referral when the school has set no
#: deadline of its own for the kind (seed 004: the Access and Inclusion Officer
#: "will make contact with school to discuss the case within 10 working days").
REFERRAL_RESPONSE_DAYS = 10

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def unexplained_run(day_codes, school_days, on_date, unexplained=("N",)):
    """Length and first day of the run of unexplained absence ending on ``on_date``.

    ``day_codes`` maps a date to the codes the pupil has that day (AM and PM);
    ``school_days`` are the school's session dates. A school day belongs to the run
    when one of its codes is unexplained (``N``). Counting goes back from
    ``on_date`` through the school days only (weekends and holidays are skipped);
    it stops at the first school day without an unexplained code. Returns
    ``(length, first_day)``; ``(0, None)`` when ``on_date`` is not in the run.
    """
    unexplained = set(unexplained)
    days = sorted((d for d in set(school_days) if d <= on_date), reverse=True)
    if not days or days[0] != on_date:
        return 0, None
    length, first = 0, None
    for day in days:
        if unexplained & set(day_codes.get(day, ())):
            length += 1
            first = day
        else:
            break
    return length, first


def school_weeks_since(week_starts, since, on_date):
    """School weeks begun after the week of ``since`` up to the week of ``on_date``.

    ``week_starts`` are the Mondays of the school's weeks with sessions; holiday
    weeks hold none and so are not counted. A step fired on a Wednesday is
    "6 weeks" old from the Monday of the sixth school week after it.
    """
    first = week_start(since)
    last = week_start(on_date)
    return len({w for w in week_starts if first < w <= last})


def below(pct, threshold, inclusive):
    """Whether ``pct`` is below ``threshold`` (or equal to it when ``inclusive``)."""
    return pct <= threshold if inclusive else pct < threshold


def format_date(value):
    """'2 Sep 2024' (fixed English month names, independent of the server locale)."""
    if not isinstance(value, datetime.date):
        return str(value)
    return "%d %s %d" % (value.day, _MONTHS[value.month - 1], value.year)


def format_attendance(summary):
    """'89.4% (152/170)': attendance percentage with present and possible sessions."""
    return "%.1f%% (%d/%d)" % (
        summary.get("attendance_pct", 0.0),
        summary.get("present", 0),
        summary.get("possible", 0),
    )
