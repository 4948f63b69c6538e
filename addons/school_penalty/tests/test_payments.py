from odoo.exceptions import AccessError, UserError

from .common import PenaltyCase


class TestPayments(PenaltyCase):
    """Received on 3 March 2025 (RULES.md): 80 to 23 March, 160 to 30 March, then unpaid."""

    @classmethod
    def setUpClass(cls):
        super(TestPayments, cls).setUpClass()
        cls.nti = cls._nti(cls.amira, cls.sara)

    def setUp(self):
        super(TestPayments, self).setUp()
        notice = self._notice(
            self.amira,
            self.sara,
            self.amira_u,
            notice_to_improve_id=self.nti.id,
        )
        notice.action_issue()
        self.assertEqual(notice.date_received, "2025-03-03")
        # Payments are registered by trust finance.
        self.notice = notice.sudo(self.finance)

    def test_amount_due_on_days_21_22_28_29(self):
        notice = self.notice
        self.assertEqual(notice.amount_due_on("2025-03-03"), 80.0)  # day 1
        self.assertEqual(notice.amount_due_on("2025-03-23"), 80.0)  # day 21
        self.assertEqual(notice.amount_due_on("2025-03-24"), 160.0)  # day 22
        self.assertEqual(notice.amount_due_on("2025-03-30"), 160.0)  # day 28
        self.assertEqual(notice.amount_due_on("2025-03-31"), 0.0)  # day 29
        with self.assertRaises(UserError):
            notice.amount_due_on("2025-03-02")
        self.assertEqual(
            notice.get_deadlines(),
            {"reduced_until": "2025-03-23", "full_until": "2025-03-30"},
        )

    def test_paid_80_on_day_21(self):
        payments = self.notice.register_payment(80.0, "2025-03-23")
        self.assertEqual(payments.mapped("state"), ["posted"])
        self.assertEqual(self.notice.state, "paid")
        self.assertEqual(self.notice.date_paid, "2025-03-23")
        self.assertEqual(self.notice.invoice_id.state, "paid")
        self.assertEqual(self.notice.amount_paid, 80.0)
        self.assertEqual(self.notice.amount_outstanding, 0.0)
        self.assertEqual(self.notice.payment_state, "paid")
        self.assertFalse(self.notice.supplement_invoice_id)
        # Nothing happens when the deadlines pass.
        self.Notice._cron_check_payment_deadlines("2025-04-01")
        self.assertEqual(self.notice.state, "paid")

    def test_paid_160_on_day_22(self):
        with self.assertRaisesRegex(UserError, "more than is due"):
            self.notice.register_payment(80.01, "2025-03-23")
        self.notice.register_payment(160.0, "2025-03-24")
        self.assertEqual(self.notice.state, "paid")
        self.assertEqual(self.notice.supplement_invoice_id.amount_total, 80.0)
        self.assertEqual(self.notice.supplement_invoice_id.state, "paid")
        self.assertEqual(self.notice.amount_due, 160.0)
        self.assertEqual(self.notice.amount_paid, 160.0)

    def test_80_on_day_22_is_not_enough(self):
        self.notice.register_payment(80.0, "2025-03-24")
        self.assertEqual(self.notice.state, "issued")
        self.assertEqual(self.notice.payment_state, "partial")
        self.assertEqual(self.notice.amount_outstanding, 80.0)
        with self.assertRaisesRegex(UserError, "more than is due"):
            self.notice.register_payment(100.0, "2025-03-28")
        self.notice.register_payment(80.0, "2025-03-30")  # day 28
        self.assertEqual(self.notice.state, "paid")
        self.assertEqual(self.notice.date_paid, "2025-03-30")

    def test_cron_on_day_22_raises_the_amount_to_160(self):
        self.Notice._cron_check_payment_deadlines("2025-03-23")
        self.assertFalse(self.notice.supplement_invoice_id)
        self.Notice._cron_check_payment_deadlines("2025-03-24")
        supplement = self.notice.supplement_invoice_id
        self.assertEqual(supplement.amount_total, 80.0)
        self.assertEqual(supplement.date_due, "2025-03-30")
        self.assertEqual(self.notice.amount_due, 160.0)
        self.assertEqual(self.notice.amount_outstanding, 160.0)
        self.assertEqual(self.notice.state, "issued")
        # Running again changes nothing.
        self.Notice._cron_check_payment_deadlines("2025-03-25")
        self.assertEqual(len(self.notice.invoice_ids), 2)
        self.notice.register_payment(160.0, "2025-03-30")
        self.assertEqual(self.notice.state, "paid")

    def test_payment_dated_day_21_recorded_late_cancels_the_supplement(self):
        self.Notice._cron_check_payment_deadlines("2025-03-25")
        self.assertTrue(self.notice.supplement_invoice_id)
        self.notice.register_payment(80.0, "2025-03-21")
        self.assertEqual(self.notice.state, "paid")
        self.assertEqual(self.notice.supplement_invoice_id.state, "cancel")
        self.assertEqual(self.notice.amount_due, 80.0)
        self.assertEqual(self.notice.amount_outstanding, 0.0)

    def test_day_29_unpaid_and_prosecution_considered(self):
        with self.assertRaisesRegex(UserError, "cannot be paid"):
            self.notice.register_payment(160.0, "2025-03-31")
        unpaid = self.Notice._cron_check_payment_deadlines("2025-03-30")
        self.assertFalse(unpaid)
        unpaid = self.Notice._cron_check_payment_deadlines("2025-03-31")
        self.assertEqual(unpaid, self.notice)
        self.assertEqual(self.notice.state, "unpaid")
        activity = self.notice.activity_ids
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("school_penalty.mail_activity_consider_prosecution"),
        )
        self.assertEqual(activity.user_id, self.env.user)
        with self.assertRaisesRegex(UserError, "issued notice"):
            self.notice.register_payment(80.0, "2025-03-20")

    def test_payment_before_receipt_or_not_positive_refused(self):
        with self.assertRaises(UserError):
            self.notice.register_payment(80.0, "2025-03-02")
        with self.assertRaises(UserError):
            self.notice.register_payment(0.0, "2025-03-10")

    def test_payment_wizard(self):
        wizard = (
            self.env["school.penalty.payment.wizard"]
            .sudo(self.finance)
            .create({"notice_id": self.notice.id, "payment_date": "2025-03-10", "amount": 0.0})
        )
        self.assertEqual(wizard.amount_outstanding, 80.0)
        wizard._onchange_amount()
        wizard.action_register()
        self.assertEqual(self.notice.state, "paid")

    def test_officer_cannot_register_payments(self):
        with self.assertRaises(AccessError):
            self.notice.sudo(self.officer).register_payment(80.0, "2025-03-10")
