from odoo import _, models
from odoo.addons.school_attendance.dates import to_string
from odoo.addons.school_attendance.wizards.school_step_effect import first_dates

#: The letters that are steps of the attendance work, in the order of the work, with
#: their name in the figures. Left out: the documents of other steps (the notice to
#: improve and the penalty notice are school_penalty's, the plan's covering letter goes
#: with the plan), leave decisions, certificates, band letters and the registration
#: certificate.
STEP_LETTER_KINDS = (
    ("first_day", "First-day letter"),
    ("day3", "Day-3 letter"),
    ("warning_96", "Warning letter (below 96%)"),
    ("letter_1", "Letter 1"),
    ("letter_2_meeting", "Letter 2 (meeting invitation)"),
    ("plan_invitation", "Invitation to a plan meeting"),
    ("review", "Plan review letter"),
    ("referral_notice", "Referral notice"),
    ("prosecution_warning", "Warning of prosecution"),
)


class SchoolStepEffect(models.TransientModel):
    """Does the work help? Each kind of attendance letter is a step type."""

    _inherit = "school.step.effect"

    def _collect_steps(self, companies, date_from, date_to):
        """Letters by kind, done on the date they bear once printed or sent (a draft
        was never posted); a pupil whose parents each got one counts once. Letter 1 is
        listed even when none was sent."""
        steps = super(SchoolStepEffect, self)._collect_steps(companies, date_from, date_to)
        letters = self.env["school.letter"].search_read(
            [
                ("company_id", "in", companies.ids),
                ("kind", "in", [kind for kind, _label in STEP_LETTER_KINDS]),
                ("state", "in", ("printed", "sent")),
                ("date", ">=", to_string(date_from)),
                ("date", "<=", to_string(date_to)),
            ],
            ["pupil_id", "kind", "date"],
        )
        for index, (kind, label) in enumerate(STEP_LETTER_KINDS):
            rows = [(r["pupil_id"][0], r["date"]) for r in letters if r["kind"] == kind]
            key = kind if kind.startswith("letter_") else "letter_" + kind
            steps.append(
                self._step_type(
                    key, _(label), 20 + index, first_dates(rows), always=kind == "letter_1"
                )
            )
        return steps
