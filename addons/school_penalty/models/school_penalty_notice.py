import datetime

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import format_date, to_date
from odoo.addons.school_attendance.locks import lock_rows
from odoo.addons.school_attendance.rules import calendar as school_calendar
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, float_round
from psycopg2.extensions import TransactionRollbackError

from ..rules import penalty

OFFENCES = [
    ("unauthorised_absence", "Unauthorised absence (s444 Education Act 1996)"),
    ("term_time_holiday", "Term-time holiday without leave"),
    ("excluded_in_public_place", "Excluded pupil in a public place (s103 EIA 2006)"),
]
#: Offences that need the attendance threshold (10 sessions in 10 school weeks).
THRESHOLD_OFFENCES = ("unauthorised_absence", "term_time_holiday")
NOTICE_STATES = [
    ("draft", "Draft"),
    ("issued", "Issued"),
    ("paid", "Paid"),
    ("unpaid", "Unpaid"),
    ("prosecution", "Prosecution"),
    ("withdrawn", "Withdrawn"),
]
ORDINALS = [("first", "First"), ("second", "Second")]
ORDINAL_NUMBER = {"first": 1, "second": 2}
#: States in which a notice counts for the ordinal and holds its sessions.
COUNTING_STATES = ("issued", "paid", "unpaid", "prosecution")
#: Fields that may still change once a notice is issued (workflow and accounting).
WRITABLE_WHEN_ISSUED = frozenset(
    {
        "state",
        "withdrawal_reason",
        "date_withdrawn",
        "date_paid",
        "supplement_invoice_id",
        "prosecution_id",
        "user_id",
        "activity_ids",
        "message_follower_ids",
        "message_ids",
        "message_main_attachment_id",
    }
)


