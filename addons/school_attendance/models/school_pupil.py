import datetime
import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from .. import school_context
from ..dates import format_date, to_date, to_string
from ..rules import escalation, foresight, patterns, registration, school_age, statistics
from ..rules.report import format_pct
from .school_group import YEAR_GROUPS

# Regulation 9, School Attendance (Pupil Registration) (England) Regulations
# 2024: the only grounds on which a pupil leaves the admission register.
LEAVING_GROUNDS = [
    (ground.key, registration.ground_label(ground.key)) for ground in registration.LEAVING_GROUNDS
]

#: Plural weekday names for the sentences of the patterns of absence.
_WEEKDAYS_PLURAL = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays")

# Unique Pupil Number: a check letter then 12 digits (DfE).
UPN_PATTERN = re.compile(r"^[A-Z][0-9]{12}$")


SCHOOL_AGE_STATES = [
    ("below", "Not yet of compulsory school age"),
    ("compulsory", "Of compulsory school age"),
    ("above", "Past the school leaving date"),
    ("unknown", "Unknown: no date of birth"),
]

#: Safeguarding flags only attendance officers and managers may read or search.
OFFICER_GROUP = "school_attendance.group_attendance_officer"

#: Plain words for the register's code categories, as a parent reads them.
PLAIN_CATEGORIES = {
    "present": "In school",
    "approved_activity": "Away on an approved educational activity (counts as present)",
    "leave": "Leave of absence agreed by the school",
    "authorised_other": "Absent, authorised by the school",
    "exceptional": "Could not attend: exceptional circumstances",
    "unauthorised": "Absent, not authorised",
    "administrative": "No session for your child",
}


