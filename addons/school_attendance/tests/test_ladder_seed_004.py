"""Seed 004 (persistent absence procedures), day by day with real marks.

Amira is present 2 to 20 Sep 2024 (30 sessions), then absent without authorisation
(O) every Monday and Tuesday: 6 sessions of 10 a week. The school holds each review
of the attendance action plan on its planned day, as the seed's "Review 1" and
"Review 2" say; the escalation runs every school evening. Figures, worked by hand:

* 24 Sep: 30/34 = 88.2% <= 90 -> attendance plan invitation to both parents, the
  attendance action plan (8 weeks from 25 Sep, reviews 23 Oct and 20 Nov, target
  95%, medical evidence from now on) and its covering letter.
* 23 Oct, review 1: 26/42 = 61.9% since 25 Sep < 95% -> not met: Early Help
  Assessment (referral). The review decides: the step's own wait (5 school weeks)
  would only fire it if the review had not been held.
* 20 Nov, review 2: 44/72 = 61.1% since 25 Sep -> not met: referral to the Access
  and Inclusion Officer.
* 16 Dec: 4 school weeks after review 2 (25 Nov, 2, 9, 16 Dec), attendance 96/142 =
  67.6% <= 90 -> Attendance Review Conference.
"""

from .case_common import D, EscalationCase


class TestLadderSeed004(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed004"

    @classmethod
    def setUpClass(cls):
        super(TestLadderSeed004, cls).setUpClass()
        # A full postal address: the letters addon posts the letters to her.
        cls.mother.write({"zip": "L36 1AA", "city": "Knowsley"})

    def _codes(self, day):
        if day >= D(2024, 9, 23) and day.weekday() in (0, 1):
            return {self.amira: ("O", "O")}
        return {}

    def _hold_reviews_due(self, day):
        """The plan's reviews are held on their planned day, before the evening run."""
        date = day.strftime("%Y-%m-%d")
        reviews = self.Review.search([("state", "=", "planned"), ("date_planned", "=", date)])
        for review in reviews:
            review.sudo(self.officer).action_hold(date_held=date)
        return reviews

    def _letters(self, case):
        """Letters produced on the case (the letters addon; empty without it)."""
        if "school.letter" not in self.env:
            return []
        letters = self.env["school.letter"].search(
            [("res_model", "=", case._name), ("res_id", "=", case.id)], order="id"
        )
        return letters.mapped("kind")

    def test_persistent_absence_procedure_day_by_day(self):
        events = {}
        previous = self.snapshot()
        held = {}
        for day in self.days(D(2024, 9, 2), D(2025, 1, 31)):
            self.mark_day(day, self._codes(day))
            reviews = self._hold_reviews_due(day)
            if reviews:
                held[day] = reviews.mapped("outcome")
            self.escalate(day)
            after = self.snapshot()
            self.assertEqual(
                self.escalate(day), {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}
            )
            self.assertEqual(self.snapshot(), after, "re-running %s created records" % day)
            if after != previous:
                events[day] = True
            check = getattr(self, "_check_%s" % day.strftime("%Y%m%d"), None)
            if check:
                check()
            previous = after
        self.assertEqual(
            held, {D(2024, 10, 23): ["not_improved"], D(2024, 11, 20): ["not_improved"]}
        )
        self.assertEqual(
            sorted(events),
            [D(2024, 9, 24), D(2024, 10, 23), D(2024, 11, 20), D(2024, 12, 16)],
        )
        # One case, the persistent-absence ladder, every step once on its day.
        self.assertEqual(self.Case.search([("pupil_id", "=", self.amira.id)]).concern, "persistent")
        case = self.case_of(self.amira, "persistent")
        covering = ["Covering letter with the plan"] if "school.letter" in self.env else []
        self.assertEqual(
            [(log.date, log.step_id.name) for log in case.step_log_ids.sorted(lambda lg: lg.id)],
            [
                ("2024-09-24", "Attendance plan invitation"),
                ("2024-09-24", "Attendance action plan"),
            ]
            + [("2024-09-24", name) for name in covering]
            + [
                ("2024-10-23", "Early Help Assessment (review 1 not met)"),
                ("2024-11-20", "Access and Inclusion Officer (review 2 not met)"),
                ("2024-12-16", "Attendance Review Conference"),
            ],
        )
        self.assertEqual(
            case.referral_ids.sorted("id").mapped("kind"),
            ["early_help", "access_inclusion", "arc"],
        )
        self.assertEqual(case.stage_id, self.stage("legal_action"))
        self.assertFalse(self.Case.search([("pupil_id", "in", (self.ben | self.cara).ids)]))

    # ------------------------------------------------------------------
    # Checks per day
    # ------------------------------------------------------------------
    def _check_20240924(self):
        case = self.case_of(self.amira, "persistent")
        self.assertEqual(
            case.step_log_ids[0].figures, "attendance 88.2% (30/34) ≤ 90% since 1 Sep 2024"
        )
        self.assertEqual(case.stage_id, self.stage("improvement_plan"))
        invite = self.activities_of(case)
        self.assertEqual(len(invite), 1)
        self.assertEqual(
            invite.summary,
            "Invite both parents with parental responsibility to an attendance plan meeting; "
            "ask local schools about siblings",
        )
        self.assertEqual(invite.date_deadline, "2024-10-01")  # 5 school days
        plan = case.contract_ids
        self.assertEqual(
            (plan.kind, plan.state, plan.date_start, plan.weeks, plan.target_pct),
            ("action_plan", "active", "2024-09-25", 8, 95.0),
        )
        self.assertEqual(plan.review_ids.mapped("date_planned"), ["2024-10-23", "2024-11-20"])
        self.assertTrue(self.amira.is_medical_evidence_required)
        if "school.letter" in self.env:
            self.assertEqual(self._letters(case), ["plan_invitation", "action_plan"])

    def _check_20241023(self):
        case = self.case_of(self.amira, "persistent")
        log = case._last_log()
        self.assertEqual(log.step_id.name, "Early Help Assessment (review 1 not met)")
        self.assertTrue(log.by_decision)
        self.assertIn("Review 1", log.figures)
        self.assertIn("61.9% (26/42)", log.figures)
        self.assertEqual(case.referral_ids.kind, "early_help")
        self.assertEqual(case.stage_id, self.stage("review_referrals"))

    def _check_20241120(self):
        case = self.case_of(self.amira, "persistent")
        log = case._last_log()
        self.assertEqual(log.step_id.name, "Access and Inclusion Officer (review 2 not met)")
        self.assertTrue(log.by_decision)
        self.assertIn("61.1% (44/72)", log.figures)
        self.assertEqual(case.contract_ids.state, "failed")
        self.assertEqual(case.referral_ids.sorted("id")[-1].kind, "access_inclusion")

    def _check_20241216(self):
        case = self.case_of(self.amira, "persistent")
        log = case._last_log()
        self.assertEqual(log.step_id.name, "Attendance Review Conference")
        self.assertEqual(
            log.figures,
            "4 school weeks since 'Access and Inclusion Officer (review 2 not met)' on "
            "20 Nov 2024 and attendance still 67.6% (96/142) ≤ 90% since 1 Sep 2024",
        )
        self.assertEqual(case.stage_id, self.stage("legal_action"))
