from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .res_lang import british_unless_chosen


class SchoolPupilContact(models.Model):
    """A person the school contacts about a pupil; a parent may get a portal login."""

    _name = "school.pupil.contact"
    _inherit = ["school.guarded.mixin"]
    _description = "Pupil Contact"
    _order = "pupil_id, sequence, id"
    _rec_name = "partner_id"

    #: The school follows the pupil: never moved through the contact.
    _fixed_fields = ("company_id",)

    #: What decides which schools a parent on the portal sees (res.users.school_company_ids).
    _PORTAL_SCHOOL_FIELDS = ("pupil_id", "partner_id", "has_parental_responsibility")

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
    has_portal_access = fields.Boolean(
        string="Portal Access",
        compute="_compute_has_portal_access",
        help="The contact can log in to the parents' portal.",
    )

    _sql_constraints = [
        (
            "pupil_partner_uniq",
            "unique(pupil_id, partner_id)",
            "This person is already a contact of the pupil.",
        ),
    ]

    def _compute_has_portal_access(self):
        group_portal = self.env.ref("base.group_portal")
        for contact in self:
            # sudo: staff see whether a parent has a login without reading users.
            users = contact.partner_id.sudo().user_ids
            contact.has_portal_access = any(group_portal in user.groups_id for user in users)

    @api.model
    def create(self, vals):
        contact = super(SchoolPupilContact, self).create(vals)
        contact._refresh_portal_schools()
        return contact

    @api.multi
    def write(self, vals):
        before = self.mapped("partner_id")
        result = super(SchoolPupilContact, self).write(vals)
        if any(name in vals for name in self._PORTAL_SCHOOL_FIELDS):
            self._refresh_portal_schools(before)
        return result

    @api.multi
    def unlink(self):
        partners = self.mapped("partner_id")
        result = super(SchoolPupilContact, self).unlink()
        self.browse()._refresh_portal_schools(partners)
        return result

    def _refresh_portal_schools(self, partners=None):
        """Make the record rules of parents with a portal login see their schools again.

        The rules' domains are cached per user and name the schools of the
        user's children (res.users.school_company_ids, computed without
        dependencies): a parent who gets a child at another school of the
        trust sees that child at once.
        """
        partners = (partners or self.env["res.partner"]) | self.mapped("partner_id")
        # sudo: staff editing contacts may not read users.
        if partners.sudo().mapped("user_ids").filtered("share"):
            self.env["res.users"].invalidate_cache(["school_company_ids"])
            self.env["ir.rule"].clear_caches()

    def action_grant_portal_access(self):
        """Give each contact a portal login (Odoo's portal group) and e-mail the invitation.

        Only contacts with parental responsibility and an e-mail address may
        have one; the login is the e-mail address. A contact who already has
        a portal login keeps it. The invitation holds the link to choose a
        password.
        """
        if not self.env.user.has_group("school_attendance.group_attendance_officer"):
            raise AccessError(_("Only attendance officers can give parents portal access."))
        problems = []
        for contact in self:
            who = contact.partner_id.name
            if not contact.has_parental_responsibility:
                problems.append(
                    _("%s has no parental responsibility for %s.") % (who, contact.pupil_id.name)
                )
            elif not (contact.partner_id.email or "").strip():
                problems.append(_("%s has no e-mail address (the login).") % who)
            elif contact.partner_id.sudo().user_ids.filtered(lambda u: not u.share):
                problems.append(_("%s is a member of staff with an Odoo login.") % who)
            elif not (contact.pupil_id.company_id.email or self.env.user.email):
                problems.append(
                    _(
                        "The invitation to %s needs a sender: give the school (%s) or "
                        "yourself an e-mail address."
                    )
                    % (who, contact.pupil_id.company_id.name)
                )
        if problems:
            raise UserError(
                _("Portal access was not given:\n%s\nCorrect the contacts and try again.")
                % "\n".join(problems)
            )
        group_portal = self.env.ref("base.group_portal")
        template = self.env.ref("school_attendance.mail_template_portal_invitation")
        for contact in self.filtered(lambda c: not c.has_portal_access):
            partner = contact.partner_id
            # sudo: officers may not create users; this creates exactly one
            # portal login, for a parent the school has on record.
            users = self.env["res.users"].sudo()
            user = partner.sudo().with_context(active_test=False).user_ids[:1]
            lang = british_unless_chosen(partner.lang)
            if user:
                user.write({"active": True, "groups_id": [(4, group_portal.id)], "lang": lang})
            else:
                email = partner.email.strip()
                if users.with_context(active_test=False).search([("login", "=", email)]):
                    raise UserError(
                        _("Another login already uses %s: give %s their own e-mail address.")
                        % (email, partner.name)
                    )
                company = contact.pupil_id.company_id
                users.with_context(no_reset_password=True).create(
                    {
                        "login": email,
                        "partner_id": partner.id,
                        "lang": lang,
                        "company_id": company.id,
                        "company_ids": [(6, 0, [company.id])],
                        "groups_id": [(6, 0, [group_portal.id])],
                    }
                )
            partner.sudo().signup_prepare()
            template.send_mail(contact.id)
            contact.pupil_id.message_post(
                body=_("Portal access given to %s.") % partner.name,
            )
        return True
