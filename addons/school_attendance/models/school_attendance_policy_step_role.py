from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .school_staff_role import STAFF_ROLES


class SchoolAttendancePolicyStep(models.Model):
    """Steps aimed at a named role of the school (attendance officer, head of year,
    DSL, EWO...): the activity goes to the person holding it at the pupil's school."""

    _inherit = "school.attendance.policy.step"

    responsible = fields.Selection(selection_add=[("role", "A named role of the school")])
    staff_role = fields.Selection(
        STAFF_ROLES,
        string="Role",
        help="Role the activity is for. Each school names who holds it (Configuration > "
        "Named Professionals); a head of year is taken for the pupil's year group. "
        "When nobody holds it, the case owner gets the activity.",
    )

    @api.constrains("responsible", "staff_role")
    def _check_staff_role(self):
        for step in self:
            if step.responsible == "role" and not step.staff_role:
                raise ValidationError(_("%s: choose the role the activity is for.") % step.name)

    def _responsible_user(self, case):
        if self.responsible == "role" and self.staff_role:
            user = self.env["school.staff.role"].find_user(
                self.staff_role, case.company_id, case.pupil_id.group_id.year_group
            )
            if user:
                return user
        return super(SchoolAttendancePolicyStep, self)._responsible_user(case)
