from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape
from psycopg2.extras import execute_values

from ..bulk import bulk_create
from ..dates import to_date
from ..rules import escalation
from .mail_thread import context_author

PRIORITIES = [("0", "Normal"), ("1", "Priority"), ("2", "High priority")]

# Kanban colour per default band (seed 003) when the school has no bands of its own.
_DEFAULT_BAND_COLOURS = {98.0: 10, 95.0: 7, 92.0: 3, 90.0: 2, 0.0: 1}

#: Context key under which the escalation engine (``school.attendance.policy._open_case``,
#: the one method that opens cases) creates a case. Its value must be ``ENGINE_OPENS``,
#: a Python object: RPC carries only plain values, so no client sends it, and a
#: ``create`` without it is a case opened by hand, which the engine opens too.
CASE_OPENING_KEY = "school_case_opening"
ENGINE_OPENS = object()


class SchoolAttendanceCase(models.Model):
    """A pupil's attendance case: one concern, followed up along the school's policy."""

    _name = "school.attendance.case"
    _description = "Attendance Case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "priority desc, date_opened, id"

    def _default_stage(self):
        return self.env["school.attendance.case.stage"].search([("is_closed", "=", False)], limit=1)

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Pupil and concern, e.g. 'Amira Khan - Low attendance'.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        track_visibility="onchange",
        help="Pupil the case is about.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School of the pupil.",
    )
    group_id = fields.Many2one(
        related="pupil_id.group_id",
        string="Group",
        store=True,
        readonly=True,
        help="Registration group of the pupil.",
    )
    stage_id = fields.Many2one(
        "school.attendance.case.stage",
        string="Stage",
        index=True,
        track_visibility="onchange",
        group_expand="_read_group_stage_ids",
        default=_default_stage,
        ondelete="restrict",
        help="Where the case stands on the school's escalation ladder.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Case Owner",
        index=True,
        track_visibility="onchange",
        default=lambda self: self.env.user,
        help="Member of staff following the case.",
    )
    date_opened = fields.Date(
        string="Opened",
        required=True,
        default=fields.Date.context_today,
        help="Day the case was opened.",
    )
    date_closed = fields.Date(
        string="Closed",
        index=True,
        track_visibility="onchange",
        copy=False,
        help="Day the case was closed; empty while it is open.",
    )
    concern = fields.Selection(
        escalation.CONCERNS,
        required=True,
        default="low_attendance",
        index=True,
        help="Why the case is open. A pupil has at most one open case per concern.",
    )
    policy_id = fields.Many2one(
        "school.attendance.policy",
        string="Policy",
        ondelete="restrict",
        help="Escalation policy whose steps this case follows.",
    )
    priority = fields.Selection(
        PRIORITIES,
        default="0",
        index=True,
        help="Priority pupils (child protection plan, looked after, SEN - seed 003) "
        "come first in the officer's lists.",
    )
    color = fields.Integer(
        string="Colour",
        compute="_compute_color",
        store=True,
        help="Kanban colour, from the attendance band.",
    )
    # Figures when the case was opened.
    opening_attendance_pct = fields.Float(
        string="Attendance When Opened (%)",
        digits=(5, 1),
        readonly=True,
        help="Attendance this school year on the day the case was opened.",
    )
    opening_possible = fields.Integer(
        string="Possible When Opened",
        readonly=True,
        help="Possible sessions this school year when the case was opened.",
    )
    opening_present = fields.Integer(
        string="Attended When Opened",
        readonly=True,
        help="Sessions attended this school year when the case was opened.",
    )
    opening_unauthorised = fields.Integer(
        string="Unauthorised When Opened",
        readonly=True,
        help="Unauthorised absences this school year when the case was opened.",
    )
    opening_band = fields.Char(
        string="Band When Opened",
        readonly=True,
        help="Attendance band when the case was opened.",
    )
    # Figures now (refreshed by every escalation run).
    attendance_pct = fields.Float(
        string="Attendance (%)",
        digits=(5, 1),
        readonly=True,
        help="Attendance this school year, as of the figures date.",
    )
    possible_sessions = fields.Integer(
        readonly=True, help="Possible sessions this school year, as of the figures date."
    )
    present_sessions = fields.Integer(
        string="Attended Sessions",
        readonly=True,
        help="Sessions attended this school year, as of the figures date.",
    )
    authorised_sessions = fields.Integer(
        readonly=True, help="Authorised absences this school year, as of the figures date."
    )
    unauthorised_sessions = fields.Integer(
        readonly=True, help="Unauthorised absences this school year, as of the figures date."
    )
    band = fields.Char(
        string="Band",
        readonly=True,
        index=True,
        help="The school's attendance band holding the attendance percentage.",
    )
    # Data protection: confidential notes, and the mark of the case's anonymisation.
    confidential_note = fields.Html(
        string="Confidential Staff Notes",
        groups="school_attendance.group_attendance_officer",
        help="Notes for the school's staff only: left out of a subject access bundle. "
        "Keep here only what the law lets the school withhold (information about "
        "another person, or from a social worker or the police) and say why.",
    )
    retention_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        help="Past the school's retention period, a manager confirmed: the notes, "
        "messages and documents were deleted; the counts and dates stay for the statistics.",
    )
    attendance_foresight = fields.Text(
        related="pupil_id.attendance_foresight",
        string="Distance to Each Line",
        help="How many more absences take the pupil below 96%, 90% and 50% this year, and "
        "how many sessions of full attendance bring them back above a line they are below.",
    )
    band_id = fields.Many2one(
        "school.attendance.band",
        string="Band Record",
        readonly=True,
        help="The band record (empty when the school uses the default bands).",
    )
    figures_date = fields.Date(
        readonly=True,
        help="Day the attendance figures were last worked out.",
    )
    next_action_date = fields.Date(
        compute="_compute_next_action_date",
        search="_search_next_action_date",
        help="Due date of the earliest open activity of the case.",
    )
    last_step_id = fields.Many2one(
        "school.attendance.policy.step",
        string="Last Step",
        compute="_compute_last_step",
        store=True,
        help="Latest policy step that fired on the case.",
    )
    last_step_date = fields.Date(
        compute="_compute_last_step",
        store=True,
        help="Day the latest step fired.",
    )
    step_log_ids = fields.One2many(
        "school.attendance.case.step.log",
        "case_id",
        string="Step History",
        readonly=True,
        help="Every step that fired, when, and the figures that made it fire.",
    )
    contract_ids = fields.One2many(
        "school.attendance.contract",
        "case_id",
        string="Contracts and Plans",
        help="Parent contracts and attendance action plans of the case.",
    )
    referral_ids = fields.One2many(
        "school.attendance.referral",
        "case_id",
        string="Referrals",
        help="Referrals to Early Help, the EWO, the local authority...",
    )
    contract_count = fields.Integer(compute="_compute_counts", help="Number of contracts.")
    referral_count = fields.Integer(compute="_compute_counts", help="Number of referrals.")
    is_medical_evidence_required = fields.Boolean(
        related="pupil_id.is_medical_evidence_required",
        readonly=True,
        help="Illness is only authorised with medical evidence.",
    )
    medical_evidence_since = fields.Date(
        related="pupil_id.medical_evidence_since",
        readonly=True,
        help="Day medical evidence was first required.",
    )
    is_priority_pupil = fields.Boolean(
        compute="_compute_is_priority_pupil",
        help="Child protection plan, looked after, child in need or SEN.",
    )
    note = fields.Html(help="Background and summary of concerns.")
    attendance_chart = fields.Html(
        string="Attendance Over Time",
        compute="_compute_attendance_chart",
        sanitize=False,
        help="Weekly attendance of the pupil this academic year, with a line at "
        "the lower bound of each of the school's attendance bands.",
    )
    sibling_attendance_html = fields.Html(
        related="pupil_id.sibling_attendance_html",
        string="Siblings' Attendance",
        readonly=True,
        help="The pupil's siblings (sharing a parent with parental responsibility), "
        "their school, attendance this school year and open cases.",
    )

    @api.depends("pupil_id.name", "concern")
    def _compute_name(self):
        labels = dict(escalation.CONCERNS)
        for case in self:
            case.name = "%s - %s" % (case.pupil_id.name or "", labels.get(case.concern, ""))

    @api.depends("band_id.colour", "band", "attendance_pct", "possible_sessions")
    def _compute_color(self):
        for case in self:
            if case.band_id:
                case.color = case.band_id.colour
            elif case.possible_sessions:
                floor = max(m for m in _DEFAULT_BAND_COLOURS if m <= case.attendance_pct)
                case.color = _DEFAULT_BAND_COLOURS[floor]
            else:
                case.color = 0

    def _compute_next_action_date(self):
        for case in self:
            dates = case.activity_ids.mapped("date_deadline")
            case.next_action_date = min(dates) if dates else False

    def _search_next_action_date(self, operator, value):
        return [("activity_ids.date_deadline", operator, value)]

    @api.depends("step_log_ids.date", "step_log_ids.step_id")
    def _compute_last_step(self):
        for case in self:
            log = case._last_log()
            case.last_step_id = log.step_id
            case.last_step_date = log.date

    def _compute_counts(self):
        for case in self:
            case.contract_count = len(case.contract_ids)
            case.referral_count = len(case.referral_ids)

    def _compute_attendance_chart(self):
        pupils = self.mapped("pupil_id")
        charts = self.env["school.attendance.trend"].render_charts("pupil", pupils)
        for case in self:
            case.attendance_chart = charts.get(case.pupil_id.id, False)

    def _compute_is_priority_pupil(self):
        for case in self:
            case.is_priority_pupil = bool(case.pupil_id._attendance_priority_reasons())

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        """Show every stage as a column, empty ones included."""
        return stages.search([], order=order)

    @api.constrains("pupil_id", "concern", "date_closed")
    def _check_one_open_case(self):
        opened = self.filtered(lambda c: not c.date_closed)
        if not opened:
            return
        # One search for all the cases (a run opens hundreds together).
        found = self.search(
            [
                ("pupil_id", "in", opened.mapped("pupil_id").ids),
                ("concern", "in", list(set(opened.mapped("concern")))),
                ("date_closed", "=", False),
            ]
        )
        open_by_key = {}
        for other in found:
            open_by_key.setdefault((other.pupil_id.id, other.concern), []).append(other)
        for case in opened:
            others = [
                other
                for other in open_by_key.get((case.pupil_id.id, case.concern), [])
                if other.id != case.id
            ]
            if others:
                other = others[0]
                raise ValidationError(
                    _("%s already has an open case for this concern: %s.")
                    % (case.pupil_id.name, other.name)
                )

    @api.constrains("pupil_id", "company_id")
    def _check_company(self):
        for case in self:
            if case.pupil_id.company_id != case.company_id:
                raise ValidationError(
                    _("The case of %s must belong to the pupil's school.") % case.pupil_id.name
                )

    @api.model_cr
    def init(self):
        # One open case per pupil and concern, guaranteed by the database too
        # (a partial index: closed cases do not count).
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS school_attendance_case_one_open_idx
            ON school_attendance_case (pupil_id, concern)
            WHERE date_closed IS NULL
            """
        )

    @api.model
    def create(self, vals):
        if self.env.context.get(CASE_OPENING_KEY) is not ENGINE_OPENS:
            # A case opened by hand (the form, RPC, another feature's code) is
            # opened by the engine like every other: figures, owner, explanation.
            return self._open_by_hand(vals)
        if vals.get("pupil_id") and not vals.get("company_id"):
            pupil = self.env["school.pupil"].browse(vals["pupil_id"])
            vals = dict(vals, company_id=pupil.company_id.id)
        if vals.get("stage_id"):
            vals = self._stage_vals(vals)
        if vals.get("pupil_id") and not vals.get("date_closed"):
            # The unique index is the guarantee; this gives a readable message.
            other = self.search(
                [
                    ("pupil_id", "=", vals["pupil_id"]),
                    ("concern", "=", vals.get("concern") or "low_attendance"),
                    ("date_closed", "=", False),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    _("%s already has an open case for this concern: %s.")
                    % (other.pupil_id.name, other.name)
                )
        return super(SchoolAttendanceCase, self.with_context(mail_create_nolog=True)).create(vals)

    def write(self, vals):
        if "stage_id" in vals:
            vals = self._stage_vals(vals)
        return super(SchoolAttendanceCase, self).write(vals)

    @api.model
    def _open_by_hand(self, vals):
        """``create`` of a case by a user: opened by the engine, quoting who opened it."""
        pupil = self.env["school.pupil"].browse(vals.get("pupil_id") or []).exists()
        if not pupil:
            raise ValidationError(_("Choose the pupil the attendance case is about."))
        extra = {key: value for key, value in vals.items() if key not in ("pupil_id", "concern")}
        case = self.env["school.attendance.policy"]._open_case_for(
            pupil,
            vals.get("concern") or "low_attendance",
            _("opened by hand by %s") % self.env.user.name,
            on_date=vals.get("date_opened"),
            vals=extra,
        )
        return case.with_env(self.env)

    def _stage_vals(self, vals):
        """Closing stage: set the closing date; any other stage: reopen."""
        stage = self.env["school.attendance.case.stage"].browse(vals["stage_id"])
        vals = dict(vals)
        if stage.is_closed:
            if not vals.get("date_closed"):
                vals["date_closed"] = fields.Date.context_today(self)
        elif "date_closed" not in vals:
            vals["date_closed"] = False
        return vals

    @api.multi
    def message_subscribe(self, partner_ids=None, channel_ids=None, subtype_ids=None, force=True):
        """Partners who already follow all these cases keep their subscription as it is.

        Odoo 11 subscribes the assignee of every activity again, which resets a
        follower's chosen subtypes and empties the whole ORM cache; on an
        escalation run the case owner, already a follower, is assigned an
        activity on each case it opens. Anyone not yet following is subscribed
        as usual. (Odoo 13 and later keep existing followers themselves and
        have another signature: drop the override when porting.)
        """
        if partner_ids and not channel_ids and subtype_ids is None and self.ids:
            # Who follows a case is told only to those who may read it (as Odoo's own
            # message_subscribe checks, further down).
            self.check_access_rights("read")
            self.check_access_rule("read")
            # sudo: followers are read only to skip a change that would do nothing.
            rows = (
                self.env["mail.followers"]
                .sudo()
                .search_read(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", self.ids),
                        ("partner_id", "in", list(partner_ids)),
                    ],
                    ["partner_id", "res_id"],
                )
            )
            following = {}
            for row in rows:
                following.setdefault(row["partner_id"][0], set()).add(row["res_id"])
            # Each partner is subscribed to the cases they do not follow yet, the
            # partners missing from the same cases together.
            missing = {}
            for pid in partner_ids:
                res_ids = tuple(sorted(set(self.ids) - following.get(pid, set())))
                if res_ids:
                    missing.setdefault(res_ids, []).append(pid)
            for res_ids, pids in missing.items():
                super(SchoolAttendanceCase, self.browse(res_ids)).message_subscribe(
                    partner_ids=pids, channel_ids=channel_ids, subtype_ids=subtype_ids, force=force
                )
            return True
        return super(SchoolAttendanceCase, self).message_subscribe(
            partner_ids=partner_ids, channel_ids=channel_ids, subtype_ids=subtype_ids, force=force
        )

    @api.model
    def get_empty_list_help(self, help):
        """The empty board of a school that follows no policy says why it is empty."""
        help = super(SchoolAttendanceCase, self).get_empty_list_help(help)
        company = self.env.user.company_id
        if company.attendance_policy_id:
            return help
        warning = (
            _(
                "%s follows no escalation policy, so no attendance case is opened. A manager "
                "chooses one (e.g. the seed 000 ladder, first day to legal action) on the "
                "school's Attendance settings (Settings > Companies)."
            )
            % company.name
        )
        return '<p class="alert alert-warning">%s</p>%s' % (html_escape(warning), help or "")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_close(self):
        """Button: close the case as improved (moves it to the closing stage)."""
        stage = self.env["school.attendance.case.stage"].search([("is_closed", "=", True)], limit=1)
        if not stage:
            raise UserError(_("Define a closing stage first."))
        self.write({"stage_id": stage.id})
        return True

    def action_view_contracts(self):
        action = self.env.ref("school_attendance.school_attendance_contract_action").read()[0]
        action["domain"] = [("case_id", "in", self.ids)]
        action["context"] = {"default_case_id": self[:1].id}
        return action

    def action_view_referrals(self):
        action = self.env.ref("school_attendance.school_attendance_referral_action").read()[0]
        action["domain"] = [("case_id", "in", self.ids)]
        action["context"] = {"default_case_id": self[:1].id}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _figure_vals(self, summary, on_date):
        """Case fields holding the figures of ``summary`` (get_attendance_summary row)."""
        return {
            "attendance_pct": summary["attendance_pct"],
            "possible_sessions": summary["possible"],
            "present_sessions": summary["present"],
            "authorised_sessions": summary["authorised"],
            "unauthorised_sessions": summary["unauthorised"],
            "band": summary["band"] or False,
            "band_id": summary.get("band_id") or False,
            "figures_date": fields.Date.to_string(on_date),
        }

    def _last_log(self):
        """The case's latest step (the line saying why the case was opened is no step)."""
        self.ensure_one()
        logs = self.step_log_ids.filtered("step_id").sorted(lambda log: (log.date, log.id))
        return logs[-1:] if logs else self.env["school.attendance.case.step.log"]

    def _has_open_support(self):
        """Whether a contract or referral of the case is still running."""
        self.ensure_one()
        return bool(
            self.contract_ids.filtered(lambda c: c.state in ("draft", "active"))
            or self.referral_ids.filtered(lambda r: r.state in ("draft", "sent"))
        )

    def _close_by_engine(self, on_date, message):
        stage = self.env["school.attendance.case.stage"].search([("is_closed", "=", True)], limit=1)
        self.write({"stage_id": stage.id, "date_closed": fields.Date.to_string(on_date)})
        self.message_post(body=html_escape(message))

    def _log_step(self, step, reason, outcomes, ctx):
        """Record that ``step`` fired and post the explanation on the case.

        Without ``step``: why the case was opened, when no step opened it (a
        refused leave taken, the penalty threshold, a case opened by hand).
        """
        self.ensure_one()
        summary = ctx.summary(self.pupil_id, ctx.year_start)
        message = "%s → %s" % (reason, step.name if step else _("case opened"))
        if outcomes:
            message += ": " + "; ".join(outcomes)
        ctx.log(
            self,
            {
                "case_id": self.id,
                "step_id": step.id,
                "date": fields.Date.to_string(ctx.on_date),
                "by_decision": ctx.by_decision,
                "figures": reason,
                "message": message,
                "attendance_pct": summary["attendance_pct"],
                "possible_sessions": summary["possible"],
                "present_sessions": summary["present"],
                "unauthorised_sessions": summary["unauthorised"],
            },
            message,
        )
        return message

    @api.model
    def _post_notes(self, notes):
        """Post each ``(case, message)`` of ``notes`` on its case as a note (plain text).

        The notes ``message_post`` would write, with one INSERT for them all, when
        nobody is to be notified: no follower of the case follows its notes (the
        default subtypes leave them out). The notes of a case with such a
        follower, and a case's second note of the batch (the first is its
        parent), are posted one by one, as usual.
        """
        if not notes:
            return
        note = self.env.ref("mail.mt_note")
        cases = self.browse(sorted({case.id for case, _message in notes}))
        self.env.cr.execute(
            "SELECT DISTINCT f.res_id FROM mail_followers f "
            "JOIN mail_followers_mail_message_subtype_rel r ON r.mail_followers_id = f.id "
            "WHERE f.res_model = %s AND f.res_id IN %s AND r.mail_message_subtype_id = %s",
            (self._name, tuple(cases.ids), note.id),
        )
        notified = {row[0] for row in self.env.cr.fetchall()}
        together, one_by_one, seen = [], [], set()
        for case, message in notes:
            if case.id in notified or case.id in seen:
                one_by_one.append((case, message))
            else:
                together.append((case, message))
                seen.add(case.id)
        if together:
            self._insert_notes(together, note)
        for case, message in one_by_one:
            case.with_env(self.env).message_post(body=html_escape(message), subtype="mail.mt_note")

    def _insert_notes(self, notes, note):
        """The notes of ``notes`` (one per case, nobody to notify) as ``message_post``
        and ``mail.message.create`` write them, in one INSERT: author, sender,
        reply-to and record name as they compute them (for all the cases at once),
        the first message of each case's thread as its parent."""
        Message = self.env["mail.message"]
        cases = self.browse([case.id for case, _message in notes])
        author_id = context_author(self.env) or Message._get_default_author().id
        email_from = Message._get_default_from()
        reply_to = self.message_get_reply_to(cases.ids, default=email_from)
        # sudo: the record name message_post stores, which Odoo reads as superuser too
        # (the run's user may create these cases' notes).
        names = dict(cases.sudo().name_get())
        # message_post's flat thread: the case's first email, else its first message.
        self.env.cr.execute(
            "SELECT DISTINCT ON (res_id) res_id, id FROM mail_message "
            "WHERE model = %s AND res_id IN %s "
            "ORDER BY res_id, message_type = 'email' DESC, id",
            (self._name, tuple(cases.ids)),
        )
        parents = dict(self.env.cr.fetchall())
        Message.check_access_rights("create")
        messages = bulk_create(
            Message,
            [
                {
                    "author_id": author_id,
                    "model": self._name,
                    "res_id": case.id,
                    "body": html_escape(message),
                    "subject": False,
                    "message_type": "notification",
                    "parent_id": parents.get(case.id, False),
                    "subtype_id": note.id,
                    "email_from": email_from,
                    "message_id": tools.generate_tracking_message_id(
                        "%s-%s" % (case.id, self._name)
                    ),
                    "reply_to": reply_to[case.id],
                    "record_name": names[case.id],
                }
                for case, message in notes
            ],
        )
        messages.check_access_rule("create")
        self.invalidate_cache(ids=cases.ids)
        for case, message in zip(cases, messages, strict=True):
            case._message_post_after_hook(message)

    @api.model
    def _add_followers(self, followers):
        """Create the followers of new cases, ``mail.followers`` values with their
        subtypes as ``[(6, 0, ids)]``, with one INSERT (and one for their subtypes)."""
        if not followers:
            return
        # mail.followers keeps no create/write dates (bulk_create writes them).
        ids = execute_values(
            self.env.cr,
            "INSERT INTO mail_followers (res_model, res_id, partner_id) VALUES %s RETURNING id",
            [(vals["res_model"], vals["res_id"], vals["partner_id"]) for vals in followers],
            page_size=len(followers),
            fetch=True,
        )
        rows = [
            (follower_id, subtype_id)
            for (follower_id,), vals in zip(ids, followers, strict=True)
            for command in vals.get("subtype_ids") or []
            for subtype_id in command[2]
        ]
        if rows:
            execute_values(
                self.env.cr,
                "INSERT INTO mail_followers_mail_message_subtype_rel "
                "(mail_followers_id, mail_message_subtype_id) VALUES %s",
                rows,
                page_size=len(rows),
            )
        self.env["mail.followers"].invalidate_cache()
        self.browse(sorted({vals["res_id"] for vals in followers})).invalidate_cache(
            ["message_follower_ids", "message_partner_ids", "message_channel_ids"]
        )

    def advance(self, reason, on_date=None):
        """Fire the next step of the case's policy now (e.g. a review found no improvement).

        ``reason`` is quoted on the case. Returns the number of steps fired.
        """
        self.ensure_one()
        if self.date_closed or not self.policy_id:
            return 0
        on_date = to_date(on_date) or fields.Date.from_string(fields.Date.context_today(self))
        return self.policy_id._advance_by_decision(self, reason, on_date)


