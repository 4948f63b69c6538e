from odoo import _, models
from odoo.exceptions import UserError

from .school_letter import format_date

# The letter source mixin must be defined before the plan inherits it.
from . import school_letter_source  # noqa: F401  # isort: skip


def render_plan(plan):
    """The plan's printed body (``school_attendance.report_attendance_plan_body``)
    as safe HTML, enclosed in the letters about it."""
    html = plan.env["ir.qweb"].render(
        "school_attendance.report_attendance_plan_body", {"plan": plan}
    )
    return html.decode() if isinstance(html, bytes) else html


class SchoolAttendanceContract(models.Model):
    """Seed 004: "parents should receive a hard copy of the plan with a covering
    letter including the review date". The covering letter (kind ``action_plan``)
    goes to every parent party to the plan, the plan enclosed and frozen with it."""

    _name = "school.attendance.contract"
    _inherit = ["school.attendance.contract", "school.letter.source.mixin"]
    _letter_kind = "action_plan"

    def _letter_partners(self):
        return self.partner_ids or None

    def _letter_date(self):
        return self.date_start

    def _letter_values(self):
        planned = self.review_ids.filtered(lambda r: r.state == "planned")
        if not planned:
            return {}
        return {"next_step_date": format_date(planned[0].date_planned)}

    def _letter_extra_html(self):
        return render_plan(self)

    def action_print_letter(self):
        """Button 'Print Plan and Letter': the covering letters with the plan enclosed."""
        if self.filtered(lambda plan: plan.state == "draft"):
            raise UserError(_("Agree the plan first: its covering letter gives the review date."))
        return super(SchoolAttendanceContract, self).action_print_letter()
