"""Attendance statistics: national code flags, summaries, bands and escalation thresholds.

Pure standard-library helpers (no Odoo import).

How a code counts is described by a *flags* mapping ``code -> dict`` with five booleans:

``possible``
    the session counts as a possible session;
``present``
    the pupil counts as attending (present or approved educational activity);
``authorised`` / ``unauthorised``
    the session counts as an authorised / unauthorised absence;
``late``
    the code records a late arrival (``L`` before the register closed, counted present;
    ``U`` after it closed, counted as unauthorised absence).

For every possible session exactly one of present/authorised/unauthorised is set, and for
every other code none is, so ``possible == present + authorised + unauthorised``
(:func:`check_flags`). :data:`CODE_FLAGS` holds the 34 national codes in force from
19 August 2024 (``codes2024.csv``).

Retired codes (RULES.md) are *not* in :data:`CODE_FLAGS`, because they must not be offered
for new marks. :data:`RETIRED_CODE_FLAGS` gives their pre-2024 statistical meaning for
reading old registers: ``H`` (agreed holiday) authorised absence, ``J`` (at interview) an
approved educational activity counted as present, plain ``Y`` (exceptional circumstances)
not a possible session. The non-statutory COVID variants of ``X`` are left out: their
meaning varied between releases and no seed defines them. Merge the tables explicitly
(``{**CODE_FLAGS, **RETIRED_CODE_FLAGS}``) to summarise historic marks.
"""

import copy
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "FLAG_NAMES",
    "CODE_FLAGS",
    "CODE_CATEGORIES",
    "RETIRED_CODE_FLAGS",
    "PERSISTENT_ABSENCE_PCT",
    "SEVERE_ABSENCE_PCT",
    "DEFAULT_BANDS",
    "ESCALATION_STEPS",
    "WARNING_LETTER_PCT",
    "LETTER_ONE_PCT",
    "PENALTY_REVIEW_PCT",
    "national_flags",
    "check_flags",
    "percentage",
    "is_persistent_absence",
    "is_severe_absence",
    "summarise",
    "summarise_counts",
    "band_for",
    "is_below",
    "needs_warning_letter",
    "needs_letter_one",
    "needs_penalty_review",
    "escalation_steps",
]

FLAG_NAMES = ("possible", "present", "authorised", "unauthorised", "late")

