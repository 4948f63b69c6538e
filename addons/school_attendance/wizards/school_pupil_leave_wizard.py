from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.school_pupil import LEAVING_GROUNDS


class SchoolPupilLeaveWizard(models.TransientModel):
    _name = "school.pupil.leave.wizard"
    _description = "Pupil Leaves the Roll"

    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        ondelete="cascade",
        default=lambda self: (
            self.env.context.get("active_id")
            if self.env.context.get("active_model") == "school.pupil"
            else False
        ),
        help="Pupil whose name is deleted from the admission register.",
    )
    date_left = fields.Date(
        string="Leaving Date",
        required=True,
        default=fields.Date.context_today,
        help="Last day the pupil is on the admission register.",
    )
    leaving_ground = fields.Selection(
        LEAVING_GROUNDS,
        required=True,
        help="Statutory ground (regulation 9) for the deletion. A deletion "
        "return is due to the local authority.",
    )
    note = fields.Text(
        help="Details kept in the pupil's history, e.g. the new school.",
    )

    def action_confirm(self):
        self.ensure_one()
        pupil = self.pupil_id
        if pupil.date_left:
            raise UserError(_("%s already left the roll on %s.") % (pupil.name, pupil.date_left))
        pupil.leave_roll(self.date_left, self.leaving_ground, note=self.note)
        return {"type": "ir.actions.act_window_close"}
