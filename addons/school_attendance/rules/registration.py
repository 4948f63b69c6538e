"""Admission register rules: leaving the roll (regulation 9) and the returns to the
local authority (regulation 13), School Attendance (Pupil Registration) (England)
Regulations 2024.

Pure standard-library helpers (no Odoo import), tested in ``tests/rules``.

* :data:`LEAVING_GROUNDS` lists every ground on which a pupil's name is deleted
  from the admission register: regulation 9(1) for pupils of compulsory school age
  (grounds A to O) and regulation 9(2) for pupils not of that age (grounds 2A to 2E).
* :func:`deletion_return_due` says whether a ground needs a deletion return.
* :func:`continuous_absences` finds the continuous periods of absence without the
  school's permission that the regulation 13 absence return lists.
* :func:`split_suspension_days` splits a suspension's school days into the first
  five (s103 Education and Inspections Act 2006) and those of alternative provision.
"""

import collections

__all__ = [
    "LEAVING_GROUNDS",
    "COMPULSORY_AGE_GROUNDS",
    "NOT_COMPULSORY_AGE_GROUNDS",
    "STANDARD_TRANSITION_GROUNDS",
    "NEW_PUPIL_RETURN_SCHOOL_DAYS",
    "ABSENCE_RETURN_MIN_DAYS",
    "LONG_ABSENCE_MIN_DAYS",
    "ABSENT_WITHOUT_PERMISSION_CODES",
    "ground_label",
    "deletion_return_due",
    "classify_day",
    "continuous_absences",
    "S103_SCHOOL_DAYS",
    "split_suspension_days",
]

Ground = collections.namedtuple("Ground", "key code label compulsory_age")

#: Every statutory ground, in the order of the regulations: (key, code, plain text,
#: whether it is a ground for a pupil of compulsory school age, regulation 9(1)).
LEAVING_GROUNDS = (
    Ground("a_other_school", "A", "Registered at another school", True),
    Ground("b_after_nursery", "B", "Not continuing after nursery education", True),
    Ground("c_dual_registration", "C", "Dual registration ended by agreement", True),
    Ground("d_sao_amended", "D", "School attendance order names another school", True),
    Ground("e_sao_revoked", "E", "School attendance order revoked", True),
    Ground("f_home_education", "F", "Parent notified in writing: educated otherwise", True),
    Ground("g_moved_away", "G", "No longer lives within reasonable distance", True),
    Ground("h_leave_not_returned", "H", "Not returned after leave of absence", True),
    Ground("i_absent_20_days", "I", "Continually absent for 20 school days", True),
    Ground("j_detention", "J", "Detained under a sentence of detention", True),
    Ground("k_died", "K", "Died", True),
    Ground("l_over_school_age", "L", "Over compulsory school age, not staying on", True),
    Ground("m_boarding_fees", "M", "Boarding fees not paid", True),
    Ground("n_independent_ceased", "N", "Ceased at independent or special school", True),
    Ground("o_excluded", "O", "Permanently excluded", True),
    Ground("ncsa_not_attending", "2A", "Not of compulsory age: will not attend again", False),
    Ground("ncsa_boarder_ceased", "2B", "Not of compulsory age: boarder who has left", False),
    Ground("ncsa_absent_20_days", "2C", "Not of compulsory age: absent 20 school days", False),
    Ground("ncsa_died", "2D", "Not of compulsory age: died", False),
    Ground("ncsa_excluded", "2E", "Not of compulsory age: permanently excluded", False),
)
COMPULSORY_AGE_GROUNDS = tuple(g.key for g in LEAVING_GROUNDS if g.compulsory_age)
NOT_COMPULSORY_AGE_GROUNDS = tuple(g.key for g in LEAVING_GROUNDS if not g.compulsory_age)
#: Grounds at the end of what the school provides (leaving after nursery, leaving at
#: the end of compulsory school age): standard transition points, for which a
#: deletion return is made only when the local authority asks for one.
STANDARD_TRANSITION_GROUNDS = ("b_after_nursery", "l_over_school_age")

