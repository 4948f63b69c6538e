import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape

from ..dates import format_date
from ..rules import escalation
from ..rules.calendar import week_start

CONTRACT_STATES = [
    ("draft", "To agree"),
    ("active", "Running"),
    ("done", "Targets met"),
    ("failed", "Not improved"),
    ("cancelled", "Cancelled"),
]
OUTCOMES = [("improved", "Improved"), ("not_improved", "Not improved")]


class SchoolAttendanceContract(models.Model):
    """A parent contract or attendance action plan (seeds 003 and 004)."""

    _name = "school.attendance.contract"
    _description = "Attendance Contract / Action Plan"
    _inherit = ["school.guarded.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    #: The status changes only through the buttons and the reviews.
    _server_fields = ("state",)

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Kind, pupil and start date.",
    )
    case_id = fields.Many2one(
        "school.attendance.case",
        string="Case",
        index=True,
        ondelete="restrict",
        help="Attendance case the agreement belongs to.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        help="Pupil whose attendance the agreement is about.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School of the pupil.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Member of staff running the agreement and its reviews.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Parents and Carers",
        help="Parents and carers party to the agreement (by default those with "
        "parental responsibility): they receive the plan and the review letters.",
    )
    attendee_ids = fields.One2many(
        "school.attendance.contract.attendee",
        "contract_id",
        string="Attendees",
        copy=True,
        help="Who attended the meeting and signed the plan (parents, pupil, staff, "
        "agencies), with the day each signed.",
    )
    is_early_help = fields.Boolean(
        string="Early Help Begun",
        track_visibility="onchange",
        help="An Early Help assessment has begun (seed 004): the agencies among the "
        "attendees are invited to the reviews. Set by itself once an Early Help referral "
        "of the case is sent.",
    )
    kind = fields.Selection(
        escalation.CONTRACT_KINDS,
        required=True,
        default="parent_contract",
        help="Parent contract (seed 003) or attendance action plan (seed 004).",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        default=fields.Date.context_today,
        track_visibility="onchange",
        help="First day of the agreement.",
    )
    weeks = fields.Integer(
        default=4,
        required=True,
        help="Length of the agreement in weeks (4 in seeds 003 and 004).",
    )
    date_end = fields.Date(
        string="End",
        compute="_compute_date_end",
        store=True,
        help="Last day of the agreement.",
    )
    target_pct = fields.Float(
        string="Target Attendance (%)",
        digits=(5, 1),
        default=96.0,
        help="Attendance the pupil should reach over the agreement.",
    )
    review_count = fields.Integer(
        string="Reviews",
        default=2,
        help="Number of reviews planned at even intervals when the agreement starts.",
    )
    line_ids = fields.One2many(
        "school.attendance.contract.line",
        "contract_id",
        string="Commitments",
        copy=True,
        help="Who does what: the school, the parents, the pupil.",
    )
    working_well = fields.Text(
        string="What Is Working Well",
        help="Meeting minutes (signs of safety): what is going well.",
    )
    worries = fields.Text(
        string="Worries",
        help="Meeting minutes: concerns.",
    )
    next_steps = fields.Text(
        help="Meeting minutes: agreed next steps and well-being goals.",
    )
    review_ids = fields.One2many(
        "school.attendance.contract.review",
        "contract_id",
        string="Reviews",
        help="Review meetings: planned date, held date, attendance and outcome.",
    )
    state = fields.Selection(
        CONTRACT_STATES,
        required=True,
        default="draft",
        track_visibility="onchange",
        copy=False,
        help="To agree: the meeting is being arranged. Running: the weeks are counted "
        "and reviewed. Targets met / Not improved: the outcome of the last review.",
    )
    step_id = fields.Many2one(
        "school.attendance.policy.step",
        string="Policy Step",
        readonly=True,
        help="Policy step that opened the agreement.",
    )
    attendance_pct = fields.Float(
        string="Attendance Since Start (%)",
        digits=(5, 1),
        compute="_compute_weekly_tracking",
        help="Attendance from the start of the agreement to today (or its end).",
    )
    weekly_tracking = fields.Html(
        compute="_compute_weekly_tracking",
        help="Attendance per school week since the agreement started (the parent "
        "contract tracker).",
    )
    color = fields.Integer(related="case_id.color", readonly=True, help="Colour of the case.")

    @api.depends("kind", "pupil_id.name", "date_start")
    def _compute_name(self):
        labels = dict(escalation.CONTRACT_KINDS)
        for contract in self:
            contract.name = "%s - %s (%s)" % (
                labels.get(contract.kind, ""),
                contract.pupil_id.name or "",
                format_date(contract.date_start),
            )

    @api.depends("date_start", "weeks")
    def _compute_date_end(self):
        for contract in self:
            if contract.date_start:
                start = fields.Date.from_string(contract.date_start)
                contract.date_end = fields.Date.to_string(
                    start + datetime.timedelta(days=7 * max(contract.weeks, 1) - 1)
                )

    def _compute_weekly_tracking(self):
        for contract in self:
            weeks = contract.get_weekly_attendance() if contract.pupil_id else []
            total = contract._summary_since_start()
            contract.attendance_pct = total["attendance_pct"] if total else 0.0
            rows = "".join(
                "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.1f%%</td><td>%s</td></tr>"
                % (
                    html_escape(escalation.format_date(week["week_start"])),
                    week["possible"],
                    week["present"],
                    week["attendance_pct"],
                    _("met") if week["attendance_pct"] >= contract.target_pct else _("below"),
                )
                for week in weeks
            )
            contract.weekly_tracking = (
                '<table class="table table-condensed"><thead><tr><th>%s</th><th>%s</th>'
                "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>%s</tbody></table>"
                % (_("Week of"), _("Possible"), _("Attended"), _("Attendance"), _("Target"), rows)
            )

    @api.constrains("weeks", "target_pct", "review_count")
    def _check_numbers(self):
        for contract in self:
            if contract.weeks < 1:
                raise ValidationError(_("An agreement lasts at least one week."))
            if not 0 <= contract.target_pct <= 100:
                raise ValidationError(_("The target is a percentage."))
            if contract.review_count < 0:
                raise ValidationError(_("The number of reviews cannot be negative."))

    @api.constrains("case_id", "pupil_id")
    def _check_case(self):
        for contract in self:
            if contract.case_id and contract.case_id.pupil_id != contract.pupil_id:
                raise ValidationError(_("The agreement and its case must be about the same pupil."))

    @api.onchange("case_id")
    def _onchange_case_id(self):
        if self.case_id:
            self.pupil_id = self.case_id.pupil_id

    @api.onchange("pupil_id")
    def _onchange_pupil_id(self):
        """The pupil's parents are party to the plan and expected at its meeting."""
        if self.pupil_id:
            parents = self._default_parents(self.pupil_id)
            self.partner_ids = parents
            self.attendee_ids = [(5, 0, 0)] + [
                (0, 0, vals)
                for vals in self._default_attendees(self.pupil_id, parents, self.user_id)
            ]

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("case_id"):
            case = self.env["school.attendance.case"].browse(vals["case_id"])
            vals.setdefault("pupil_id", case.pupil_id.id)
        if vals.get("pupil_id"):
            pupil = self.env["school.pupil"].browse(vals["pupil_id"])
            vals["company_id"] = pupil.company_id.id
            # The form sends an empty list when nobody was picked: the default applies.
            if not _has_records(vals.get("partner_ids")):
                vals["partner_ids"] = [(6, 0, self._default_parents(pupil).ids)]
            if not _has_records(vals.get("attendee_ids")):
                parents = self.env["res.partner"].browse(vals["partner_ids"][0][2])
                user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
                vals["attendee_ids"] = [
                    (0, 0, line) for line in self._default_attendees(pupil, parents, user)
                ]
        contract = super(SchoolAttendanceContract, self).create(vals)
        if contract.is_early_help:
            contract.review_ids._invite_agencies()
        return contract

    def write(self, vals):
        result = super(SchoolAttendanceContract, self).write(vals)
        if {"is_early_help", "attendee_ids"} & set(vals):
            self.mapped("review_ids")._invite_agencies()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        """Agreed at the meeting: start counting the weeks and plan the reviews."""
        for contract in self:
            if contract.state != "draft":
                raise UserError(_("Only an agreement still to be agreed can start."))
            contract._server_write({"state": "active"})
            if not contract.review_ids:
                contract._plan_reviews()
            if contract.case_id:
                contract.case_id.message_post(
                    body=html_escape(
                        _("%s started on %s for %d weeks, target %.1f%%, reviews on %s.")
                        % (
                            contract.name,
                            contract.date_start,
                            contract.weeks,
                            contract.target_pct,
                            ", ".join(contract.review_ids.mapped("date_planned")) or "-",
                        )
                    )
                )
        return True

    def action_view_reviews(self):
        """Smart button: the reviews of the agreement, to hold them one by one."""
        self.ensure_one()
        action = self.env.ref("school_attendance.school_attendance_contract_review_action")
        action = action.read()[0]
        action.update(
            {
                "domain": [("contract_id", "=", self.id)],
                "context": {"default_contract_id": self.id},
                "view_mode": "tree,form,calendar",
                "views": [(False, "tree"), (False, "form"), (False, "calendar")],
            }
        )
        return action

    def action_cancel(self):
        if self.filtered(lambda c: c.state not in ("draft", "active")):
            raise UserError(_("Only an agreement to agree or running can be cancelled."))
        self._server_write({"state": "cancelled"})
        self.mapped("review_ids").filtered(lambda r: r.state == "planned")._server_write(
            {"state": "cancelled"}
        )
        self.mapped("review_ids.activity_id").unlink()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _default_parents(self, pupil):
        """The parents with parental responsibility (else every contact) of ``pupil``."""
        contacts = pupil.contact_ids.filtered("has_parental_responsibility") or pupil.contact_ids
        return contacts.mapped("partner_id")

    @api.model
    def _default_attendees(self, pupil, parents, user=None):
        """Attendee lines expected at the meeting: the parents, the pupil, the
        member of staff responsible (default: the user making the plan)."""
        user = user or self.env.user
        lines = [
            {"party": "parent", "partner_id": parent.id, "name": parent.name, "sequence": 1}
            for parent in parents
        ]
        lines.append({"party": "pupil", "name": pupil.name, "sequence": 2})
        lines.append({"party": "staff", "user_id": user.id, "name": user.name, "sequence": 3})
        return lines

    def _plan_reviews(self):
        """One review every weeks/reviews weeks, the last on the final week."""
        Review = self.env["school.attendance.contract.review"]
        for contract in self:
            start = fields.Date.from_string(contract.date_start)
            count = contract.review_count
            for index in range(1, count + 1):
                day = start + datetime.timedelta(days=round(7 * contract.weeks * index / count))
                # Meetings are held on a school day: the day itself or the next one
                # in the school's calendar (holidays and closures skipped).
                day = self.env["school.session"].get_school_day_after(
                    day - datetime.timedelta(days=1), 1, contract.company_id
                )
                Review.create(
                    {
                        "contract_id": contract.id,
                        "company_id": contract.company_id.id,
                        "name": _("Review %d") % index,
                        "date_planned": fields.Date.to_string(day),
                    }
                )

    def _summary_since_start(self, date_to=None):
        """Attendance summary of the pupil from the start to ``date_to`` (default:
        the end of the agreement or today, whichever is earlier)."""
        self.ensure_one()
        if not self.date_start:
            return None
        if not date_to:
            date_to = min(self.date_end or self.date_start, fields.Date.context_today(self))
        rows = self.pupil_id.get_attendance_summary(self.date_start, date_to)
        return rows[0] if rows else None

    def get_printed_dates(self):
        """The plan's dates as the printed plan shows them ('14 October 2024'):
        ``date_start``, ``date_end``, ``reviews`` (planned, in one line) and
        ``signed`` (``{attendee id: day signed}``)."""
        self.ensure_one()
        return {
            "date_start": format_date(self.date_start),
            "date_end": format_date(self.date_end),
            "reviews": ", ".join(
                "%s: %s" % (review.name, format_date(review.date_held or review.date_planned))
                for review in self.review_ids.filtered(lambda r: r.state != "cancelled")
            ),
            "signed": {
                person.id: format_date(person.date_signed)
                for person in self.attendee_ids
                if person.date_signed
            },
        }

    def get_weekly_attendance(self):
        """Attendance of the pupil per school week since the start of the agreement.

        Returns a list of dicts with ``week_start`` (``datetime.date``),
        ``possible``, ``present``, ``attendance_pct``; weeks without any
        possible session (holidays) are left out.
        """
        self.ensure_one()
        start = fields.Date.from_string(self.date_start)
        end = min(
            fields.Date.from_string(self.date_end),
            fields.Date.from_string(fields.Date.context_today(self)),
        )
        result = []
        monday = week_start(start)
        while monday <= end:
            date_from = max(monday, start)
            date_to = min(monday + datetime.timedelta(days=6), end)
            row = self.pupil_id.get_attendance_summary(date_from, date_to)[0]
            if row["possible"]:
                result.append(
                    {
                        "week_start": monday,
                        "possible": row["possible"],
                        "present": row["present"],
                        "attendance_pct": row["attendance_pct"],
                    }
                )
            monday += datetime.timedelta(days=7)
        return result


