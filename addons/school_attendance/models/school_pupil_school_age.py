from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..dates import to_date
from ..rules import school_age

SCHOOL_AGE_STATES = [
    ("below", "Not yet of compulsory school age"),
    ("compulsory", "Of compulsory school age"),
    ("above", "Past the school leaving date"),
    ("unknown", "Unknown: no date of birth"),
]


class SchoolPupil(models.Model):
    """Compulsory school age (Education Act 1996 s8), from the pupil's date of birth.

    The arithmetic is ``rules.school_age``; penalty notices, notices to improve and
    prosecutions concern pupils of compulsory school age only, and only their sessions
    while of that age (``school_penalty``).
    """

    _inherit = "school.pupil"

    date_compulsory_school_age = fields.Date(
        string="Compulsory School Age From",
        compute="_compute_compulsory_school_age",
        store=True,
        help="First prescribed day (31 December, 31 March or 31 August) on or after the "
        "pupil's fifth birthday: from this day the pupil is of compulsory school age.",
    )
    date_school_leaving = fields.Date(
        string="School Leaving Date",
        compute="_compute_compulsory_school_age",
        store=True,
        help="Last Friday in June of the school year (1 September to 31 August) in which "
        "the pupil turns 16: the last day of compulsory school age.",
    )
    school_age_state = fields.Selection(
        SCHOOL_AGE_STATES,
        string="Compulsory School Age",
        compute="_compute_school_age_state",
        help="Whether the pupil is of compulsory school age today (from the first "
        "prescribed day after their fifth birthday to their school leaving date). Notices "
        "to improve, penalty notices and prosecutions concern pupils of compulsory school "
        "age only, and count only their sessions while of that age. Without a date of "
        "birth the pupil is treated as of compulsory school age: record it.",
    )

    @api.depends("date_of_birth")
    def _compute_compulsory_school_age(self):
        for pupil in self:
            born = to_date(pupil.date_of_birth)
            start, end = school_age.compulsory_school_age_period(born) if born else (None, None)
            pupil.date_compulsory_school_age = start and fields.Date.to_string(start)
            pupil.date_school_leaving = end and fields.Date.to_string(end)

    @api.depends("date_compulsory_school_age", "date_school_leaving")
    def _compute_school_age_state(self):
        today = to_date(fields.Date.context_today(self))
        for pupil in self:
            pupil.school_age_state = pupil._school_age_state(today)

    def _school_age_state(self, on_date):
        """'below', 'compulsory', 'above' or 'unknown' on ``on_date`` (a date)."""
        self.ensure_one()
        if not self.date_of_birth:
            return "unknown"
        start, end = self._compulsory_school_age_period()
        if on_date < start:
            return "below"
        return "above" if on_date > end else "compulsory"

    def _compulsory_school_age_period(self):
        """``(first day, last day)`` of compulsory school age, or ``(None, None)``."""
        self.ensure_one()
        return to_date(self.date_compulsory_school_age), to_date(self.date_school_leaving)

    def is_compulsory_school_age(self, on_date=None):
        """Whether the pupil is of compulsory school age on ``on_date`` (default today).

        Public and RPC-callable (``on_date``: 'YYYY-MM-DD'). A pupil without a date of
        birth counts as of compulsory school age (the admission register must hold it).
        """
        self.ensure_one()
        on_date = to_date(on_date or fields.Date.context_today(self))
        return self._school_age_state(on_date) in ("compulsory", "unknown")

    def _check_compulsory_school_age(self, on_date, document):
        """Raise unless the pupil is of compulsory school age on ``on_date``.

        ``document``: what is refused, e.g. 'a penalty notice' (translated by the caller).
        """
        for pupil in self:
            state = pupil._school_age_state(to_date(on_date))
            if state in ("compulsory", "unknown"):
                continue
            start, end = pupil._compulsory_school_age_period()
            raise ValidationError(
                _(
                    "%(pupil)s is not of compulsory school age on %(date)s (from %(start)s "
                    "to %(end)s, the school leaving date): %(document)s concerns pupils of "
                    "compulsory school age only. Check the date of birth and the date."
                )
                % {
                    "pupil": pupil.name,
                    "date": on_date,
                    "start": start,
                    "end": end,
                    "document": document,
                }
            )
