"""Issued notices and referrals keep what they said; their status moves by their buttons."""

from odoo.exceptions import AccessError, UserError

from .common import PenaltyCase


class TestFrozenDocuments(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestFrozenDocuments, cls).setUpClass()
        cls.Notice = cls.env["school.penalty.notice"]
        cls.nti = cls._nti(cls.amira, cls.sara)
        cls.notice = cls.Notice.create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sara.id,
                "date_issued": "2025-03-03",
                # The 6 U of 24-26 Feb, inside the improvement period (8 Feb to 7 Mar).
                "mark_ids": [(6, 0, cls.amira_u.ids)],
                "notice_to_improve_id": cls.nti.id,
            }
        )
        cls.notice.sudo(cls.officer).action_issue()

    def test_issued_notice_to_improve_cannot_be_edited_reset_or_deleted(self):
        nti = self.nti.sudo(self.officer)
        for vals in (
            {"state": "draft"},
            {"state": "improved"},
            {"offence_details": "Nothing happened."},
            {"weeks": 6},
        ):
            with self.assertRaises(UserError):
                nti.write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            nti.unlink()
        self.assertEqual(self.nti.state, "issued")
        self.assertEqual(self.nti.offence_details, "Unauthorised absence since January.")
        # Who follows it up may change; the assessment is its button.
        nti.write({"user_id": self.officer.id})
        nti.action_mark_improved()
        self.assertEqual(self.nti.state, "improved")

    def test_finance_cannot_set_a_notice_paid_or_back_to_draft(self):
        notice = self.notice.sudo(self.finance)
        for state in ("paid", "draft", "withdrawn"):
            with self.assertRaises(UserError):
                notice.write({"state": state})
        with self.assertRaises(UserError):
            notice.write({"date_paid": "2025-03-10"})
        with self.assertRaises(AccessError):
            notice.action_withdraw("Paid in cash")
        self.assertEqual(self.notice.state, "issued")
        self.assertFalse(self.notice.date_paid)

    def test_officer_cannot_rewrite_an_issued_notice_through_draft(self):
        notice = self.notice.sudo(self.officer)
        with self.assertRaises(UserError):
            notice.write({"state": "draft"})
        for vals in ({"date_issued": "2025-01-06"}, {"offence": "term_time_holiday"}):
            with self.assertRaises(UserError):
                notice.write(vals)
        with self.assertRaises(UserError):
            notice.write({"state": "draft", "date_issued": "2025-01-06"})
        self.assertEqual(self.notice.state, "issued")
        self.assertEqual(self.notice.date_issued, "2025-03-03")
        self.assertEqual(self.notice.offence, "unauthorised_absence")
        self.assertEqual(self.notice.invoice_id.state, "open")

    def test_deadline_jobs_take_no_date_from_users(self):
        for model, name in (
            ("school.penalty.notice", "check_payment_deadlines"),
            ("school.notice.to.improve", "check_improvement_periods"),
            ("school.pupil", "scan_penalty_thresholds"),
        ):
            self.assertFalse(hasattr(self.env[model], name), "%s.%s is public" % (model, name))
        # The job itself, run as the scheduler on a day before the deadline, changes nothing.
        self.Notice._cron_check_payment_deadlines("2025-03-10")
        self.assertEqual(self.notice.state, "issued")

    def test_referral_keeps_what_was_sent_and_closes_by_its_button(self):
        self.notice._server_write({"state": "unpaid"})
        prosecution = (
            self.env["school.prosecution"]
            .sudo(self.officer)
            .create_from_notices(self.notice.sudo(self.officer))
        )
        with self.assertRaises(UserError):
            prosecution.write({"state": "referred"})
        prosecution.action_refer()
        for vals in (
            {"state": "draft"},
            {"state": "closed"},
            {"date_referred": "2020-01-01"},
            {"partner_ids": [(5,)]},
        ):
            with self.assertRaises(UserError):
                prosecution.write(vals)
        with self.assertRaises(UserError):
            prosecution.unlink()
        prosecution.write({"la_reference": "LA/2025/17", "outcome": "convicted"})
        prosecution.action_close()
        self.assertEqual(prosecution.state, "closed")
        with self.assertRaises(UserError):
            prosecution.write({"outcome": "acquitted"})
        self.assertEqual(prosecution.outcome, "convicted")
