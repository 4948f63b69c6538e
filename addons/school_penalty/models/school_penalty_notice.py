import datetime

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import format_date, to_date
from odoo.addons.school_attendance.locks import lock_rows
from odoo.addons.school_attendance.rules import escalation
from odoo.exceptions import UserError
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
#: Who opens the notice's invoices; officers see the amounts and payment state only.
INVOICE_READERS = "account.group_account_invoice"
ORDINAL_NUMBER = {"first": 1, "second": 2}
#: States in which a notice counts for the ordinal and holds its sessions.
COUNTING_STATES = ("issued", "paid", "unpaid", "prosecution")
#: Who issues, withdraws and refers notices (finance records payments only).
OFFICER_GROUP = "school_attendance.group_attendance_officer"
#: Grounds on which a penalty notice may be withdrawn (recorded for regulation 20).
WITHDRAWAL_GROUNDS = [
    ("ought_not_issued", "Ought not to have been issued"),
    ("wrong_person", "Issued to the wrong person"),
    ("not_conforming", "Does not contain what the regulations require"),
]
ORDINAL_NUMBER = {"first": 1, "second": 2}
#: States in which a notice counts for the ordinal and holds its sessions.
COUNTING_STATES = ("issued", "paid", "unpaid", "prosecution")


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
    created by the daily cron :meth:`_cron_check_payment_deadlines`, or at once by
    :meth:`register_payment` for a payment dated after day 21. If a payment
    dated within the 21 days is recorded later, the unpaid supplement is
    cancelled again. Whether a notice is paid is always judged from the dates
    of its payments (:meth:`amount_paid_on`), never from the day they were
    recorded. After day 28 an unpaid notice becomes ``unpaid`` and an activity
    "Consider prosecution" is scheduled for the officer.
    """

    _name = "school.penalty.notice"
    _description = "Penalty Notice"
    _inherit = "school.statutory.notice"
    _order = "date_issued desc, id desc"
    _document_label = "penalty notice"
    _needs_registration_certificate = True
    _holding_states = COUNTING_STATES

    #: Once issued only the officer in charge may change (school.frozen.mixin);
    #: payments, withdrawal and prosecution change it through their buttons.
    _frozen_writable_fields = ("user_id",)

    name = fields.Char(
        string="Number",
        default=lambda self: _("Draft"),
        readonly=True,
        copy=False,
        index=True,
        help="Number from the school's penalty notice sequence, given when issued.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        related="company_id.currency_id",
        readonly=True,
        help="Currency of the amounts (the school's).",
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
    # The table of the sessions keeps its name from before the statutory notice models.
    mark_ids = fields.Many2many(
        relation="school_penalty_notice_mark_rel", column1="notice_id", column2="mark_id"
    )
    suspension_id = fields.Many2one(
        "school.suspension",
        string="Suspension",
        readonly=True,
        states={"draft": [("readonly", False)]},
        domain="[('pupil_id', '=', pupil_id), ('state', '=', 'confirmed')]",
        help="s103: the suspension or exclusion during which the pupil was in a public place.",
    )
    date_offence = fields.Date(
        string="Day of the Offence",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="s103: the day the pupil was in a public place in school hours; one of the "
        "first five school days of the suspension.",
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
        groups=INVOICE_READERS,
        help="Invoice posted when the notice was issued.",
    )
    supplement_invoice_id = fields.Many2one(
        "account.invoice",
        string="Supplement Invoice",
        readonly=True,
        copy=False,
        groups=INVOICE_READERS,
        help="Invoice of 80 that brings a first notice to 160 once day 21 has "
        "passed without payment.",
    )
    invoice_ids = fields.One2many(
        "account.invoice",
        "penalty_notice_id",
        string="Invoices",
        readonly=True,
        groups=INVOICE_READERS,
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
    withdrawal_ground = fields.Selection(
        WITHDRAWAL_GROUNDS,
        readonly=True,
        copy=False,
        track_visibility="onchange",
        help="The ground on which the notice was withdrawn (kept under regulation 20).",
    )
    is_prosecuted = fields.Boolean(
        string="Parent Prosecuted",
        compute="_compute_is_prosecuted",
        store=True,
        help="Whether the parent was referred for prosecution for the offence "
        "(kept under regulation 20).",
    )
    payment_record = fields.Text(
        string="Payments Received",
        compute="_compute_amounts",
        store=True,
        help="Every payment of the notice and its date (kept under regulation 20).",
    )
    # --- What the notice says (regulation 3); frozen on issue ----------------
    issuer_particulars = fields.Char(
        string="Issuer's Official Particulars",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="Position and organisation of the officer issuing the notice (e.g. "
        "'Headteacher, Example Primary School'); the school's default when empty.",
    )
    local_authority_id = fields.Many2one(
        "res.partner",
        string="Local Authority",
        readonly=True,
        copy=False,
        help="The local authority the penalty is paid to and that takes "
        "correspondence (regulation 6): the school's, fixed when issued.",
    )
    date_offence_from = fields.Date(
        string="Offence From",
        compute="_compute_offence_period",
        store=True,
        help="First session of the offence (the notice's sessions).",
    )
    date_offence_to = fields.Date(
        string="Offence To",
        compute="_compute_offence_period",
        store=True,
        help="Last session of the offence (the notice's sessions).",
    )
    notice_text = fields.Text(
        string="Copy of the Notice",
        readonly=True,
        copy=False,
        help="What the notice said when it was issued, item by item (regulation 3): "
        "the copy kept under regulation 20.",
    )
    pay_to_text = fields.Text(
        string="How to Pay",
        readonly=True,
        copy=False,
        help="The local authority to pay and how, as printed on the notice "
        "(shown to the parent on the portal).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("prosecution_id", "state")
    def _compute_is_prosecuted(self):
        for notice in self:
            notice.is_prosecuted = bool(notice.prosecution_id) or notice.state == "prosecution"

    @api.depends("mark_ids", "date_offence")
    def _compute_offence_period(self):
        # sudo: the period is printed for whoever reads the notice (finance, the parent).
        for notice in self:
            dates = sorted(notice.sudo().mark_ids.mapped("date"))
            if not dates and notice.date_offence:
                # s103: the one day the pupil was in a public place while suspended.
                dates = [notice.date_offence]
            notice.date_offence_from = dates[0] if dates else False
            notice.date_offence_to = dates[-1] if dates else False

    @api.depends(
        "invoice_ids.state",
        "invoice_ids.amount_total",
        "invoice_ids.residual",
        "invoice_ids.payment_move_line_ids",
    )
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
            notice.payment_record = "\n".join(
                "%s: %.2f" % (payment["date"], payment["amount"])
                for invoice in invoices
                for payment in invoice._get_payments_vals()
            )
            if not invoices:
                notice.payment_state = "not_invoiced"
            elif not outstanding:
                notice.payment_state = "paid"
            elif outstanding < due:
                notice.payment_state = "partial"
            else:
                notice.payment_state = "not_paid"

    @api.constrains("pupil_id", "date_issued")
    def _check_compulsory_school_age(self):
        for notice in self:
            notice.pupil_id._check_compulsory_school_age(
                notice.date_issued or fields.Date.context_today(self), _("a penalty notice")
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        notice = super(SchoolPenaltyNotice, self).create(vals)
        notice._preview_ordinal()
        return notice

    def write(self, vals):
        res = super(SchoolPenaltyNotice, self).write(vals)
        if {"pupil_id", "partner_id", "date_issued"} & set(vals):
            self._preview_ordinal()
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_withdraw(self, reason=None, ground=None):
        """Withdraw issued notices with a reason (``reason`` or the wizard's).

        ``ground`` (optional): one of ``WITHDRAWAL_GROUNDS``, kept with the
        reason under regulation 20. A withdrawn notice does not count towards
        the 3-year period; its unpaid invoices are cancelled.
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
        self._check_user_group(OFFICER_GROUP)
        if not (reason or "").strip():
            raise UserError(_("Give the reason the penalty notice is withdrawn."))
        if ground and ground not in dict(WITHDRAWAL_GROUNDS):
            raise UserError(
                _("Unknown withdrawal ground %r: use one of %s.")
                % (ground, ", ".join(dict(WITHDRAWAL_GROUNDS)))
            )
        if self.filtered(lambda n: n.state not in ("draft", "issued", "unpaid")):
            raise UserError(_("Only a draft, issued or unpaid notice can be withdrawn."))
        for notice in self:
            # sudo: officers withdraw notices; the invoices belong to finance
            open_invoices = notice.sudo().invoice_ids.filtered(
                lambda i: i.state == "open" and i.residual == i.amount_total
            )
            open_invoices.action_invoice_cancel()
        self._server_write(
            {
                "state": "withdrawn",
                "withdrawal_reason": reason.strip(),
                "withdrawal_ground": ground or False,
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
        """Amount paid by payments dated on or before ``on_date``.

        Public and RPC-callable by whoever may read the notice (its officers,
        finance, the parent it was issued to).
        """
        self.ensure_one()
        # The payments are read with sudo below: only for a notice the user reads.
        self.check_access_rights("read")
        self.check_access_rule("read")
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
            notice._server_write({"state": "paid", "date_paid": fields.Date.to_string(date_paid)})
            activity_type = notice._prosecution_activity_type()
            notice.activity_ids.filtered(
                lambda a, kind=activity_type: a.activity_type_id == kind
            ).unlink()
        return True

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
    def _cron_check_payment_deadlines(self, on_date=None):
        """Daily job: apply the day-22 amount and close notices not paid by day 28.

        ``on_date`` ('YYYY-MM-DD', default today) is the day the check runs:
        tests give it; the job and nobody else runs it, always for today (a
        user with a later date would make notices unpaid before their time).
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
            notice._server_write({"state": "unpaid"})
            notice._schedule_prosecution_activity(today)
            if notice.case_id:
                notice.case_id.advance(
                    _("penalty notice %s to %s not paid within 28 days of receipt")
                    % (notice.name, notice.partner_id.name),
                    on_date=today,
                )
        return unpaid

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
        self._check_regulation3()
        self._check_s103()
        vals = {
            "date_issued": fields.Date.to_string(date_issued),
            "local_authority_id": self.company_id.penalty_local_authority_id.id,
            "issuer_particulars": self._issuer_particulars(),
        }
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
        self.write({"notice_text": self._regulation3_text(), "pay_to_text": self._pay_to_text()})
        # sudo: the invoice fields are finance's (groups=); linking the invoice
        # just posted is part of issuing, which the officer may do.
        self.sudo().invoice_id = self._create_invoice(
            penalty.REDUCED_AMOUNT if number == 1 else penalty.FULL_AMOUNT,
            received,
            to_date(self.date_reduced_until or self.date_full_until),
            _("Penalty notice %s (%s notice) for %s")
            % (self.name, dict(ORDINALS)[self.ordinal].lower(), self.pupil_id.name),
        )
        self._server_write({"state": "issued"})
        self.message_post(
            body=_("Issued: %s notice, received %s, payable until %s.")
            % (
                dict(ORDINALS)[self.ordinal].lower(),
                format_date(self.date_received),
                format_date(self.date_full_until),
            )
        )

    # ------------------------------------------------------------------
    # What the notice says (regulation 3)
    # ------------------------------------------------------------------
    def _issuer_particulars(self):
        return (self.issuer_particulars or self.company_id.penalty_issuer_particulars or "").strip()

    def regulation3_contents(self):
        """``[(label, text)]``: what the notice says, item by item (regulation 3).

        Public and RPC-callable. ``text`` is empty where the notice cannot say it
        yet (e.g. the school has named no local authority): the notice cannot be
        issued until it can (:meth:`_check_regulation3`).
        """
        self.ensure_one()
        company = self.company_id
        # sudo: the issuer and the local authority are printed on the notice for
        # whoever reads it, though the officer may not read that user or contact.
        authority = (self.local_authority_id or company.penalty_local_authority_id).sudo()
        issuer = self.sudo().user_id
        child_address = _address(self._child_address_partner())
        parent_address = _address(self.partner_id)
        issued = to_date(self.date_issued or fields.Date.context_today(self))
        offence = self.date_offence_from and _("%s to %s (%s)") % (
            _day(self.date_offence_from),
            _day(self.date_offence_to),
            dict(self._fields["offence"].selection)[self.offence],
        )
        return [
            (
                _("Recipient"),
                parent_address and "%s, %s" % (self.partner_id.name, parent_address),
            ),
            (
                _("Child"),
                child_address
                and _("%s, %s; pupil at %s") % (self.pupil_id.name, child_address, company.name),
            ),
            (
                _("Issued by"),
                self._issuer_particulars() and "%s, %s" % (issuer.name, self._issuer_particulars()),
            ),
            (_("Period of the offence"), offence),
            (_("Date of issue"), _day(issued)),
            (_("Amount and periods for paying"), self._amounts_text()),
            (
                _("Local authority to pay and write to"),
                authority
                and _address(authority)
                and "%s, %s" % (authority.name, _address(authority)),
            ),
            (_("Methods of payment"), (company.penalty_payment_methods or "").strip()),
            (
                _("Payment discharges liability"),
                (company.penalty_discharge_statement or "").strip(),
            ),
            (
                _("If you do not pay"),
                (company.penalty_consequences_statement or "").strip(),
            ),
            (
                _("Grounds for withdrawal"),
                (company.penalty_withdrawal_grounds or "").strip(),
            ),
        ]

    def _check_regulation3(self):
        """Refuse to issue a notice that cannot say everything regulation 3 requires."""
        missing = [label for label, text in self.regulation3_contents() if not text]
        if missing:
            raise UserError(
                _(
                    "Penalty notice %(notice)s to %(parent)s cannot be issued: it must say "
                    "(regulation 3) %(missing)s. Fill in the parent's and the child's "
                    "addresses, the issuer's official particulars, and the school's local "
                    "authority (with its address), payment methods and statements in "
                    "Settings > Companies > Penalty Notices."
                )
                % {
                    "notice": self.name,
                    "parent": self.partner_id.name,
                    "missing": ", ".join(missing),
                }
            )

    def _regulation3_text(self):
        return "\n".join("%s: %s" % (label, text) for label, text in self.regulation3_contents())

    def _pay_to_text(self):
        # sudo: as in regulation3_contents, the authority is printed for the reader.
        authority = (self.local_authority_id or self.company_id.penalty_local_authority_id).sudo()
        return _("Pay %s (not the school): %s\n%s") % (
            authority.name,
            _address(authority),
            (self.company_id.penalty_payment_methods or "").strip(),
        )

    def _amounts_text(self):
        number = self.get_ordinal_number()
        if number == penalty.REFUSED_ORDINAL:
            return ""
        if self.date_received or self.date_issued:
            received = to_date(self.date_received) if self.date_received else None
            received = received or self._default_date_received()
            limits = penalty.deadlines(received, number)
        else:
            limits = None
        if number == 1:
            text = _(
                "£%(reduced)d if paid within 21 days of receiving this notice, £%(full)d "
                "if paid within 28 days"
            ) % {"reduced": penalty.REDUCED_AMOUNT, "full": penalty.FULL_AMOUNT}
            if limits:
                text += _(" (£%(reduced)d by %(r)s, £%(full)d by %(f)s)") % {
                    "reduced": penalty.REDUCED_AMOUNT,
                    "full": penalty.FULL_AMOUNT,
                    "r": _day(limits["reduced_until"]),
                    "f": _day(limits["full_until"]),
                }
            return text + "."
        text = _("£%d if paid within 28 days of receiving this notice") % penalty.FULL_AMOUNT
        if limits:
            text += _(" (by %s)") % _day(limits["full_until"])
        return text + "."

    def _child_address_partner(self):
        """The contact the child lives with whose address is known (the child's address)."""
        contacts = self.pupil_id.contact_ids.filtered("lives_with_pupil")
        with_address = contacts.mapped("partner_id").filtered(_address)
        return with_address[:1]

    def _issue_checklist(self):
        items = super(SchoolPenaltyNotice, self)._issue_checklist()
        items.insert(0, self._check_item_notice_to_improve())
        return items

    def _check_item_notice_to_improve(self):
        item = {"key": "notice_to_improve", "label": _("Notice to improve served")}
        nti = self.notice_to_improve_id
        if self.offence != "unauthorised_absence":
            item.update(
                ok=True,
                detail=_("Not needed for this offence (%s).")
                % dict(self._fields["offence"].selection)[self.offence],
            )
        elif self.is_nti_exempt and (self.nti_exemption_reason or "").strip():
            item.update(ok=True, detail=_("Not needed: %s") % self.nti_exemption_reason.strip())
        elif nti and nti.state in ("issued", "not_improved") and nti.partner_id == self.partner_id:
            item.update(
                ok=True,
                detail=_("Served on %(date)s (%(name)s).")
                % {"date": format_date(nti.date_issued), "name": nti.display_name},
            )
        else:
            item.update(
                ok=False,
                detail=_(
                    "No notice to improve issued to %s: serve one first (or record why none "
                    "is needed)."
                )
                % self.partner_id.name,
                fix_model=nti._name if nti else self._name,
                fix_res_id=nti.id if nti else self.id,
            )
        return item

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

    def _check_s103(self):
        """s103 EIA 2006: only for a day among the first five school days of a
        confirmed suspension or exclusion of this pupil."""
        if self.offence != "excluded_in_public_place":
            return
        suspension = self.suspension_id
        if (
            not suspension
            or suspension.pupil_id != self.pupil_id
            or suspension.state != "confirmed"
        ):
            raise UserError(
                _("An s103 penalty notice needs the confirmed suspension of %s it is about.")
                % self.pupil_id.name
            )
        days = suspension.split_days()[0]
        if not self.date_offence or to_date(self.date_offence) not in days:
            raise UserError(
                _(
                    "An s103 penalty notice is only for the first five school days of the "
                    "suspension (%s); the day of the offence (%s) is not one of them."
                )
                % (suspension.s103_days, self.date_offence or _("not given"))
            )

    def _check_threshold(self, date_issued):
        """The notice's own sessions must support it (absence offences).

        After a notice to improve, every session must fall inside its
        improvement period (the sessions that supported the notice to improve
        never support this one); without one, they must meet the threshold.
        No ``N`` younger than the school's limit for replacing it may be among them.
        """
        if self.offence not in THRESHOLD_OFFENCES:
            return
        marks = self.mark_ids
        if not marks:
            raise UserError(_("Choose the sessions of unauthorised absence the notice is for."))
        self._check_recent_n(marks, date_issued)
        nti = self.notice_to_improve_id if self.offence == "unauthorised_absence" else None
        if nti:
            start, end = nti._improvement_period()
            outside = marks.filtered(lambda m: not start <= to_date(m.date) <= end)
            if outside:
                raise UserError(
                    _(
                        "After the notice to improve %(nti)s, a penalty notice rests only on "
                        "absence inside its improvement period (%(start)s to %(end)s). "
                        "Remove these sessions: %(sessions)s."
                    )
                    % {
                        "nti": nti.display_name,
                        "start": start,
                        "end": end,
                        "sessions": ", ".join(outside.mapped("session_id.name")),
                    }
                )
            return
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

    def _check_recent_n(self, marks, on_date):
        """Refuse N marks younger than the school's limit for replacing them."""
        n_marks = marks.filtered(lambda m: m.code_id.code == "N")
        if not n_marks:
            return
        days = self.company_id.penalty_n_settle_school_days
        first = min(to_date(d) for d in n_marks.mapped("date"))
        sessions = self.env["school.session"].get_sessions(first, on_date, company=self.company_id)
        school_days = {to_date(d) for d in sessions.mapped("date")}
        recent = n_marks.filtered(
            lambda m: not penalty.n_is_settled(to_date(m.date), on_date, school_days, days)
        )
        if recent:
            raise UserError(
                _(
                    "These N marks are less than %(days)d school days old and may still be "
                    "replaced once the reason is known: %(sessions)s. Wait, or remove them "
                    "from the notice."
                )
                % {"days": days, "sessions": ", ".join(recent.mapped("session_id.name"))}
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
        supplement = self._create_invoice(
            penalty.FULL_AMOUNT - penalty.REDUCED_AMOUNT,
            reduced + datetime.timedelta(days=1),
            to_date(self.date_full_until),
            _("Penalty notice %s: not paid within 21 days, £160 due by %s")
            % (self.name, format_date(self.date_full_until)),
        )
        # sudo: the invoice fields are finance's (groups=); the supplement follows
        # from the dates, whoever's action (payment, daily job) found it due.
        self.sudo()._server_write({"supplement_invoice_id": supplement.id})
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
                    # Collected for the local authority (regulation 6): the
                    # invoice says so and its line credits the liability owed to it.
                    "comment": _("Penalty payable to %s (collected for the local authority).")
                    % self.local_authority_id.name,
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
                                "account_id": accounting["la_account"].id,
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


def _address(partner):
    """'street, town, postcode' of ``partner``; '' unless street and postcode or town are known."""
    if not partner or not partner.street or not (partner.zip or partner.city):
        return ""
    parts = [partner.street, partner.street2, partner.city, partner.zip]
    return ", ".join(part for part in parts if part)


def _day(value):
    return escalation.format_date(to_date(value)) if value else ""
