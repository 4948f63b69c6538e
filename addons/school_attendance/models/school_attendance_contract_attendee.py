from odoo import api, fields, models

#: Who takes part in a plan meeting (seed 004: "who attended", "signed by all present").
PARTIES = [
    ("parent", "Parent / carer"),
    ("pupil", "Pupil"),
    ("staff", "School staff"),
    ("agency", "Agency"),
]


class SchoolAttendanceContractAttendee(models.Model):
    """Someone at the meeting that agreed a contract or plan, and their signature."""

    _name = "school.attendance.contract.attendee"
    _description = "Attendance Contract Attendee"
    _order = "contract_id, sequence, id"

    sequence = fields.Integer(default=10, help="Order on the printed plan.")
    contract_id = fields.Many2one(
        "school.attendance.contract",
        string="Agreement",
        required=True,
        ondelete="cascade",
        index=True,
        help="Agreement the person took part in.",
    )
    party = fields.Selection(
        PARTIES,
        required=True,
        default="parent",
        help="Parent or carer, the pupil, a member of staff or an agency (Early Help, "
        "a voluntary agency, health...).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        ondelete="restrict",
        help="Parent or agency contact (invited to reviews once Early Help has begun).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Staff",
        ondelete="restrict",
        help="Member of staff at the meeting.",
    )
    name = fields.Char(
        required=True,
        help="Name printed on the plan's signature line.",
    )
    organisation = fields.Char(help="Agency or role, e.g. 'Early Help', 'Learning Mentor'.")
    has_attended = fields.Boolean(
        string="Attended",
        help="Was at the meeting that agreed the plan.",
    )
    date_signed = fields.Date(
        string="Signed On",
        help="Day the person signed the plan (empty: not signed).",
    )

    @api.onchange("partner_id", "user_id")
    def _onchange_person(self):
        person = self.user_id if self.party == "staff" else self.partner_id
        if person:
            self.name = person.name
