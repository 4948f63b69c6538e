from odoo import _, models
from odoo.addons.school_attendance.dates import to_string
from odoo.addons.school_attendance.wizards.school_step_effect import first_dates


class SchoolStepEffect(models.TransientModel):
    """Does the work help? The notice to improve is a step type."""

    _inherit = "school.step.effect"

    def _collect_steps(self, companies, date_from, date_to):
        """Notices to improve, done on the day they were issued (a draft was never
        sent); a pupil whose parents each got one counts once."""
        steps = super(SchoolStepEffect, self)._collect_steps(companies, date_from, date_to)
        notices = self.env["school.notice.to.improve"].search_read(
            [
                ("company_id", "in", companies.ids),
                ("state", "in", self.env["school.notice.to.improve"]._holding_states),
                ("date_issued", ">=", to_string(date_from)),
                ("date_issued", "<=", to_string(date_to)),
            ],
            ["pupil_id", "date_issued"],
        )
        rows = [(notice["pupil_id"][0], notice["date_issued"]) for notice in notices]
        steps.append(
            self._step_type("notice_to_improve", _("Notice to improve"), 80, first_dates(rows))
        )
        return steps