class SchoolPenaltyNotice(models.Model):
    """A penalty notice to one parent for one child (national framework 2024).

    Amounts (``rules.penalty``): a first notice costs 80 if paid by day 21
    after receipt (day of receipt = day 1) and 160 on days 22 to 28; a second
    within the 3-year period costs 160 up to day 28; a third within it is
    refused (prosecution under s444 instead). From day 29 nothing is payable.

    Accounting mechanism: issuing posts an ``account.invoice`` (``invoice_id``)
    to the parent for the first amount due, 80 (first notice, due on day 21)
    or 160 (second, due on day 28). When day 21 has passed and a first notice
    was not paid 80 by then, a *supplement invoice* (``supplement_invoice_id``)
    of 80, dated day 22 and due on day 28, brings the total to 160. It is
    created by the daily cron :meth:`check_payment_deadlines`, or at once by
    :meth:`register_payment` for a payment dated after day 21. If a payment
    dated within the 21 days is recorded later, the unpaid supplement is
    cancelled again. Whether a notice is paid is always judged from the dates
    of its payments (:meth:`amount_paid_on`), never from the day they were
    recorded. After day 28 an unpaid notice becomes ``unpaid`` and an activity
    "Consider prosecution" is scheduled for the officer.
    """

    _name = "school.penalty.notice"
    _description = "Penalty Notice"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_issued desc, id desc"

    name = fields.Char(
        string="Number",
        default=lambda self: _("Draft"),
        readonly=True,
        copy=False,
        index=True,
        help="Number from the school's penalty notice sequence, given when issued.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Child whose absence the notice is for.",
    )
    case_id = fields.Many2one(
        "school.attendance.case",
        string="Attendance Case",
        index=True,
        ondelete="set null",
        domain="[('pupil_id', '=', pupil_id)]",
        help="Attendance case of the pupil this notice belongs to (optional).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Parent",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Parent with parental responsibility who receives the notice "
        "(one notice per parent per child).",
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
    currency_id = fields.Many2one(
        "res.currency",
        related="company_id.currency_id",
        readonly=True,
        help="Currency of the amounts (the school's).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Authorised officer responsible for the notice.",
    )
    offence = fields.Selection(
        OFFENCES,
        required=True,
        default="unauthorised_absence",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Unauthorised absence and term-time holiday need 10 sessions of "
        "unauthorised absence in 10 school weeks; s103: an excluded pupil in a "
        "public place in the first five days of an exclusion.",
    )
    mark_ids = fields.Many2many(
        "school.attendance.mark",
        "school_penalty_notice_mark_rel",
        "notice_id",
        "mark_id",
        string="Sessions",
        readonly=True,
        states={"draft": [("readonly", False)]},
        groups="school_attendance.group_attendance_officer",
        help="The sessions of unauthorised absence the notice is for; frozen when issued.",
    )
    session_count = fields.Integer(
        string="Sessions",
        compute="_compute_session_count",
        store=True,
        help="Number of sessions the notice is for.",
    )
    notice_to_improve_id = fields.Many2one(
        "school.notice.to.improve",
        string="Notice to Improve",
        readonly=True,
        states={"draft": [("readonly", False)]},
        domain="[('pupil_id', '=', pupil_id), ('partner_id', '=', partner_id), "
        "('state', 'in', ('issued', 'not_improved'))]",
        help="The notice to improve sent to this parent first. Required for "
        "unauthorised absence unless an exemption is recorded.",
    )
    is_nti_exempt = fields.Boolean(
        string="No Notice to Improve Needed",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Support is not appropriate, or the parent already had a notice "
        "to improve for a similar offence (give the reason).",
    )
    nti_exemption_reason = fields.Text(
        string="Why No Notice to Improve",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Reason no notice to improve was sent first.",
    )
    date_issued = fields.Date(
        string="Issued On",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        copy=False,
        help="Day the notice is issued (today when empty on issue).",
    )
    delivery = fields.Selection(
        [("hand", "By hand"), ("post", "By post")],
        required=True,
        default="hand",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="A notice handed over is received the day it is issued; one "
        "posted, the school's number of working days later.",
    )
    date_received = fields.Date(
        string="Received On",
        readonly=True,
        states={"draft": [("readonly", False)]},
        copy=False,
        help="Day the parent receives the notice (day 1 of the payment "
        "periods). Filled on issue from the delivery when empty.",
    )
    ordinal = fields.Selection(
        ORDINALS,
        readonly=True,
        copy=False,
        help="First or second notice to this parent for this child within the "
        "3-year period that starts with the first notice since 19 August 2024.",
    )
    date_reduced_until = fields.Date(
        string="£80 Payable Until",
        readonly=True,
        copy=False,
        help="Last day the reduced amount settles a first notice (day 21).",
    )
    date_full_until = fields.Date(
        string="Payable Until",
        readonly=True,
        copy=False,
        help="Last day the notice can be paid (day 28).",
    )
    invoice_id = fields.Many2one(
        "account.invoice",
        string="Invoice",
        readonly=True,
        copy=False,
        help="Invoice posted when the notice was issued.",
    )
    supplement_invoice_id = fields.Many2one(
        "account.invoice",
        string="Supplement Invoice",
        readonly=True,
        copy=False,
        help="Invoice of 80 that brings a first notice to 160 once day 21 has "
        "passed without payment.",
    )
    invoice_ids = fields.One2many(
        "account.invoice",
        "penalty_notice_id",
        string="Invoices",
        readonly=True,
        help="Every invoice of the notice.",
    )
    amount_due = fields.Monetary(
        string="Amount Due",
        compute="_compute_amounts",
        store=True,
        help="Total invoiced and not cancelled: 80 or 160.",
    )
    amount_paid = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        help="Amount paid on the notice's invoices.",
    )
    amount_outstanding = fields.Monetary(
        compute="_compute_amounts",
        store=True,
        help="Amount invoiced and not paid.",
    )
    payment_state = fields.Selection(
        [
            ("not_invoiced", "Not Invoiced"),
            ("not_paid", "Not Paid"),
            ("partial", "Partially Paid"),
            ("paid", "Paid"),
        ],
        compute="_compute_amounts",
        store=True,
        help="How much of the invoiced amount is paid.",
    )
    date_paid = fields.Date(
        readonly=True,
        copy=False,
        help="Date of the payment that settled the notice.",
    )
    state = fields.Selection(
        NOTICE_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
        help="Draft: proposed, nothing sent. Issued: the payment periods run. "
        "Paid / Unpaid after day 28. Prosecution: referred under s444. "
        "Withdrawn: cancelled with a reason (does not count).",
    )
    withdrawal_reason = fields.Text(
        readonly=True,
        copy=False,
        track_visibility="onchange",
        help="Why the notice was withdrawn.",
    )
    date_withdrawn = fields.Date(
        readonly=True,
        copy=False,
        help="Day the notice was withdrawn.",
    )
    prosecution_id = fields.Many2one(
        "school.prosecution",
        string="Prosecution",
        readonly=True,
        copy=False,
        help="The s444 referral this notice is part of.",
    )

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("mark_ids")
    def _compute_session_count(self):
        # sudo: the count is shown to finance, who may not read the marks
        for notice in self:
            notice.session_count = len(notice.sudo().mark_ids)

    @api.depends("invoice_ids.state", "invoice_ids.amount_total", "invoice_ids.residual")
    def _compute_amounts(self):
        for notice in self:
            # sudo: the officer proposing or reading a notice sees its amounts
            # without access to accounting
            invoices = notice.sudo().invoice_ids.filtered(lambda i: i.state in ("open", "paid"))
            due = sum(invoices.mapped("amount_total"))
            outstanding = sum(invoices.mapped("residual"))
            notice.amount_due = due
            notice.amount_outstanding = outstanding
            notice.amount_paid = due - outstanding
            if not invoices:
                notice.payment_state = "not_invoiced"
            elif not outstanding:
                notice.payment_state = "paid"
            elif outstanding < due:
                notice.payment_state = "partial"
            else:
                notice.payment_state = "not_paid"

    @api.constrains("pupil_id", "partner_id")
    def _check_parent(self):
        for notice in self:
            notice.pupil_id._check_penalty_parent(notice.partner_id)

    @api.constrains("mark_ids", "pupil_id")
    def _check_marks(self):
        # sudo: the check must see every chosen mark, also one the user cannot read.
        for notice in self.sudo():
            others = notice.mark_ids - notice.mark_ids.filtered(
                lambda m, pupil=notice.pupil_id: m.pupil_id == pupil
            )
            if others:
                raise ValidationError(
                    _("The sessions of a penalty notice must be %s's own marks.")
                    % notice.pupil_id.name
                )

    @api.constrains("mark_ids", "partner_id", "state")
    def _check_sessions_not_reused(self):
        # sudo: the other notice to the parent may be one the user cannot read.
        for notice in self.sudo():
            if notice.state == "withdrawn" or not notice.mark_ids:
                continue
            reused = self.sudo().search(
                [
                    ("id", "!=", notice.id),
                    ("partner_id", "=", notice.partner_id.id),
                    ("state", "in", COUNTING_STATES),
                    ("mark_ids", "in", notice.mark_ids.ids),
                ]
            )
            if reused:
                sessions = notice.mark_ids & reused.mapped("mark_ids")
                raise ValidationError(
                    _(
                        "These sessions are already in penalty notice %s to %s: %s. "
                        "A session can be used in only one notice per parent."
                    )
                    % (
                        ", ".join(reused.mapped("name")),
                        notice.partner_id.name,
                        ", ".join(sessions.mapped("session_id.name")),
                    )
                )

    @api.onchange("delivery", "date_issued")
    def _onchange_delivery(self):
        if self.date_issued:
            self.date_received = fields.Date.to_string(self._default_date_received())

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        notice = super(SchoolPenaltyNotice, self).create(vals)
        notice._preview_ordinal()
        return notice

    def write(self, vals):
        locked = set(vals) - WRITABLE_WHEN_ISSUED
        if locked and self.filtered(lambda n: n.state != "draft"):
            raise UserError(
                _(
                    "An issued penalty notice cannot be changed (%s). Withdraw it "
                    "with a reason and issue a new one if needed."
                )
                % ", ".join(sorted(self._fields[name].string for name in locked))
            )
        res = super(SchoolPenaltyNotice, self).write(vals)
        if {"pupil_id", "partner_id", "date_issued"} & set(vals):
            self._preview_ordinal()
        return res

    def unlink(self):
        self.check_access_rights("unlink")
        if self.filtered(lambda n: n.state != "draft"):
            raise UserError(
                _(
                    "An issued penalty notice cannot be deleted; it can only be "
                    "withdrawn with a reason."
                )
            )
        return super(SchoolPenaltyNotice, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_issue(self):
        """Button: a person confirms and issues the draft notices.

        Checks the framework's conditions, numbers the notice, fixes its
        ordinal, dates and sessions, and posts the invoice to the parent.
        """
        for notice in self:
            notice._issue()
        return True

    def action_withdraw(self, reason=None):
        """Withdraw issued notices with a reason (``reason`` or the wizard's).

        A withdrawn notice does not count towards the 3-year period; its
        unpaid invoices are cancelled.
        """
        if reason is None:
            return {
                "type": "ir.actions.act_window",
                "name": _("Withdraw penalty notice"),
                "res_model": "school.penalty.withdraw.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_notice_ids": [(6, 0, self.ids)]},
            }
        if not (reason or "").strip():
            raise UserError(_("Give the reason the penalty notice is withdrawn."))
        if self.filtered(lambda n: n.state not in ("draft", "issued", "unpaid")):
            raise UserError(_("Only a draft, issued or unpaid notice can be withdrawn."))
        for notice in self:
            # sudo: officers withdraw notices; the invoices belong to finance
            open_invoices = notice.sudo().invoice_ids.filtered(
                lambda i: i.state == "open" and i.residual == i.amount_total
            )
            open_invoices.action_invoice_cancel()
        self.write(
            {
                "state": "withdrawn",
                "withdrawal_reason": reason.strip(),
                "date_withdrawn": fields.Date.context_today(self),
            }
        )
        return True

    def action_refer_prosecution(self):
        """Button: refer unpaid notices of one pupil to the LA (s444)."""
        prosecution = self.env["school.prosecution"].create_from_notices(self)
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.prosecution",
            "res_id": prosecution.id,
            "view_mode": "form",
        }

    def action_register_payment(self):
        """Button: open the payment wizard (finance)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Register payment"),
            "res_model": "school.penalty.payment.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_notice_id": self.id},
        }

    def action_print_evidence(self):
        """Button: the evidence pack PDF of the notices (officers)."""
        return self.env.ref("school_penalty.action_report_penalty_evidence_notice").report_action(
            self
        )

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("penalty_notice_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def amount_due_on(self, payment_date):
        """Total payable for the notice on ``payment_date`` (80, 160, or 0 out of time).

        Public and RPC-callable; ``payment_date``: 'YYYY-MM-DD'. A notice not
        issued yet raises a UserError. This is the total of the notice, not
        what is left after payments (see :meth:`amount_outstanding_on`).
        """
        self.ensure_one()
        self._check_issued()
        try:
            amount = penalty.amount_due_on(
                ORDINAL_NUMBER[self.ordinal], to_date(self.date_received), to_date(payment_date)
            )
        except ValueError as exc:
            raise UserError(_("No amount is due on %s: %s") % (payment_date, exc))
        return amount or 0.0

    def amount_paid_on(self, on_date):
        """Amount paid by payments dated on or before ``on_date``."""
        self.ensure_one()
        on_date = to_date(on_date)
        total = 0.0
        # sudo: finance and officers both need the payment dates; the
        # reconciliation lines of the invoices may not be readable to officers.
        for invoice in self.sudo().invoice_ids.filtered(lambda i: i.state in ("open", "paid")):
            for payment in invoice._get_payments_vals():
                if to_date(payment["date"]) <= on_date:
                    total += payment["amount"]
        return float_round(total, precision_rounding=self.currency_id.rounding or 0.01)

    def amount_outstanding_on(self, payment_date):
        """What is left to pay on ``payment_date`` (0 when nothing is payable)."""
        self.ensure_one()
        due = self.amount_due_on(payment_date)
        if not due:
            return 0.0
        return max(due - self.amount_paid_on(payment_date), 0.0)

    def get_deadlines(self):
        """``{'reduced_until': ISO date or False, 'full_until': ISO date}`` of the notice."""
        self.ensure_one()
        self._check_issued()
        limits = penalty.deadlines(to_date(self.date_received), ORDINAL_NUMBER[self.ordinal])
        return {
            key: fields.Date.to_string(value) if value else False for key, value in limits.items()
        }

    def register_payment(self, amount, payment_date):
        """Record a payment of ``amount`` by the parent on ``payment_date``.

        Creates and posts ``account.payment`` records in the school's penalty
        payments journal, reconciled with the notice's invoices (oldest first).
        Refuses a payment before receipt, after day 28, or of more than is
        outstanding on that date, and while someone else registers a payment
        of the notice (:meth:`_lock_for_payment`). Returns the payments.
        """
        self.ensure_one()
        self._lock_for_payment()
        if self.state != "issued":
            raise UserError(
                _("Payments can only be registered on an issued notice (%s is %s).")
                % (self.name, dict(NOTICE_STATES)[self.state])
            )
        pay_date = to_date(payment_date)
        rounding = self.currency_id.rounding or 0.01
        if float_compare(amount, 0.0, precision_rounding=rounding) <= 0:
            raise UserError(_("A payment must be a positive amount."))
        due = self.amount_due_on(pay_date)
        if not due:
            raise UserError(
                _(
                    "%s cannot be paid on %s: the 28 days from receipt on %s ended on "
                    "%s. The notice is unpaid and prosecution is considered."
                )
                % (
                    self.name,
                    format_date(pay_date),
                    format_date(self.date_received),
                    format_date(self.date_full_until),
                )
            )
        if self.date_reduced_until and pay_date > to_date(self.date_reduced_until):
            self._add_supplement_invoice()
        outstanding = due - self.amount_paid_on(pay_date)
        if float_compare(amount, outstanding, precision_rounding=rounding) > 0:
            raise UserError(
                _(
                    "A payment of £%.2f is more than is due on %s for %s: £%.2f "
                    "(amount payable £%.2f, already paid £%.2f)."
                )
                % (amount, format_date(pay_date), self.name, outstanding, due, due - outstanding)
            )
        accounting = self.company_id.get_penalty_accounting()
        payment_model = self.env["account.payment"]
        method = self.env.ref("account.account_payment_method_manual_in")
        payments = payment_model.browse()
        remaining = amount
        for invoice in self.invoice_ids.filtered(lambda i: i.state == "open").sorted("id"):
            part = min(remaining, invoice.residual)
            if float_compare(part, 0.0, precision_rounding=rounding) <= 0:
                continue
            payment = payment_model.create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.partner_id.id,
                    "amount": part,
                    "currency_id": invoice.currency_id.id,
                    "payment_date": fields.Date.to_string(pay_date),
                    "journal_id": accounting["payment_journal"].id,
                    "payment_method_id": method.id,
                    "communication": self.name,
                    "invoice_ids": [(6, 0, invoice.ids)],
                }
            )
            payment.post()
            payments |= payment
            remaining -= part
        self.update_payment_state()
        return payments

    def _lock_for_payment(self):
        """One payment registration per notice at a time.

        Two finance users registering the same payment at once would each see
        the notice unpaid and post a payment each. The notice's row is locked
        and touched (:func:`~odoo.addons.school_attendance.locks.lock_rows`);
        the second user, and one whose transaction began before the first
        committed, is told to reload. The savepoint keeps the transaction
        usable after a serialization failure, so the message can name the
        notices.
        """
        try:
            with self.env.cr.savepoint():
                busy = lock_rows(self)
        except TransactionRollbackError:
            busy = self
        if busy:
            raise UserError(
                _(
                    "A payment of %s is being registered by someone else at this moment, "
                    "or was registered since you opened it. Nothing was saved: reload "
                    "the notice and check what is still due."
                )
                % ", ".join(busy.mapped("name"))
            )

    def update_payment_state(self):
        """Mark issued notices paid once their payments settle them.

        A first notice is settled by 80 paid by day 21 (an unpaid supplement
        is then cancelled) or 160 by day 28; a second by 160 by day 28.
        """
        for notice in self.filtered(lambda n: n.state == "issued"):
            date_paid = notice._settled_on()
            if not date_paid:
                continue
            reduced = notice.date_reduced_until
            if reduced and notice.amount_paid_on(reduced) >= penalty.REDUCED_AMOUNT:
                notice._cancel_supplement_invoice()
            notice.write({"state": "paid", "date_paid": fields.Date.to_string(date_paid)})
            activity_type = notice._prosecution_activity_type()
            notice.activity_ids.filtered(
                lambda a, kind=activity_type: a.activity_type_id == kind
            ).unlink()
        return True

    @api.model
    def check_payment_deadlines(self, on_date=None):
        """Daily: apply the day-22 amount and close notices not paid by day 28.

        ``on_date`` ('YYYY-MM-DD', default today) is the day the check runs.
        For every issued notice: settled → ``paid``; a first notice past day
        21 and not paid 80 by then → supplement invoice bringing it to 160;
        past day 28 and not settled → ``unpaid`` with an activity "Consider
        prosecution" for the officer, and the notice's attendance case (if any)
        moves to its next step. Returns the notices made unpaid.
        """
        today = to_date(on_date or fields.Date.context_today(self))
        notices = self.search([("state", "=", "issued")])
        notices.update_payment_state()
        unpaid = self.browse()
        for notice in notices.filtered(lambda n: n.state == "issued"):
            if notice.date_reduced_until and today > to_date(notice.date_reduced_until):
                notice._add_supplement_invoice()
            if today > to_date(notice.date_full_until):
                unpaid |= notice
        for notice in unpaid:
            notice.write({"state": "unpaid"})
            notice._schedule_prosecution_activity(today)
            if notice.case_id:
                notice.case_id.advance(
                    _("penalty notice %s to %s not paid within 28 days of receipt")
                    % (notice.name, notice.partner_id.name),
                    on_date=today,
                )
        return unpaid

    def _evidence_pack(self):
        """Values of the evidence pack (``school.penalty.evidence``) of this notice.

        The period is the 10 school weeks of the notice's sessions up to its
        issue; the pack shows every notice to improve and (not withdrawn)
        penalty notice of this parent for this child.
        """
        self.ensure_one()
        pupil = self.pupil_id
        date_from, date_to = self._evidence_pack_window()
        same_parent = [("pupil_id", "=", pupil.id), ("partner_id", "=", self.partner_id.id)]
        notices = self | self.search(same_parent + [("state", "not in", ("draft", "withdrawn"))])
        ntis = self.notice_to_improve_id | self.env["school.notice.to.improve"].search(
            same_parent + [("state", "!=", "draft")]
        )
        return self.env["school.penalty.evidence"].build(pupil, date_from, date_to, notices, ntis)

    def _evidence_pack_window(self):
        """(first, last day) of the registration certificate of the notice."""
        self.ensure_one()
        date_to = to_date(self.date_issued or fields.Date.context_today(self))
        marks = self.sudo().mark_ids
        if not marks:
            return self.pupil_id._penalty_threshold(date_to)["window_start"], date_to
        last = max(to_date(d) for d in marks.mapped("date"))
        window = self.pupil_id._penalty_threshold(last, marks.ids)
        return window["window_start"], max(date_to, last)

    def _prosecution_activity_type(self):
        return self.env.ref("school_penalty.mail_activity_consider_prosecution")

    def _schedule_prosecution_activity(self, today):
        """Activity "Consider prosecution" for the notice's officer."""
        self.ensure_one()
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get(self._name).id,
                "res_id": self.id,
                "activity_type_id": self._prosecution_activity_type().id,
                "date_deadline": fields.Date.to_string(today),
                "summary": _("Consider prosecution (s444 Education Act 1996)"),
                "note": _(
                    "Penalty notice %s to %s was not paid within 28 days of "
                    "receipt (%s). Consider prosecution."
                )
                % (self.name, self.partner_id.name, self.date_received),
                "user_id": (self.user_id or self.env.user).id,
            }
        )

    @api.model
    def _cron_check_payment_deadlines(self):
        self.check_payment_deadlines()

    def get_ordinal_number(self, on_date=None):
        """1, 2 or 3 (refused) for a notice to this parent for this child on ``on_date``."""
        self.ensure_one()
        # sudo: the earlier notices decide the amount, whatever the user may read.
        previous = self.sudo().search(
            [
                ("id", "!=", self.id),
                ("pupil_id", "=", self.pupil_id.id),
                ("partner_id", "=", self.partner_id.id),
                ("state", "in", COUNTING_STATES),
            ]
        )
        return penalty.ordinal_for(
            [to_date(d) for d in previous.mapped("date_issued")],
            to_date(on_date or self.date_issued or fields.Date.context_today(self)),
        )

    def _preview_ordinal(self):
        """Show the ordinal a draft would have (fixed for good on issue)."""
        for notice in self.filtered(lambda n: n.state == "draft"):
            number = notice.get_ordinal_number()
            ordinal = {1: "first", 2: "second"}.get(number, False)
            if notice.ordinal != ordinal:
                notice.ordinal = ordinal

    def _default_date_received(self):
        """Issue date by hand; the school's working days after posting by post."""
        issued = to_date(self.date_issued or fields.Date.context_today(self))
        if self.delivery == "post":
            company = self.company_id or self.pupil_id.company_id
            return school_calendar.working_days_after(issued, company.penalty_post_working_days)
        return issued

    def _check_issued(self):
        if self.state == "draft" or not self.date_received or not self.ordinal:
            raise UserError(_("The penalty notice %s is not issued yet.") % self.name)

    def _issue(self):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(_("Only a draft penalty notice can be issued (%s).") % self.name)
        self.company_id.check_penalty_currency()
        date_issued = to_date(self.date_issued or fields.Date.context_today(self))
        self.pupil_id._check_penalty_parent(self.partner_id)
        number = self.get_ordinal_number(date_issued)
        if number == penalty.REFUSED_ORDINAL:
            raise UserError(
                _(
                    "%s has already had two penalty notices for %s within the 3-year "
                    "period: a third cannot be issued. Refer the case to the local "
                    "authority for prosecution under section 444 of the Education Act "
                    "1996 (or an education supervision order) instead."
                )
                % (self.partner_id.name, self.pupil_id.name)
            )
        self._check_notice_to_improve()
        self._check_threshold(date_issued)
        vals = {"date_issued": fields.Date.to_string(date_issued)}
        if not self.date_received:
            self.date_issued = vals["date_issued"]
            vals["date_received"] = fields.Date.to_string(self._default_date_received())
        received = to_date(vals.get("date_received") or self.date_received)
        if received < date_issued:
            raise UserError(_("A notice cannot be received before it is issued."))
        limits = penalty.deadlines(received, number)
        vals.update(
            {
                "ordinal": {1: "first", 2: "second"}[number],
                "date_reduced_until": limits["reduced_until"]
                and fields.Date.to_string(limits["reduced_until"]),
                "date_full_until": fields.Date.to_string(limits["full_until"]),
                # sudo: numbering uses the school's sequence, which is configuration.
                "name": self.company_id.get_penalty_sequence()
                .sudo()
                .with_context(ir_sequence_date=fields.Date.to_string(date_issued))
                .next_by_id(),
            }
        )
        self.write(vals)
        self.invoice_id = self._create_invoice(
            penalty.REDUCED_AMOUNT if number == 1 else penalty.FULL_AMOUNT,
            received,
            to_date(self.date_reduced_until or self.date_full_until),
            _("Penalty notice %s (%s notice) for %s")
            % (self.name, dict(ORDINALS)[self.ordinal].lower(), self.pupil_id.name),
        )
        self.state = "issued"
        self.message_post(
            body=_("Issued: %s notice, received %s, payable until %s.")
            % (
                dict(ORDINALS)[self.ordinal].lower(),
                format_date(self.date_received),
                format_date(self.date_full_until),
            )
        )

    def _check_notice_to_improve(self):
        if self.offence != "unauthorised_absence":
            return
        if self.is_nti_exempt:
            if not (self.nti_exemption_reason or "").strip():
                raise UserError(
                    _("Give the reason no notice to improve was sent first to %s.")
                    % self.partner_id.name
                )
            return
        nti = self.notice_to_improve_id
        if not nti:
            raise UserError(
                _(
                    "A penalty notice for unauthorised absence needs a notice to "
                    "improve sent to %s first (or record why none is needed)."
                )
                % self.partner_id.name
            )
        if (
            nti.pupil_id != self.pupil_id
            or nti.partner_id != self.partner_id
            or nti.state not in ("issued", "not_improved")
        ):
            raise UserError(
                _(
                    "The notice to improve must be one issued to %s about %s "
                    "(and not assessed as improved)."
                )
                % (self.partner_id.name, self.pupil_id.name)
            )

    def _check_threshold(self, date_issued):
        """The notice's own sessions must meet the threshold (absence offences)."""
        if self.offence not in THRESHOLD_OFFENCES:
            return
        marks = self.mark_ids
        if not marks:
            raise UserError(_("Choose the sessions of unauthorised absence the notice is for."))
        last = max(to_date(d) for d in marks.mapped("date"))
        status = self.pupil_id._penalty_threshold(min(last, date_issued), marks.ids)
        if not status["met"]:
            raise UserError(
                _(
                    "%s is under the threshold: %d session(s) of unauthorised absence "
                    "(G, N, O, U) in the 10 school weeks from %s to %s, %d needed. A "
                    "penalty notice cannot be issued."
                )
                % (
                    self.pupil_id.name,
                    status["sessions"],
                    status["window_start"],
                    status["window_end"],
                    status["threshold"],
                )
            )

    def _settled_on(self):
        """Date of the payment that settled the notice, or None."""
        self.ensure_one()
        checks = []
        if self.date_reduced_until:
            checks.append((self.date_reduced_until, penalty.REDUCED_AMOUNT))
        checks.append((self.date_full_until, penalty.FULL_AMOUNT))
        rounding = self.currency_id.rounding or 0.01
        for limit, amount in checks:
            if float_compare(self.amount_paid_on(limit), amount, precision_rounding=rounding) >= 0:
                return self._last_payment_date(limit)
        return None

    def _last_payment_date(self, limit):
        # sudo: the payment dates are on reconciliation lines officers may not read.
        dates = [
            to_date(payment["date"])
            for invoice in self.sudo().invoice_ids.filtered(lambda i: i.state in ("open", "paid"))
            for payment in invoice._get_payments_vals()
            if to_date(payment["date"]) <= to_date(limit)
        ]
        return max(dates) if dates else to_date(limit)

    def _add_supplement_invoice(self):
        """Bring a first notice to 160 once day 21 passed without 80 paid by then."""
        self.ensure_one()
        if self.supplement_invoice_id or not self.date_reduced_until:
            return self.supplement_invoice_id
        reduced = to_date(self.date_reduced_until)
        if self.amount_paid_on(reduced) >= penalty.REDUCED_AMOUNT:
            return self.supplement_invoice_id
        self.supplement_invoice_id = self._create_invoice(
            penalty.FULL_AMOUNT - penalty.REDUCED_AMOUNT,
            reduced + datetime.timedelta(days=1),
            to_date(self.date_full_until),
            _("Penalty notice %s: not paid within 21 days, £160 due by %s")
            % (self.name, format_date(self.date_full_until)),
        )
        self.message_post(
            body=_("Not paid within 21 days: the amount due is now %.2f.") % penalty.FULL_AMOUNT
        )
        return self.supplement_invoice_id

    def _cancel_supplement_invoice(self):
        # sudo: the supplement belongs to finance; cancelling it follows from
        # a payment dated within the 21 days, whoever recorded it.
        supplement = self.sudo().supplement_invoice_id
        if supplement.state == "open" and supplement.residual == supplement.amount_total:
            supplement.action_invoice_cancel()

    def _create_invoice(self, amount, date_invoice, date_due, label):
        """Post an invoice of ``amount`` to the parent in the penalty journal."""
        accounting = self.company_id.get_penalty_accounting()
        # sudo: officers issue notices; posting the invoice is the accounting
        # consequence of that decision and needs no accounting rights of theirs.
        invoice = (
            self.env["account.invoice"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                {
                    "type": "out_invoice",
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "currency_id": self.company_id.currency_id.id,
                    "journal_id": accounting["journal"].id,
                    "account_id": accounting["receivable"].id,
                    # Given explicitly so that create() skips the partner
                    # onchange, which needs a chart of accounts.
                    "payment_term_id": False,
                    "fiscal_position_id": False,
                    "partner_bank_id": False,
                    "date_invoice": fields.Date.to_string(date_invoice),
                    "date_due": fields.Date.to_string(date_due),
                    "origin": self.name,
                    "name": label,
                    "penalty_notice_id": self.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": accounting["product"].id,
                                "name": label,
                                "account_id": accounting["income"].id,
                                "quantity": 1.0,
                                "price_unit": amount,
                            },
                        )
                    ],
                }
            )
        )
        invoice.action_invoice_open()
        # Back to the user's rights (not a sudo): the caller reads it as the user.
        return invoice.sudo(self.env.uid)
