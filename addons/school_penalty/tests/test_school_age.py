"""Compulsory school age, the improvement period, receipt days and real school weeks.

Issue 16 points 1, 2, 4 and 6, with dates computed by hand on the shared calendar
(``common.TERMS``: half term 17-21 Feb 2025, Easter 7-21 Apr 2025).
"""

from odoo.exceptions import UserError, ValidationError

from .common import PenaltyCase

G_WEEK = ["2025-01-13", "2025-01-14", "2025-01-15", "2025-01-16", "2025-01-17"]
O_WEEK = ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07"]


class TestCompulsorySchoolAge(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestCompulsorySchoolAge, cls).setUpClass()
        cls.Pupil = cls.env["school.pupil"]
        cls.mum = cls.env["res.partner"].create({"name": "Rae Lowe"})
        # Born 1 Jan 2020: five on 1 Jan 2025, of compulsory school age from 31 Mar 2025.
        cls.tom = cls._create_pupil("Tom", "Lowe", [(cls.mum, True)], date_of_birth="2020-01-01")
        # Born 1 Sep 2008: sixteen on 1 Sep 2024, school leaving date Fri 27 Jun 2025.
        cls.lily = cls._create_pupil("Lily", "Lowe", [(cls.mum, True)], date_of_birth="2008-09-01")
        for pupil in (cls.tom, cls.lily):
            cls._marks(pupil, O_WEEK, "O")
        # Tom turns of compulsory school age on 31 Mar: his absence of 31 Mar-4 Apr counts.
        cls._marks(cls.tom, ["2025-03-31", "2025-04-01"], "O")

    def test_pupil_shows_compulsory_school_age(self):
        self.assertEqual(self.tom.date_compulsory_school_age, "2025-03-31")
        self.assertEqual(self.lily.date_school_leaving, "2025-06-27")
        self.assertFalse(self.tom.is_compulsory_school_age("2025-03-30"))
        self.assertTrue(self.tom.is_compulsory_school_age("2025-03-31"))
        self.assertTrue(self.lily.is_compulsory_school_age("2025-06-27"))
        self.assertFalse(self.lily.is_compulsory_school_age("2025-06-28"))
        self.assertEqual(self.amira.school_age_state, "compulsory")
        self.amira.date_of_birth = False
        self.assertEqual(self.amira.school_age_state, "unknown")
        self.assertIn("compulsory school age", self.tom._fields["school_age_state"].help)

    def test_only_sessions_of_compulsory_school_age_count(self):
        # Before 31 Mar the 10 O sessions of 3-7 Mar do not count for Tom; Lily's do.
        tom, lily = (self.tom | self.lily).get_penalty_threshold_statuses("2025-04-04")
        self.assertEqual((tom["sessions"], tom["met"]), (4, False))
        self.assertTrue(tom["is_compulsory_school_age"])
        self.assertEqual((lily["sessions"], lily["met"]), (10, True))

    def test_no_proposal_for_a_pupil_not_of_compulsory_school_age(self):
        # Lily meets the threshold on 7 March and is of compulsory school age: proposed.
        proposed = (self.tom | self.lily).propose_for_penalty_threshold("2025-03-07")
        ntis = self.Nti.browse(proposed["notice_to_improve_ids"])
        self.assertEqual(ntis.mapped("pupil_id"), self.lily)
        ntis.unlink()
        # On Mon 30 Jun 2025, after her school leaving date (Fri 27 Jun), the 10 school
        # weeks still reach back to the week of 3 Mar (the calendar ends on 23 May): the
        # threshold is met, but she is no longer of compulsory school age: nothing.
        status = self.lily.get_penalty_threshold_status("2025-06-30")
        self.assertEqual((status["met"], status["is_compulsory_school_age"]), (True, False))
        self.assertEqual(
            self.Pupil._cron_scan_penalty_thresholds("2025-06-30")["notice_to_improve_ids"], []
        )
        self.assertFalse(self.Nti.search([("pupil_id", "=", self.lily.id)]))

    def test_notices_refused_for_a_pupil_not_of_compulsory_school_age(self):
        marks = self._marks(self.tom, ["2025-03-10"], "O").ids
        with (
            self.assertRaisesRegex(
                ValidationError, "Tom Lowe is not of compulsory school age on 2025-03-10"
            ),
            self.env.cr.savepoint(),
        ):
            self._nti(self.tom, self.mum, date="2025-03-10", issue=False)
        with (
            self.assertRaisesRegex(ValidationError, "a penalty notice concerns pupils"),
            self.env.cr.savepoint(),
        ):
            self.Notice.create(
                {
                    "pupil_id": self.tom.id,
                    "partner_id": self.mum.id,
                    "date_issued": "2025-03-10",
                    "mark_ids": [(6, 0, marks)],
                }
            )
        with (
            self.assertRaisesRegex(ValidationError, "a referral for prosecution"),
            self.env.cr.savepoint(),
        ):
            self.env["school.prosecution"].create(
                {"pupil_id": self.lily.id, "partner_ids": [(6, 0, self.mum.ids)]}
            )
        with self.assertRaisesRegex(ValidationError, "not of compulsory school age on 2025-03-10"):
            self.tom.propose_penalty_notices("2025-03-10")
        pupils = (self.tom | self.lily).ids
        self.assertFalse(self.Nti.search([("pupil_id", "in", pupils)]))
        self.assertFalse(self.Notice.search([("pupil_id", "in", pupils)]))
        self.assertFalse(self.env["school.prosecution"].search([("pupil_id", "in", pupils)]))
        # A draft moved to a day before compulsory school age is refused too.
        nti = self._nti(self.tom, self.mum, date="2025-04-01", issue=False)
        with self.assertRaisesRegex(ValidationError, "not of compulsory school age"):
            nti.date_issued = "2025-03-28"


