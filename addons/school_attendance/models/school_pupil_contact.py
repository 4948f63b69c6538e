from odoo import fields, models


class SchoolPupilContact(models.Model):
    _name = "school.pupil.contact"
    _inherit = ["school.guarded.mixin"]
    _description = "Pupil Contact"
    _order = "pupil_id, sequence, id"
    _rec_name = "partner_id"

    #: The school follows the pupil: never moved through the contact.
    _fixed_fields = ("company_id",)

    sequence = fields.Integer(
        default=10,
        help="Order in which the contacts are called.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        ondelete="cascade",
        index=True,
        help="Pupil this person is a contact for.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        ondelete="restrict",
        index=True,
        help="The parent, carer or other contact (name, address, phone, email).",
    )
    relationship = fields.Selection(
        [
            ("mother", "Mother"),
            ("father", "Father"),
            ("carer", "Carer"),
            ("grandparent", "Grandparent"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
        help="Relationship of the contact to the pupil.",
    )
    has_parental_responsibility = fields.Boolean(
        string="Parental Responsibility",
        help="The contact has parental responsibility for the pupil (a parent "
        "in law: letters and penalty notices go to them).",
    )
    lives_with_pupil = fields.Boolean(
        help="The pupil normally lives with this contact (only such a parent "
        "may request a leave of absence).",
    )
    is_priority_contact = fields.Boolean(
        string="Priority Contact",
        help="Called first on the first day of an unexplained absence.",
    )
    receives_post = fields.Boolean(
        help="Attendance letters are posted to this contact.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="pupil_id.company_id",
        store=True,
        readonly=True,
        index=True,
        help="School of the pupil.",
    )
    phone = fields.Char(
        related="partner_id.phone", readonly=True, help="Phone number of the contact."
    )
    mobile = fields.Char(
        related="partner_id.mobile", readonly=True, help="Mobile number of the contact."
    )
    email = fields.Char(
        related="partner_id.email", readonly=True, help="Email address of the contact."
    )

    _sql_constraints = [
        (
            "pupil_partner_uniq",
            "unique(pupil_id, partner_id)",
            "This person is already a contact of the pupil.",
        ),
    ]
