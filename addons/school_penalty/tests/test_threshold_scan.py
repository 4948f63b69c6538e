"""The daily threshold scan: drafts proposed once, attached to the case, an activity."""

from odoo.addons.school_attendance import locks

from .common import PenaltyCase


class TestThresholdScan(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestThresholdScan, cls).setUpClass()
        cls.Case = cls.env["school.attendance.case"]
        cls.Pupil = cls.env["school.pupil"]
        # Ten sessions of term-time holiday (G), 3 to 7 March 2025: seed 002's
        # point 2, a penalty notice without a notice to improve.
        cls.dara_mum = cls.env["res.partner"].create({"name": "Dara's mother"})
        cls.dara = cls._create_pupil("Dara", "Holt", [(cls.dara_mum, True)])
        cls._marks(
            cls.dara, ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06", "2025-03-07"], "G"
        )
        # Nine sessions: under the threshold, nothing is proposed.
        cls.eve = cls._create_pupil(
            "Eve", "Moss", [(cls.env["res.partner"].create({"name": "Ian Moss"}), True)]
        )
        cls._marks(cls.eve, ["2025-03-03", "2025-03-04", "2025-03-05", "2025-03-06"], "U")
        cls._marks(cls.eve, ["2025-03-07"], "O", periods=("am",))

    def _drafts(self, pupil):
        return (
            self.Nti.search([("pupil_id", "=", pupil.id)]),
            self.Notice.search([("pupil_id", "=", pupil.id)]),
        )

    def test_scan_proposes_once_and_attaches_to_the_case(self):
        first = self.Pupil._cron_scan_penalty_thresholds("2025-03-07")
        # Amira (4 G + 6 U): a draft notice to improve to each parent with
        # parental responsibility (Sara, Omar), none to her grandmother.
        ntis, notices = self._drafts(self.amira)
        self.assertEqual(ntis.mapped("partner_id"), self.sara | self.omar)
        self.assertEqual(set(ntis.mapped("state")), {"draft"})
        self.assertFalse(notices)
        self.assertIn("10 sessions of unauthorised absence", ntis[0].offence_details)
        self.assertIn("G: 4, U: 6", ntis[0].offence_details)
        case = ntis.mapped("case_id")
        self.assertEqual(len(case), 1)
        self.assertEqual(case.pupil_id, self.amira)
        self.assertEqual(case.concern, "low_attendance")
        review = self.env.ref("school_penalty.mail_activity_review_penalty_threshold")
        self.assertEqual(case.activity_ids.mapped("activity_type_id"), review)
        self.assertEqual(case.activity_ids.date_deadline, "2025-03-07")
        self.assertIn("Penalty notice threshold met", case.message_ids[0].body)
        # Dara's term-time holiday: a draft penalty notice directly, no notice
        # to improve, for the ten G sessions only.
        dara_ntis, dara_notices = self._drafts(self.dara)
        self.assertFalse(dara_ntis)
        self.assertEqual(dara_notices.partner_id, self.dara_mum)
        self.assertEqual(dara_notices.state, "draft")
        self.assertEqual(dara_notices.offence, "term_time_holiday")
        self.assertEqual(set(dara_notices.mark_ids.mapped("code_id.code")), {"G"})
        self.assertEqual(len(dara_notices.mark_ids), 10)
        self.assertEqual(dara_notices.case_id.concern, "term_time_holiday")
        self.assertEqual(len(dara_notices.case_id.activity_ids), 1)
        # Eve, 9 sessions: nothing.
        self.assertEqual(self._drafts(self.eve), (self.Nti, self.Notice))
        self.assertFalse(self.Case.search([("pupil_id", "=", self.eve.id)]))
        self.assertEqual(sorted(first["notice_to_improve_ids"]), sorted(ntis.ids))
        self.assertEqual(first["penalty_notice_ids"], dara_notices.ids)

        # The next school day: still over the threshold, nothing new.
        second = self.Pupil._cron_scan_penalty_thresholds("2025-03-10")
        self.assertEqual(second, {"notice_to_improve_ids": [], "penalty_notice_ids": []})
        self.assertEqual(self._drafts(self.amira), (ntis, notices))
        self.assertEqual(self._drafts(self.dara), (dara_ntis, dara_notices))
        self.assertEqual(len(case.activity_ids), 1)

    def test_case_the_scan_opens_is_opened_by_the_escalation_engine(self):
        """The case the scan opens has what every case has: opening figures, its
        owner (the policy's officer) as follower and not whoever ran the scan,
        and why it was opened, in its chatter and as the first line of its log."""
        policy = self.env["school.attendance.policy"].create(
            {
                "name": "Scan policy",
                "company_id": self.company.id,
                "default_user_id": self.officer.id,
            }
        )
        self.company.attendance_policy_id = policy
        self.Pupil._cron_scan_penalty_thresholds("2025-03-07")
        case = self._drafts(self.amira)[0].mapped("case_id")
        self.assertEqual(case.policy_id, policy)
        self.assertEqual(case.user_id, self.officer)
        self.assertEqual(case.message_partner_ids, self.officer.partner_id)
        self.assertTrue(case.opening_possible)
        self.assertEqual(case.opening_unauthorised, 10)
        self.assertEqual(case.date_opened, "2025-03-07")
        (log,) = case.step_log_ids
        self.assertFalse(log.step_id)
        self.assertEqual(log.date, "2025-03-07")
        self.assertIn("penalty notice threshold met: 10 sessions", log.message)
        self.assertTrue(log.message.endswith("→ case opened"))
        self.assertTrue(any(log.message in body for body in case.message_ids.mapped("body")))

    def test_holiday_notice_is_issued_without_notice_to_improve(self):
        self.Pupil._cron_scan_penalty_thresholds("2025-03-07")
        notice = self._drafts(self.dara)[1]
        notice.sudo(self.officer).action_issue()
        self.assertEqual(notice.state, "issued")
        self.assertEqual(notice.amount_due, 80.0)

    def test_existing_open_case_is_used(self):
        case = self.Case.create(
            {"pupil_id": self.amira.id, "company_id": self.company.id, "concern": "persistent"}
        )
        self.amira.propose_for_penalty_threshold("2025-03-07")
        self.assertEqual(self._drafts(self.amira)[0].mapped("case_id"), case)

    def test_cron_record_runs_the_scan(self):
        cron = self.env.ref("school_penalty.ir_cron_penalty_threshold_scan")
        self.assertEqual(cron.code.strip(), "model._cron_scan_penalty_thresholds()")
        self.assertTrue(cron.active)

    def test_a_school_another_server_is_scanning_is_left_to_it(self):
        """The job started on two servers of one database at once: the second
        proposes nothing for the school the first is scanning (one draft per
        parent, not two); once the first is done, a run adds only what is missing."""
        other_server = self.registry.cursor()
        self.addCleanup(other_server.close)
        other_server.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", (locks.PENALTY_SCAN_LOCK, self.company.id)
        )
        proposed = self.Pupil._cron_scan_penalty_thresholds("2025-03-07")
        self.assertEqual(proposed, {"notice_to_improve_ids": [], "penalty_notice_ids": []})
        self.assertEqual(self._drafts(self.dara)[1].ids, [])

        other_server.rollback()
        self.Pupil._cron_scan_penalty_thresholds("2025-03-07")
        self.assertEqual(len(self._drafts(self.dara)[1]), 1)
