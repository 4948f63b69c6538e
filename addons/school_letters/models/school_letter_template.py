from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..rules import placeholders

#: Every letter, invitation, notice and certificate a seed step asks for.
LETTER_KINDS = [
    ("first_day", "First day of absence"),
    ("day3", "Day 3: no contact"),
    ("warning_96", "Warning: below 96%"),
    ("letter_1", "Letter 1: offer of support"),
    ("letter_2_meeting", "Letter 2: meeting invitation"),
    ("plan_invitation", "Attendance plan invitation"),
    ("action_plan", "Attendance action plan (covering letter)"),
    ("review", "Attendance plan review"),
    ("referral_notice", "Referral notice"),
    ("notice_to_improve", "Notice to improve"),
    ("penalty_notice", "Penalty notice"),
    ("prosecution_warning", "Warning of prosecution"),
    ("leave_approved", "Leave of absence approved"),
    ("leave_refused", "Leave of absence refused"),
    ("certificate_100", "Certificate: 100% attendance"),
    ("certificate_improvement", "Certificate: improved attendance"),
    ("certificate_term", "Certificate: 96% or more in the term"),
    ("band_acknowledgement", "Acknowledgement: band reached"),
    ("band_decline", "Attendance fallen to a lower band"),
    ("registration_certificate", "Registration certificate"),
]

CERTIFICATE_KINDS = (
    "certificate_100",
    "certificate_improvement",
    "certificate_term",
    "band_acknowledgement",
)

#: Kinds whose letters go to every parent with parental responsibility (seed 004:
#: both parents are invited; notices are served on each parent).
ALL_PARENT_KINDS = (
    "letter_2_meeting",
    "plan_invitation",
    "action_plan",
    "review",
    "referral_notice",
    "notice_to_improve",
    "penalty_notice",
    "prosecution_warning",
)

#: Placeholders a template may use, with what they print.
PLACEHOLDERS = [
    ("school_name", "Name of the school"),
    ("school_address", "Postal address of the school, on one line"),
    ("school_phone", "Telephone number of the school"),
    ("school_email", "Email address of the school"),
    ("date", "Date of the letter, e.g. 4 March 2025"),
    ("pupil_name", "Full name of the pupil"),
    ("pupil_first_name", "First name of the pupil"),
    ("group", "Registration group of the pupil"),
    ("year_group", "Year group of the pupil"),
    ("parent_name", "Name of the parent or carer the letter is addressed to"),
    ("period_from", "First day of the period the figures cover"),
    ("period_to", "Last day of the period the figures cover"),
    ("possible", "Possible sessions in the period"),
    ("present", "Sessions attended in the period"),
    ("sessions_missed", "Sessions missed (authorised and unauthorised)"),
    ("authorised", "Authorised absences (sessions)"),
    ("unauthorised", "Unauthorised absences (sessions)"),
    ("attendance_pct", "Attendance percentage, e.g. 87.5 (write ${attendance_pct}%)"),
    ("absence_pct", "Absence percentage, e.g. 12.5"),
    ("band", "Attendance band the percentage falls in"),
    ("absences_to_90", "More absences that would take the pupil below 90% (0 when below)"),
    ("date_back_above_90", "Date the pupil is back above 90% if they attend every session"),
    ("absences_to_96", "More absences that would take the pupil below 96% (0 when below)"),
    ("date_back_above_96", "Date the pupil is back above 96% if they attend every session"),
    ("next_step", "What happens next"),
    ("next_step_date", "Date of the next step (meeting, review, deadline)"),
    ("signatory", "Name of the member of staff signing"),
    ("signatory_role", "Role of the member of staff signing"),
]
PLACEHOLDER_NAMES = frozenset(name for name, _label in PLACEHOLDERS)