#: A new pupil return is due within 5 school days of the admission.
NEW_PUPIL_RETURN_SCHOOL_DAYS = 5
#: The absence return lists continuous absences without permission of 10 school days.
ABSENCE_RETURN_MIN_DAYS = 10
#: Seed 002: tell the LA when a pupil is likely to be away 15 school days or more.
LONG_ABSENCE_MIN_DAYS = 15
#: Absence without the school's permission: unauthorised absence codes except U (the
#: pupil came to school, after the register closed).
ABSENT_WITHOUT_PERMISSION_CODES = frozenset({"G", "N", "O"})


def ground_label(key):
    """'A - Registered at another school' for ``key`` (KeyError when unknown)."""
    for ground in LEAVING_GROUNDS:
        if ground.key == key:
            return "%s - %s" % (ground.code, ground.label)
    raise KeyError(key)


def deletion_return_due(key, la_wants_transitions=False):
    """Whether deleting a pupil's name on the ground ``key`` needs a deletion return.

    Every regulation 9(1) ground (pupils of compulsory school age) needs one, except
    the standard transition points (B, L) unless the local authority asked for those
    too (``la_wants_transitions``). The regulation 9(2) grounds (pupils not of
    compulsory school age) need none.
    """
    if key not in COMPULSORY_AGE_GROUNDS + NOT_COMPULSORY_AGE_GROUNDS:
        raise ValueError("unknown leaving ground %r" % (key,))
    if key in NOT_COMPULSORY_AGE_GROUNDS:
        return False
    return la_wants_transitions or key not in STANDARD_TRANSITION_GROUNDS


def classify_day(codes, counted_codes):
    """How one school day of a pupil counts in a continuous absence.

    ``codes`` are the day's register codes (AM, PM; empty ones left out) and
    ``counted_codes`` the codes that count as a possible session. Returns:

    * ``"absent"``: every possible session of the day is absence without permission;
    * ``"neutral"``: no possible session that day (``#``, ``Y1``-``Y7``, ``X``, no
      mark yet): the day neither adds to nor breaks a continuous absence;
    * ``"broken"``: the pupil attended or was absent with permission.
    """
    possible = [code for code in codes if code in counted_codes]
    if not possible:
        return "neutral"
    if all(code in ABSENT_WITHOUT_PERMISSION_CODES for code in possible):
        return "absent"
    return "broken"


def continuous_absences(days, counted_codes, min_days=ABSENCE_RETURN_MIN_DAYS):
    """Continuous periods of absence without permission of at least ``min_days``.

    ``days`` is a list of ``(date, codes)`` for the pupil's school days in date
    order. Returns ``[(first_day, threshold_day, last_day, school_days)]`` for every
    run of ``"absent"`` days (neutral days in between skipped) that reaches
    ``min_days``; ``threshold_day`` is its ``min_days``-th absent day.
    """
    runs = []
    absent = []
    for day, codes in list(days) + [(None, None)]:
        kind = "broken" if day is None else classify_day(codes, counted_codes)
        if kind == "absent":
            absent.append(day)
        elif kind == "broken":
            if len(absent) >= min_days:
                runs.append((absent[0], absent[min_days - 1], absent[-1], len(absent)))
            absent = []
    return runs


#: s103 Education and Inspections Act 2006: the parent's duty (and the offence) covers
#: the first five school days of a suspension or exclusion; alternative provision
#: starts on the sixth.
S103_SCHOOL_DAYS = 5


def split_suspension_days(school_days, duty_days=S103_SCHOOL_DAYS):
    """``(first_days, later_days)`` of a suspension's school days.

    ``school_days`` are the days (any order, duplicates allowed) holding at least one
    of the suspension's sessions. ``first_days`` are the first ``duty_days`` of them,
    the parent's s103 days; ``later_days`` the rest, when alternative provision applies.
    """
    days = sorted(set(school_days))
    return days[:duty_days], days[duty_days:]
