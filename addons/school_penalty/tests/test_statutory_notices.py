"""The notices as one family: sessions never reused, recent N, who is a parent,
what a penalty notice says (regulation 3) and paying the local authority (regulations 6, 20)."""

from odoo.exceptions import UserError, ValidationError

from .common import PenaltyCase

MARCH_WEEK = ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13"]


class TestSessionsNotReused(PenaltyCase):
    def test_penalty_notice_never_rests_on_the_notice_to_improve_sessions(self):
        # Amira: 4 G (3-4 Feb) + 6 U (24-26 Feb). The scan on Fri 28 Feb drafts a
        # notice to improve to each parent, resting on those 10 sessions.
        self.env["school.pupil"]._cron_scan_penalty_thresholds("2025-02-28")
        nti = self.Nti.search([("pupil_id", "=", self.amira.id), ("partner_id", "=", self.sara.id)])
        self.assertEqual(nti.mark_ids, self.amira_g | self.amira_u)
        nti.write({"support_provided": "Meetings.", "support_offered": "Early help."})
        nti.write({"expected_improvement": "No unauthorised absence.", "weeks": 3})
        nti.action_issue()
        # The same day, a penalty notice cannot be proposed on the same sessions...
        with self.assertRaisesRegex(UserError, "inside the improvement period"):
            self.amira.propose_penalty_notices("2025-02-28", partner_ids=self.sara.ids)
        # ...nor put on them by hand (the savepoint drops the refused row).
        with self.assertRaisesRegex(ValidationError, "already support"), self.cr.savepoint():
            self._notice(self.amira, self.sara, self.amira_u, date="2025-02-28")
        # Issued Fri 28 Feb for 3 school weeks: the period is 1 to 21 March. Two U
        # on Tue 11 March fall inside it: only those support the penalty notice.
        in_period = self._marks(self.amira, ["2025-03-11"], "U")
        self.assertFalse(self.Nti._cron_check_improvement_periods("2025-03-21"))
        proposed = self.Nti._cron_check_improvement_periods("2025-03-24")
        self.assertEqual(nti.state, "not_improved")
        self.assertEqual(proposed.partner_id, self.sara)
        self.assertEqual(proposed.mark_ids, in_period)
        self.assertIn("Counted (2)", proposed.evidence_note)
        self.assertIn("already supports", proposed.evidence_note)
        # The other parent's notice to improve is still a draft: untouched.
        self.assertEqual(
            self.Nti.search([("partner_id", "=", self.omar.id)]).mark_ids, nti.mark_ids
        )

    def test_recent_n_is_shown_but_not_counted(self):
        jo_mum = self.env["res.partner"].create({"name": "Jo's mother"})
        jo = self._create_pupil("Jo", "Ray", [(jo_mum, True)])
        # 8 U on 10-13 March, U on Fri 14 March AM and N on Fri 14 March PM: 10 sessions.
        self._marks(jo, MARCH_WEEK, "U")
        self._marks(jo, ["2025-03-14"], "U", periods=("am",))
        n_mark = self._marks(jo, ["2025-03-14"], "N", periods=("pm",))
        status = jo.get_penalty_threshold_status("2025-03-14")
        self.assertEqual(status["sessions"], 10, "the pupil's figures show the N")
        Pupil = self.env["school.pupil"]
        # School days after 14 March: 17, 18, 19, 20 (4 by Thursday), 21 (5th).
        for day in ("2025-03-14", "2025-03-20"):
            Pupil._cron_scan_penalty_thresholds(day)
            self.assertFalse(self.Nti.search([("pupil_id", "=", jo.id)]), day)
        Pupil._cron_scan_penalty_thresholds("2025-03-21")
        nti = self.Nti.search([("pupil_id", "=", jo.id)])
        self.assertEqual(nti.session_count, 10)
        self.assertIn(n_mark, nti.mark_ids)
        # The school's limit is a setting: with 10 school days the N is still too recent.
        self.company.penalty_n_settle_school_days = 10
        nti.unlink()
        Pupil._cron_scan_penalty_thresholds("2025-03-21")
        self.assertFalse(self.Nti.search([("pupil_id", "=", jo.id)]))

    def test_recent_n_refused_on_issue(self):
        jo = self._create_pupil("Jo", "Ray", [(self.sara, True)])
        marks = self._marks(jo, MARCH_WEEK, "G") | self._marks(jo, ["2025-03-14"], "N")
        notice = self._notice(jo, self.sara, marks, date="2025-03-17", offence="term_time_holiday")
        with self.assertRaisesRegex(UserError, "less than 5 school days old"):
            notice.action_issue()
        self.assertEqual(notice.state, "draft")


