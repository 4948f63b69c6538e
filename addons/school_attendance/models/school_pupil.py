import datetime
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..dates import format_date, to_date
from ..rules import registration
from .school_group import YEAR_GROUPS

# Regulation 9, School Attendance (Pupil Registration) (England) Regulations
# 2024: the only grounds on which a pupil leaves the admission register.
LEAVING_GROUNDS = [
    (ground.key, registration.ground_label(ground.key)) for ground in registration.LEAVING_GROUNDS
]

# Unique Pupil Number: a check letter then 12 digits (DfE).
UPN_PATTERN = re.compile(r"^[A-Z][0-9]{12}$")


def is_valid_upn(upn):
    """Whether ``upn`` has the form of a UPN: a letter then 12 digits."""
    return bool(upn) and bool(UPN_PATTERN.match(upn))


class SchoolPupil(models.Model):
    _name = "school.pupil"
    _description = "Pupil"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "last_name, first_name, id"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        index=True,
        help="Full name, 'First Last'.",
    )
    first_name = fields.Char(
        required=True,
        track_visibility="onchange",
        help="Legal first name as on the admission register.",
    )
    last_name = fields.Char(
        required=True,
        track_visibility="onchange",
        help="Legal surname as on the admission register.",
    )
    upn = fields.Char(
        string="UPN",
        track_visibility="onchange",
        index=True,
        copy=False,
        help="Unique Pupil Number: 13 characters, a letter followed by 12 "
        "digits. Unique within the school.",
    )
    date_of_birth = fields.Date(
        help="Date of birth; decides compulsory school age.",
    )
    gender = fields.Selection(
        [("female", "Female"), ("male", "Male"), ("other", "Other / not recorded")],
        help="Gender as recorded for the school census.",
    )
    group_id = fields.Many2one(
        "school.group",
        string="Registration Group",
        index=True,
        track_visibility="onchange",
        ondelete="restrict",
        help="Registration group whose register the pupil is on.",
    )
    year_group = fields.Selection(
        YEAR_GROUPS,
        related="group_id.year_group",
        store=True,
        readonly=True,
        help="Year group, from the registration group.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School whose admission register the pupil is on.",
    )
    date_admitted = fields.Date(
        string="Admission Date",
        required=True,
        track_visibility="onchange",
        default=fields.Date.context_today,
        help="First day the pupil is on the admission register.",
    )
    date_left = fields.Date(
        string="Leaving Date",
        track_visibility="onchange",
        copy=False,
        help="Last day on the admission register. Record it with 'Leave the "
        "roll' together with the regulation 9 ground.",
    )
    leaving_ground = fields.Selection(
        LEAVING_GROUNDS,
        track_visibility="onchange",
        copy=False,
        help="Statutory ground (regulation 9, 2024 regulations) on which the "
        "pupil's name was deleted from the admission register.",
    )
    image = fields.Binary(
        attachment=True,
        help="Photo of the pupil, for registers.",
    )
    is_sen = fields.Boolean(
        string="SEN Support",
        track_visibility="onchange",
        help="Special educational needs support.",
    )
    is_ehcp = fields.Boolean(
        string="EHC Plan",
        track_visibility="onchange",
        help="The pupil has an education, health and care plan.",
    )
    is_fsm = fields.Boolean(
        string="Free School Meals",
        track_visibility="onchange",
        help="Eligible for free school meals.",
    )
    is_pupil_premium = fields.Boolean(
        string="Pupil Premium",
        track_visibility="onchange",
        help="The school receives pupil premium for this pupil.",
    )
    is_eal = fields.Boolean(
        string="EAL",
        track_visibility="onchange",
        help="English is an additional language.",
    )
    is_looked_after = fields.Boolean(
        string="Looked After",
        track_visibility="onchange",
        help="Looked-after child (in the care of the local authority).",
    )
    is_child_in_need = fields.Boolean(
        string="Child in Need",
        track_visibility="onchange",
        help="Child in need under section 17 Children Act 1989: inform the "
        "social worker of unexplained absence.",
    )
    has_child_protection_plan = fields.Boolean(
        string="Child Protection Plan",
        track_visibility="onchange",
        help="Subject of a child protection plan: inform the social worker "
        "of unexplained absence on the first day.",
    )
    active = fields.Boolean(
        default=True,
        track_visibility="onchange",
        help="Archive a pupil instead of deleting them: their marks are kept.",
    )
    contact_ids = fields.One2many(
        "school.pupil.contact",
        "pupil_id",
        string="Contacts",
        help="Parents, carers and other contacts, in calling order.",
    )
    is_on_roll_today = fields.Boolean(
        string="On Roll",
        compute="_compute_is_on_roll_today",
        search="_search_is_on_roll_today",
        help="On the admission register today.",
    )

    _sql_constraints = [
        (
            "upn_company_uniq",
            "unique(upn, company_id)",
            "Another pupil of this school already has this UPN.",
        ),
    ]

    @api.depends("first_name", "last_name")
    def _compute_name(self):
        for pupil in self:
            pupil.name = " ".join(
                part.strip()
                for part in (pupil.first_name, pupil.last_name)
                if part and part.strip()
            )

    def _compute_is_on_roll_today(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            pupil.is_on_roll_today = pupil.is_on_roll(today)

    def _search_is_on_roll_today(self, operator, value):
        domain = self.on_roll_domain(fields.Date.context_today(self))
        if (operator == "=") == bool(value):
            return domain
        return ["!"] + domain

    @api.constrains("upn")
    def _check_upn(self):
        for pupil in self:
            if pupil.upn and not is_valid_upn(pupil.upn):
                raise ValidationError(
                    _(
                        "The UPN %r of %s is not valid: a UPN has 13 characters, "
                        "a capital letter followed by 12 digits (e.g. "
                        "A123456789012)."
                    )
                    % (pupil.upn, pupil.name)
                )

    @api.constrains("date_left", "leaving_ground", "date_admitted")
    def _check_leaving(self):
        for pupil in self:
            if pupil.date_left and not pupil.leaving_ground:
                raise ValidationError(
                    _(
                        "%s cannot leave the roll without a statutory leaving "
                        "ground (regulation 9). Use 'Leave the roll'."
                    )
                    % pupil.name
                )
            if pupil.leaving_ground and not pupil.date_left:
                raise ValidationError(_("A leaving ground needs a leaving date (%s).") % pupil.name)
            if (
                pupil.leaving_ground in registration.NOT_COMPULSORY_AGE_GROUNDS
                and pupil.date_left
                and pupil._school_age_state(to_date(pupil.date_left)) == "compulsory"
            ):
                raise ValidationError(
                    _(
                        "%s is of compulsory school age on %s: the grounds 2A to 2E "
                        "(regulation 9(2)) are for pupils not of that age. Choose one of "
                        "the grounds A to O."
                    )
                    % (pupil.name, format_date(to_date(pupil.date_left)))
                )
            if pupil.date_left and pupil.date_left < pupil.date_admitted:
                raise ValidationError(
                    _("%s cannot leave (%s) before being admitted (%s).")
                    % (pupil.name, pupil.date_left, pupil.date_admitted)
                )

    @api.constrains("group_id", "company_id")
    def _check_group_company(self):
        for pupil in self:
            # sudo: a group of another school is invisible to the user; read its
            # school to say so instead of a security-restriction error.
            group = pupil.group_id.sudo()
            if group and group.company_id != pupil.company_id:
                raise ValidationError(
                    _("The registration group %s belongs to another school than %s.")
                    % (group.name, pupil.name)
                )

    @api.model
    def create(self, vals):
        vals = self._normalise_vals(vals)
        self._check_upn_free(vals.get("upn"), vals.get("company_id"))
        pupil = super(SchoolPupil, self).create(vals)
        self.env["school.la.return"]._create_new_pupil_returns(pupil)
        return pupil

    def write(self, vals):
        vals = self._normalise_vals(vals)
        if vals.get("upn") or vals.get("company_id"):
            for pupil in self:
                pupil._check_upn_free(
                    vals.get("upn", pupil.upn), vals.get("company_id", pupil.company_id.id)
                )
        res = super(SchoolPupil, self).write(vals)
        if vals.get("leaving_ground"):
            # However the leaving is recorded (wizard, import, RPC): the return it needs.
            self.env["school.la.return"]._create_deletion_returns(self)
        return res

    def unlink(self):
        if not self.env.user.has_group("school_attendance.group_attendance_manager"):
            raise UserError(
                _(
                    "Pupils cannot be deleted: archive the pupil, or record their "
                    "leaving the roll with a statutory ground instead."
                )
            )
        if self._has_marks():
            raise UserError(
                _(
                    "These pupils have attendance marks and cannot be deleted: %s. "
                    "Archive them or record their leaving the roll instead."
                )
                % ", ".join(self.mapped("name"))
            )
        return super(SchoolPupil, self).unlink()

    def _check_upn_free(self, upn, company_id):
        """Refuse ``upn`` when another pupil of the school already has it.

        The unique constraint is the guarantee; this names the pupil, also in a
        CSV import, where Odoo would report the constraint in general terms.
        """
        if not upn:
            return
        company_id = company_id or self.env.user.company_id.id
        # sudo: the other pupil may be archived or in a group the user cannot read.
        other = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("upn", "=", upn), ("company_id", "=", company_id), ("id", "not in", self.ids)],
                limit=1,
            )
        )
        if other:
            raise ValidationError(
                _(
                    "Another pupil of this school already has the UPN %s: %s. "
                    "Each pupil's UPN is unique; check the number."
                )
                % (upn, other.name)
            )

    @staticmethod
    def _normalise_vals(vals):
        if vals.get("upn"):
            vals = dict(vals, upn=vals["upn"].strip().upper())
        return vals

    def action_leave_roll(self):
        """Open the wizard recording the leaving date and ground."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Leave the roll"),
            "res_model": "school.pupil.leave.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pupil_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def on_roll_domain(self, date):
        """Domain of the pupils on the admission register on ``date``.

        ``date`` is a ``datetime.date`` or a 'YYYY-MM-DD' string: admitted on
        or before it and not left before it. Fully prefixed, so it can be
        negated with ``["!"] + domain``.
        """
        if isinstance(date, datetime.date):
            date = fields.Date.to_string(date)
        return [
            "&",
            ("date_admitted", "<=", date),
            "|",
            ("date_left", "=", False),
            ("date_left", ">=", date),
        ]

    @api.model
    def search_on_roll(self, date, company=None):
        """Pupils of ``company`` (default: the user's) on roll on ``date``."""
        company = company or self.env.user.company_id
        return self.search([("company_id", "=", company.id)] + self.on_roll_domain(date))

    def is_on_roll(self, date):
        """Whether this pupil is on the admission register on ``date``."""
        self.ensure_one()
        if isinstance(date, datetime.date):
            date = fields.Date.to_string(date)
        return bool(
            self.date_admitted
            and self.date_admitted <= date
            and (not self.date_left or self.date_left >= date)
        )

    def leave_roll(self, date_left, leaving_ground, note=None):
        """Record that the pupils leave the roll on ``date_left``."""
        if isinstance(date_left, datetime.date):
            date_left = fields.Date.to_string(date_left)
        labels = dict(self._fields["leaving_ground"]._description_selection(self.env))
        self.write({"date_left": date_left, "leaving_ground": leaving_ground})
        for pupil in self:
            body = html_escape(
                _("Left the admission register on %s. Ground: %s.")
                % (date_left, labels.get(leaving_ground, leaving_ground))
            )
            if note:
                body += "<br/>" + html_escape(note)
            pupil.message_post(body=body)
        return True

    def _starts_youngest_year(self):
        """Whether the pupil joins the school's youngest year on the first school day
        of the school year (no new pupil return for them unless the LA asks)."""
        self.ensure_one()
        order = [key for key, _label in YEAR_GROUPS]
        # sudo: every group of the school decides which year is the youngest.
        years = (
            self.env["school.group"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
            .mapped("year_group")
        )
        if not self.year_group or min(years, key=order.index) != self.year_group:
            return False
        year = self.env["school.academic.year"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_start", "<=", self.date_admitted),
                ("date_end", ">=", self.date_admitted),
            ],
            limit=1,
        )
        first = self.env["school.session"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date", ">=", year.date_start or self.date_admitted),
            ],
            order="date",
            limit=1,
        )
        return bool(year and first and self.date_admitted <= first.date)

    def _has_marks(self):
        """Whether any of the pupils has attendance marks."""
        mark_model = self.env.get("school.attendance.mark")
        if not self or mark_model is None or "pupil_id" not in mark_model._fields:
            return False
        # sudo: the existence of marks decides deletion whoever may read them
        return bool(mark_model.sudo().search_count([("pupil_id", "in", self.ids)]))
