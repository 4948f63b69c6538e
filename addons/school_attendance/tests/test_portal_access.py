"""Parents' portal: who gets a login, and what a parent can and cannot read."""

from odoo.exceptions import AccessError, UserError

from .portal_common import PortalCase


class TestPortalAccess(PortalCase):
    def test_officer_grants_a_portal_login_with_an_invitation(self):
        user = self.sara_user
        self.assertEqual(len(user), 1)
        self.assertTrue(user.has_group("base.group_portal"))
        self.assertFalse(user.has_group("base.group_user"))
        self.assertEqual(user.login, "sara.khan@example.org")
        self.assertEqual(user.company_id, self.amira.company_id)
        self.assertTrue(self.sara.has_portal_access)
        mail = self.env["mail.mail"].search(
            [("model", "=", "school.pupil.contact"), ("res_id", "=", self.sara.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("parents' portal", mail.subject)
        self.assertIn("/web/signup?", mail.body_html)
        self.assertIn(self.sara.partner_id.signup_token, mail.body_html)
        # Granting again keeps the one login and sends nothing more.
        self.sara.sudo(self.officer).action_grant_portal_access()
        self.assertEqual(self.sara.partner_id.user_ids, user)
        self.assertEqual(
            self.env["mail.mail"].search_count(
                [("model", "=", "school.pupil.contact"), ("res_id", "=", self.sara.id)]
            ),
            1,
        )

    def test_no_login_without_parental_responsibility_email_or_office_role(self):
        with self.assertRaisesRegex(UserError, "Noor Khan has no parental responsibility"):
            self.noor.sudo(self.officer).action_grant_portal_access()
        no_email = self._contact(self.ben, "Tom Lee", False, True)
        with self.assertRaisesRegex(UserError, "Tom Lee has no e-mail address"):
            no_email.sudo(self.officer).action_grant_portal_access()
        with self.assertRaises(AccessError):
            self.noor.sudo(self.teacher).action_grant_portal_access()
        self.assertFalse(self.noor.partner_id.user_ids)

    def test_parent_sees_only_their_own_child(self):
        Pupil = self.env["school.pupil"].sudo(self.sara_user)
        self.assertEqual(Pupil.search([]), self.amira)
        with self.assertRaises(AccessError):
            Pupil.browse(self.ben.id).read(["name"])
        self.assertEqual(self.env["school.pupil"].sudo(self.lily_user).search([]), self.ben)
        marks = self.Mark.sudo(self.sara_user).search([])
        self.assertTrue(marks)
        self.assertEqual(marks.mapped("pupil_id"), self.amira)
        ben_mark = self._mark(self.ben, self.past_day, "am")
        with self.assertRaises(AccessError):
            ben_mark.sudo(self.sara_user).read(["code_id"])
        contacts = self.env["school.pupil.contact"].sudo(self.sara_user).search([])
        self.assertEqual(contacts, self.sara)

    def test_parent_sees_attendance_figures_of_their_child(self):
        amira = self.amira.sudo(self.sara_user)
        # 2 sessions taken: N (unauthorised absence) and present: 50%.
        self.assertAlmostEqual(amira.attendance_pct_year, 50.0)
        self.assertEqual(
            amira.attendance_pct_year, self.amira.sudo(self.officer).attendance_pct_year
        )
        self.assertTrue(amira.attendance_band)
        days = amira.get_portal_sessions(self.past_day, self.past_day)
        self.assertEqual(days[0]["am"]["code"], "N")
        self.assertEqual(days[0]["am"]["label"], "Reason not yet provided")
        self.assertEqual(days[0]["am"]["meaning"], "Absent, not authorised")
        self.assertEqual(days[0]["pm"]["meaning"], "In school")

    def test_parent_reads_the_distance_to_each_line(self):
        # 1 session attended of 2 (50%): below 96%, 90% and 50%; the next session brings
        # Amira back above 50% (2 of 3), the parent reads the same as the officer.
        (row,) = self.amira.sudo(self.sara_user).get_attendance_foresight()
        (staff_row,) = self.amira.sudo(self.officer).get_attendance_foresight()
        self.assertEqual(row, staff_row)
        lines = {line["line"]: line for line in row["lines"]}
        self.assertTrue(all(line["below"] for line in row["lines"]))
        self.assertEqual(lines["50"]["sessions"], 1)
        with self.assertRaises(AccessError):
            self.ben.sudo(self.sara_user).get_attendance_foresight()

    def test_parent_cannot_read_cases_amendments_or_chatter(self):
        case = self.env["school.attendance.case"].create(
            {"pupil_id": self.amira.id, "concern": "low_attendance"}
        )
        case.message_post(body="Case note: home visit planned", subtype="mail.mt_comment")
        with self.assertRaises(AccessError):
            self.env["school.attendance.case"].sudo(self.sara_user).search([])
        with self.assertRaises(AccessError):
            case.sudo(self.sara_user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["school.attendance.amendment"].sudo(self.sara_user).search([])
        with self.assertRaises(AccessError):
            self.env["school.attendance.register"].sudo(self.sara_user).search([])
        # The chatter of the child's own pupil record (tracking of safeguarding
        # flags, notes) is for staff only.
        self.amira.message_post(body="Social worker informed", subtype="mail.mt_comment")
        Message = self.env["mail.message"].sudo(self.sara_user)
        self.assertFalse(Message.search([("model", "like", "school.")]))
        note = self.env["mail.message"].search(
            [("model", "=", "school.attendance.case"), ("res_id", "=", case.id)], limit=1
        )
        with self.assertRaises(AccessError):
            note.sudo(self.sara_user).read(["body"])
        pupil_note = self.env["mail.message"].search(
            [("model", "=", "school.pupil"), ("res_id", "=", self.amira.id)], limit=1
        )
        with self.assertRaises(AccessError):
            pupil_note.sudo(self.sara_user).read(["body"])

    def test_parent_sees_only_their_childs_agreement_and_next_review(self):
        Contract = self.env["school.attendance.contract"]
        amira_plan = Contract.create(
            {"pupil_id": self.amira.id, "kind": "parent_contract", "weeks": 4}
        )
        amira_plan.action_start()
        ben_plan = Contract.create({"pupil_id": self.ben.id, "kind": "parent_contract"})
        self.assertEqual(Contract.sudo(self.sara_user).search([]), amira_plan)
        reviews = self.env["school.attendance.contract.review"].sudo(self.sara_user).search([])
        self.assertEqual(reviews.mapped("contract_id"), amira_plan)
        self.assertEqual(len(reviews), 2)
        with self.assertRaises(AccessError):
            ben_plan.sudo(self.sara_user).read(["name"])

    def test_leave_requests_of_another_family_are_hidden(self):
        request = self.env["school.leave.request"].create(
            {
                "pupil_id": self.ben.id,
                "requested_by_id": self.lily.id,
                "date_from": self.past_day,
                "date_to": self.past_day,
                "reason": "Wedding",
            }
        )
        self.assertFalse(self.env["school.leave.request"].sudo(self.sara_user).search([]))
        with self.assertRaises(AccessError):
            request.sudo(self.sara_user).read(["reason"])
        self.assertEqual(self.env["school.leave.request"].sudo(self.lily_user).search([]), request)
