"""Closures that are not whole-school, and unexpected closures (Y codes).

Calendar: autumn term 2024 from Mon 2 Sep (register_common); 3B is Year 3 (Amira,
Ben, Cara; Dan from 11 Sep), 4K is Year 4 (Eve).
"""

from odoo.exceptions import UserError, ValidationError

from .register_common import RegisterCase


class TestClosures(RegisterCase):
    @classmethod
    def setUpClass(cls):
        super(TestClosures, cls).setUpClass()
        cls.Closure = cls.env["school.closure"].sudo(cls.manager)
        code_model = cls.env["school.attendance.code"]
        cls.code.update({c: code_model.get_code(c) for c in ("#", "Y3", "Y4")})

    def _closure(self, **vals):
        values = {"name": "Year 4 induction", "date_from": "2024-09-06", "date_to": "2024-09-06"}
        values.update(vals)
        return self.Closure.create(values)

    def test_year_group_closure_keeps_the_session_and_codes_its_pupils_hash(self):
        self._closure(scope="year_groups", year_groups="4")
        self.assertTrue(self._session("2024-09-06", "am"))
        register_4k = self._register("2024-09-06", "am", self.group_4k)
        register_3b = self._register("2024-09-06", "am")
        self.assertEqual(self._line(register_4k, self.eve).code_id, self.code["#"])
        self.assertFalse(self._line(register_3b, self.amira).code_id)
        # 4K's register is complete: nobody in it is due to attend.
        register_4k.sudo(self.teacher_b).action_take()
        self.assertEqual(register_4k.state, "taken")

    def test_group_closure_codes_the_registers_already_created(self):
        register_3b = self._register("2024-09-13", "pm")
        register_4k = self._register("2024-09-13", "pm", self.group_4k)
        self._closure(
            name="3B trip cancelled, class at home",
            scope="groups",
            group_ids=[(6, 0, [self.group_3b.id])],
            date_from="2024-09-13",
            date_to="2024-09-13",
            period="pm",
        )
        self.assertEqual(self._line(register_3b, self.ben).code_id, self.code["#"])
        self.assertFalse(self._line(register_4k, self.eve).code_id)
        # The morning is not closed.
        self.assertFalse(self._line(self._register("2024-09-13", "am"), self.ben).code_id)

    def test_unexpected_closure_amends_taken_registers_with_the_y_code(self):
        register_3b = self._register("2024-09-10", "am")
        register_3b.action_mark_all_present()
        register_3b.sudo(self.teacher).action_take()
        self._closure(
            name="Snow",
            kind="unexpected",
            code_id=self.code["Y4"].id,
            date_from="2024-09-10",
            date_to="2024-09-10",
            period="am",
        )
        mark = self._line(register_3b, self.ben)
        self.assertEqual(mark.code_id, self.code["Y4"])
        amendment = mark.amendment_ids
        self.assertEqual(len(amendment), 1)
        self.assertEqual((amendment.old_code_id.code, amendment.new_code_id.code), ("/", "Y4"))
        self.assertEqual(amendment.reason, "Closure: Snow")
        self.assertEqual(amendment.user_id, self.manager)
        # 4K had no register yet: it is created with Y4 for Eve, no amendment needed.
        register_4k = self._register("2024-09-10", "am", self.group_4k)
        eve = self._line(register_4k, self.eve)
        self.assertEqual(eve.code_id, self.code["Y4"])
        self.assertFalse(eve.amendment_ids)
        # The afternoon is untouched.
        self.assertFalse(self._line(self._register("2024-09-10", "pm"), self.ben).code_id)

    def test_unexpected_closure_for_one_year_group(self):
        self._closure(
            name="Heating failure, Year 3 block",
            kind="unexpected",
            scope="year_groups",
            year_groups="3",
            code_id=self.code["Y3"].id,
            date_from="2024-09-12",
            date_to="2024-09-12",
        )
        for period in ("am", "pm"):
            self.assertEqual(
                self._line(self._register("2024-09-12", period), self.dan).code_id, self.code["Y3"]
            )
            register_4k = self._register("2024-09-12", period, self.group_4k)
            self.assertFalse(self._line(register_4k, self.eve).code_id)

    def test_bad_closures_are_refused_with_a_clear_message(self):
        with self.assertRaisesRegex(ValidationError, "holds no session"):
            self._closure(
                scope="groups",
                group_ids=[(6, 0, [self.group_4k.id])],
                date_from="2024-09-14",
                date_to="2024-09-15",
            )
        with self.assertRaisesRegex(ValidationError, "holds no session"):
            self._closure(
                kind="unexpected",
                code_id=self.code["Y4"].id,
                date_from="2025-01-02",
                date_to="2025-01-02",
            )
        with self.assertRaisesRegex(ValidationError, "year groups"):
            self._closure(scope="year_groups", year_groups="4, Z")
        with self.assertRaisesRegex(ValidationError, "Y code"):
            self._closure(kind="unexpected", code_id=self.code["#"].id)
        with self.assertRaisesRegex(ValidationError, "reason"):
            self._closure(kind="unexpected", code_id=self.code["Y7"].id)

    def test_a_closure_that_has_begun_is_not_moved(self):
        closure = self._closure(scope="year_groups", year_groups="4")
        with self.assertRaises(UserError):
            closure.write({"date_to": "2024-09-09"})
        closure.write({"name": "Year 4 induction day"})  # a name is fine
