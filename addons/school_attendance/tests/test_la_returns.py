"""Returns to the local authority (regulation 13) and leaving the roll (regulation 9).

Calendar: autumn term 2024 from Mon 2 Sep (register_common); groups 3B (year 3,
the school's youngest) and 4K (year 4). Due dates below are counted by hand.
"""

from odoo.exceptions import AccessError, ValidationError

from .register_common import RegisterCase


class TestLaReturns(RegisterCase):
    @classmethod
    def setUpClass(cls):
        super(TestLaReturns, cls).setUpClass()
        cls.Return = cls.env["school.la.return"]
        cls.la = cls.env["res.partner"].create(
            {"name": "Surrey County Council", "street": "Woodhatch Place", "city": "Reigate"}
        )
        cls.company.local_authority_id = cls.la

    def _returns(self, pupil, kind):
        return self.Return.search([("pupil_id", "in", pupil.ids), ("kind", "=", kind)])

    # ------------------------------------------------------------------
    # New pupil returns
    # ------------------------------------------------------------------
    def test_new_pupil_return_due_five_school_days_after_admission(self):
        # Dan joined Wed 11 Sep: Thu 12, Fri 13, Mon 16, Tue 17, Wed 18.
        ret = self._returns(self.dan, "new_pupil")
        self.assertEqual(len(ret), 1)
        self.assertEqual(ret.due_date, "2024-09-18")
        self.assertEqual(ret.state, "due")
        # Eve starts Year 4 (not the youngest year) on the first day: a return.
        self.assertEqual(self._returns(self.eve, "new_pupil").due_date, "2024-09-09")

    def test_due_date_skips_closures(self):
        self.env["school.closure"].create(
            {
                "name": "INSET",
                "kind": "inset",
                "date_from": "2024-09-16",
                "date_to": "2024-09-16",
                "term_id": self.term.id,
            }
        )
        pupil = self._create_pupil("Fay", "Gill", self.group_4k, date_admitted="2024-09-11")
        # Thu 12, Fri 13, (Mon 16 closed), Tue 17, Wed 18, Thu 19.
        self.assertEqual(self._returns(pupil, "new_pupil").due_date, "2024-09-19")

    def test_youngest_year_on_the_first_day_needs_no_return_unless_the_la_asks(self):
        self.assertFalse(self._returns(self.amira, "new_pupil"))
        self.company.la_youngest_year_returns = True
        pupil = self._create_pupil("Gus", "Hart", self.group_3b, date_admitted="2024-09-02")
        self.assertEqual(self._returns(pupil, "new_pupil").due_date, "2024-09-09")

    # ------------------------------------------------------------------
    # Leaving the roll and deletion returns
    # ------------------------------------------------------------------
    def test_deletion_return_records_the_ground_and_is_due_on_the_leaving_day(self):
        self.ben.sudo(self.officer).leave_roll("2024-10-04", "a_other_school")
        ret = self._returns(self.ben, "deletion")
        self.assertEqual(len(ret), 1)
        self.assertEqual(ret.leaving_ground, "a_other_school")
        self.assertEqual(ret.due_date, "2024-10-04")
        self.assertEqual(
            (self.ben.date_left, self.ben.leaving_ground), ("2024-10-04", "a_other_school")
        )

    def test_grounds_without_deletion_return(self):
        self.ben.leave_roll("2024-10-04", "l_over_school_age")
        self.cara.leave_roll("2024-10-04", "ncsa_not_attending")
        self.assertFalse(self._returns(self.ben | self.cara, "deletion"))
        self.assertEqual(self.cara.leaving_ground, "ncsa_not_attending")
        self.company.la_transition_deletion_returns = True
        self.amira.leave_roll("2024-10-04", "l_over_school_age")
        self.assertTrue(self._returns(self.amira, "deletion"))

    def test_grounds_2a_to_2e_only_for_pupils_not_of_compulsory_school_age(self):
        # Born 1 Jan 2015: of compulsory school age in October 2024 (regulation 9(1) grounds).
        self.ben.date_of_birth = "2015-01-01"
        with self.assertRaisesRegex(ValidationError, "grounds 2A to 2E"):
            with self.env.cr.savepoint():
                self.ben.leave_roll("2024-10-04", "ncsa_not_attending")
        self.ben.invalidate_cache()
        self.assertFalse(self.ben.leaving_ground)
        # Born 1 Mar 2020: five on 1 Mar 2025, of compulsory school age from 31 Mar 2025.
        self.cara.date_of_birth = "2020-03-01"
        self.cara.leave_roll("2024-10-04", "ncsa_not_attending")
        self.assertEqual(self.cara.leaving_ground, "ncsa_not_attending")

    def test_a_corrected_ground_updates_the_return_not_yet_sent(self):
        self.ben.leave_roll("2024-10-04", "a_other_school")
        ret = self._returns(self.ben, "deletion")
        self.ben.sudo(self.officer).write({"leaving_ground": "ncsa_not_attending"})
        self.assertEqual(ret.state, "cancelled")
        self.ben.sudo(self.officer).write(
            {"leaving_ground": "g_moved_away", "date_left": "2024-10-07"}
        )
        self.assertEqual(self._returns(self.ben, "deletion"), ret)
        self.assertEqual(
            (ret.state, ret.leaving_ground, ret.due_date), ("due", "g_moved_away", "2024-10-07")
        )

    def test_leave_wizard_says_whether_a_return_is_due(self):
        wizard = (
            self.env["school.pupil.leave.wizard"]
            .sudo(self.officer)
            .create(
                {"pupil_id": self.ben.id, "date_left": "2024-10-04", "leaving_ground": "k_died"}
            )
        )
        self.assertTrue(wizard.is_return_due)
        wizard.leaving_ground = "ncsa_died"
        self.assertFalse(wizard.is_return_due)
        wizard.action_confirm()
        self.assertEqual(self.ben.leaving_ground, "ncsa_died")

    # ------------------------------------------------------------------
    # Absence returns, the daily job and its activity
    # ------------------------------------------------------------------
    def _absent(self, pupil, dates, code="N"):
        for date in dates:
            for period in ("am", "pm"):
                self.Mark.create(
                    {
                        "pupil_id": pupil.id,
                        "session_id": self._session(date, period).id,
                        "code_id": self.code[code].id,
                    }
                )

    TEN_DAYS = ["2024-10-%02d" % d for d in (7, 8, 9, 10, 11, 14, 15, 16, 17, 18)]

    def test_ten_school_days_absent_without_permission_make_an_absence_return(self):
        self._absent(self.eve, self.TEN_DAYS)
        self._absent(self.cara, self.TEN_DAYS[:9])  # nine days: no return
        self.Return._cron_la_returns(today="2024-10-18")
        ret = self._returns(self.eve, "absence")
        self.assertEqual(len(ret), 1)
        self.assertEqual(
            (ret.date_event, ret.date_event_end, ret.school_days), ("2024-10-07", "2024-10-18", 10)
        )
        # 5 school days (the school's setting) after the 10th day, Fri 18 Oct.
        self.assertEqual(ret.due_date, "2024-10-25")
        self.assertFalse(self._returns(self.cara, "absence"))
        # The officer has one activity, due on the due date; running again adds nothing.
        self.assertEqual(len(ret.activity_ids), 1)
        self.assertEqual(ret.activity_ids.date_deadline, "2024-10-25")
        self.Return._cron_la_returns(today="2024-10-18")
        self.assertEqual(len(self._returns(self.eve, "absence")), 1)
        self.assertEqual(len(ret.activity_ids), 1)

    def test_authorised_absence_is_not_returned(self):
        self._absent(self.eve, self.TEN_DAYS, code="I")
        self.Return._cron_la_returns(today="2024-10-18")
        self.assertFalse(self._returns(self.eve, "absence"))

    def test_mark_sent_records_who_and_closes_the_activity(self):
        self.Return._cron_la_returns(today="2024-09-12")
        ret = self._returns(self.dan, "new_pupil")
        self.assertEqual(len(ret.activity_ids), 1)
        ret.sudo(self.officer).action_mark_sent()
        self.assertEqual(ret.state, "sent")
        self.assertEqual(ret.sent_by, self.officer)
        self.assertTrue(ret.sent_at)
        self.assertFalse(ret.activity_ids)

    # ------------------------------------------------------------------
    # Long absence notice (seed 002) and bad input
    # ------------------------------------------------------------------
    def test_long_absence_needs_fifteen_school_days(self):
        ret = self.Return.sudo(self.officer).create(
            {
                "kind": "long_absence",
                "pupil_id": self.amira.id,
                "date_event": "2024-11-04",
                "date_event_end": "2024-11-22",
            }
        )
        self.assertEqual(ret.school_days, 15)
        with self.assertRaises(ValidationError):
            self.Return.sudo(self.officer).create(
                {
                    "kind": "long_absence",
                    "pupil_id": self.ben.id,
                    "date_event": "2024-11-04",
                    "date_event_end": "2024-11-21",
                }
            )

    # ------------------------------------------------------------------
    # What the local authority gets, and who may see it
    # ------------------------------------------------------------------
    def test_csv_and_letter_to_the_la(self):
        self.ben.write({"upn": "A123456789012"})
        self.ben.leave_roll("2024-10-04", "f_home_education")
        returns = self._returns(self.ben, "deletion") | self._returns(self.dan, "new_pupil")
        lines = returns.sudo(self.officer).csv_text().splitlines()
        self.assertTrue(lines[0].startswith("return,school,urn,upn,surname"))
        self.assertIn("A123456789012", lines[1])
        self.assertIn("F - Parent notified in writing: educated otherwise", lines[1])
        report = self.env.ref("school_attendance.action_report_la_return")
        html = report.sudo(self.officer).render_qweb_html(returns.ids)[0].decode()
        self.assertIn("Surrey County Council", html)
        self.assertIn("Ben Lee", html)
        self.assertIn("Dan Nash", html)
        action = returns.sudo(self.officer).action_export_csv()
        self.assertIn("/web/content/", action["url"])
        # The CSV lists pupils: it belongs to a return, not to the school every user reads.
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[3].split("?")[0])
        )
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("school.la.return", returns[0].id)
        )
        with self.assertRaises(AccessError):
            attachment.sudo(self.teacher).read(["datas"])

    def test_csv_names_a_sender_the_officer_cannot_read(self):
        # Sent by a colleague who has since moved to another school: the officer may not
        # read that user, yet the CSV (and the letter) still name who sent each return.
        colleague = self._create_user("sa_officer_moved", self.group_officer)
        ret = self._returns(self.dan, "new_pupil")
        ret.sudo(colleague).action_mark_sent()
        colleague.write(
            {"company_id": self.company_b.id, "company_ids": [(6, 0, [self.company_b.id])]}
        )
        lines = ret.sudo(self.officer).csv_text().splitlines()
        self.assertIn("Sa Officer Moved", lines[1])
        action = ret.sudo(self.officer).action_export_csv()
        self.assertIn("/web/content/", action["url"])
        report = self.env.ref("school_attendance.action_report_la_return")
        html = report.sudo(self.officer).render_qweb_html(ret.ids)[0].decode()
        self.assertIn("Dan Nash", html)

    def test_teachers_cannot_see_returns(self):
        with self.assertRaises(AccessError):
            self.Return.sudo(self.teacher).search([])