def _date_string(value):
    """'YYYY-MM-DD' for a ``datetime.date`` or an ISO string; None stays None."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return fields.Date.to_string(value)
    return fields.Date.to_string(fields.Date.from_string(value))


def is_valid_upn(upn):
    """Whether ``upn`` has the form of a UPN: a letter then 12 digits."""
    return bool(upn) and bool(UPN_PATTERN.match(upn))


class SchoolPupil(models.Model):
    """A pupil on the admission register.

    The safeguarding flags (looked after, child in need, child protection plan)
    are for attendance officers and above only: the ``groups`` on the fields hide
    them from a teacher's (or the trust's) views and refuse them in ``read``; a
    domain, a group by or an order on them is refused too (``school_field_access``),
    and their changes are left out of the chatter shown to others (``mail_message``).
    The pupil also carries its attendance cases and priority flags, its attendance
    over time, and what the parents' portal shows of it.
    """

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
        groups=OFFICER_GROUP,
        help="Looked-after child (in the care of the local authority).",
    )
    is_child_in_need = fields.Boolean(
        string="Child in Need",
        track_visibility="onchange",
        groups=OFFICER_GROUP,
        help="Child in need under section 17 Children Act 1989: inform the "
        "social worker of unexplained absence.",
    )
    has_child_protection_plan = fields.Boolean(
        string="Child Protection Plan",
        track_visibility="onchange",
        groups=OFFICER_GROUP,
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
    case_ids = fields.One2many(
        "school.attendance.case",
        "pupil_id",
        string="Attendance Cases",
        groups="school_attendance.group_attendance_officer",
        help="Attendance cases of the pupil, open and closed.",
    )
    open_case_count = fields.Integer(
        string="Open Cases",
        compute="_compute_open_case_count",
        groups="school_attendance.group_attendance_officer",
        help="Number of open attendance cases.",
    )
    is_medical_evidence_required = fields.Boolean(
        string="Medical Evidence Required",
        track_visibility="onchange",
        help="Set by a policy step (seeds 000, 003, 004): absence for illness is only "
        "authorised with medical evidence.",
    )
    medical_evidence_since = fields.Date(
        string="Medical Evidence Required Since",
        track_visibility="onchange",
        help="Day medical evidence was first required.",
    )
    attendance_chart = fields.Html(
        string="Attendance Over Time",
        compute="_compute_attendance_chart",
        sanitize=False,
        help="Weekly attendance this academic year (attended over possible "
        "sessions), with a line at the lower bound of each of the school's "
        "attendance bands.",
    )
    parent_partner_ids = fields.Many2many(
        "res.partner",
        string="Parents with Portal Rights",
        compute="_compute_parent_partner_ids",
        search="_search_parent_partner_ids",
        help="Contacts with parental responsibility for the pupil: on the parents' "
        "portal they see the pupil's attendance, letters and notices.",
    )
    # Compulsory school age (Education Act 1996 s8), from the date of birth: the
    # arithmetic is ``rules.school_age``; penalty notices, notices to improve and
    # prosecutions concern pupils of compulsory school age only, and only their
    # sessions while of that age (``school_penalty``).
    date_compulsory_school_age = fields.Date(
        string="Compulsory School Age From",
        compute="_compute_compulsory_school_age",
        store=True,
        help="First prescribed day (31 December, 31 March or 31 August) on or after the "
        "pupil's fifth birthday: from this day the pupil is of compulsory school age.",
    )
    date_school_leaving = fields.Date(
        string="School Leaving Date",
        compute="_compute_compulsory_school_age",
        store=True,
        help="Last Friday in June of the school year (1 September to 31 August) in which "
        "the pupil turns 16: the last day of compulsory school age.",
    )
    school_age_state = fields.Selection(
        SCHOOL_AGE_STATES,
        string="Compulsory School Age",
        compute="_compute_school_age_state",
        help="Whether the pupil is of compulsory school age today (from the first "
        "prescribed day after their fifth birthday to their school leaving date). Notices "
        "to improve, penalty notices and prosecutions concern pupils of compulsory school "
        "age only, and count only their sessions while of that age. Without a date of "
        "birth the pupil is treated as of compulsory school age: record it.",
    )
    # Attendance statistics: summaries, bands and smart buttons.
    attendance_pct_year = fields.Float(
        string="Attendance This Year (%)",
        digits=(5, 1),
        compute="_compute_attendance_year",
        help="Attendance percentage from the start of the current academic "
        "year to today: sessions attended (present, late before the register "
        "closed, approved educational activity) over possible sessions.",
    )
    attendance_band = fields.Char(
        string="Attendance Band",
        compute="_compute_attendance_year",
        help="The school's attendance band holding this year's attendance percentage.",
    )
    is_persistent_absentee = fields.Boolean(
        string="Persistent Absentee",
        compute="_compute_attendance_year",
        help="Absent for 10% or more of this year's possible sessions.",
    )
    mark_count = fields.Integer(
        string="Marks",
        compute="_compute_mark_count",
        help="Number of attendance marks of the pupil.",
    )
    amendment_count = fields.Integer(
        string="Amendments",
        compute="_compute_mark_count",
        help="Number of amendments made to the pupil's marks after registers were taken.",
    )
    # Foresight: distance to the 96%, 90% and 50% lines, and patterns of absence.
    attendance_foresight = fields.Text(
        string="Distance to Each Line",
        compute="_compute_attendance_foresight",
        help="For this academic year to today: how many more absences would take the pupil "
        "below 96%, 90% (persistent absence) and 50% (severe absence), and, below a line, how "
        "many sessions of full attendance bring them back above it and on which date.",
    )
    attendance_patterns = fields.Text(
        string="Patterns of Absence",
        compute="_compute_attendance_patterns",
        help="Absence this school year concentrated on one weekday, on days next to "
        "weekends and holidays, repeated spells of illness, and term-time holidays in "
        "consecutive school years, each with the days behind it.",
    )
    # Siblings: pupils sharing a contact with parental responsibility (seed 004:
    # 'liaise with other local schools to ascertain attendance of siblings'), with
    # their attendance and open cases, at this school or another school of the trust.
    sibling_count = fields.Integer(
        string="Siblings",
        compute="_compute_sibling_attendance",
        groups="school_attendance.group_attendance_officer",
        help="Pupils sharing a parent or carer with parental responsibility with this "
        "pupil, at any school of the trust.",
    )
    sibling_attendance_html = fields.Html(
        string="Siblings' Attendance",
        compute="_compute_sibling_attendance",
        sanitize=False,
        groups="school_attendance.group_attendance_officer",
        help="Each sibling's school, group, attendance this school year and open cases.",
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

    def _compute_open_case_count(self):
        data = self.env["school.attendance.case"].read_group(
            [("pupil_id", "in", self.ids), ("date_closed", "=", False)],
            ["pupil_id"],
            ["pupil_id"],
        )
        counts = {row["pupil_id"][0]: row["pupil_id_count"] for row in data}
        for pupil in self:
            pupil.open_case_count = counts.get(pupil.id, 0)

    def _compute_attendance_chart(self):
        charts = self.env["school.attendance.trend"].render_charts("pupil", self.filtered("id"))
        for pupil in self:
            pupil.attendance_chart = charts.get(pupil.id, False)

    @api.depends("contact_ids.partner_id", "contact_ids.has_parental_responsibility")
    def _compute_parent_partner_ids(self):
        for pupil in self:
            pupil.parent_partner_ids = pupil.contact_ids.filtered(
                "has_parental_responsibility"
            ).mapped("partner_id")

    def _search_parent_partner_ids(self, operator, value):
        # sudo: the portal record rules search through this field; the answer
        # is a list of pupil ids that the rules of the caller still filter.
        contacts = (
            self.env["school.pupil.contact"]
            .sudo()
            .search([("partner_id", operator, value), ("has_parental_responsibility", "=", True)])
        )
        return [("id", "in", contacts.mapped("pupil_id").ids)]

    @api.depends("date_of_birth")
    def _compute_compulsory_school_age(self):
        for pupil in self:
            born = to_date(pupil.date_of_birth)
            start, end = school_age.compulsory_school_age_period(born) if born else (None, None)
            pupil.date_compulsory_school_age = start and fields.Date.to_string(start)
            pupil.date_school_leaving = end and fields.Date.to_string(end)

    @api.depends("date_compulsory_school_age", "date_school_leaving")
    def _compute_school_age_state(self):
        today = to_date(fields.Date.context_today(self))
        for pupil in self:
            pupil.school_age_state = pupil._school_age_state(today)

    def _compute_attendance_year(self):
        today = fields.Date.context_today(self)
        years = self.env["school.academic.year"].search(
            [
                ("company_id", "in", self.mapped("company_id").ids),
                ("date_start", "<=", today),
                ("date_end", ">=", today),
            ]
        )
        year_start = {}
        for year in years:
            year_start.setdefault(year.company_id.id, year.date_start)
        for company in self.mapped("company_id"):
            pupils = self.filtered(lambda p, c=company: p.company_id == c)
            if company.id not in year_start or not pupils.ids:
                for pupil in pupils:
                    pupil.attendance_pct_year = 0.0
                    pupil.attendance_band = False
                    pupil.is_persistent_absentee = False
                continue
            rows = pupils.get_attendance_summary(year_start[company.id], today)
            by_pupil = {row["pupil_id"]: row for row in rows}
            for pupil in pupils:
                row = by_pupil.get(pupil.id)
                pupil.attendance_pct_year = row["attendance_pct"] if row else 0.0
                pupil.attendance_band = row["band"] if row else False
                pupil.is_persistent_absentee = bool(row and row["is_persistent_absentee"])

    def _compute_mark_count(self):
        counts = {}
        for model_name, key in (
            ("school.attendance.mark", "mark_count"),
            ("school.attendance.amendment", "amendment_count"),
        ):
            counts[key] = {}
            if model_name in self.env and self.ids:
                data = self.env[model_name].read_group(
                    [("pupil_id", "in", self.ids)], ["pupil_id"], ["pupil_id"]
                )
                counts[key] = {row["pupil_id"][0]: row["pupil_id_count"] for row in data}
        for pupil in self:
            pupil.mark_count = counts["mark_count"].get(pupil.id, 0)
            pupil.amendment_count = counts["amendment_count"].get(pupil.id, 0)

    def _compute_sibling_attendance(self):
        for pupil in self:
            rows = pupil.get_sibling_attendance()
            pupil.sibling_count = len(rows)
            pupil.sibling_attendance_html = pupil._sibling_table(rows)

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
        if "company_id" in vals:
            # A pupil moving school moves their parents' portal with them.
            # sudo: whoever may move a pupil, their parents are found.
            self.sudo().mapped("contact_ids")._refresh_portal_schools()
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

    def action_view_cases(self):
        """Smart button: the attendance cases of the pupils."""
        action = self.env.ref("school_attendance.school_attendance_case_action").read()[0]
        action["domain"] = [("pupil_id", "in", self.ids)]
        action["context"] = {"default_pupil_id": self[:1].id}
        return action

    def action_view_marks(self):
        """Smart button: the pupils' marks, session by session on a calendar first."""
        action = self._pupil_action(
            "school_attendance.school_attendance_mark_action",
            "school.attendance.mark",
            _("Attendance Marks"),
        )
        action["views"] = sorted(action.get("views") or [], key=lambda view: view[1] != "calendar")
        return action

    def action_view_amendments(self):
        """Smart button: the amendments made to the pupils' marks."""
        return self._pupil_action(
            "school_attendance.school_attendance_amendment_action",
            "school.attendance.amendment",
            _("Amendments"),
        )

    def _pupil_action(self, xmlid, model_name, name):
        action = self.env.ref(xmlid, raise_if_not_found=False)
        if action:
            action = action.read()[0]
        else:
            action = {
                "type": "ir.actions.act_window",
                "name": name,
                "res_model": model_name,
                "view_mode": "tree,form",
            }
        action["domain"] = [("pupil_id", "in", self.ids)]
        action["context"] = {}
        return action

    def action_view_analysis(self):
        """Smart button: the attendance analysis of the pupils."""
        action = self.env.ref("school_attendance.school_attendance_analysis_action").read()[0]
        action["domain"] = [("pupil_id", "in", self.ids)]
        return action

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

    # ------------------------------------------------------------------
    # Attendance cases: priority pupils, medical evidence
    # ------------------------------------------------------------------
    @api.model
    def _attendance_priority_flags(self):
        """``(field, label)`` of the flags that make a priority pupil (seed 003)."""
        return (
            ("has_child_protection_plan", _("child protection plan")),
            ("is_looked_after", _("looked after")),
            ("is_child_in_need", _("child in need")),
            ("is_sen", _("SEN")),
            ("is_ehcp", _("EHC plan")),
        )

    @api.multi
    def _attendance_priority_flags_by_pupil(self):
        """``{pupil id: [flag field, ...]}``: the priority flags set on these pupils, one read."""
        names = [name for name, _label in self._attendance_priority_flags()]
        rows = self.read(names, load="_classic_write")
        return {row["id"]: [name for name in names if row[name]] for row in rows}

    def _attendance_priority_flags_set(self):
        """The priority flags set on this pupil (read through the cache)."""
        self.ensure_one()
        return [name for name, _label in self._attendance_priority_flags() if self[name]]

    @api.multi
    def _attendance_priority_reasons(self, flags=None):
        """Why the pupil is a priority pupil for first-day calls (seed 003): labels.

        ``flags`` are the pupil's flags when the caller has read them
        (``_attendance_priority_flags_by_pupil``).
        """
        self.ensure_one()
        if flags is None:
            flags = self._attendance_priority_flags_set()
        return [label for name, label in self._attendance_priority_flags() if name in flags]

    def _attendance_case_priority(self, flags=None):
        """Case priority: '2' for child protection / looked after, '1' for other flags."""
        self.ensure_one()
        if flags is None:
            flags = self._attendance_priority_flags_set()
        if {"has_child_protection_plan", "is_looked_after"} & set(flags):
            return "2"
        return "1" if flags else "0"

    def _request_medical_evidence(self, on_date):
        """Set the medical evidence flag (kept from its first day); returns what was done."""
        self.ensure_one()
        if self.is_medical_evidence_required:
            return _("medical evidence already required since %s") % self.medical_evidence_since
        self.write(
            {
                "is_medical_evidence_required": True,
                "medical_evidence_since": fields.Date.to_string(on_date),
            }
        )
        self.message_post(
            body=html_escape(
                _("Medical evidence is required from %s: illness is only authorised with it.")
                % escalation.format_date(on_date)
            )
        )
        return _("medical evidence requested")

    # ------------------------------------------------------------------
    # Parents' portal
    # ------------------------------------------------------------------
    @api.multi
    def get_portal_sessions(self, date_from, date_to):
        """The pupil's register, session by session, in a parent's words.

        Returns a list of days, latest first: ``{'date', 'am', 'pm'}`` where
        each half day is None (no session) or a dict with ``code``, ``label``
        (the code's name, e.g. 'Illness'), ``meaning`` (the category in
        plain words) and ``category``. Sessions without a mark yet read
        'Not marked yet'.
        """
        self.ensure_one()
        sessions = self.env["school.session"].get_sessions(
            date_from, date_to, company=self.company_id
        )
        sessions = sessions.filtered(lambda s: self.is_on_roll(s.date))
        marks = self.env["school.attendance.mark"].search(
            [("pupil_id", "=", self.id), ("session_id", "in", sessions.ids)]
        )
        by_session = {mark.session_id.id: mark for mark in marks}
        days = {}
        for session in sessions:
            mark = by_session.get(session.id)
            entry = {"code": "", "label": _("Not marked yet"), "meaning": "", "category": ""}
            if mark and mark.code_id:
                entry = {
                    "code": mark.code_id.code,
                    "label": mark.code_id.name,
                    "meaning": _(PLAIN_CATEGORIES.get(mark.code_id.category, "")),
                    "category": mark.code_id.category,
                }
            day = days.setdefault(session.date, {"date": session.date, "am": None, "pm": None})
            day[session.period] = entry
        return [days[key] for key in sorted(days, reverse=True)]

    def get_portal_year_start(self):
        """First day of the pupil's current academic year ('YYYY-MM-DD'), or None."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        year = self.env["school.academic.year"].find_year(self.company_id, today)
        return to_string(year.date_start) if year else None

    # ------------------------------------------------------------------
    # Compulsory school age
    # ------------------------------------------------------------------
    def _school_age_state(self, on_date):
        """'below', 'compulsory', 'above' or 'unknown' on ``on_date`` (a date)."""
        self.ensure_one()
        if not self.date_of_birth:
            return "unknown"
        start, end = self._compulsory_school_age_period()
        if on_date < start:
            return "below"
        return "above" if on_date > end else "compulsory"

    def _compulsory_school_age_period(self):
        """``(first day, last day)`` of compulsory school age, or ``(None, None)``."""
        self.ensure_one()
        return to_date(self.date_compulsory_school_age), to_date(self.date_school_leaving)

    def is_compulsory_school_age(self, on_date=None):
        """Whether the pupil is of compulsory school age on ``on_date`` (default today).

        Public and RPC-callable (``on_date``: 'YYYY-MM-DD'). A pupil without a date of
        birth counts as of compulsory school age (the admission register must hold it).
        """
        self.ensure_one()
        on_date = to_date(on_date or fields.Date.context_today(self))
        return self._school_age_state(on_date) in ("compulsory", "unknown")

    def _check_compulsory_school_age(self, on_date, document):
        """Raise unless the pupil is of compulsory school age on ``on_date``.

        ``document``: what is refused, e.g. 'a penalty notice' (translated by the caller).
        """
        for pupil in self:
            state = pupil._school_age_state(to_date(on_date))
            if state in ("compulsory", "unknown"):
                continue
            start, end = pupil._compulsory_school_age_period()
            raise ValidationError(
                _(
                    "%(pupil)s is not of compulsory school age on %(date)s (from %(start)s "
                    "to %(end)s, the school leaving date): %(document)s concerns pupils of "
                    "compulsory school age only. Check the date of birth and the date."
                )
                % {
                    "pupil": pupil.name,
                    "date": on_date,
                    "start": start,
                    "end": end,
                    "document": document,
                }
            )

    # ------------------------------------------------------------------
    # Attendance statistics
    # ------------------------------------------------------------------
    @api.multi
    def get_attendance_summary(self, date_from=None, date_to=None):
        """Attendance statistics of each pupil between two dates (inclusive).

        Dates are ``datetime.date`` or 'YYYY-MM-DD' strings; a missing date
        leaves that end open. Callable over RPC: returns a list with one dict
        per pupil (string keys only) holding ``pupil_id``, ``possible``,
        ``present``, ``authorised``, ``unauthorised``, ``absent``,
        ``attendance_pct``, ``absence_pct``, ``late_before_close`` (L),
        ``late_after_close`` (U), ``minutes_late``, ``band`` (name of the
        school's band, False with no possible session), ``band_id``,
        ``is_persistent_absentee`` (absence >= 10% of possible sessions),
        ``is_severe_absentee`` (>= 50%) and ``codes`` (code -> count).

        The counting is ``rules.statistics.summarise_counts`` (the same as
        ``summarise`` on one entry per mark) with each code's flags as
        configured on ``school.attendance.code``. Marks are read in one
        grouped query for all the pupils, so the number of queries does not
        grow with the number of pupils.
        """
        counts = self._read_mark_counts(_date_string(date_from), _date_string(date_to))
        codes = self.env["school.attendance.code"].with_context(active_test=False).search([])
        flags = codes._flags()
        statistics.check_flags(flags)  # once for all the pupils
        code_names = {code.id: code.code for code in codes}
        band_model = self.env["school.attendance.band"]
        companies = self._read_company_ids()
        bands = band_model.get_bands_by_company(
            self.env["res.company"].browse(sorted(set(companies.values())))
        )
        result = []
        for pupil_id in self.ids:
            by_code = {}
            minutes = 0
            for code_id, count, code_minutes in counts.get(pupil_id, ()):
                code = code_names[code_id]
                by_code[code] = by_code.get(code, 0) + count
                minutes += code_minutes
            summary = statistics.summarise_counts(by_code, flags, minutes)
            band = None
            if summary["possible"]:
                band = band_model.find_band(summary["attendance_pct"], bands[companies[pupil_id]])
            summary.update(
                pupil_id=pupil_id,
                band=band["label"] if band else False,
                band_id=band["id"] if band else False,
            )
            result.append(summary)
        return result

    def _read_company_ids(self):
        """``{pupil_id: company_id}`` in one query.

        Only the school of each pupil is needed to choose its band; reading it
        through the ORM would load every column of every pupil into the cache
        (about 1 s for 2,000 pupils, bench/run.py). Pending computations of
        pupils are flushed first; nothing is written.
        """
        if not self.ids:
            return {}
        self.recompute()
        self.env.cr.execute(
            "SELECT id, company_id FROM school_pupil WHERE id IN %s", (tuple(self.ids),)
        )
        return dict(self.env.cr.fetchall())

    def _read_mark_counts(self, date_from, date_to):
        """``{pupil_id: [(code_id, mark count, minutes late), ...]}`` in one query.

        Raw SQL for one GROUP BY over all the pupils (read_group would also
        name_get every pupil and code); it is built from the ORM's own query
        so that access rights and record rules on marks still apply.
        """
        if not self.ids or "school.attendance.mark" not in self.env:
            return {}
        mark_model = self.env["school.attendance.mark"]
        mark_model.check_access_rights("read")
        mark_model.recompute()  # flush pending stored computations before raw SQL
        domain = [("pupil_id", "in", self.ids), ("code_id", "!=", False)]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        query = mark_model._where_calc(domain)
        mark_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        table = mark_model._table
        self.env.cr.execute(
            # Only the ORM's own table name and clauses are formatted in;
            # every value is a query parameter.
            f"""
            SELECT "{table}".pupil_id, "{table}".code_id, count(*),
                   coalesce(sum("{table}".minutes_late), 0)
            FROM {from_clause}
            WHERE {where_clause}
            GROUP BY "{table}".pupil_id, "{table}".code_id
            """,
            params,
        )
        counts = {}
        for pupil_id, code_id, count, minutes in self.env.cr.fetchall():
            counts.setdefault(pupil_id, []).append((code_id, count, int(minutes)))
        return counts

    def _read_session_marks(self, date_from=None, date_to=None):
        """``{pupil_id: [(date, 'am'/'pm', code, minutes late), ...]}`` in session order.

        Every mark of the pupils between two dates (inclusive; a missing date
        leaves that end open), including sessions not marked yet (code
        False). One search and one read: the printed registers (pupil
        attendance report, registration certificate) build on it.
        """
        domain = [("pupil_id", "in", self.ids)]
        if date_from:
            domain.append(("date", ">=", _date_string(date_from)))
        if date_to:
            domain.append(("date", "<=", _date_string(date_to)))
        marks = self.env["school.attendance.mark"].search(domain, order="date, period, id")
        sessions = {pupil.id: [] for pupil in self}
        for mark in marks:
            sessions[mark.pupil_id.id].append(
                (mark.date, mark.period, mark.code_id.code or False, mark.minutes_late)
            )
        return sessions

    # ------------------------------------------------------------------
    # Siblings
    # ------------------------------------------------------------------
    @api.multi
    def get_sibling_attendance(self, on_date=None):
        """The pupil's siblings with their attendance this school year up to ``on_date``
        (default today): a list of dicts with ``pupil_id``, ``name``, ``school``,
        ``group``, ``possible``, ``present``, ``unauthorised``, ``attendance_pct``
        (False without a possible session), ``band``, ``open_case_count`` and
        ``contacts`` (names of the shared parents). Public and RPC-callable.

        A sibling is a pupil on roll who has one of this pupil's contacts with
        parental responsibility as a contact with parental responsibility too.
        """
        self.ensure_one()
        self._check_sibling_access()
        on_date = to_date(on_date) or fields.Date.from_string(fields.Date.context_today(self))
        parents = self.contact_ids.filtered("has_parental_responsibility").mapped("partner_id")
        if not parents:
            return []
        # sudo: siblings may be at another school of the trust, which the officer
        # cannot open; only their figures and the number of open cases are shown,
        # and only for the schools of this pupil's trust.
        links = (
            self.env["school.pupil.contact"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", parents.ids),
                    ("has_parental_responsibility", "=", True),
                    ("pupil_id", "!=", self.id),
                    ("pupil_id.company_id", "child_of", self._sibling_trust().id),
                ]
            )
        )
        siblings = links.mapped("pupil_id").filtered(lambda p: p.active and not p.date_left)
        if not siblings:
            return []
        figures = {}
        for company in siblings.mapped("company_id"):
            school_siblings = siblings.filtered(lambda p, c=company: p.company_id == c)
            start = self._sibling_year_start(company, on_date)
            for row in school_siblings.get_attendance_summary(start, on_date):
                figures[row["pupil_id"]] = row
        cases = (
            self.env["school.attendance.case"]
            .sudo()
            .read_group(
                [("pupil_id", "in", siblings.ids), ("date_closed", "=", False)],
                ["pupil_id"],
                ["pupil_id"],
            )
        )
        open_cases = {row["pupil_id"][0]: row["pupil_id_count"] for row in cases}
        result = []

        # This school's pupils first, then the other schools of the trust.
        def order(pupil):
            return (pupil.company_id != self.company_id, pupil.company_id.name or "", pupil.name)

        for sibling in siblings.sorted(order):
            row = figures.get(sibling.id, {})
            shared = links.filtered(lambda c, s=sibling: c.pupil_id == s).mapped("partner_id")
            result.append(
                {
                    "pupil_id": sibling.id,
                    "name": sibling.name,
                    "school": sibling.company_id.name,
                    "group": sibling.group_id.name or "",
                    "possible": row.get("possible", 0),
                    "present": row.get("present", 0),
                    "unauthorised": row.get("unauthorised", 0),
                    "attendance_pct": row.get("attendance_pct") if row.get("possible") else False,
                    "band": row.get("band") or "",
                    "open_case_count": open_cases.get(sibling.id, 0),
                    "contacts": ", ".join(shared.mapped("name")),
                }
            )
        return result

    def _check_sibling_access(self):
        """Siblings' figures are for the attendance officers who may read the pupil."""
        if not self.env.user.has_group("school_attendance.group_attendance_officer"):
            raise AccessError(
                _("Only attendance officers and managers may see the siblings of a pupil.")
            )
        self.check_access_rights("read")
        self.check_access_rule("read")

    def _sibling_trust(self):
        """The trust of the pupil's school: its top parent company (the school
        itself when it belongs to no trust)."""
        # sudo: the parent companies of the school, for their id only.
        trust = self.sudo().company_id
        while trust.parent_id:
            trust = trust.parent_id
        return trust

    @api.model
    def _sibling_year_start(self, company, on_date):
        # sudo: the academic year of a sibling's school, for the period's start only
        return self.env["school.academic.year"].sudo().get_year_start(company, on_date)

    @api.model
    def _sibling_table(self, rows):
        if not rows:
            return "<p>%s</p>" % html_escape(_("No sibling shares a parent with this pupil."))
        head = (
            _("Pupil"),
            _("School"),
            _("Group"),
            _("Attendance"),
            _("Unauthorised"),
            _("Open cases"),
            _("Shared parent"),
        )
        lines = [
            "<table class='table table-condensed o_sibling_attendance'><thead><tr>",
            "".join("<th>%s</th>" % html_escape(label) for label in head),
            "</tr></thead><tbody>",
        ]
        for row in rows:
            if row["possible"]:
                attendance = escalation.format_attendance(row)
            else:
                attendance = _("no sessions yet")
            cells = (
                row["name"],
                row["school"],
                row["group"],
                attendance,
                str(row["unauthorised"]),
                str(row["open_case_count"]),
                row["contacts"],
            )
            lines.append(
                "<tr>%s</tr>" % "".join("<td>%s</td>" % html_escape(cell) for cell in cells)
            )
        lines.append("</tbody></table>")
        return "".join(lines)

    # ------------------------------------------------------------------
    # Foresight: distance to each line, patterns of absence
    # ------------------------------------------------------------------
    def _compute_attendance_foresight(self):
        rows = {row["pupil_id"]: row for row in self.get_attendance_foresight()}
        for pupil in self:
            row = rows.get(pupil.id)
            pupil.attendance_foresight = "\n".join(row["sentences"]) if row else False

    @api.multi
    def get_attendance_foresight(self, on_date=None):
        """Distance of each pupil to the attendance lines, for the year to ``on_date``.

        Callable over RPC (any user who can read the pupils). ``on_date`` is a date or
        'YYYY-MM-DD' (default: the school's today). Returns one dict per pupil:
        ``pupil_id``, ``date_from`` and ``date_to`` (the period counted, 'YYYY-MM-DD'),
        ``present``, ``possible``, ``attendance_pct``, ``lines`` (one dict per line of
        ``rules.foresight.LINES``: ``line`` '96'/'90'/'50', ``pct``, ``name``, ``below``,
        ``absences`` further absences that take the pupil below it (0 when below),
        ``sessions`` sessions of full attendance that bring them back above it (0 when not
        below), ``back_above_on`` the date of that session ('YYYY-MM-DD', False when it is
        after the last session of the year)) and ``sentences`` (the same in plain words).

        The schools' days, years and sessions are read once for all the schools
        (``_school_contexts``) and the attendance in one summary query per distinct
        period (one for a trust whose schools share the day and the year's start).
        """
        contexts = self._school_contexts(on_date)
        periods = {}
        for ctx in contexts:
            periods.setdefault((ctx.year_start, ctx.day), []).extend(ctx.pupils.ids)
        summaries = {}
        for (year_start, day), pupil_ids in periods.items():
            for row in self.browse(pupil_ids).get_attendance_summary(year_start, day):
                summaries[row["pupil_id"]] = row
        result = []
        for ctx in contexts:
            future = ctx.future_sessions()
            for pupil in ctx.pupils:
                row = summaries[pupil.id]
                lines = foresight.line_distances(row["present"], row["possible"], future)
                for line in lines:
                    line["back_above_on"] = fields.Date.to_string(line["back_above_on"]) or False
                result.append(
                    {
                        "pupil_id": pupil.id,
                        "date_from": fields.Date.to_string(ctx.year_start),
                        "date_to": fields.Date.to_string(ctx.day),
                        "present": row["present"],
                        "possible": row["possible"],
                        "attendance_pct": row["attendance_pct"],
                        "lines": lines,
                        "sentences": [pupil._foresight_sentence(line, row) for line in lines],
                    }
                )
        return result

    @api.multi
    def get_persistent_absence_risk(self, on_date=None):
        """Which pupils above 90% now will be below it at the end of the term at their rate.

        Callable over RPC by any user who can read the pupils (``on_date``: a date or
        'YYYY-MM-DD', default the school's today). The rate is the pupil's attendance
        this half term (from the first school day after the last holiday inside the
        school's term holding ``on_date``; the term's start where the school records half
        terms) applied to the sessions left until the term ends. Returns one dict per
        pupil: ``pupil_id``, ``present``/``possible``/``attendance_pct`` (the year to
        date), ``term_start`` (the half term's first day), ``term_end``, ``term_present``,
        ``term_possible`` (this half term), ``remaining`` (sessions left in the term),
        ``projected_pct``,
        ``at_risk`` (not persistently absent now, persistently absent at the term's end
        at this rate), ``patterns`` (kinds of the pupil's patterns of absence) and
        ``explanation`` (the figures in a sentence). Pupils with no term holding the
        date get ``at_risk`` False and no projection.

        The marks are read once, for the figures and the patterns together, and the
        schools' days, years, terms and sessions once for all the schools: the number
        of queries depends neither on the number of pupils nor on that of schools.
        """
        contexts = self._school_contexts(on_date, since_last_year=True, terms=True)
        codes = self._pattern_codes()
        marks = self._read_pattern_marks(contexts, codes)
        flags = codes["flags"]
        statistics.check_flags(flags)  # once for all the pupils
        result = []
        for ctx in contexts:
            remaining = ctx.sessions_left_in_term()
            half_term_start = ctx.half_term_start()
            for pupil in ctx.pupils:
                pupil_marks = marks.get(pupil.id, {})
                year = ctx.summary(pupil_marks, ctx.year_start, flags)
                row = {
                    "pupil_id": pupil.id,
                    "present": year["present"],
                    "possible": year["possible"],
                    "attendance_pct": year["attendance_pct"],
                    "term_start": fields.Date.to_string(half_term_start) or False,
                    "term_end": fields.Date.to_string(ctx.term_end) or False,
                    "term_present": 0,
                    "term_possible": 0,
                    "remaining": remaining,
                    "projected_pct": False,
                    "at_risk": False,
                    "patterns": [p["kind"] for p in ctx.find_patterns(pupil_marks, flags)],
                    "explanation": "",
                }
                if ctx.term_end and year["possible"]:
                    recent = ctx.summary(pupil_marks, half_term_start, flags)
                    row.update(self._risk_projection(year, recent, remaining, ctx.term_end))
                result.append(row)
        return result

    @api.model
    def _risk_projection(self, year, recent, remaining, term_end):
        """The projection of ``get_persistent_absence_risk`` from the year's and the
        half term's figures, with the sentence that explains it."""
        projected = foresight.projection(
            year["present"], year["possible"], recent["present"], recent["possible"], remaining
        )
        explanation = _(
            "%(pct)s%% now (%(present)s/%(possible)s); %(term_pct)s%% this half term "
            "(%(term_present)s/%(term_possible)s); %(remaining)s sessions to "
            "%(end)s; at this half term's rate %(projected)s%% by then."
        ) % {
            "pct": format_pct(year["attendance_pct"]),
            "present": year["present"],
            "possible": year["possible"],
            "term_pct": format_pct(projected["rate_pct"]),
            "term_present": recent["present"],
            "term_possible": recent["possible"],
            "remaining": remaining,
            "end": format_date(term_end),
            "projected": format_pct(projected["attendance_pct"]),
        }
        return {
            "term_present": recent["present"],
            "term_possible": recent["possible"],
            "projected_pct": projected["attendance_pct"],
            "at_risk": projected["persistent"] and not year["is_persistent_absentee"],
            "explanation": explanation,
        }

    def _foresight_sentence(self, line, row):
        """One line's distance in plain words, e.g. 'If Amira attends every session until
        6 February 2026, her attendance will be back above 90% (persistent absence).'"""
        name = self.first_name or self.name
        values = {"name": name, "line": line["name"], "pct": format_pct(row["attendance_pct"])}
        if not row["possible"]:
            return _("%(line)s: no possible session yet this year.") % values
        if not line["below"]:
            values["count"] = line["absences"]
            if line["absences"] == 1:
                return _("One more absence would take %(name)s below %(line)s.") % values
            return _("%(count)s more absences would take %(name)s below %(line)s.") % values
        values["count"] = line["sessions"]
        if line["back_above_on"]:
            values["date"] = format_date(line["back_above_on"])
            return (
                _(
                    "%(name)s is below %(line)s (%(pct)s%%). If %(name)s attends every session "
                    "until %(date)s (%(count)s sessions), attendance will be back above it."
                )
                % values
            )
        return (
            _(
                "%(name)s is below %(line)s (%(pct)s%%) and needs %(count)s sessions of full "
                "attendance to get back above it: more than are left this school year."
            )
            % values
        )

    def _compute_attendance_patterns(self):
        rows = {row["pupil_id"]: row for row in self.get_attendance_patterns()}
        for pupil in self:
            row = rows.get(pupil.id)
            sentences = [pattern["sentence"] for pattern in row["patterns"]] if row else []
            pupil.attendance_patterns = "\n".join(sentences) or _("No pattern of absence.")

    @api.multi
    def get_attendance_patterns(self, on_date=None):
        """The patterns of absence of each pupil, this school year to ``on_date``.

        Callable over RPC by any user who can read the pupils (``on_date``: a date or
        'YYYY-MM-DD', default the school's today). Term-time holidays look back to the
        start of the previous school year. Returns one dict per pupil: ``pupil_id``,
        ``date_from``, ``date_to`` and ``patterns``, a list of dicts with ``kind``
        ('weekday', 'long_weekend', 'holiday_years', 'illness'), ``sentence`` and
        ``mark_ids`` (the sessions behind it). Thresholds: the school's settings
        (``res.company._pattern_thresholds``). The marks and the schools' days and
        sessions are each read once for all the pupils and schools.
        """
        contexts = self._school_contexts(on_date, since_last_year=True)
        codes = self._pattern_codes()
        marks = self._read_pattern_marks(contexts, codes)
        result = []
        for ctx in contexts:
            for pupil in ctx.pupils:
                ids = marks.get(pupil.id, {})
                result.append(
                    {
                        "pupil_id": pupil.id,
                        "date_from": fields.Date.to_string(ctx.year_start),
                        "date_to": fields.Date.to_string(ctx.day),
                        "patterns": [
                            {
                                "kind": p["kind"],
                                "sentence": pupil._pattern_sentence(p, ctx.year_start),
                                "mark_ids": [ids[mark] for mark in p["marks"]],
                            }
                            for p in ctx.find_patterns(ids, codes["flags"])
                        ],
                    }
                )
        return result

    def _school_contexts(self, on_date=None, since_last_year=False, terms=False, until=None):
        """The pupils' schools on ``on_date``, each read once for all the schools:
        ``school_context.read_school_contexts``. Only for pupils the user may read."""
        self.check_access_rights("read")
        self.check_access_rule("read")
        return school_context.read_school_contexts(
            self, self._read_company_ids(), on_date, since_last_year, terms, until
        )

    @api.model
    def _pattern_codes(self):
        """``{'names': {code id: code}, 'flags': {code: flags}}`` of every code (archived
        too: old registers keep retired codes)."""
        codes = self.env["school.attendance.code"].with_context(active_test=False).search([])
        return {"names": {code.id: code.code for code in codes}, "flags": codes._flags()}

    def _read_pattern_marks(self, contexts, codes):
        """``{pupil_id: {(date, period, code): mark id}}``: the marks with a code of the
        pupils of ``contexts``, this school year (and this term) to the day, and the
        term-time holidays since the previous school year's start.

        One query for every pupil of every school, built from the ORM's own query so
        that access rights and record rules on marks apply (``search_read`` would read
        a trust's year of marks 1,000 at a time).
        """
        if not contexts:
            return {}
        mark_model = self.env["school.attendance.mark"]
        mark_model.check_access_rights("read")
        mark_model.recompute()  # flush pending stored computations before raw SQL
        since = min(min(ctx.year_start, ctx.term_start or ctx.year_start) for ctx in contexts)
        holiday_ids = [
            code_id for code_id, code in codes["names"].items() if code in patterns.HOLIDAY_CODES
        ]
        query = mark_model._where_calc(
            [
                ("pupil_id", "in", [pid for ctx in contexts for pid in ctx.pupils.ids]),
                ("code_id", "!=", False),
                ("date", ">=", to_string(min(ctx.last_year_start for ctx in contexts))),
                ("date", "<=", to_string(max(ctx.day for ctx in contexts))),
                "|",
                ("date", ">=", to_string(since)),
                ("code_id", "in", holiday_ids),
            ]
        )
        mark_model._apply_ir_rules(query, "read")
        from_clause, where_clause, params = query.get_sql()
        table = mark_model._table
        self.env.cr.execute(
            # Only the ORM's own table name and clauses are formatted in.
            f"""
            SELECT "{table}".id, "{table}".pupil_id, "{table}".date, "{table}".period,
                   "{table}".code_id
            FROM {from_clause} WHERE {where_clause}
            """,
            params,
        )
        marks = {}
        days = {}  # a few hundred distinct dates for many marks: parse each once
        for mark_id, pupil_id, raw_day, period, code_id in self.env.cr.fetchall():
            day = days.get(raw_day) or days.setdefault(raw_day, to_date(raw_day))
            marks.setdefault(pupil_id, {})[(day, period, codes["names"][code_id])] = mark_id
        return marks

    def _pattern_sentence(self, pattern, year_start):
        kind = pattern["kind"]
        dates = sorted({mark[0] for mark in pattern["marks"]})
        listed = ", ".join(format_date(d) for d in dates[:8]) + (", ..." if len(dates) > 8 else "")
        if kind == "weekday":
            return _(
                "Absent on %(days)s of %(of_days)s %(weekday)s this year: %(days)s of the "
                "%(absent_days)s days with absence (%(dates)s)."
            ) % {
                "days": pattern["days"],
                "of_days": pattern["of_days"],
                "weekday": _(_WEEKDAYS_PLURAL[pattern["weekday"]]),
                "absent_days": pattern["absent_days"],
                "dates": listed,
            }
        if kind == "long_weekend":
            return _(
                "%(days)s of the %(absent_days)s days with absence this year were next to a "
                "weekend or a holiday (%(dates)s)."
            ) % {"days": pattern["days"], "absent_days": pattern["absent_days"], "dates": listed}
        if kind == "holiday_years":
            years = ["%d/%02d" % (start.year, (start.year + 1) % 100) for start in pattern["years"]]
            return _(
                "Term-time holiday (G) in consecutive school years: %(years)s (%(dates)s)."
            ) % {
                "years": _(" and ").join(years),
                "dates": listed,
            }
        return _("%(count)s separate spells of illness since %(start)s, starting %(spells)s.") % {
            "count": len(pattern["spells"]),
            "start": format_date(year_start),
            "spells": ", ".join(format_date(d) for d in pattern["spells"]),
        }