class TestWhoIsAParent(PenaltyCase):
    def test_a_carer_who_lives_with_and_looks_after_the_child_is_a_parent(self):
        nana = self.amira.contact_ids.filtered(lambda c: c.partner_id == self.nana)
        self.assertFalse(nana.is_parent_in_law)
        self.assertIn("no parental responsibility", nana.parent_in_law_reason)
        nana.lives_with_pupil = True
        self.assertFalse(nana.is_parent_in_law)
        self.assertIn("not recorded as looking after", nana.parent_in_law_reason)
        with self.assertRaisesRegex(ValidationError, "lives with and"):
            self._nti(self.amira, self.nana)
        nana.looks_after_pupil = True
        self.assertTrue(nana.is_parent_in_law)
        self.assertIn("has care of the pupil", nana.parent_in_law_reason)
        self.assertEqual(self._nti(self.amira, self.nana).state, "issued")
        sara = self.amira.contact_ids.filtered(lambda c: c.partner_id == self.sara)
        self.assertIn("parental responsibility", sara.parent_in_law_reason)


class TestRegulation3And20(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestRegulation3And20, cls).setUpClass()
        cls.dan = cls.env["res.partner"].create({"name": "Dan Ray"})
        cls.jo = cls._create_pupil("Jo", "Ray", [(cls.dan, True)])
        cls.holiday = cls._marks(cls.jo, MARCH_WEEK + ["2025-03-14"], "G")

    def _holiday_notice(self):
        return self._notice(
            self.jo, self.dan, self.holiday, date="2025-03-17", offence="term_time_holiday"
        )

    def test_cannot_issue_while_anything_is_missing(self):
        self.company.write({"penalty_local_authority_id": False, "penalty_payment_methods": ""})
        self.dan.street = False
        notice = self._holiday_notice()
        with self.assertRaises(UserError) as error:
            notice.action_issue()
        message = error.exception.name
        for missing in ("Recipient", "Local authority to pay", "Methods of payment"):
            self.assertIn(missing, message)
        self.assertNotIn("Period of the offence", message)
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.invoice_ids)

    def test_notice_names_the_local_authority_and_is_kept(self):
        notice = self._holiday_notice()
        notice.action_issue()
        contents = dict(notice.regulation3_contents())
        self.assertEqual(
            contents["Local authority to pay and write to"],
            "Leeds City Council, Civic Hall, Leeds, LS1 1UR",
        )
        self.assertEqual(
            contents["Period of the offence"].split(" (")[0], "10 Mar 2025 to 14 Mar 2025"
        )
        self.assertIn(
            "£80 by 6 Apr 2025, £160 by 13 Apr 2025", contents["Amount and periods for paying"]
        )
        self.assertIn("Headteacher, the school", contents["Issued by"])
        self.assertEqual(notice.local_authority_id, self.local_authority)
        self.assertIn("Leeds City Council", notice.notice_text)
        self.assertIn("Pay Leeds City Council (not the school)", notice.pay_to_text)
        # Money collected for the local authority, never school income.
        line = notice.invoice_id.sudo().invoice_line_ids
        self.assertEqual(line.account_id.code, "PN210")
        self.assertEqual(
            line.account_id.user_type_id,
            self.env.ref("account.data_account_type_current_liabilities"),
        )
        self.assertIn("Leeds City Council", notice.invoice_id.sudo().comment)
        # Regulation 20: every payment and its date; the ground of a withdrawal.
        notice.register_payment(30.0, "2025-03-20")
        self.assertEqual(notice.payment_record, "2025-03-20: 30.00")
        self.assertFalse(notice.is_prosecuted)
        notice.action_withdraw("Leave had been granted: wrong code.", "ought_not_issued")
        self.assertEqual(notice.withdrawal_ground, "ought_not_issued")
        self.assertIn("Leeds City Council", notice.notice_text, "the copy never changes")
