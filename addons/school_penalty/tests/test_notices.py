import json

from lxml import etree
from odoo.exceptions import UserError, ValidationError

from .common import PenaltyCase


class TestNoticeToImprove(PenaltyCase):
    def test_period_is_three_to_six_school_weeks(self):
        for weeks in (2, 7):
            with self.assertRaises(ValidationError):
                self._nti(self.amira, self.sara, weeks=weeks, issue=False)
        for weeks in (3, 6):
            self.assertEqual(self._nti(self.amira, self.sara, weeks=weeks).state, "issued")

    def test_period_end_skips_the_half_term(self):
        # Issued Friday 7 Feb 2025: weeks of 10 Feb, 24 Feb (17 Feb is half-term), 3 Mar.
        nti = self._nti(self.amira, self.sara, date="2025-02-07", weeks=3)
        self.assertEqual(nti.date_end, "2025-03-07")

    def test_only_to_a_parent_with_parental_responsibility(self):
        with self.assertRaisesRegex(ValidationError, "parental responsibility"):
            self._nti(self.amira, self.nana)

    def test_content_required_to_issue(self):
        nti = self._nti(self.amira, self.sara, issue=False)
        nti.support_provided = False
        with self.assertRaisesRegex(UserError, "Support Provided"):
            nti.action_issue()
        self.assertIn("unauthorised absence", nti.attendance_record)

    def test_form_marks_what_issuing_needs_as_required(self):
        """The officer sees the required fields before pressing Issue, not after."""
        Notice = self.env["school.notice.to.improve"]
        arch = etree.fromstring(Notice.fields_view_get(view_type="form")["arch"])
        for name in Notice._REQUIRED_TO_ISSUE:
            node = arch.xpath("//field[@name='%s']" % name)[0]
            self.assertEqual(
                json.loads(node.get("modifiers")).get("required"), [["state", "=", "draft"]], name
            )

    def test_title_reads_the_date_as_people_write_it(self):
        nti = self._nti(self.amira, self.sara, date="2025-02-07")
        self.assertTrue(nti.name.endswith("7 February 2025"), nti.name)

    def test_threshold_met_again_in_period_proposes_a_notice(self):
        # Sara's notice (7 Feb, 3 weeks) ends on 7 March; the U of 24-26 Feb
        # fall inside it and the threshold is met again on 7 March.
        sara = self._nti(self.amira, self.sara, date="2025-02-07", weeks=3)
        self.assertFalse(self.Nti._cron_check_improvement_periods("2025-03-07"))
        proposed = self.Nti._cron_check_improvement_periods("2025-03-08")
        self.assertEqual(sara.state, "not_improved")
        self.assertEqual(proposed.partner_id, self.sara)
        self.assertEqual(proposed.state, "draft")
        self.assertEqual(proposed.notice_to_improve_id, sara)
        # Only the 6 U inside the period (8 Feb - 7 Mar) count, not the 4 G before it.
        self.assertEqual(proposed.mark_ids, self.amira_u)
        self.assertEqual(proposed.session_count, 6)

    def test_no_absence_in_period_nothing_proposed(self):
        # Issued after the absence: nothing unauthorised inside the period.
        omar = self._nti(self.amira, self.omar, date="2025-02-28", weeks=3)
        self.assertFalse(self.Nti._cron_check_improvement_periods("2025-04-01"))
        self.assertEqual(omar.state, "issued")


