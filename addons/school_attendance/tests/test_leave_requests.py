import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .register_common import RegisterCase


class TestLeaveRequests(RegisterCase):
    """Leave of absence (ELOA): who may ask, notice, approval → C, refusal + absence → G."""

    @classmethod
    def setUpClass(cls):
        super(TestLeaveRequests, cls).setUpClass()
        cls.Request = cls.env["school.leave.request"]
        cls.code["O"] = cls.env["school.attendance.code"].get_code("O")
        cls.mother = cls._create_contact(cls.amira, "Sara Khan", "mother", True, True)
        # Has parental responsibility but Amira does not live with him.
        cls.father = cls._create_contact(cls.amira, "Omar Khan", "father", True, False)
        # Amira lives with her grandmother, who has no parental responsibility.
        cls.granny = cls._create_contact(cls.amira, "Noor Khan", "grandparent", False, True)

    @classmethod
    def _create_contact(cls, pupil, name, relationship, has_pr, lives_with):
        partner = cls.env["res.partner"].create({"name": name})
        return cls.env["school.pupil.contact"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": partner.id,
                "relationship": relationship,
                "has_parental_responsibility": has_pr,
                "lives_with_pupil": lives_with,
            }
        )

    def _request(self, date_from, date_to, contact=None, user=None, **vals):
        values = {
            "pupil_id": self.amira.id,
            "requested_by_id": (contact or self.mother).id,
            "date_from": date_from,
            "date_to": date_to,
            "date_requested": "2024-08-01",
            "reason": "Grandfather's funeral abroad",
            "is_exceptional": True,
        }
        values.update(vals)
        return self.Request.sudo(user or self.officer).create(values)

    def _code(self, pupil, date, period="am"):
        return self.Mark.search(
            [("pupil_id", "=", pupil.id), ("session_id", "=", self._session(date, period).id)]
        ).code_id.code

    # ------------------------------------------------------------------
    # Who may request, and when
    # ------------------------------------------------------------------
    def test_only_a_resident_parent_with_parental_responsibility_may_request(self):
        with self.assertRaisesRegex(ValidationError, "normally lives with"):
            with self.env.cr.savepoint():
                self._request("2024-09-16", "2024-09-17", contact=self.father)
        with self.assertRaisesRegex(ValidationError, "do not have parental responsibility"):
            with self.env.cr.savepoint():
                self._request("2024-09-16", "2024-09-17", contact=self.granny)
        request = self._request("2024-09-16", "2024-09-17")
        self.assertEqual(request.requested_by_id, self.mother)
        self.assertTrue(request.name.startswith("ELOA/"), request.name)
        # Mon 16 and Tue 17 Sep: four sessions.
        self.assertEqual(request.session_count, 4)

    def test_contact_of_another_pupil_cannot_request(self):
        ben_mother = self._create_contact(self.ben, "Lily Lee", "mother", True, True)
        with self.assertRaisesRegex(ValidationError, "not a contact of Amira Khan"):
            with self.env.cr.savepoint():
                self._request("2024-09-16", "2024-09-17", contact=ben_mother)

    def test_request_less_than_two_weeks_ahead_is_flagged_late(self):
        late = self._request("2024-09-16", "2024-09-16", date_requested="2024-09-03")
        self.assertTrue(late.is_late_request)
        self.assertEqual(late.notice_days, 13)
        late.action_cancel()
        in_time = self._request("2024-09-16", "2024-09-16", date_requested="2024-09-02")
        self.assertFalse(in_time.is_late_request)
        self.assertEqual(in_time.notice_days, 14)
        # The "Late Requests" filter of the officer's list.
        found = self.Request.sudo(self.officer).search(
            [("is_late_request", "=", True), ("pupil_id", "=", self.amira.id)]
        )
        self.assertEqual(found, late)

    def test_half_day_range_counts_only_its_sessions(self):
        # From Monday afternoon to Wednesday morning: PM, AM+PM, AM.
        request = self._request("2024-09-16", "2024-09-18", period_from="pm", period_to="am")
        self.assertEqual(request.session_count, 4)
        self.assertEqual(request.session_ids[0], self._session("2024-09-16", "pm"))
        self.assertEqual(request.session_ids[-1], self._session("2024-09-18", "am"))

    def test_overlapping_request_for_the_same_pupil_is_refused(self):
        first = self._request("2024-09-16", "2024-09-18")
        with self.assertRaisesRegex(ValidationError, "already has a leave request for these dates"):
            with self.env.cr.savepoint():
                self._request("2024-09-18", "2024-09-20")
        # Half days that do not meet: first ends Wed AM, the next starts Wed PM.
        first.write({"period_to": "am"})
        self._request("2024-09-18", "2024-09-20", period_from="pm")
        # Another pupil on the same dates is not affected.
        ben_mother = self._create_contact(self.ben, "Lily Lee", "mother", True, True)
        self._request("2024-09-16", "2024-09-18", contact=ben_mother, pupil_id=self.ben.id)

    def test_cancelled_or_refused_request_frees_the_dates(self):
        first = self._request("2024-09-16", "2024-09-18")
        first.action_submit()
        first.write({"decision_reason": "Not exceptional"})
        first.action_refuse()
        second = self._request("2024-09-16", "2024-09-18")
        self.assertEqual(second.state, "draft")

    # ------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------
    def test_approval_records_leave_code_on_every_session(self):
        # Tue 10 Sep AM: register already taken with Amira as N (no reason yet).
        taken = self._register("2024-09-10", "am")
        self._line(taken, self.amira).write({"code_id": self.code["N"].id})
        taken.action_mark_all_present()
        taken.action_take()
        # Tue 10 Sep PM: register created but not taken; Wed 11 Sep: no register yet.
        open_register = self._register("2024-09-10", "pm")
        request = self._request("2024-09-10", "2024-09-11")
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        request.sudo(self.officer).action_approve()

        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decided_by, self.officer)
        self.assertTrue(request.decision_date)
        for date, period in (
            ("2024-09-10", "am"),
            ("2024-09-10", "pm"),
            ("2024-09-11", "am"),
            ("2024-09-11", "pm"),
        ):
            self.assertEqual(self._code(self.amira, date, period), "C", (date, period))
        # The taken register was amended, with the request as the reason.
        amended = self._line(taken, self.amira)
        self.assertEqual(len(amended.amendment_ids), 1)
        self.assertEqual(amended.amendment_ids.old_code_id, self.code["N"])
        self.assertEqual(amended.amendment_ids.new_code_id, self.code["C"])
        self.assertEqual(
            amended.amendment_ids.reason, "Leave of absence approved: %s" % request.name
        )
        self.assertEqual(amended.amendment_ids.user_id, self.officer)
        # The open register was set directly: no amendment.
        self.assertFalse(self._line(open_register, self.amira).amendment_ids)
        # Wednesday's register, created afterwards, already shows the leave.
        wednesday = self._register("2024-09-11", "am")
        self.assertEqual(self._line(wednesday, self.amira).code_id, self.code["C"])
        self.assertFalse(self._line(wednesday, self.ben).code_id)
        # Other pupils are untouched.
        self.assertEqual(self._line(taken, self.ben).code_id, self.code["/"])

    def test_officer_picks_another_leave_code_but_not_any_code(self):
        request = self._request("2024-09-12", "2024-09-12", is_exceptional=False)
        with self.assertRaisesRegex(ValidationError, "not a leave of absence code"):
            with self.env.cr.savepoint():
                request.write({"leave_code_id": self.code["H"].id})
        request.write({"leave_code_id": self.code["M"].id})
        request.action_submit()
        request.action_approve()
        self.assertEqual(self._code(self.amira, "2024-09-12", "am"), "M")
        self.assertEqual(self._code(self.amira, "2024-09-12", "pm"), "M")

    def test_code_c_needs_exceptional_circumstances(self):
        request = self._request("2024-09-12", "2024-09-12", is_exceptional=False)
        request.action_submit()
        with self.assertRaisesRegex(UserError, "only in exceptional circumstances"):
            with self.env.cr.savepoint():
                request.action_approve()
        self.assertEqual(request.state, "submitted")
        self.assertFalse(self._code(self.amira, "2024-09-12", "am"))

    def test_present_sessions_are_not_overwritten(self):
        register = self._register("2024-09-10", "am")
        register.action_mark_all_present()
        register.action_take()
        request = self._request("2024-09-10", "2024-09-10")
        request.action_submit()
        request.action_approve()
        # Amira came in that morning after all; the afternoon is leave.
        self.assertEqual(self._code(self.amira, "2024-09-10", "am"), "/")
        self.assertEqual(self._code(self.amira, "2024-09-10", "pm"), "C")

    def test_refusal_needs_a_reason(self):
        request = self._request("2024-09-16", "2024-09-17")
        request.action_submit()
        with self.assertRaisesRegex(UserError, "Give the reason for refusing"):
            with self.env.cr.savepoint():
                request.sudo(self.officer).action_refuse()
        self.assertEqual(request.state, "submitted")
        request.write({"decision_reason": "   "})
        with self.assertRaisesRegex(UserError, "Give the reason for refusing"):
            with self.env.cr.savepoint():
                request.action_refuse()
        request.write({"decision_reason": "A family holiday is not an exceptional circumstance."})
        request.sudo(self.officer).action_refuse()
        self.assertEqual(request.state, "refused")
        self.assertEqual(request.decided_by, self.officer)

    def test_refused_leave_taken_becomes_unauthorised_holiday(self):
        # Tue 17 Sep AM was already taken with Amira absent (O) when the head refuses.
        earlier = self._register("2024-09-17", "am")
        self._line(earlier, self.amira).write({"code_id": self.code["N"].id})
        earlier.action_mark_all_present()
        earlier.action_take()
        request = self._request("2024-09-16", "2024-09-18")
        request.action_submit()
        request.write({"decision_reason": "Term-time holiday: not exceptional."})
        request.action_refuse()
        self.assertEqual(self._code(self.amira, "2024-09-17", "am"), "G")
        amendment = self._line(earlier, self.amira).amendment_ids
        self.assertEqual(amendment.reason, "Leave of absence refused: %s" % request.name)
        self.assertEqual((amendment.old_code_id.code, amendment.new_code_id.code), ("N", "G"))

        # Wed 18 Sep AM: the teacher records Amira N and takes the register.
        register = self._register("2024-09-18", "am")
        self._line(register, self.amira).sudo(self.teacher).write({"code_id": self.code["N"].id})
        register.sudo(self.teacher).action_mark_all_present()
        register.sudo(self.teacher).action_take()
        line = self._line(register, self.amira)
        self.assertEqual(line.code_id, self.code["G"])
        self.assertEqual(line.amendment_ids.user_id, self.teacher)
        self.assertEqual(line.amendment_ids.reason, "Leave of absence refused: %s" % request.name)
        # Classmates and Amira's own present sessions keep their codes.
        self.assertEqual(self._line(register, self.ben).code_id, self.code["/"])
        pm = self._register("2024-09-18", "pm")
        pm.action_mark_all_present()
        pm.action_take()
        self.assertEqual(self._code(self.amira, "2024-09-18", "pm"), "\\")
        # A register outside the leave is left alone.
        after = self._register("2024-09-19", "am")
        self._line(after, self.amira).write({"code_id": self.code["N"].id})
        after.action_mark_all_present()
        after.action_take()
        self.assertEqual(self._code(self.amira, "2024-09-19", "am"), "N")
        self.assertIn("recorded as G", request.message_ids[0].body)

    def test_apply_refused_absence_is_idempotent(self):
        register = self._register("2024-09-16", "am")
        self._line(register, self.amira).write({"code_id": self.code["O"].id})
        register.action_mark_all_present()
        register.action_take()
        request = self._request("2024-09-16", "2024-09-16")
        request.action_submit()
        request.write({"decision_reason": "Not exceptional."})
        request.action_refuse()
        self.assertEqual(self._code(self.amira, "2024-09-16", "am"), "G")
        self.assertFalse(request.apply_refused_absence())
        self.assertEqual(len(self._line(register, self.amira).amendment_ids), 1)

    def test_decided_request_cannot_change_dates(self):
        request = self._request("2024-09-12", "2024-09-12")
        request.action_submit()
        request.action_approve()
        with self.assertRaisesRegex(UserError, "has been decided"):
            with self.env.cr.savepoint():
                request.write({"date_to": "2024-09-13"})

    def test_cancelling_an_approved_leave_frees_sessions_not_yet_registered(self):
        request = self._request("2024-09-23", "2024-09-23")
        request.action_submit()
        request.action_approve()
        self.assertEqual(self._code(self.amira, "2024-09-23", "am"), "C")
        request.action_cancel()
        self.assertEqual(request.state, "cancelled")
        self.assertFalse(self._code(self.amira, "2024-09-23", "am"))

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_teacher_cannot_see_or_decide_requests(self):
        request = self._request("2024-09-16", "2024-09-17")
        request.action_submit()
        with self.assertRaisesRegex(AccessError, "Only the head or a person they authorise"):
            request.sudo(self.teacher).action_approve()
        with self.assertRaisesRegex(AccessError, "Only the head or a person they authorise"):
            request.sudo(self.teacher).action_refuse()
        with self.assertRaises(AccessError):
            self.Request.sudo(self.teacher).search([])
        self.assertEqual(request.state, "submitted")
        self.assertFalse(self._code(self.amira, "2024-09-16", "am"))

    def test_other_school_cannot_see_requests(self):
        request = self._request("2024-09-16", "2024-09-17")
        self.assertFalse(self.Request.sudo(self.officer_b).search([("id", "=", request.id)]))

    def test_this_term_filter_finds_requests_of_the_current_term(self):
        today = fields.Date.from_string(fields.Date.context_today(self.Request))
        year = self._create_year(
            name="Current",
            date_start=fields.Date.to_string(today - datetime.timedelta(days=60)),
            date_end=fields.Date.to_string(today + datetime.timedelta(days=60)),
        )
        self.env["school.term"].create(
            {
                "name": "Current term",
                "academic_year_id": year.id,
                "date_start": fields.Date.to_string(today - datetime.timedelta(days=30)),
                "date_end": fields.Date.to_string(today + datetime.timedelta(days=30)),
            }
        )
        current = self._request(
            fields.Date.to_string(today + datetime.timedelta(days=1)),
            fields.Date.to_string(today + datetime.timedelta(days=3)),
        )
        self._request("2024-09-16", "2024-09-17")
        found = self.Request.sudo(self.officer).search([("is_this_term", "=", True)])
        self.assertEqual(found, current)
        self.assertTrue(current.is_this_term)

    def test_refused_leave_taken_opens_a_term_time_holiday_case(self):
        if "school.attendance.case" not in self.env:
            self.skipTest("Attendance cases are not installed.")
        register = self._register("2024-09-16", "am")
        self._line(register, self.amira).write({"code_id": self.code["N"].id})
        register.action_mark_all_present()
        register.action_take()
        request = self._request("2024-09-16", "2024-09-17")
        request.action_submit()
        request.write({"decision_reason": "Term-time holiday: not exceptional."})
        request.sudo(self.officer).action_refuse()
        Case = self.env["school.attendance.case"]
        case = Case.search(
            [("pupil_id", "=", self.amira.id), ("concern", "=", "term_time_holiday")]
        )
        self.assertEqual(len(case), 1)
        self.assertIn(request.name, case.message_ids[0].body)
        # The next session taken absent adds to the same case, it does not open another.
        tuesday = self._register("2024-09-17", "am")
        self._line(tuesday, self.amira).write({"code_id": self.code["N"].id})
        tuesday.sudo(self.teacher).action_mark_all_present()
        tuesday.sudo(self.teacher).action_take()
        self.assertEqual(self._code(self.amira, "2024-09-17", "am"), "G")
        self.assertEqual(
            Case.search([("pupil_id", "=", self.amira.id), ("concern", "=", "term_time_holiday")]),
            case,
        )
        self.assertIn("Tue 17 Sep 2024 AM", case.message_ids[0].body)

    def test_refused_leave_case_is_opened_by_the_escalation_engine(self):
        """The term-time holiday case has what every case has: opening figures, its
        owner (the school's policy's officer) as follower and not the teacher who
        took the register, and why it was opened, in its chatter and its log."""
        policy = self.env["school.attendance.policy"].create(
            {
                "name": "Leave policy",
                "company_id": self.company.id,
                "default_user_id": self.officer.id,
            }
        )
        self.company.attendance_policy_id = policy
        request = self._request("2024-09-16", "2024-09-17")
        request.action_submit()
        request.write({"decision_reason": "Term-time holiday: not exceptional."})
        request.sudo(self.officer).action_refuse()
        register = self._register("2024-09-16", "am")
        self._line(register, self.amira).write({"code_id": self.code["N"].id})
        register.sudo(self.teacher).action_mark_all_present()
        register.sudo(self.teacher).action_take()
        case = self.env["school.attendance.case"].search(
            [("pupil_id", "=", self.amira.id), ("concern", "=", "term_time_holiday")]
        )
        self.assertEqual(case.policy_id, policy)
        self.assertEqual(case.user_id, self.officer)
        self.assertEqual(case.message_partner_ids, self.officer.partner_id)
        self.assertEqual(case.date_opened, "2024-09-16")
        self.assertEqual((case.opening_possible, case.opening_unauthorised), (1, 1))
        (log,) = case.step_log_ids
        self.assertFalse(log.step_id)
        self.assertIn("leave request %s was refused and taken" % request.name, log.message)
        self.assertTrue(log.message.endswith("→ case opened"))
        self.assertIn(request.name, case.message_ids[0].body)
