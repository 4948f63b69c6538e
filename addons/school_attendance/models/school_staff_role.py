from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .school_group import YEAR_GROUPS

#: Roles the seeds name as the people who act on a step.
STAFF_ROLES = [
    ("attendance_officer", "Attendance officer"),
    ("admin_officer", "Admin officer"),
    ("pupil_support_lead", "Pupil Support Lead"),
    ("learning_mentor", "Learning mentor"),
    ("head_of_year", "Head of year"),
    ("senco", "SENCO"),
    ("dsl", "Designated Safeguarding Lead"),
    ("ewo", "Education Welfare Officer"),
    ("headteacher", "Headteacher"),
]


class SchoolStaffRole(models.Model):
    """Who holds a named role at a school (seed 000 'Staff responsible', seed 001 'who
    by', seed 003 'Responsible'): policy steps aimed at the role give their
    activities to this person."""

    _name = "school.staff.role"
    _description = "Named Professional"
    _order = "company_id, role, year_group, id"
    _rec_name = "user_id"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School where the person holds the role.",
    )
    role = fields.Selection(
        STAFF_ROLES,
        required=True,
        index=True,
        help="Role named by the school's attendance policy.",
    )
    year_group = fields.Selection(
        YEAR_GROUPS,
        help="For a role held per year group (e.g. head of year 5): the year group. "
        "Empty: the whole school.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Person",
        required=True,
        ondelete="cascade",
        help="User who receives the activities of the steps aimed at this role.",
    )
    active = fields.Boolean(default=True, help="Archive when the person leaves the role.")

    @api.constrains("user_id", "company_id")
    def _check_user_company(self):
        for holder in self:
            if holder.company_id not in holder.user_id.company_ids:
                raise ValidationError(
                    _("%s does not work at %s: give them access to the school first.")
                    % (holder.user_id.name, holder.company_id.name)
                )

    @api.constrains("company_id", "role", "year_group", "active")
    def _check_one_holder(self):
        for holder in self.filtered("active"):
            other = self.search(
                [
                    ("id", "!=", holder.id),
                    ("company_id", "=", holder.company_id.id),
                    ("role", "=", holder.role),
                    ("year_group", "=", holder.year_group or False),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _("%s is already %s at %s: archive that entry first.")
                    % (
                        other.user_id.name,
                        dict(STAFF_ROLES)[holder.role],
                        holder.company_id.name,
                    )
                )

    @api.model
    def find_user(self, role, company, year_group=False):
        """The user holding ``role`` at ``company`` for ``year_group`` (the whole-school
        holder when no one holds it for that year group); an empty recordset if nobody."""
        return self._find_users([role], company, year_group)[role]

    @api.model
    def _find_users(self, roles, company, year_group=False):
        """``{role: user}`` for each of ``roles``, as :meth:`find_user`, in one search
        (a policy step whose activities go to several roles)."""
        holders = self.search([("role", "in", list(roles)), ("company_id", "=", company.id)])
        users = {}
        for role in roles:
            of_role = holders.filtered(lambda h, role=role: h.role == role)
            exact = of_role.filtered(lambda h: year_group and h.year_group == year_group)
            whole = of_role.filtered(lambda h: not h.year_group)
            users[role] = (exact or whole)[:1].user_id
        return users
