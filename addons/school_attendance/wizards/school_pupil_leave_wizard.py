from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.school_pupil import LEAVING_GROUNDS
from ..rules import registration


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
        help="Statutory ground (regulation 9) for the deletion: A to O for a pupil of "
        "compulsory school age, 2A to 2E for a pupil not of that age.",
    )
    is_return_due = fields.Boolean(
        string="Deletion Return Due",
        compute="_compute_is_return_due",
        help="The ground needs a deletion return to the local authority (listed in "
        "Returns to the LA once confirmed).",
    )
    note = fields.Text(
        help="Details kept in the pupil's history, e.g. the new school.",
    )

    @api.depends("leaving_ground", "pupil_id")
    def _compute_is_return_due(self):
        for wizard in self:
            wizard.is_return_due = bool(
                wizard.leaving_ground
                and registration.deletion_return_due(
                    wizard.leaving_ground,
                    wizard.pupil_id.company_id.la_transition_deletion_returns,
                )
            )

    def action_confirm(self):
        self.ensure_one()
        pupil = self.pupil_id
        if pupil.date_left:
            raise UserError(_("%s already left the roll on %s.") % (pupil.name, pupil.date_left))
        pupil.leave_roll(self.date_left, self.leaving_ground, note=self.note)
        return {"type": "ir.actions.act_window_close"}