class SchoolAttendanceCaseStepLog(models.Model):
    """One policy step fired on a case: the history that explains the case."""

    _name = "school.attendance.case.step.log"
    _description = "Attendance Case Step"
    _order = "date, id"
    _rec_name = "step_id"

    case_id = fields.Many2one(
        "school.attendance.case",
        string="Case",
        required=True,
        ondelete="cascade",
        index=True,
        help="Case the step fired on.",
    )
    step_id = fields.Many2one(
        "school.attendance.policy.step",
        string="Step",
        ondelete="restrict",
        help="Policy step that fired; empty on the line saying why a case no step "
        "opened was opened (a refused leave taken, the penalty threshold, by hand).",
    )
    date = fields.Date(required=True, help="Day the step fired.")
    by_decision = fields.Boolean(
        string="Staff Decision",
        help="Fired by a staff decision (e.g. a review that found no improvement), "
        "not by the daily escalation run.",
    )
    figures = fields.Text(help="The figures that made the step fire.")
    message = fields.Text(help="What fired and what was done, as posted on the case.")
    attendance_pct = fields.Float(
        string="Attendance (%)",
        digits=(5, 1),
        help="Attendance this school year when the step fired.",
    )
    possible_sessions = fields.Integer(help="Possible sessions when the step fired.")
    present_sessions = fields.Integer(
        string="Attended Sessions", help="Sessions attended when the step fired."
    )
    unauthorised_sessions = fields.Integer(help="Unauthorised absences when the step fired.")

    _sql_constraints = [
        (
            "case_step_uniq",
            "unique(case_id, step_id)",
            "A policy step fires only once on a case.",
        ),
    ]
