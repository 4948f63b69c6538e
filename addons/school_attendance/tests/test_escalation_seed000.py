"""Seed 000 (Leesons Primary School attendance plan), driven day by day with real marks.

Amira is present from 2 Sep 2024 to 20 Sep (3 weeks, 30 sessions). She is absent
without reason (N) on Mon 23, Tue 24 and Wed 25 Sep and back on Thursday. From
30 Sep she is off ill (I, authorised) every Monday. October half term (28 Oct to
1 Nov) is closed, so it is not a school week. The escalation runs every school
evening from 2 Sep to 24 Jan 2025 as the attendance officer, and a second time to
prove that re-running a day creates nothing. Figures, worked by hand:

* 23 Sep: 30/32 = 93.8% < 96 -> warning letter (low attendance case).
* 24 Sep: 30/34 = 88.2% <= 90 -> letter 1.
* 11 Nov: 6 school weeks after 24 Sep (30 Sep, 7, 14, 21 Oct, 4, 11 Nov; half term
  skipped), 74/92 = 80.4% < 90 -> letter 2, meeting, improvement plan, medical evidence.
* 9 Dec: 4 school weeks later (18 Nov, 25 Nov, 2 Dec, 9 Dec), 106/132 = 80.3% -> second
  meeting and referral.
* 20 Jan 2025: 4 school weeks later (16 Dec, 6, 13, 20 Jan; Christmas skipped),
  138/172 = 80.2% -> legal action.
"""

from .case_common import D, EscalationCase

DAY2 = "Day 2: calls to all contacts, Pupil Support Lead informed"


