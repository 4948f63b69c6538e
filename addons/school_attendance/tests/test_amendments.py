from odoo.exceptions import AccessError, UserError, ValidationError

from .register_common import RegisterCase


class TestAmendments(RegisterCase):
    """Changes to a taken register: reason, who, position; closed registers; retention."""

    @classmethod
    def setUpClass(cls):
        super(TestAmendments, cls).setUpClass()
        cls.Register.generate_registers("2024-09-10", "2024-09-10")
        cls.register = cls.Register.search(
            [("date", "=", "2024-09-10"), ("period", "=", "am"), ("group_id", "=", cls.group_3b.id)]
        )
        cls.ben_mark = cls.register.mark_ids.filtered(lambda m: m.pupil_id == cls.ben)
        cls.ben_mark.write({"code_id": cls.code["N"].id})
        cls.register.action_mark_all_present()
        cls.register.action_take()
        cls.Wizard = cls.env["school.attendance.amend.wizard"]

    def _amend(self, user, mark, code, reason, minutes=0):
        wizard = self.Wizard.sudo(user).create(
            {
                "mark_id": mark.id,
                "new_code_id": code.id,
                "new_minutes_late": minutes,
                "reason": reason,
            }
        )
        return wizard.action_apply()

    def test_amendment_records_old_and_new_entry_reason_user_and_position(self):
        self._amend(self.officer, self.ben_mark, self.code["M"], "Dentist appointment letter")
        self.assertEqual(self.ben_mark.code_id, self.code["M"])
        amendment = self.Amendment.search([("mark_id", "=", self.ben_mark.id)])
        self.assertEqual(len(amendment), 1)
        self.assertEqual(amendment.old_code_id, self.code["N"])
        self.assertEqual(amendment.new_code_id, self.code["M"])
        self.assertEqual(amendment.reason, "Dentist appointment letter")
        self.assertEqual(amendment.user_id, self.officer)
        self.assertEqual(amendment.position, "Attendance Officer")
        self.assertTrue(amendment.date)
        self.assertEqual(amendment.pupil_id, self.ben)
        self.assertEqual(amendment.session_id, self.register.session_id)
        self.assertEqual(self.ben_mark.amendment_ids, amendment)

    def test_position_is_the_users_job_title(self):
        self.teacher.attendance_position = "Year 3 Class Teacher"
        mark = self._line(self.register, self.amira)
        self._amend(self.teacher, mark, self.code["L"], "Signed in late at reception", minutes=12)
        amendment = mark.amendment_ids
        self.assertEqual(amendment.position, "Year 3 Class Teacher")
        self.assertEqual((amendment.old_code_id.code, amendment.new_code_id.code), ("/", "L"))
        self.assertEqual((amendment.old_minutes_late, amendment.new_minutes_late), (0, 12))

    def test_change_without_reason_fails_and_leaves_the_mark(self):
        mark = self.ben_mark.sudo(self.teacher)
        with self.assertRaisesRegex(UserError, "give a reason"):
            mark.write({"code_id": self.code["I"].id})
        with self.assertRaisesRegex(UserError, "give a reason"):
            mark.with_context(amendment_reason="   ").write({"minutes_late": 5})
        self.ben_mark.invalidate_cache()
        self.assertEqual(self.ben_mark.code_id, self.code["N"])
        self.assertEqual(self.ben_mark.minutes_late, 0)
        self.assertFalse(self.Amendment.search([("mark_id", "=", self.ben_mark.id)]))

    def test_teacher_amends_own_register_with_reason(self):
        self.ben_mark.sudo(self.teacher).with_context(amendment_reason="Mother phoned: ill").write(
            {"code_id": self.code["I"].id}
        )
        self.assertEqual(self.ben_mark.code_id, self.code["I"])
        self.assertEqual(self.ben_mark.amendment_ids.user_id, self.teacher)
        self.assertEqual(self.ben_mark.amendment_ids.position, "Teacher")

    def test_comment_change_is_not_an_amendment(self):
        self.ben_mark.write({"comment": "Phoned twice, no answer"})
        self.assertFalse(self.ben_mark.amendment_ids)

    def test_changes_before_the_register_is_taken_are_not_amendments(self):
        draft = self._register("2024-09-11")
        mark = self._line(draft, self.amira)
        mark.write({"code_id": self.code["/"].id})
        mark.write({"code_id": self.code["I"].id})
        self.assertFalse(mark.amendment_ids)

    def test_taken_mark_cannot_lose_its_code(self):
        with self.assertRaisesRegex(ValidationError, "needs a code"):
            with self.cr.savepoint():
                self.ben_mark.with_context(amendment_reason="oops").write({"code_id": False})
        self.ben_mark.invalidate_cache()
        self.assertEqual(self.ben_mark.code_id, self.code["N"])

    def test_closed_register_only_manager_amends(self):
        self.register.sudo(self.officer).action_close()
        self.assertEqual(self.register.state, "closed")
        with self.assertRaisesRegex(AccessError, "only an attendance manager"):
            self._amend(self.officer, self.ben_mark, self.code["I"], "Illness confirmed")
        self.assertEqual(self.ben_mark.code_id, self.code["N"])
        self._amend(self.manager, self.ben_mark, self.code["I"], "Illness confirmed")
        self.assertEqual(self.ben_mark.code_id, self.code["I"])
        self.assertEqual(self.ben_mark.amendment_ids.position, "Attendance Manager")

    def test_only_manager_reopens_a_closed_register(self):
        self.register.action_close()
        with self.assertRaises(AccessError):
            self.register.sudo(self.officer).action_reopen()
        self.register.sudo(self.manager).action_reopen()
        self.assertEqual(self.register.state, "taken")
        # Still a taken register: changes are amendments.
        with self.assertRaisesRegex(UserError, "give a reason"):
            self.ben_mark.sudo(self.officer).write({"code_id": self.code["I"].id})

    def test_nobody_deletes_marks(self):
        for user in (self.teacher, self.officer, self.manager):
            with self.assertRaises((AccessError, UserError)):
                self.ben_mark.sudo(user).unlink()
        with self.assertRaisesRegex(UserError, "kept for 6 years"):
            self.ben_mark.unlink()  # not even the superuser
        self.assertTrue(self.ben_mark.exists())

    def test_nobody_creates_changes_or_deletes_amendments(self):
        self._amend(self.officer, self.ben_mark, self.code["M"], "Dentist")
        amendment = self.ben_mark.amendment_ids
        for user in (self.teacher, self.officer, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                amendment.sudo(user).unlink()
            with self.assertRaises(AccessError):
                amendment.sudo(user).write({"reason": "Something else"})
            with self.assertRaises(AccessError):
                self.Amendment.sudo(user).create(
                    {
                        "mark_id": self.ben_mark.id,
                        "reason": "Forged",
                        "user_id": user.id,
                    }
                )
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            amendment.unlink()
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            amendment.write({"reason": "Something else"})
        self.assertEqual(amendment.reason, "Dentist")

    def test_teacher_sees_amendments_of_own_groups_only(self):
        self._amend(self.officer, self.ben_mark, self.code["M"], "Dentist")
        self.assertEqual(
            self.Amendment.sudo(self.teacher).search([]).mapped("mark_id"), self.ben_mark
        )
        self.assertFalse(self.Amendment.sudo(self.teacher_b).search([]))