def _has_records(commands):
    """Whether x2many ``commands`` (as a form or a caller sends them) hold any record."""
    for command in commands or []:
        if command[0] in (0, 1, 4) or (command[0] == 6 and command[2]):
            return True
    return False


class SchoolAttendanceContractLine(models.Model):
    """A commitment of the agreement: who does what."""

    _name = "school.attendance.contract.line"
    _description = "Attendance Contract Commitment"
    _order = "contract_id, sequence, id"

    sequence = fields.Integer(default=10, help="Order of the commitments.")
    contract_id = fields.Many2one(
        "school.attendance.contract",
        string="Agreement",
        required=True,
        ondelete="cascade",
        index=True,
        help="Agreement the commitment belongs to.",
    )
    party = fields.Selection(
        [
            ("school", "School"),
            ("parent", "Parent / carer"),
            ("pupil", "Pupil"),
            ("other", "Other"),
        ],
        string="Who",
        required=True,
        default="parent",
        help="Who commits.",
    )
    description = fields.Text(
        string="What",
        required=True,
        help="What they commit to, e.g. 'bring the pupil to school by 8:50'.",
    )


class SchoolAttendanceContractReview(models.Model):
    """A review meeting of a contract or action plan."""

    _name = "school.attendance.contract.review"
    _description = "Attendance Contract Review"
    _inherit = ["school.guarded.mixin"]
    _order = "date_planned, id"

    #: Held or cancelled only through the 'Held' button and the agreement's 'Cancel'.
    _server_fields = ("state",)

    name = fields.Char(required=True, help="e.g. 'Review 1'.")
    contract_id = fields.Many2one(
        "school.attendance.contract",
        string="Agreement",
        required=True,
        ondelete="cascade",
        index=True,
        help="Agreement reviewed.",
    )
    pupil_id = fields.Many2one(
        related="contract_id.pupil_id",
        store=True,
        readonly=True,
        string="Pupil",
        help="Pupil of the agreement.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School of the pupil.",
    )
    user_id = fields.Many2one(
        related="contract_id.user_id",
        store=True,
        readonly=True,
        string="Responsible",
        help="Member of staff holding the review.",
    )
    date_planned = fields.Date(
        string="Planned",
        required=True,
        help="Day the review is planned.",
    )
    date_held = fields.Date(string="Held", help="Day the review was held.")
    attendance_pct = fields.Float(
        string="Attendance at Review (%)",
        digits=(5, 1),
        help="Attendance from the start of the agreement to the review.",
    )
    target_pct = fields.Float(
        related="contract_id.target_pct", readonly=True, help="Target of the agreement."
    )
    outcome = fields.Selection(OUTCOMES, help="Whether attendance improved enough.")
    notes = fields.Text(help="Minutes of the review.")
    state = fields.Selection(
        [("planned", "Planned"), ("held", "Held"), ("cancelled", "Cancelled")],
        required=True,
        default="planned",
        help="Planned, held or cancelled.",
    )
    activity_id = fields.Many2one(
        "mail.activity",
        string="Activity",
        ondelete="set null",
        readonly=True,
        help="The activity reminding the responsible of the review.",
    )

    invited_attendee_ids = fields.Many2many(
        "school.attendance.contract.attendee",
        "school_contract_review_invited_rel",
        "review_id",
        "attendee_id",
        string="Agencies Invited",
        readonly=True,
        help="Agencies invited to the review (once Early Help has begun), one activity each.",
    )

    @api.model
    def create(self, vals):
        review = super(SchoolAttendanceContractReview, self).create(vals)
        review._schedule_activity()
        review._invite_agencies()
        return review

    def _invite_agencies(self):
        """Seed 004: "if Early Help begun, agencies should be invited to reviews".

        For each planned review of a plan whose Early Help has begun, one activity
        for the plan's responsible per agency attendee not invited yet: invite them.
        """
        activity_type = self.env.ref(
            "school_attendance.mail_activity_type_attendance_review", raise_if_not_found=False
        )
        today = fields.Date.context_today(self)
        for review in self.filtered(lambda r: r.state == "planned" and r.contract_id.is_early_help):
            contract = review.contract_id
            agencies = (
                contract.attendee_ids.filtered(lambda a: a.party == "agency")
                - review.invited_attendee_ids
            )
            for agency in agencies:
                contact = ", ".join(
                    part for part in (agency.partner_id.email, agency.partner_id.phone) if part
                )
                self.env["mail.activity"].create(
                    {
                        "res_model_id": self.env["ir.model"]._get(contract._name).id,
                        "res_id": contract.id,
                        "activity_type_id": activity_type.id if activity_type else False,
                        "summary": _("Invite %s to %s on %s")
                        % (
                            " - ".join(part for part in (agency.name, agency.organisation) if part),
                            review.name,
                            format_date(review.date_planned),
                        ),
                        "note": html_escape(contact),
                        "date_deadline": min(today, review.date_planned),
                        "user_id": (contract.user_id or self.env.user).id,
                    }
                )
            if agencies:
                review.invited_attendee_ids = [(4, agency.id) for agency in agencies]

    def _schedule_activity(self):
        activity_type = self.env.ref(
            "school_attendance.mail_activity_type_attendance_review", raise_if_not_found=False
        )
        for review in self:
            contract = review.contract_id
            review.activity_id = self.env["mail.activity"].create(
                {
                    "res_model_id": self.env["ir.model"]._get(contract._name).id,
                    "res_id": contract.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": _("%s of %s") % (review.name, contract.name),
                    "date_deadline": review.date_planned,
                    "user_id": (contract.user_id or self.env.user).id,
                }
            )

    def _may_advance_case(self):
        """Whether this review may advance the case: only if no step fired on the
        case since the previous review (or the start of the agreement), so that a
        review and the policy's own timing do not escalate twice for one failure."""
        self.ensure_one()
        contract = self.contract_id
        previous = contract.review_ids.filtered(
            lambda r: r.state == "held" and r != self and r.date_held
        ).mapped("date_held")
        since = max(previous + [contract.date_start])
        return not contract.case_id.step_log_ids.filtered(
            lambda log: log.step_id and log.date > since
        )

    def action_held_today(self):
        """Button 'Held': the review was held today; the attendance since the start
        of the agreement decides the outcome. (A button passes the context as the
        first argument: ``action_hold`` takes dates, so the button has its own method.)"""
        return self.action_hold()

    def action_hold(self, date_held=None, outcome=None, notes=None):
        """Record that the review was held: attendance since the start, outcome.

        Without ``outcome`` it is 'improved' when the attendance since the start
        reaches the target. No improvement advances the case along its policy;
        the last review closes the agreement (targets met or not improved).
        """
        for review in self:
            if review.state != "planned":
                raise UserError(_("%s has already been held or cancelled.") % review.name)
            contract = review.contract_id
            held = date_held or fields.Date.context_today(self)
            if isinstance(held, datetime.date):
                held = fields.Date.to_string(held)
            summary = contract._summary_since_start(held)
            pct = summary["attendance_pct"] if summary else 0.0
            result = outcome or ("improved" if pct >= contract.target_pct else "not_improved")
            review._server_write(
                {
                    "date_held": held,
                    "attendance_pct": pct,
                    "outcome": result,
                    "state": "held",
                    "notes": notes or review.notes,
                }
            )
            # The agencies working with the family come to the next review.
            contract.review_ids._invite_agencies()
            if review.activity_id:
                review.activity_id.action_feedback(
                    _("Held: attendance %.1f%%, %s.") % (pct, dict(OUTCOMES)[result])
                )
            text = _("%s of %s held on %s: attendance %s since %s, target %.1f%% - %s.") % (
                review.name,
                contract.name,
                held,
                escalation.format_attendance(summary or {}),
                contract.date_start,
                contract.target_pct,
                dict(OUTCOMES)[result],
            )
            contract.message_post(body=html_escape(text))
            is_last = not contract.review_ids.filtered(lambda r: r.state == "planned")
            if result == "improved":
                if is_last:
                    contract._server_write({"state": "done"})
                if contract.case_id:
                    contract.case_id.message_post(body=html_escape(text))
            else:
                if is_last:
                    contract._server_write({"state": "failed"})
                case = contract.case_id
                if case and not (review._may_advance_case() and case.advance(text, on_date=held)):
                    case.message_post(body=html_escape(text))
        return True