class TestPenaltyNotices(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestPenaltyNotices, cls).setUpClass()
        cls.nti_sara = cls._nti(cls.amira, cls.sara)
        cls.nti_omar = cls._nti(cls.amira, cls.omar)
        # After the notices to improve (period 8 Feb - 7 Mar 2025) only the 6 U of
        # 24-26 Feb count; the 4 G of 3-4 Feb were the ground of the notices to improve.
        cls.marks = cls.amira_u
        cls.all_marks = cls.amira_g | cls.amira_u

    def test_two_parents_two_draft_notices(self):
        notices = self.amira.propose_penalty_notices("2025-02-28")
        self.assertEqual(len(notices), 2)
        self.assertEqual(notices.mapped("partner_id"), self.sara | self.omar)
        self.assertEqual(set(notices.mapped("state")), {"draft"})
        self.assertEqual(set(notices.mapped("ordinal")), {"first"})
        for notice in notices:
            self.assertEqual(notice.mark_ids, self.marks)
            self.assertEqual(notice.session_count, 6)
            self.assertIn("outside the improvement period", notice.evidence_note)
        self.assertEqual(notices.mapped("notice_to_improve_id"), self.nti_sara | self.nti_omar)
        # Proposing again does not duplicate the drafts.
        self.assertFalse(self.amira.propose_penalty_notices("2025-02-28"))
        # A person confirms each one: issuing both posts two invoices of 80.
        notices.write({"date_issued": "2025-03-03"})
        notices.action_issue()
        self.assertEqual(set(notices.mapped("state")), {"issued"})
        self.assertEqual(notices.mapped("invoice_id.amount_total"), [80.0, 80.0])
        self.assertEqual(notices.mapped("invoice_id.partner_id"), self.sara | self.omar)
        self.assertNotEqual(notices[0].name, notices[1].name)

    def test_wizard_shows_figures(self):
        action = self.amira.action_propose_penalty_notices()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        wizard.date = "2025-02-28"
        wizard._onchange_figures()
        self.assertEqual(wizard.sessions, 10)
        self.assertTrue(wizard.is_met)
        self.assertEqual(wizard.mark_ids, self.all_marks)
        self.assertEqual(wizard.partner_ids, self.sara | self.omar)
        result = wizard.action_propose()
        self.assertEqual(len(self.Notice.search(result["domain"])), 2)

    def test_first_notice_amount_and_deadlines(self):
        notice = self._notice(
            self.amira, self.sara, self.marks, notice_to_improve_id=self.nti_sara.id
        )
        notice.action_issue()
        self.assertEqual(notice.ordinal, "first")
        self.assertEqual(notice.date_received, "2025-03-03")
        self.assertEqual(notice.date_reduced_until, "2025-03-23")
        self.assertEqual(notice.date_full_until, "2025-03-30")
        self.assertEqual(notice.invoice_id.state, "open")
        self.assertEqual(notice.invoice_id.amount_total, 80.0)
        self.assertEqual(notice.invoice_id.date_due, "2025-03-23")
        self.assertEqual(notice.amount_due, 80.0)
        self.assertEqual(notice.amount_outstanding, 80.0)
        self.assertTrue(notice.name.startswith("PN/2025/"))

    def test_posted_notice_received_two_working_days_later(self):
        notice = self._notice(
            self.amira,
            self.sara,
            self.marks,
            date="2025-02-28",
            delivery="post",
            notice_to_improve_id=self.nti_sara.id,
        )
        notice.action_issue()
        # Friday 28 Feb + 2 working days = Tuesday 4 March.
        self.assertEqual(notice.date_received, "2025-03-04")
        self.assertEqual(notice.date_full_until, "2025-03-31")

    def test_second_notice_within_three_years_is_160(self):
        first = self._notice(
            self.amira, self.sara, self.marks, notice_to_improve_id=self.nti_sara.id
        )
        first.action_issue()
        may = self._marks(
            self.amira, ["2025-05-12", "2025-05-13", "2025-05-14", "2025-05-15", "2025-05-16"], "U"
        )
        second = self._notice(
            self.amira,
            self.sara,
            may,
            date="2025-05-19",
            is_nti_exempt=True,
            nti_exemption_reason="Had a notice to improve for the same offence in February.",
        )
        self.assertEqual(second.ordinal, "second")
        second.action_issue()
        self.assertEqual(second.ordinal, "second")
        self.assertFalse(second.date_reduced_until)
        self.assertEqual(second.invoice_id.amount_total, 160.0)
        self.assertEqual(second.amount_due_on("2025-05-19"), 160.0)
        self.assertEqual(second.amount_due_on("2025-06-15"), 160.0)
        self.assertEqual(second.amount_due_on("2025-06-16"), 0.0)
        # A third within the 3 years is refused: prosecution instead.
        third = self._notice(
            self.amira, self.sara, self.Mark, date="2025-06-02", offence="excluded_in_public_place"
        )
        self.assertFalse(third.ordinal)
        with self.assertRaisesRegex(UserError, "section 444"):
            third.action_issue()
        # Three years after the first notice a new period starts.
        self.assertEqual(third.get_ordinal_number("2028-03-03"), 1)
        # A withdrawn notice does not count: the third becomes a second.
        second.action_withdraw("Issued in error: the U marks were amended.")
        self.assertEqual(second.state, "withdrawn")
        self.assertEqual(second.invoice_id.state, "cancel")
        self.assertEqual(third.get_ordinal_number(), 2)

    def test_notice_to_improve_required_for_unauthorised_absence(self):
        notice = self._notice(self.amira, self.sara, self.all_marks)
        with self.assertRaisesRegex(UserError, "notice to improve"):
            notice.action_issue()
        # Another parent's notice to improve does not do.
        notice.notice_to_improve_id = self.nti_omar
        with self.assertRaisesRegex(UserError, "notice to improve"):
            notice.action_issue()
        # An exemption needs a reason.
        notice.write({"notice_to_improve_id": False, "is_nti_exempt": True})
        with self.assertRaisesRegex(UserError, "reason"):
            notice.action_issue()
        notice.nti_exemption_reason = "Had a notice to improve for the same offence last term."
        notice.action_issue()
        self.assertEqual(notice.state, "issued")

    def test_term_time_holiday_needs_no_notice_to_improve(self):
        jo = self._create_pupil("Jo", "Ray", [(self.sara, True)])
        holiday = self._marks(
            jo, ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13", "2025-03-14"], "G"
        )
        notice = self._notice(
            jo, self.sara, holiday, date="2025-03-17", offence="term_time_holiday"
        )
        notice.action_issue()
        self.assertEqual(notice.state, "issued")
        self.assertEqual(notice.invoice_id.amount_total, 80.0)

    def test_under_threshold_refused(self):
        notice = self._notice(
            self.amira,
            self.sara,
            self.all_marks[:-1],
            is_nti_exempt=True,
            nti_exemption_reason="Term-time holiday and lateness.",
        )
        with self.assertRaisesRegex(UserError, "under the threshold"):
            notice.action_issue()
        # By 21 Feb nothing unauthorised falls inside the notices to improve's period.
        with self.assertRaisesRegex(UserError, "inside the improvement period"):
            self.amira.propose_penalty_notices("2025-02-21")

    def test_parent_without_parental_responsibility_refused(self):
        with self.assertRaisesRegex(ValidationError, "parental responsibility"):
            self._notice(self.amira, self.nana, self.marks)

    def test_sessions_cannot_be_reused_for_the_same_parent(self):
        self._notice(
            self.amira, self.sara, self.marks, notice_to_improve_id=self.nti_sara.id
        ).action_issue()
        with self.assertRaisesRegex(ValidationError, "already support"):
            self._notice(self.amira, self.sara, self.amira_u, date="2025-03-10")
        # The other parent gets a notice for the same sessions.
        other = self._notice(
            self.amira, self.omar, self.marks, notice_to_improve_id=self.nti_omar.id
        )
        other.action_issue()
        self.assertEqual(other.state, "issued")

    def test_issued_notice_frozen_and_kept(self):
        notice = self._notice(
            self.amira, self.sara, self.marks, notice_to_improve_id=self.nti_sara.id
        )
        notice.action_issue()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            notice.write({"mark_ids": [(5, 0, 0)]})
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            notice.offence = "term_time_holiday"
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            notice.unlink()
        with self.assertRaisesRegex(UserError, "reason"):
            notice.action_withdraw("  ")
        notice.action_withdraw("Parent moved abroad before the absence.")
        self.assertEqual(notice.state, "withdrawn")
        self.assertEqual(notice.session_count, 6)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            notice.unlink()

    def test_draft_can_be_deleted(self):
        notice = self._notice(self.amira, self.sara, self.marks)
        notice.unlink()
        self.assertFalse(notice.exists())

    def test_unpaid_notice_referred_for_prosecution(self):
        notice = self._notice(
            self.amira, self.sara, self.marks, notice_to_improve_id=self.nti_sara.id
        )
        notice.action_issue()
        self.Notice._cron_check_payment_deadlines("2025-03-31")
        self.assertEqual(notice.state, "unpaid")
        notice.action_refer_prosecution()
        self.assertEqual(notice.state, "prosecution")
        prosecution = notice.prosecution_id
        self.assertEqual(prosecution.pupil_id, self.amira)
        self.assertEqual(prosecution.partner_ids, self.sara)
        prosecution.action_refer()
        self.assertEqual(prosecution.state, "referred")
