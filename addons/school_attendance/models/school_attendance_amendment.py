from odoo import _, fields, models
from odoo.exceptions import UserError

from .school_retention_mixin import retention_day


class SchoolAttendanceAmendment(models.Model):
    """A change to a register entry after the register was taken.

    The 2024 regulations require the original entry, the amended entry, the
    reason, the date and the name and position of the person who made it.
    Created only by ``school.attendance.mark.write``; read-only for everyone.
    """

    _name = "school.attendance.amendment"
    _inherit = ["school.frozen.mixin", "school.retention.mixin"]
    _description = "Attendance Register Amendment"
    _order = "date desc, id desc"

    #: A legal record from the moment it exists; only the retention archive
    #: (school.retention.mixin) archives it.
    _frozen_writable_fields = ("active",)

    mark_id = fields.Many2one(
        "school.attendance.mark",
        string="Mark",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Register entry that was amended.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        related="mark_id.pupil_id",
        store=True,
        readonly=True,
        help="Pupil of the amended entry.",
    )
    session_id = fields.Many2one(
        "school.session",
        string="Session",
        related="mark_id.session_id",
        store=True,
        readonly=True,
        help="Session of the amended entry.",
    )
    register_id = fields.Many2one(
        "school.attendance.register",
        string="Register",
        related="mark_id.register_id",
        store=True,
        readonly=True,
        help="Register of the amended entry.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="mark_id.company_id",
        store=True,
        readonly=True,
        index=True,
        help="School of the amended entry.",
    )
    old_code_id = fields.Many2one(
        "school.attendance.code",
        string="Original Code",
        readonly=True,
        ondelete="restrict",
        help="Code before the amendment.",
    )
    new_code_id = fields.Many2one(
        "school.attendance.code",
        string="Amended Code",
        readonly=True,
        ondelete="restrict",
        help="Code after the amendment.",
    )
    old_minutes_late = fields.Integer(
        string="Original Minutes Late",
        readonly=True,
        help="Minutes late before the amendment.",
    )
    new_minutes_late = fields.Integer(
        string="Amended Minutes Late",
        readonly=True,
        help="Minutes late after the amendment.",
    )
    reason = fields.Text(
        required=True,
        readonly=True,
        help="Why the entry was changed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Amended By",
        required=True,
        readonly=True,
        ondelete="restrict",
        help="Person who made the amendment.",
    )
    position = fields.Char(
        readonly=True,
        help="Position (role) of that person when they made the amendment.",
    )
    date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        help="When the amendment was made.",
    )

    def write(self, vals):
        self._check_may_archive(vals)
        return super(SchoolAttendanceAmendment, self).write(vals)

    def unlink(self):
        raise UserError(
            _(
                "Register amendments cannot be deleted: they are kept with the "
                "register entries for 6 years."
            )
        )

    def _retention_entry_dates(self):
        return {amendment: [retention_day(amendment.date)] for amendment in self}