# code, category (as in codes2024.csv), possible, present, authorised, unauthorised, late
_NATIONAL_CODES = (
    ("/", "present", 1, 1, 0, 0, 0),
    ("\\", "present", 1, 1, 0, 0, 0),
    ("L", "present", 1, 1, 0, 0, 1),
    ("K", "attending_approved_educational_activity", 1, 1, 0, 0, 0),
    ("V", "attending_approved_educational_activity", 1, 1, 0, 0, 0),
    ("P", "attending_approved_educational_activity", 1, 1, 0, 0, 0),
    ("W", "attending_approved_educational_activity", 1, 1, 0, 0, 0),
    ("B", "attending_approved_educational_activity", 1, 1, 0, 0, 0),
    ("D", "attending_approved_educational_activity", 0, 0, 0, 0, 0),
    ("C1", "absent_leave_of_absence", 1, 0, 1, 0, 0),
    ("M", "absent_leave_of_absence", 1, 0, 1, 0, 0),
    ("J1", "absent_leave_of_absence", 1, 0, 1, 0, 0),
    ("S", "absent_leave_of_absence", 1, 0, 1, 0, 0),
    ("X", "absent_leave_of_absence", 0, 0, 0, 0, 0),
    ("C2", "absent_leave_of_absence", 1, 0, 1, 0, 0),
    ("C", "absent_leave_of_absence", 1, 0, 1, 0, 0),
    ("T", "absent_other_authorised", 1, 0, 1, 0, 0),
    ("R", "absent_other_authorised", 1, 0, 1, 0, 0),
    ("I", "absent_other_authorised", 1, 0, 1, 0, 0),
    ("E", "absent_other_authorised", 1, 0, 1, 0, 0),
    ("Q", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y1", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y2", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y3", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y4", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y5", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y6", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("Y7", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
    ("G", "absent_unauthorised", 1, 0, 0, 1, 0),
    ("N", "absent_unauthorised", 1, 0, 0, 1, 0),
    ("O", "absent_unauthorised", 1, 0, 0, 1, 0),
    ("U", "absent_unauthorised", 1, 0, 0, 1, 1),
    ("Z", "administrative", 0, 0, 0, 0, 0),
    ("#", "administrative", 0, 0, 0, 0, 0),
)

# Pre-2024 meaning of the codes retired on 19 August 2024 (for reading old registers only).
_RETIRED_CODES = (
    ("H", "absent_other_authorised", 1, 0, 1, 0, 0),
    ("J", "attending_approved_educational_activity", 1, 1, 0, 0, 0),
    ("Y", "absent_unable_to_attend_exceptional", 0, 0, 0, 0, 0),
)


def _flags_table(rows):
    return {row[0]: dict(zip(FLAG_NAMES, (bool(v) for v in row[2:]), strict=True)) for row in rows}


#: National codes in force from 19 Aug 2024 -> flags. Treat as read-only; see national_flags().
CODE_FLAGS = _flags_table(_NATIONAL_CODES)
#: National code -> category identifier from codes2024.csv.
CODE_CATEGORIES = {row[0]: row[1] for row in _NATIONAL_CODES}
#: Retired codes -> their historic flags (not offered for new marks).
RETIRED_CODE_FLAGS = _flags_table(_RETIRED_CODES)

#: Absence at or above this share of possible sessions makes a pupil persistently absent.
PERSISTENT_ABSENCE_PCT = 10
#: Absence at or above this share of possible sessions makes a pupil severely absent.
SEVERE_ABSENCE_PCT = 50


def national_flags():
    """Return a fresh, independent copy of :data:`CODE_FLAGS` that a school may adjust."""
    return copy.deepcopy(CODE_FLAGS)


def check_flags(flags):
    """Validate a flags mapping; raise ValueError describing the first problem found.

    Each entry needs the five boolean flags; a possible session must be exactly one of
    present/authorised/unauthorised, any other code none of them.
    """
    for code, entry in flags.items():
        missing = [name for name in FLAG_NAMES if name not in entry]
        if missing:
            raise ValueError(f"code {code!r} lacks flag(s): {', '.join(missing)}")
        outcomes = sum(bool(entry[name]) for name in ("present", "authorised", "unauthorised"))
        expected = 1 if entry["possible"] else 0
        if outcomes != expected:
            raise ValueError(
                f"code {code!r}: a {'possible' if expected else 'non-possible'} session must "
                f"count as {expected} of present/authorised/unauthorised, not {outcomes}"
            )
    return flags


def percentage(part, whole):
    """Return ``part / whole * 100`` rounded half-up to 1 decimal place (0.0 when whole is 0)."""
    if whole == 0:
        return 0.0
    value = Decimal(part) * 100 / Decimal(whole)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def is_persistent_absence(absent, possible):
    """Return whether ``absent`` is >= 10% of ``possible`` (exact; False when 0 possible)."""
    return possible > 0 and absent * 100 >= PERSISTENT_ABSENCE_PCT * possible


def is_severe_absence(absent, possible):
    """Return whether ``absent`` is >= 50% of ``possible`` (exact; False when 0 possible)."""
    return possible > 0 and absent * 100 >= SEVERE_ABSENCE_PCT * possible


def _split_mark(mark):
    """Return ``(code, minutes_late)`` for a mark given as a code or a (code, minutes) pair."""
    if isinstance(mark, str):
        return mark, 0
    code, minutes = mark
    minutes = minutes or 0
    if minutes < 0:
        raise ValueError(f"minutes late cannot be negative, got {minutes!r} for {code!r}")
    return code, minutes


def summarise(marks, flags=None):
    """Summarise attendance marks for one pupil (or any group of sessions).

    ``marks`` is an iterable of code strings or ``(code, minutes_late)`` pairs (minutes may
    be None). ``flags`` defaults to :data:`CODE_FLAGS`. Unknown codes raise ValueError.

    Returns a dict with:

    * ``possible``, ``present``, ``authorised``, ``unauthorised``, ``absent``
      (authorised + unauthorised) session counts;
    * ``attendance_pct`` and ``absence_pct``: share of possible sessions, rounded half-up
      to 1 dp. With 0 possible sessions both are reported as 0.0 (there is nothing to
      measure; callers should show "no possible sessions" rather than a rate);
    * ``late_before_close`` (present + late codes, i.e. ``L``), ``late_after_close``
      (late codes counted as absence, i.e. ``U``) and ``minutes_late`` (sum of minutes);
    * ``codes``: count per code as given;
    * ``is_persistent_absentee`` (absence >= 10% of possible) and ``is_severe_absentee``
      (absence >= 50%), both decided on exact counts, not on the rounded percentage.
    """
    flags = check_flags(CODE_FLAGS if flags is None else flags)
    counts = Counter()
    minutes_late = 0
    for mark in marks:
        code, minutes = _split_mark(mark)
        if code not in flags:
            raise ValueError(f"unknown attendance code {code!r}")
        counts[code] += 1
        minutes_late += minutes
    return summarise_counts(counts, flags, minutes_late)


def summarise_counts(counts, flags, minutes_late=0):
    """:func:`summarise` for marks already counted: ``counts`` maps code -> number of marks.

    For callers that count in the database (one row per pupil and code instead of one
    entry per mark). ``flags`` must be a table :func:`check_flags` accepts; it is not
    checked again here, so a caller summarising many pupils checks it once. Codes with a
    count of 0 are left out of ``codes``. Same result as :func:`summarise` on the marks.
    """
    totals = dict.fromkeys(("possible", "present", "authorised", "unauthorised"), 0)
    late_before = late_after = 0
    codes = {}
    for code, count in counts.items():
        if not count:
            continue
        entry = flags.get(code)
        if entry is None:
            raise ValueError(f"unknown attendance code {code!r}")
        codes[code] = count
        for name in totals:
            if entry[name]:
                totals[name] += count
        if entry["late"]:
            if entry["present"]:
                late_before += count
            else:
                late_after += count
    if minutes_late < 0:
        raise ValueError(f"minutes late cannot be negative, got {minutes_late!r}")
    absent = totals["authorised"] + totals["unauthorised"]
    possible = totals["possible"]
    return {
        **totals,
        "absent": absent,
        "attendance_pct": percentage(totals["present"], possible),
        "absence_pct": percentage(absent, possible),
        "late_before_close": late_before,
        "late_after_close": late_after,
        "minutes_late": minutes_late,
        "codes": codes,
        "is_persistent_absentee": is_persistent_absence(absent, possible),
        "is_severe_absentee": is_severe_absence(absent, possible),
    }


# --- Attendance bands (seed 003, Halsnead Primary School attendance strategy) -------------
# Each band covers min_pct (inclusive) up to the next band's min_pct (exclusive). The seed
# labels its last band "90% or Below", overlapping "90% - 91.9%" at exactly 90%: here 90.0
# belongs to the 90-91.9 band and the last band is "below 90%". The seed names no colours.
DEFAULT_BANDS = (
    {
        "code": "band_98",
        "label": "98% - 100%",
        "min_pct": 98.0,
        "responsible": "Whole School Approach",
    },
    {
        "code": "band_95",
        "label": "95% - 97.9%",
        "min_pct": 95.0,
        "responsible": "Learning Mentor & Class Teachers",
    },
    {
        "code": "band_92",
        "label": "92% - 94.9%",
        "min_pct": 92.0,
        "responsible": "Learning Mentor & Senior Leadership Team",
    },
    {
        "code": "band_90",
        "label": "90% - 91.9%",
        "min_pct": 90.0,
        "responsible": "Senior Leaders and Educational Welfare Officer",
    },
    {
        "code": "band_below_90",
        "label": "Below 90%",
        "min_pct": 0.0,
        "responsible": "Senior Programme Leaders and Education Welfare Officer",
    },
)


def _check_pct(pct):
    """Raise ValueError unless ``pct`` is a number from 0 to 100 inclusive."""
    if isinstance(pct, bool) or not isinstance(pct, (int, float, Decimal)) or not 0 <= pct <= 100:
        raise ValueError(f"a percentage must be a number from 0 to 100, got {pct!r}")
    return pct


def band_for(pct, bands=DEFAULT_BANDS):
    """Return (a copy of) the band whose range holds the attendance percentage ``pct``.

    ``bands`` is a sequence of dicts with at least ``min_pct``; the band with the highest
    ``min_pct`` not above ``pct`` wins, so the bands need no upper bounds and leave no gaps
    (97.95 falls in the 95 band). Raises ValueError for a percentage outside 0-100 or
    below every band.
    """
    _check_pct(pct)
    for band in sorted(bands, key=lambda b: b["min_pct"], reverse=True):
        if pct >= band["min_pct"]:
            return dict(band)
    raise ValueError(f"no band covers {pct}%")


# --- Escalation thresholds used by the seeds -----------------------------------------------
#: Seed 000: "Below 96% attendance" -> warning letter (strictly below).
WARNING_LETTER_PCT = 96.0
#: Seed 000: "90% attendance or less" -> letter 1 (at or below).
LETTER_ONE_PCT = 90.0
#: Seed 001: consider a penalty notice "if 85% or below" (at or below).
PENALTY_REVIEW_PCT = 85.0

#: Ordered escalation steps; ``inclusive`` means the threshold value itself triggers the step.
ESCALATION_STEPS = (
    {
        "code": "warning_letter",
        "threshold": WARNING_LETTER_PCT,
        "inclusive": False,
        "responsible": "Pupil Support Lead",
    },
    {
        "code": "letter_1",
        "threshold": LETTER_ONE_PCT,
        "inclusive": True,
        "responsible": "Pupil Support Lead, Admin officer",
    },
    {
        "code": "penalty_review",
        "threshold": PENALTY_REVIEW_PCT,
        "inclusive": True,
        "responsible": "School staff, with referral to the LA Attendance Officer",
    },
)


def is_below(pct, threshold, inclusive=False):
    """Return whether ``pct`` is below ``threshold`` (or equal to it when ``inclusive``)."""
    _check_pct(pct)
    return pct <= threshold if inclusive else pct < threshold


def needs_warning_letter(pct, threshold=WARNING_LETTER_PCT):
    """Seed 000 warning letter: attendance strictly below 96%."""
    return is_below(pct, threshold)


def needs_letter_one(pct, threshold=LETTER_ONE_PCT):
    """Seed 000 letter 1: attendance of 90% or less."""
    return is_below(pct, threshold, inclusive=True)


def needs_penalty_review(pct, threshold=PENALTY_REVIEW_PCT):
    """Seed 001 penalty notice consideration: attendance of 85% or less."""
    return is_below(pct, threshold, inclusive=True)


def escalation_steps(pct, steps=ESCALATION_STEPS):
    """Return the codes of every step in ``steps`` that ``pct`` has reached, in order.

    Pass the percentage as shown to parents (rounded to 1 dp) so that letters agree with
    the figure they quote.
    """
    return [
        step["code"]
        for step in steps
        if is_below(pct, step["threshold"], inclusive=step["inclusive"])
    ]