class TestImprovementPeriod(PenaltyCase):
    def test_three_weeks_give_fifteen_school_days(self):
        # Issued Wed 15 Jan 2025: Thu 16 Jan .. Wed 5 Feb (it used to end Fri 31 Jan).
        nti = self._nti(self.amira, self.sara, date="2025-01-15", weeks=3)
        self.assertEqual(nti.date_end, "2025-02-05")

    def test_half_term_is_skipped(self):
        # Issued Wed 12 Feb 2025, half term 17-21 Feb: Thu 13 .. Wed 12 Mar.
        nti = self._nti(self.amira, self.sara, date="2025-02-12", weeks=3)
        self.assertEqual(nti.date_end, "2025-03-12")

    def test_a_closed_day_is_skipped(self):
        # A planned closure (INSET day) on Tue 28 Jan 2025 pushes the end to Thu 6 Feb.
        self.env["school.closure"].create(
            {"name": "INSET", "date_from": "2025-01-28", "date_to": "2025-01-28", "kind": "inset"}
        )
        nti = self._nti(self.amira, self.sara, date="2025-01-15", weeks=3)
        self.assertEqual(nti.date_end, "2025-02-06")

    def test_a_bank_holiday_is_skipped_even_with_sessions(self):
        # The shared calendar holds sessions on Mon 5 May 2025 (May Day, no closure
        # entered): issued Wed 30 Apr for 3 weeks, the period still ends Thu 22 May.
        nti = self._nti(self.amira, self.sara, date="2025-04-30", weeks=3)
        self.assertEqual(nti.date_end, "2025-05-22")

    def test_issue_refused_beyond_the_school_calendar(self):
        # The calendar ends on Fri 23 May 2025: 6 weeks from 1 May do not fit in it.
        nti = self._nti(self.amira, self.sara, date="2025-05-01", weeks=6, issue=False)
        self.assertFalse(nti.date_end)
        with self.assertRaisesRegex(UserError, "goes beyond the school calendar"):
            nti.action_issue()
        self.assertEqual(nti.state, "draft")


class TestPostedNoticeReceipt(PenaltyCase):
    def _posted(self, date, **vals):
        notice = self._notice(self.amira, self.sara, self.amira_g | self.amira_u, date=date, **vals)
        notice.delivery = "post"
        notice._onchange_delivery()
        return notice

    def test_not_received_on_bank_holidays(self):
        # Posted Mon 23 Dec 2024, 2 working days: Tue 24, (25, 26 bank holidays), Fri 27.
        self.assertEqual(self._posted("2024-12-23").date_received, "2024-12-27")
        # Posted Tue 31 Dec 2024, 2 working days: (1 Jan bank holiday) Thu 2, Fri 3 Jan.
        self.assertEqual(self._posted("2024-12-31").date_received, "2025-01-03")

    def test_easter_moves_the_payment_dates(self):
        # Posted Thu 17 Apr 2025: Good Friday 18 and Easter Monday 21 Apr skipped, so
        # received Wed 23 Apr; 80 up to and including 13 May, 160 from 14 to 20 May.
        nti = self._nti(self.amira, self.sara, date="2025-03-03")
        # After the notice to improve, the penalty notice rests on absence in its period.
        in_period = self._marks(self.amira, ["2025-03-10", "2025-03-11"], "U")
        notice = self._notice(
            self.amira, self.sara, in_period, date="2025-04-17", notice_to_improve_id=nti.id
        )
        notice.delivery = "post"
        notice._onchange_delivery()
        notice.action_issue()
        self.assertEqual(
            (notice.date_received, notice.date_reduced_until, notice.date_full_until),
            ("2025-04-23", "2025-05-13", "2025-05-20"),
        )


class TestClosedWeek(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestClosedWeek, cls).setUpClass()
        cls.code["#"] = cls.env["school.attendance.code"].get_code("#")
        cls.dad = cls.env["res.partner"].create({"name": "Ben Frost"})
        cls.jo = cls._create_pupil("Jo", "Frost", [(cls.dad, True)])
        # 5 G sessions in the week of 6 Jan 2025 and 5 O in the week of 24 Mar 2025:
        # 11 school weeks apart (the half term of 17 Feb has no session), so not met.
        cls._marks(cls.jo, ["2025-01-06", "2025-01-07"], "G")
        cls._marks(cls.jo, ["2025-01-08"], "G", periods=("am",))
        cls._marks(cls.jo, ["2025-03-24", "2025-03-25"], "O")
        cls._marks(cls.jo, ["2025-03-26"], "O", periods=("am",))

    def test_a_week_of_hash_marks_is_no_school_week(self):
        before = self.jo.get_penalty_threshold_status("2025-03-28")
        self.assertEqual((before["sessions"], before["met"]), (5, False))
        # The school was closed the week of 10 Mar 2025 and registers were marked '#':
        # that week is no school week, so both weeks fall in the 10 school weeks.
        self._marks(self.jo, ["2025-03-1%d" % day for day in range(0, 5)], "#")
        after = self.jo.get_penalty_threshold_status("2025-03-28")
        self.assertNotIn("2025-03-10", after["school_weeks"])
        self.assertEqual(after["window_start"], "2025-01-06")
        self.assertEqual((after["sessions"], after["met"]), (10, True))
        # A pupil marked present that week shows the school met: a school week again.
        self._marks(self.amira, ["2025-03-12"], "/", periods=("am",))
        again = self.jo.get_penalty_threshold_status("2025-03-28")
        self.assertIn("2025-03-10", again["school_weeks"])
        self.assertFalse(again["met"])
