"""Parent contracts and action plans: reviews, weekly tracking, referrals (seed 003)."""

from .case_common import D, EscalationCase


class TestContracts(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed003"

    def test_four_week_contract_with_two_reviews(self):
        """A parent contract agreed on Mon 16 Sep for 4 weeks, reviewed every 2 weeks."""
        for day in self.days(D(2024, 9, 16), D(2024, 10, 14)):
            self.mark_day(day, {self.amira: ("I", "I")} if day == D(2024, 9, 30) else {})
        case = self.Case.sudo(self.officer).create(
            {"pupil_id": self.amira.id, "concern": "low_attendance", "policy_id": self.policy.id}
        )
        contract = self.Contract.sudo(self.officer).create(
            {
                "case_id": case.id,
                "kind": "parent_contract",
                "date_start": "2024-09-16",
                "target_pct": 90.0,
                "line_ids": [
                    (0, 0, {"party": "parent", "description": "Amira at school by 8:50 every day"}),
                    (
                        0,
                        0,
                        {
                            "party": "school",
                            "description": "Weekly check-in with the learning mentor",
                        },
                    ),
                    (
                        0,
                        0,
                        {"party": "pupil", "description": "Fill in the attendance sticker chart"},
                    ),
                ],
                "working_well": "Amira likes her class and her teacher.",
                "worries": "Mornings are hard since the baby was born.",
                "next_steps": "Breakfast club place offered.",
            }
        )
        self.assertEqual(
            (contract.weeks, contract.date_end, contract.pupil_id, contract.partner_ids),
            (4, "2024-10-13", self.amira, self.mother),
        )
        self.assertEqual(contract.state, "draft")
        contract.action_start()
        self.assertEqual(contract.state, "active")
        reviews = contract.review_ids
        self.assertEqual(reviews.mapped("name"), ["Review 1", "Review 2"])
        self.assertEqual(reviews.mapped("date_planned"), ["2024-09-30", "2024-10-14"])
        # Each review is an activity of the contract on its date, for its owner.
        activities = self.Activity.search(
            [("res_model", "=", "school.attendance.contract"), ("res_id", "=", contract.id)],
            order="date_deadline",
        )
        self.assertEqual(activities.mapped("date_deadline"), ["2024-09-30", "2024-10-14"])
        self.assertEqual(activities.mapped("user_id"), self.officer)
        # Weekly tracking: the week of 30 Sep has the two sessions of illness.
        weeks = contract.get_weekly_attendance()
        self.assertEqual(
            [(w["week_start"], w["present"], w["possible"], w["attendance_pct"]) for w in weeks],
            [
                (D(2024, 9, 16), 10, 10, 100.0),
                (D(2024, 9, 23), 10, 10, 100.0),
                (D(2024, 9, 30), 8, 10, 80.0),
                (D(2024, 10, 7), 10, 10, 100.0),
            ],
        )
        self.assertIn("80.0%", contract.weekly_tracking)
        # Review 1: 20 of 22 sessions since the start = 90.9% >= 90% target.
        reviews[0].sudo(self.officer).action_hold(date_held="2024-09-30")
        self.assertEqual((reviews[0].attendance_pct, reviews[0].outcome), (90.9, "improved"))
        self.assertEqual(contract.state, "active")
        # Review 2, the last: improved -> targets met, contract done, nothing escalated.
        reviews[1].sudo(self.officer).action_hold(date_held="2024-10-14", outcome="improved")
        self.assertEqual(contract.state, "done")
        self.assertFalse(case.step_log_ids.filtered("step_id"))
        self.assertFalse(
            self.Activity.search(
                [("res_model", "=", "school.attendance.contract"), ("res_id", "=", contract.id)]
            ),
            "held reviews close their activities",
        )

    def test_policy_contract_review_without_improvement_advances_case(self):
        """Seed 003: below 92% -> attendance panel and a 4-week parent contract; the
        last review finds no improvement -> Early Help, as the policy says."""
        # A manager makes the policy's own timing wait longer than the contract.
        self.env.ref("school_attendance.policy_step_s003_early_help").sudo(self.manager).weeks = 8

        def codes(day):
            if day <= D(2024, 9, 16) and day.weekday() == 0:
                return {self.amira: ("I", "I")}
            if day in (D(2024, 10, 7), D(2024, 10, 8), D(2024, 10, 14), D(2024, 10, 15)):
                return {self.amira: ("I", "I")}
            return {}

        for day in self.days(D(2024, 9, 2), D(2024, 10, 16)):
            self.mark_day(day, codes(day))
            case = self.case_of(self.amira, "low_attendance")
            contract = case.contract_ids
            if day == D(2024, 10, 1):
                contract.review_ids[0].sudo(self.officer).action_hold(date_held=day)
                self.assertEqual(contract.review_ids[0].outcome, "improved")
            if day == D(2024, 10, 15):
                logs = len(case.step_log_ids)
                contract.review_ids[1].sudo(self.officer).action_hold(date_held=day)
                self.assertEqual(contract.review_ids[1].attendance_pct, 81.0)  # 34/42
                self.assertEqual(contract.state, "failed")
                # The Early Help offer, and with it (school_letters) the letter of intent
                # to fast-track to prosecution (seed 003, 90% - 91.9%).
                self.assertEqual(len(case.step_log_ids), logs + 2)
            self.escalate(day)
            case = self.case_of(self.amira, "low_attendance")
            contract = case.contract_ids
            if day == D(2024, 9, 13):
                # 16 of 20 sessions: below 95% -> mentoring chat.
                self.assertEqual(self.steps_of(case), ["Mentoring chat (below 95%)"])
                self.assertEqual(case.stage_id, self.stage("warning_letter"))
            if day == D(2024, 9, 16):
                # 16 of 22: below 92% -> panel, contract, medical evidence.
                self.assertEqual(
                    self.steps_of(case),
                    [
                        "Mentoring chat (below 95%)",
                        "Attendance panel (below 92%)",
                        "4-week parent contract",
                    ],
                )
                self.assertTrue(self.amira.is_medical_evidence_required)
                self.assertEqual(
                    (contract.kind, contract.date_start, contract.date_end, contract.target_pct),
                    ("parent_contract", "2024-09-17", "2024-10-14", 95.0),
                )
                self.assertEqual(
                    contract.review_ids.mapped("date_planned"), ["2024-10-01", "2024-10-15"]
                )
        case = self.case_of(self.amira, "low_attendance")
        log = case.step_log_ids.filtered(
            lambda lg: lg.step_id.name == "Offer Early Help (no improvement)"
        )
        self.assertEqual(log.date, "2024-10-15")
        self.assertIn("Review 2", log.figures)
        # The policy's next rung (below 90% this year) follows at the nightly run.
        self.assertEqual(
            case._last_log().step_id.name, "Referral to the attendance service (below 90%)"
        )
        self.assertEqual(case.stage_id, self.stage("review_referrals"))
        self.assertEqual(
            [
                (w["week_start"], w["attendance_pct"])
                for w in case.contract_ids.get_weekly_attendance()
            ],
            [
                (D(2024, 9, 16), 100.0),
                (D(2024, 9, 23), 100.0),
                (D(2024, 9, 30), 100.0),
                (D(2024, 10, 7), 60.0),
                (D(2024, 10, 14), 0.0),
            ],
        )
        # The referral is sent: Early Help answers within 10 working days; the
        # October half term is a holiday of the school, not of the service.
        referral = case.referral_ids.filtered(lambda r: r.kind == "early_help")
        self.assertEqual((referral.kind, referral.state), ("early_help", "draft"))
        referral.sudo(self.officer)._send(date_sent="2024-10-16")
        self.assertEqual((referral.state, referral.due_date), ("sent", "2024-10-30"))


class TestActionPlans(EscalationCase):
    """Seed 004: a 4-week attendance action plan, who attended and signed, its
    hard copy, its reviews on school days, agencies invited once Early Help began."""

    POLICY = "school_attendance.attendance_policy_seed004"

    @classmethod
    def setUpClass(cls):
        super(TestActionPlans, cls).setUpClass()
        # The case belongs to the manager; the officer makes the plan.
        cls.case = cls.Case.sudo(cls.officer).create(
            {
                "pupil_id": cls.amira.id,
                "concern": "persistent",
                "policy_id": cls.policy.id,
                "user_id": cls.manager.id,
            }
        )

    def _plan_from_case_form(self, **vals):
        """What the form sends when the plan is made from the case's button: the
        case as default, the parents' tags left as the form shows them."""
        Contract = self.Contract.sudo(self.officer).with_context(default_case_id=self.case.id)
        defaults = Contract.default_get(["case_id", "user_id", "kind", "weeks", "review_count"])
        defaults.update({"kind": "action_plan", "partner_ids": [(6, 0, [])]}, **vals)
        return Contract.create(defaults)

    def test_plan_from_a_case_names_the_parents_and_its_maker(self):
        plan = self._plan_from_case_form(date_start="2024-12-03")
        self.assertEqual(plan.partner_ids, self.mother)
        self.assertEqual(plan.user_id, self.officer, "the person making it is responsible")
        self.assertEqual(
            [(a.party, a.name) for a in plan.attendee_ids],
            [("parent", "Sara Khan"), ("pupil", "Amira Khan"), ("staff", self.officer.name)],
        )
        # The form shows them before saving, too.
        draft = self.Contract.sudo(self.officer).new({"case_id": self.case.id})
        draft._onchange_case_id()
        draft._onchange_pupil_id()
        self.assertEqual(draft.partner_ids, self.mother)
        self.assertEqual(len(draft.attendee_ids), 3)

    def test_a_plan_made_by_a_colleague_who_moved_school(self):
        """The colleague who made the plan (and owns its reviews' activities) has moved to
        another school: the officer may not read that user, yet holds the review (which
        closes the colleague's activity) and prints the plan naming them - no server error."""
        colleague = self._create_user("sa_officer_moved", self.group_officer)
        plan = self.Contract.sudo(colleague).create(
            {"case_id": self.case.id, "kind": "action_plan", "date_start": "2024-12-03"}
        )
        plan.action_start()
        plan = plan.sudo()
        review = plan.review_ids.sorted("date_planned")[0]
        self.assertEqual(review.activity_id.user_id, colleague)
        colleague.write(
            {"company_id": self.company_b.id, "company_ids": [(6, 0, [self.company_b.id])]}
        )
        review.sudo(self.officer).action_held_today()
        self.assertEqual(review.state, "held")
        report = self.env.ref("school_attendance.action_report_attendance_plan")
        html = report.sudo(self.officer).render_qweb_html(plan.ids)[0].decode()
        self.assertIn("Sa Officer Moved", html)

    def test_reviews_fall_on_school_days(self):
        """A 4-week plan from Tue 3 Dec 2024: review 1 on Tue 17 Dec; review 2 would
        be Tue 31 Dec, in the Christmas holiday: Mon 6 Jan 2025, the first day of term."""
        plan = self._plan_from_case_form(date_start="2024-12-03")
        plan.action_start()
        self.assertEqual(plan.review_ids.mapped("date_planned"), ["2024-12-17", "2025-01-06"])

    def test_signed_plan_printed_and_agencies_invited_once_early_help_begins(self):
        plan = self._plan_from_case_form(
            date_start="2024-12-03",
            worries="Amira misses most Mondays.",
            line_ids=[(0, 0, {"party": "parent", "description": "Amira at school by 8:50"})],
        )
        plan.action_start()
        worker = self.env["res.partner"].create(
            {"name": "Jo Patel", "email": "jo.patel@example.org"}
        )
        plan.write(
            {
                "attendee_ids": [
                    (
                        1,
                        plan.attendee_ids[0].id,
                        {"has_attended": True, "date_signed": "2024-12-03"},
                    ),
                    (
                        1,
                        plan.attendee_ids[2].id,
                        {"has_attended": True, "date_signed": "2024-12-04"},
                    ),
                    (
                        0,
                        0,
                        {
                            "party": "agency",
                            "partner_id": worker.id,
                            "name": "Jo Patel",
                            "organisation": "Family Action",
                        },
                    ),
                ]
            }
        )
        invitations = self.Activity.search(
            [
                ("res_model", "=", plan._name),
                ("res_id", "=", plan.id),
                ("summary", "like", "Invite"),
            ]
        )
        self.assertFalse(invitations, "no Early Help yet: the agency is not invited")
        # The Early Help referral is sent: Early Help has begun.
        referral = self.Referral.sudo(self.officer).create(
            {"case_id": self.case.id, "kind": "early_help"}
        )
        referral._send(date_sent="2024-12-10")
        self.assertTrue(plan.is_early_help)
        invitations = self.Activity.search(
            [
                ("res_model", "=", plan._name),
                ("res_id", "=", plan.id),
                ("summary", "like", "Invite"),
            ],
            order="date_deadline, id",
        )
        self.assertEqual(
            invitations.mapped("summary"),
            [
                "Invite Jo Patel - Family Action to Review 1 on 17 December 2024",
                "Invite Jo Patel - Family Action to Review 2 on 6 January 2025",
            ],
        )
        self.assertEqual(invitations.mapped("user_id"), self.officer)
        # Saving the plan again invites nobody twice.
        plan.write({"is_early_help": True, "next_steps": "Breakfast club."})
        self.assertEqual(
            self.Activity.search_count(
                [
                    ("res_model", "=", plan._name),
                    ("res_id", "=", plan.id),
                    ("summary", "like", "Invite"),
                ]
            ),
            2,
        )
        # The hard copy: dates, target, actions, who attended and signed when.
        report = self.env.ref("school_attendance.action_report_attendance_plan")
        text = " ".join(report.sudo(self.officer).render_qweb_html(plan.ids)[0].decode().split())
        self.assertIn("Review 1: 17 December 2024, Review 2: 6 January 2025", text)
        self.assertIn("Amira misses most Mondays.", text)
        self.assertIn("Amira at school by 8:50", text)
        self.assertIn("<td>Sara Khan</td> <td>Parent / carer</td> <td>Yes</td>", text)
        self.assertIn("3 December 2024", text)
        self.assertIn("Jo Patel", text)
        self.assertIn("Agency (Family Action)", text)