class TestEscalationSeed000(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed000"

    @classmethod
    def setUpClass(cls):
        super(TestEscalationSeed000, cls).setUpClass()
        # The school names its admin officer (the attendance officer) and its Pupil
        # Support Lead: seed 000's "Staff responsible".
        cls.psl = cls._create_user("s000_psl", cls.group_officer)
        for role, user in (("admin_officer", cls.officer), ("pupil_support_lead", cls.psl)):
            cls.env["school.staff.role"].create(
                {"company_id": cls.company.id, "role": role, "user_id": user.id}
            )

    def _codes(self, day):
        if day in (D(2024, 9, 23), D(2024, 9, 24), D(2024, 9, 25)):
            return {self.amira: ("N", "N")}
        if day >= D(2024, 9, 30) and day.weekday() == 0:
            return {self.amira: ("I", "I")}
        return {}

    def _summary(self, day):
        return self.amira.get_attendance_summary("2024-09-01", day)[0]

    def test_whole_ladder_day_by_day(self):
        events = {}
        previous = self.snapshot()
        for day in self.days(D(2024, 9, 2), D(2025, 1, 24)):
            codes = self._codes(day)
            self.mark_day(day, codes)
            if day == D(2024, 9, 23):
                self._check_day_one_on_save()
            result = self.escalate(day)
            after = self.snapshot()
            # Re-running the same day changes nothing.
            self.assertEqual(
                self.escalate(day), {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
            )
            self.assertEqual(self.snapshot(), after, "re-running %s created records" % day)
            if after != previous or any(result.values()):
                events[day] = result
            check = getattr(self, "_check_%s" % day.strftime("%Y%m%d"), None)
            if check:
                check()
            previous = self.snapshot()
        # Nothing happened on any other day.
        self.assertEqual(
            sorted(events),
            [
                D(2024, 9, 23),
                D(2024, 9, 24),
                D(2024, 9, 25),
                D(2024, 9, 26),
                D(2024, 11, 11),
                D(2024, 12, 9),
                D(2025, 1, 20),
            ],
        )
        # The whole history is on the cases, in order.
        first_day = self.case_of(self.amira, "first_day")
        self.assertEqual(
            self.steps_of(first_day),
            [
                "Day 1: first-day call",
                DAY2,
                "Day 3: home visit",
                "Day 3: letter to the home address",
                "Day 3: advice if no response",
            ],
        )
        low = self.case_of(self.amira, "low_attendance")
        self.assertEqual(
            self.steps_of(low),
            [
                "Warning letter (below 96%)",
                "Letter 1 (90% or less)",
                "Letter 2 (still under 90% after 6 weeks)",
                "School meeting with the EWO",
                "Attendance improvement plan",
                "Second meeting (4 weeks later)",
                "Referral for support",
                "Legal action",
            ],
        )
        # Ben and Cara were never absent: no case for them.
        self.assertFalse(self.Case.search([("pupil_id", "in", (self.ben | self.cara).ids)]))

    # ------------------------------------------------------------------
    # Checks per day
    # ------------------------------------------------------------------
    def _check_day_one_on_save(self):
        """The morning N alone (before any nightly run) opened the case and the call."""
        case = self.case_of(self.amira, "first_day")
        self.assertTrue(case, "the first-day case is opened by the register save")
        self.assertEqual(case.stage_id, self.stage("first_day"))
        self.assertEqual(case.user_id, self.officer)
        activity = self.activities_of(case)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "First-day call to the main contacts (before 11:00)")
        self.assertEqual(activity.date_deadline, "2024-09-23")
        self.assertEqual(activity.user_id, self.officer)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("school_attendance.mail_activity_type_attendance_call"),
        )
        self.assertIn("Admin officer", activity.note)

    def _check_20240923(self):
        first_day = self.case_of(self.amira, "first_day")
        self.assertEqual(len(self.activities_of(first_day)), 1)  # nothing new at night
        log = first_day.step_log_ids
        self.assertEqual(
            log.figures, "unexplained absence (N) on school day 1 of a run since 23 Sep 2024"
        )
        low = self.case_of(self.amira, "low_attendance")
        self.assertEqual(low.stage_id, self.stage("warning_letter"))
        self.assertEqual(
            low.step_log_ids.figures, "attendance 93.8% (30/32) < 96% since 1 Sep 2024"
        )
        self.assertEqual(
            (low.opening_attendance_pct, low.opening_present, low.opening_possible),
            (93.8, 30, 32),
        )
        self.assertEqual((low.band, low.color), ("92% - 94.9%", 3))
        self.assertEqual(self.activities_of(low).summary, "Warning letter: attendance below 96%")
        # The explanation is posted in the chatter.
        self.assertTrue(
            low.message_ids.filtered(
                lambda m: (
                    "attendance 93.8% (30/32) &lt; 96% since 1 Sep 2024 → Warning letter"
                    in (m.body or "")
                    or "attendance 93.8% (30/32) < 96% since 1 Sep 2024 → Warning letter"
                    in (m.body or "")
                )
            )
        )

    def _check_20240924(self):
        """Day 2 "absence calls to parents and all other contacts. Pupil Support Lead
        informed" (admin officer, Pupil Support Lead): one step fires, with two
        activities for two named people, and is logged once, naming both."""
        first_day = self.case_of(self.amira, "first_day")
        self.assertEqual(first_day.stage_id, self.stage("follow_up_calls"))
        logs = first_day.step_log_ids.filtered(lambda lg: lg.date == "2024-09-24")
        self.assertEqual(logs.mapped("step_id.name"), [DAY2])
        day2 = self.activities_of(first_day)[-2:]
        self.assertEqual(
            [(a.summary, a.user_id, a.date_deadline) for a in day2],
            [
                ("Absence calls to parents and all other contacts", self.officer, "2024-09-24"),
                (
                    "Continued absence without reason: Pupil Support Lead informed",
                    self.psl,
                    "2024-09-24",
                ),
            ],
        )
        self.assertEqual(len(self.activities_of(first_day)), 3)  # the day-1 call before
        self.assertIn("the Pupil Support Lead is informed", day2[1].note)
        self.assertIn(
            "→ %s: activity 'Absence calls to parents and all other contacts' for Admin "
            "officer (%s), due 24 Sep 2024; activity 'Continued absence without reason: "
            "Pupil Support Lead informed' for Pupil Support Lead (%s), due 24 Sep 2024"
            % (DAY2, self.officer.name, self.psl.name),
            logs.message,
        )
        low = self.case_of(self.amira, "low_attendance")
        self.assertEqual(low.stage_id, self.stage("letter_1"))
        self.assertEqual(
            low._last_log().message.split(": activity")[0],
            "attendance 88.2% (30/34) ≤ 90% since 1 Sep 2024 → Letter 1 (90% or less)",
        )
        self.assertEqual(
            (low.attendance_pct, low.present_sessions, low.possible_sessions), (88.2, 30, 34)
        )
        self.assertEqual(low.color, 1)  # below 90%: red

    def _check_20240925(self):
        first_day = self.case_of(self.amira, "first_day")
        self.assertEqual(first_day.stage_id, self.stage("home_visit"))
        summaries = self.activities_of(first_day).mapped("summary")
        self.assertEqual(
            summaries[-3:],
            [
                "EWO home visit (leave a message or note if no response)",
                "No contact after three days: letter to the main home address",
                "No response to the home visit: take advice from social care and education welfare",
            ],
        )
        self.assertEqual(
            first_day._last_log().figures,
            "unexplained absence (N) on school day 3 of a run since 23 Sep 2024",
        )
        self.assertEqual(len(self.case_of(self.amira, "low_attendance").step_log_ids), 2)

    def _check_20240926(self):
        first_day = self.case_of(self.amira, "first_day")
        self.assertEqual(first_day.date_closed, "2024-09-26")
        self.assertEqual(first_day.stage_id, self.stage("closed"))
        self.assertFalse(self.case_of(self.amira, "low_attendance").date_closed)

    def _check_20241104(self):
        # Six calendar weeks after letter 1 but only five school weeks (half term).
        low = self.case_of(self.amira, "low_attendance")
        self.assertEqual(low.stage_id, self.stage("letter_1"))

    def _check_20241111(self):
        low = self.case_of(self.amira, "low_attendance")
        summary = self._summary("2024-11-11")
        self.assertEqual((summary["present"], summary["possible"]), (74, 92))
        log = low.step_log_ids.filtered(lambda lg: lg.date == "2024-11-11")
        self.assertEqual(len(log), 3)
        self.assertEqual(
            log[0].figures,
            "6 school weeks since 'Letter 1 (90% or less)' on 24 Sep 2024 and attendance "
            "still 80.4% (74/92) < 90% since 1 Sep 2024",
        )
        self.assertEqual(low.stage_id, self.stage("improvement_plan"))
        # Letter 2 and the meeting with the EWO, 5 school days later.
        new = self.activities_of(low)[-2:]
        self.assertEqual(
            new.mapped("summary"),
            [
                "Letter 2: invitation to a school meeting with the EWO",
                "School meeting with parents/carers and the Education Welfare Officer",
            ],
        )
        self.assertEqual(new[1].date_deadline, "2024-11-18")
        # The improvement plan: 4 weeks from the next school day, one review.
        plan = low.contract_ids
        self.assertEqual(len(plan), 1)
        self.assertEqual(
            (plan.kind, plan.state, plan.date_start, plan.date_end, plan.weeks),
            ("action_plan", "active", "2024-11-12", "2024-12-09", 4),
        )
        self.assertEqual(plan.review_ids.mapped("date_planned"), ["2024-12-10"])
        self.assertEqual(plan.partner_ids, self.mother)
        # Medical evidence is now requested.
        self.assertTrue(self.amira.is_medical_evidence_required)
        self.assertEqual(self.amira.medical_evidence_since, "2024-11-11")
        self.assertTrue(low.is_medical_evidence_required)

    def _check_20241209(self):
        low = self.case_of(self.amira, "low_attendance")
        summary = self._summary("2024-12-09")
        self.assertEqual((summary["present"], summary["possible"]), (106, 132))
        self.assertEqual(low.stage_id, self.stage("review_referrals"))
        log = low.step_log_ids.filtered(lambda lg: lg.date == "2024-12-09")
        self.assertEqual(
            log.mapped("step_id.name"), ["Second meeting (4 weeks later)", "Referral for support"]
        )
        self.assertIn("4 school weeks since 'Attendance improvement plan'", log[0].figures)
        self.assertIn("80.3% (106/132) < 90%", log[0].figures)
        referral = low.referral_ids
        self.assertEqual((referral.kind, referral.state), ("ewo", "draft"))
        # The review of the plan is held the next day: not improved, but the
        # policy already escalated for it, so the case does not move twice.
        review = low.contract_ids.review_ids
        self.assertEqual(review.state, "planned")

    def _check_20241210(self):
        low = self.case_of(self.amira, "low_attendance")
        review = low.contract_ids.review_ids
        logs_before = len(low.step_log_ids)
        review.sudo(self.officer).action_hold(date_held="2024-12-10")
        self.assertEqual(review.state, "held")
        self.assertEqual(review.outcome, "not_improved")
        self.assertEqual(low.contract_ids.state, "failed")
        self.assertEqual(len(low.step_log_ids), logs_before)
        self.assertEqual(low.stage_id, self.stage("review_referrals"))

    def _check_20250120(self):
        low = self.case_of(self.amira, "low_attendance")
        summary = self._summary("2025-01-20")
        self.assertEqual((summary["present"], summary["possible"]), (138, 172))
        self.assertEqual(low.stage_id, self.stage("legal_action"))
        log = low._last_log()
        self.assertEqual(log.step_id.name, "Legal action")
        self.assertIn("4 school weeks since 'Referral for support' on 9 Dec 2024", log.figures)
        self.assertEqual(low.referral_ids.sorted("id").mapped("kind"), ["ewo", "la_legal"])
        self.assertEqual(
            self.activities_of(low)[-1].summary,
            "Refer the case to Education Welfare for consideration of prosecution",
        )

    def test_second_meeting_sooner_when_absent_continually(self):
        """'After further 4 weeks (shorter time scale if pupil absent continually)':
        after letter 2 and the plan (11 Nov) Amira attends no session (O every day
        from 12 Nov); the second meeting comes after 2 school weeks (18, 25 Nov)."""
        for day in self.days(D(2024, 9, 2), D(2024, 11, 29)):
            codes = self._codes(day)
            if day > D(2024, 11, 11):
                codes = {self.amira: ("O", "O")}
            self.mark_day(day, codes)
            self.escalate(day)
        low = self.case_of(self.amira, "low_attendance")
        log = low.step_log_ids.filtered(
            lambda lg: lg.step_id.name == "Second meeting (4 weeks later)"
        )
        self.assertEqual(log.date, "2024-11-25")
        self.assertEqual(
            log.figures,
            "2 school weeks since 'Attendance improvement plan' on 11 Nov 2024 (sooner than 4: "
            "no session attended since, 0/20) and attendance still 66.1% (74/112) < 90% since "
            "1 Sep 2024",
        )
