from odoo import _, fields, models

from .school_letter import format_date

# The letter source mixin must be defined before the referral inherits it.
from . import school_letter_source  # noqa: F401  # isort: skip


class SchoolAttendanceReferral(models.Model):
    """Parents are told when a referral is sent (seed 004: "inform parents of
    referral"): the referral notice goes to every parent with parental
    responsibility, and the referral form lists the letters sent."""

    _name = "school.attendance.referral"
    _inherit = ["school.attendance.referral", "school.letter.source.mixin"]
    _letter_kind = "referral_notice"

    def _letter_partners(self):
        return None  # every parent with parental responsibility (the template's rule)

    def _letter_date(self):
        return self.date_sent or fields.Date.context_today(self)

    def _letter_values(self):
        services = {
            "early_help": _("to Early Help services, who can offer support to the whole family"),
            "ewo": _("to the Education Welfare Officer"),
            "access_inclusion": _("to the local authority's Access and Inclusion Officer"),
            "arc": _("for an Attendance Review Conference with the local authority"),
            "social_care": _("to children's social care"),
            "housing": _("to the housing service"),
            "voluntary": _("to a voluntary agency that supports families"),
            "la_legal": _("to the local authority, for it to consider legal action"),
        }
        values = {"next_step": services.get(self.kind, self.name)}
        if self.due_date:
            values["next_step_date"] = format_date(self.due_date)
        return values

    def _send(self, date_sent=None):
        result = super(SchoolAttendanceReferral, self)._send(date_sent)
        self._create_letters_on_issue()
        return result

    def _evidence_letters(self, on_date):
        """Letters printed or sent about the case (its steps, plans, reviews,
        referrals) up to ``on_date``, oldest first."""
        case = self.case_id
        sources = [
            ("school.attendance.case", case.ids),
            ("school.attendance.contract", case.contract_ids.ids),
            ("school.attendance.contract.review", case.contract_ids.mapped("review_ids").ids),
            ("school.attendance.referral", case.referral_ids.ids),
        ]
        domain = ["|"] * (len(sources) - 1)
        for model, ids in sources:
            domain += ["&", ("res_model", "=", model), ("res_id", "in", ids)]
        letters = self.env["school.letter"].search(
            domain
            + [
                ("state", "in", ("printed", "sent")),
                ("date", "<=", fields.Date.to_string(on_date)),
            ],
            order="date, id",
        )
        return [
            {
                "date": format_date(letter.date),
                "reference": letter.name,
                "letter": letter.template_id.name,
                "recipient": letter.partner_id.name,
            }
            for letter in letters
        ]
