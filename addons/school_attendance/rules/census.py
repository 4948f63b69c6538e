"""School census attendance export: one row of counts per pupil and term.

Pure standard-library helpers (no Odoo import). The DfE school census attendance module
returns, per pupil, the possible sessions of the term, the sessions of authorised and of
unauthorised absence, and the sessions missed for each absence reason (the absence codes).
:func:`pupil_counts` turns one pupil's marks (code -> number of sessions) into those figures
plus the attendance breakdown we also hold (present, late before the register closed,
approved educational activity), the sessions that are not possible sessions and the sessions
with no code yet. How each code counts comes from a *flags* mapping as in
:mod:`.statistics` (the school's configured codes), so the totals always agree with the
attendance statistics elsewhere in the product.

:data:`CENSUS_COLUMNS` is the column order of the CSV; the README documents every column.
"""

import datetime

from .statistics import CODE_FLAGS, check_flags, percentage

__all__ = [
    "ABSENCE_REASON_CODES",
    "APPROVED_ACTIVITY_CODES",
    "CENSUS_COLUMNS",
    "DAILY_COLUMNS",
    "MIN_CENSUS_AGE",
    "MAX_CENSUS_AGE",
    "age_on",
    "census_age_date",
    "in_census_age_range",
    "pupil_counts",
    "statistical_category",
]

#: Absence reasons the census counts sessions for, in this order: authorised (leave of
#: absence, then other authorised) then unauthorised. ``U`` is the late arrival after the
#: register closed.
ABSENCE_REASON_CODES = (
    "C",
    "C1",
    "C2",
    "J1",
    "M",
    "S",
    "E",
    "I",
    "R",
    "T",
    "G",
    "N",
    "O",
    "U",
)
#: Codes of attending an approved educational activity (counted as attendance).
APPROVED_ACTIVITY_CODES = ("K", "V", "P", "W", "B")

#: The census attendance module covers pupils aged 5 to 15 at the start of the school year
#: (age on the 31 August before it).
MIN_CENSUS_AGE = 5
MAX_CENSUS_AGE = 15

#: Columns of the census CSV (pupil details, then counts; see the README).
CENSUS_COLUMNS = (
    "UPN",
    "Surname",
    "Forename",
    "DOB",
    "Sex",
    "NCYearActual",
    "RegGroup",
    "AgeAtStartOfYear",
    "EntryDate",
    "LeavingDate",
    "SessionsPossible",
    "SessionsAttended",
    "SessionsAuthorised",
    "SessionsUnauthorised",
    "AttendancePct",
    "SessionsPresent",
    "SessionsLateBeforeClose",
    "SessionsApprovedActivity",
    *("Sessions" + code for code in ABSENCE_REASON_CODES),
    "SessionsLateAfterClose",
    "MinutesLate",
    "SessionsNotPossible",
    "SessionsUnmarked",
)

#: Columns of the daily extract CSV for the local authority.
DAILY_COLUMNS = (
    "URN",
    "LAESTAB",
    "Date",
    "Session",
    "UPN",
    "Surname",
    "Forename",
    "RegGroup",
    "NCYearActual",
    "Code",
    "CodeMeaning",
    "Category",
    "MinutesLate",
)


def census_age_date(year_start):
    """The 31 August on or before ``year_start`` (the first day of the school year)."""
    year = year_start.year if (year_start.month, year_start.day) >= (8, 31) else year_start.year - 1
    return datetime.date(year, 8, 31)


def age_on(date_of_birth, day):
    """Age in whole years on ``day`` of a pupil born on ``date_of_birth`` (None if unknown)."""
    if date_of_birth is None:
        return None
    if date_of_birth > day:
        raise ValueError(f"date of birth {date_of_birth} is after {day}")
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def in_census_age_range(age):
    """Whether a pupil of ``age`` (at the start of the year) is in the census module.

    An unknown age (None) counts as in range: the pupil is listed so that the missing date
    of birth is seen and corrected, not silently dropped.
    """
    return age is None or MIN_CENSUS_AGE <= age <= MAX_CENSUS_AGE


def statistical_category(code, flags=None):
    """'attending', 'authorised', 'unauthorised' or 'not_possible' for ``code``.

    A missing code (None or '') is 'unmarked'. Unknown codes raise ValueError.
    """
    if not code:
        return "unmarked"
    flags = CODE_FLAGS if flags is None else flags
    entry = flags.get(code)
    if entry is None:
        raise ValueError(f"unknown attendance code {code!r}")
    for name, label in (
        ("present", "attending"),
        ("authorised", "authorised"),
        ("unauthorised", "unauthorised"),
    ):
        if entry[name]:
            return label
    return "not_possible"


def _columns_of(code, entry):
    """The count columns one session with ``code`` (flags ``entry``) adds 1 to."""
    if not entry["possible"]:
        return ["SessionsNotPossible"]
    columns = ["SessionsPossible"]
    if entry["present"]:
        columns.append("SessionsAttended")
        if entry["late"]:
            columns.append("SessionsLateBeforeClose")
        elif code in APPROVED_ACTIVITY_CODES:
            columns.append("SessionsApprovedActivity")
        else:
            columns.append("SessionsPresent")
        return columns
    columns.append("SessionsAuthorised" if entry["authorised"] else "SessionsUnauthorised")
    if entry["late"]:
        columns.append("SessionsLateAfterClose")
    if code in ABSENCE_REASON_CODES:
        columns.append("Sessions" + code)
    return columns


def pupil_counts(code_counts, flags=None, minutes_late=0, sessions_on_roll=None):
    """Census counts of one pupil for one term.

    ``code_counts`` maps each code to the number of the pupil's sessions with that code;
    ``flags`` defaults to :data:`.statistics.CODE_FLAGS`; ``minutes_late`` is the sum of
    minutes late over the term; ``sessions_on_roll`` is the number of the term's sessions on
    which the pupil was on the admission register (None: unmarked sessions are not counted,
    reported as 0). Unknown codes raise ValueError.

    Returns a dict keyed by the count columns of :data:`CENSUS_COLUMNS`:
    ``SessionsPossible`` = ``SessionsAttended`` + ``SessionsAuthorised`` +
    ``SessionsUnauthorised``; ``SessionsAttended`` = ``SessionsPresent`` +
    ``SessionsLateBeforeClose`` + ``SessionsApprovedActivity`` (+ any other code the school
    flags as attendance); ``Sessions<code>`` for each absence reason; ``SessionsLateAfterClose``
    (late codes counted as absence, i.e. ``U``); ``SessionsNotPossible`` (codes that are not
    possible sessions: X, Q, Y1-Y7, D, Z, #); ``SessionsUnmarked`` = sessions on roll minus
    sessions with a code.
    """
    flags = check_flags(CODE_FLAGS if flags is None else flags)
    row = dict.fromkeys(
        (name for name in CENSUS_COLUMNS if name.startswith("Sessions")),
        0,
    )
    coded = 0
    for code, count in code_counts.items():
        entry = flags.get(code)
        if entry is None:
            raise ValueError(f"unknown attendance code {code!r}")
        if count < 0:
            raise ValueError(f"a session count cannot be negative ({code!r}: {count})")
        coded += count
        for column in _columns_of(code, entry):
            row[column] += count
    if sessions_on_roll is not None:
        if sessions_on_roll < coded:
            raise ValueError(
                f"{coded} coded sessions cannot exceed {sessions_on_roll} sessions on roll"
            )
        row["SessionsUnmarked"] = sessions_on_roll - coded
    row["AttendancePct"] = percentage(row["SessionsAttended"], row["SessionsPossible"])
    row["MinutesLate"] = minutes_late
    return row
