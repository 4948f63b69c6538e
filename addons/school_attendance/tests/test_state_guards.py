"""What places a mark and what records the register's status change only
through the register's own buttons and amendments, whatever a client sends."""

from odoo.exceptions import AccessError, UserError, ValidationError

from .register_common import RegisterCase


class TestStateGuards(RegisterCase):
    @classmethod
    def setUpClass(cls):
        super(TestStateGuards, cls).setUpClass()
        cls.closed = cls._take("2024-09-10")
        cls.closed.sudo(cls.officer).action_close()
        cls.taken = cls._take("2024-09-11")

    @classmethod
    def _take(cls, date):
        cls.Register.generate_registers(date, date)
        register = cls.Register.search(
            [("date", "=", date), ("period", "=", "am"), ("group_id", "=", cls.group_3b.id)]
        )
        register.sudo(cls.teacher).action_mark_all_present()
        register.sudo(cls.teacher).action_take()
        return register

    def test_context_key_from_the_client_does_not_reopen_a_closed_register(self):
        mark = self._line(self.closed, self.amira)
        for user in (self.teacher, self.officer, self.manager):
            register = self.closed.sudo(user).with_context(school_register_action=True)
            with self.assertRaisesRegex(UserError, "buttons"):
                register.write({"state": "draft"})
        self.assertEqual(self.closed.state, "closed")
        # The closed register's mark still changes only by a manager's amendment.
        with self.assertRaises(AccessError):
            mark.sudo(self.officer).with_context(amendment_reason="typo").write(
                {"code_id": self.code["N"].id}
            )
        self.assertEqual(mark.code_id, self.code["/"])
        self.assertFalse(mark.amendment_ids)

    def test_a_mark_cannot_be_moved_to_another_register_session_or_pupil(self):
        mark = self._line(self.closed, self.amira)
        draft = self._register("2024-09-12")
        other = {
            "register_id": draft.id,
            "session_id": draft.session_id.id,
            "pupil_id": self.eve.id,
        }
        for name, value in other.items():
            for user in (self.officer, self.manager):
                with self.assertRaisesRegex(UserError, "cannot be moved"):
                    mark.sudo(user).write({name: value})
        self.assertEqual(mark.register_id, self.closed)
        self.assertEqual(mark.pupil_id, self.amira)

    def test_company_and_audit_fields_of_a_register_are_not_writable(self):
        changes = {
            "company_id": self.company_b.id,
            "taken_by": self.teacher_b.id,
            "taken_at": "2024-09-11 23:00:00",
            "teacher_id": self.teacher_b.id,
        }
        for name, value in changes.items():
            for user in (self.teacher, self.officer):
                with self.assertRaises(UserError):
                    self.taken.sudo(user).write({name: value})
        self.assertEqual(self.taken.company_id, self.company)
        self.assertEqual(self.taken.taken_by, self.teacher)
        self.assertEqual(self.taken.teacher_id, self.teacher)
        self.assertEqual(self.taken.session_id.company_id, self.company)

    def test_officer_gives_a_register_still_to_take_to_a_cover_teacher(self):
        draft = self._register("2024-09-12")
        with self.assertRaises(UserError):
            draft.sudo(self.teacher).write({"teacher_id": self.teacher_b.id})
        draft.sudo(self.officer).write({"teacher_id": self.teacher_b.id})
        self.assertEqual(draft.teacher_id, self.teacher_b)

    def test_company_of_marks_and_contacts_is_not_writable(self):
        mark = self._line(self.taken, self.ben)
        with self.assertRaises(UserError):
            mark.sudo(self.teacher).write({"company_id": self.company_b.id})
        partner = self.env["res.partner"].create({"name": "Lena Lee"})
        contact = self.env["school.pupil.contact"].create(
            {"pupil_id": self.ben.id, "partner_id": partner.id, "relationship": "mother"}
        )
        with self.assertRaises(UserError):
            contact.sudo(self.officer).write({"company_id": self.company_b.id})
        self.assertEqual(mark.company_id, self.company)
        self.assertEqual(self.ben.company_id, self.company)

    def test_teacher_cannot_mark_a_pupil_of_another_group_or_another_session(self):
        draft = self._register("2024-09-12")
        # Joined after the registers were made: no line yet anywhere.
        gus = self._create_pupil("Gus", "Hay", self.group_4k)
        kit = self._create_pupil("Kit", "Ives", self.group_3b)
        Mark = self.Mark.sudo(self.teacher)
        with self.assertRaisesRegex(ValidationError, "not in the group 3B"), self.cr.savepoint():
            Mark.create(
                {
                    "pupil_id": gus.id,
                    "session_id": draft.session_id.id,
                    "register_id": draft.id,
                    "code_id": self.code["N"].id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "is for the session"), self.cr.savepoint():
            Mark.create(
                {
                    "pupil_id": kit.id,
                    "session_id": self.taken.session_id.id,
                    "register_id": draft.id,
                    "code_id": self.code["N"].id,
                }
            )
        self.assertFalse(self.Mark.search([("pupil_id", "in", (gus | kit).ids)]))
        # Their own pupil in their own register's session: fine.
        mark = Mark.create(
            {"pupil_id": kit.id, "session_id": draft.session_id.id, "register_id": draft.id}
        )
        self.assertEqual(mark.register_id, draft)

    def test_escalation_runs_by_hand_for_a_day_that_has_come_only(self):
        self.assertTrue(self.company.attendance_policy_id)
        Policy = self.env["school.attendance.policy"]
        with self.assertRaisesRegex(UserError, "before that day has come"):
            Policy.sudo(self.officer).run_escalation("2099-09-07")
        self.assertFalse(self.env["school.attendance.case"].search([]))
        with self.assertRaises(AccessError):
            Policy.sudo(self.teacher).run_escalation()

    def test_context_key_from_the_client_does_not_name_the_author(self):
        # A client sending portal_author_id (a plain value) used to post as that
        # partner; only the server's own portal_author() names a parent.
        parent = self.env["res.partner"].create({"name": "Someone Else"})
        register = self.taken.sudo(self.officer)
        message = register.with_context(portal_author_id=parent.id).message_post(
            body="Checked", subtype="mail.mt_note"
        )
        self.assertEqual(message.author_id, self.officer.partner_id)