class SchoolLetterTemplate(models.Model):
    """Wording of one kind of letter, editable per school by a manager."""

    _name = "school.letter.template"
    _description = "Letter Template"
    _order = "kind, company_id, sequence, id"

    name = fields.Char(required=True, translate=True, help="Name of the template.")
    code = fields.Char(
        required=True,
        help="Short technical code, unique per school, used to find the template "
        "from automated steps (e.g. PLAN_INVITE).",
    )
    sequence = fields.Integer(default=10, help="Order among templates of the same kind.")
    kind = fields.Selection(
        LETTER_KINDS,
        required=True,
        index=True,
        help="Which step of the attendance procedure the letter belongs to; "
        "decides the layout (letter, certificate, registration certificate).",
    )
    subject = fields.Char(
        required=True,
        help="Subject line (email subject and heading of the letter). "
        "Placeholders such as ${pupil_name} may be used.",
    )
    body = fields.Html(
        help="Text of the letter. Placeholders such as ${pupil_name}, "
        "${attendance_pct} or ${next_step_date} are replaced with the pupil's "
        "figures when the letter is created; see the Placeholders tab.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        help="School using this wording. Empty: shared by every school that "
        "has no wording of its own for this kind.",
    )
    active = fields.Boolean(default=True, help="Archive wording no longer used.")
    signatory_role = fields.Char(
        help="Role of the member of staff who signs, per the policy step "
        "(e.g. Headteacher, Pupil Support Lead).",
    )
    signatory_id = fields.Many2one(
        "res.users",
        string="Signatory",
        help="Member of staff who signs. Empty: the user who creates the letter.",
    )
    next_step = fields.Char(
        help="What happens next, printed by ${next_step}. A case or an "
        "automated step may give its own.",
    )
    next_step_days = fields.Integer(
        string="Next Step After (school days)",
        help="School days after the letter's date that ${next_step_date} falls on, "
        "counted in the school calendar (weekends, holidays and closures skipped). "
        "0: no date.",
    )
    recipient_rule = fields.Selection(
        [
            ("receives_post", "Parents with parental responsibility who receive post"),
            ("parental_responsibility", "Every parent with parental responsibility"),
        ],
        required=True,
        default="receives_post",
        help="Who gets a letter when sent by post. By email, every parent with "
        "parental responsibility who has an email address.",
    )
    show_absence_table = fields.Boolean(
        default=True,
        help="Print the table of sessions by attendance code for the period.",
    )
    layout = fields.Selection(
        [
            ("letter", "Letter"),
            ("certificate", "Certificate"),
            ("register", "Registration certificate"),
        ],
        compute="_compute_layout",
        help="Layout used to print the letter, from its kind.",
    )
    placeholder_error = fields.Char(
        compute="_compute_placeholder_error",
        help="Placeholders of the subject or body that do not exist: letters "
        "cannot be created from this template until they are corrected.",
    )
    letter_count = fields.Integer(compute="_compute_letter_count", help="Letters sent with it.")

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A template with this code already exists.",
        ),
    ]

    @api.depends("kind")
    def _compute_layout(self):
        for template in self:
            if template.kind in CERTIFICATE_KINDS:
                template.layout = "certificate"
            elif template.kind == "registration_certificate":
                template.layout = "register"
            else:
                template.layout = "letter"

    @api.depends("subject", "body", "next_step")
    def _compute_placeholder_error(self):
        for template in self:
            try:
                template.check_placeholders()
            except UserError as exc:
                template.placeholder_error = exc.name
            else:
                template.placeholder_error = False

    def _compute_letter_count(self):
        data = self.env["school.letter"].read_group(
            [("template_id", "in", self.ids)], ["template_id"], ["template_id"]
        )
        counts = {row["template_id"][0]: row["template_id_count"] for row in data}
        for template in self:
            template.letter_count = counts.get(template.id, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_preview(self):
        """Open the preview: the letter rendered for a chosen pupil."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Preview: %s") % self.name,
            "res_model": "school.letter.preview",
            "view_mode": "form",
            "target": "new",
            "context": {"default_template_id": self.id},
        }

    def action_view_letters(self):
        action = self.env.ref("school_letters.school_letter_action").read()[0]
        action["domain"] = [("template_id", "in", self.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def get_template(self, kind, company=None):
        """The active template of ``kind`` for ``company``: its own, else a shared one."""
        company = company or self.env.user.company_id
        return self.search(
            [("kind", "=", kind), "|", ("company_id", "=", company.id), ("company_id", "=", False)],
            order="company_id, sequence, id",
            limit=1,
        )

    def check_placeholders(self):
        """Raise a UserError naming every unknown or malformed placeholder."""
        for template in self:
            for label, text in (
                (_("subject"), template.subject),
                (_("body"), template.body),
                (_("next step"), template.next_step),
            ):
                try:
                    placeholders.check(text or "", PLACEHOLDER_NAMES)
                except placeholders.PlaceholderError as exc:
                    raise UserError(
                        _("The template '%s' cannot be used. In its %s: %s.")
                        % (template.name, label, exc)
                    )
        return True

    def render(self, values):
        """``(subject, body_html)`` of this template with ``values`` substituted.

        ``values`` maps every name of ``PLACEHOLDERS`` to a printable value.
        Raises a UserError naming the placeholder when the template uses one
        that does not exist; nothing is evaluated.
        """
        self.ensure_one()
        self.check_placeholders()
        values = dict.fromkeys(PLACEHOLDER_NAMES, "") if values is None else values
        subject = placeholders.render(self.subject or "", values)
        body = placeholders.render(self.body or "", values, escape=True)
        return subject, body
