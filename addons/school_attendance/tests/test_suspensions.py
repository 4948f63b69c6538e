"""Suspensions and exclusions: E on their sessions, the alternative provision's code from
the sixth school day, and the five s103 days the parents are told.

Calendar: autumn term 2024 from Mon 2 Sep (register_common).
"""

from odoo.exceptions import ValidationError

from .register_common import RegisterCase


class TestSuspensions(RegisterCase):
    @classmethod
    def setUpClass(cls):
        super(TestSuspensions, cls).setUpClass()
        cls.Suspension = cls.env["school.suspension"].sudo(cls.officer)
        code_model = cls.env["school.attendance.code"]
        cls.code.update({c: code_model.get_code(c) for c in ("E", "B")})

    def _codes(self, pupil, date_from, date_to):
        marks = self.Mark.search(
            [("pupil_id", "=", pupil.id), ("date", ">=", date_from), ("date", "<=", date_to)],
            order="date, period",
        )
        return [(m.date, m.period, m.code_id.code) for m in marks]

    def test_suspension_codes_e_then_the_provision_from_the_sixth_school_day(self):
        # Wed 9 Oct PM to Wed 16 Oct 2024: school days 9, 10, 11, 14, 15 (the s103
        # days) then 16 Oct, the sixth, at the provision (B).
        register = self._register("2024-10-09", "am")
        register.action_mark_all_present()
        register.sudo(self.teacher).action_take()
        suspension = self.Suspension.create(
            {
                "pupil_id": self.ben.id,
                "date_from": "2024-10-09",
                "period_from": "pm",
                "date_to": "2024-10-16",
                "provision_code_id": self.code["B"].id,
                "provision_details": "Riverside Learning Centre",
                "reason": "Persistent disruption",
            }
        )
        self.assertEqual(suspension.school_day_count, 6)
        self.assertEqual(
            suspension.s103_days,
            "Wed 09 Oct 2024, Thu 10 Oct 2024, Fri 11 Oct 2024, Mon 14 Oct 2024, Tue 15 Oct 2024",
        )
        self.assertEqual(suspension.provision_from, "2024-10-16")
        suspension.action_confirm()
        codes = self._codes(self.ben, "2024-10-09", "2024-10-16")
        self.assertEqual(codes[0], ("2024-10-09", "am", "/"))  # before the suspension
        self.assertEqual([c for _d, _p, c in codes[1:10]], ["E"] * 9)
        self.assertEqual(codes[10:], [("2024-10-16", "am", "B"), ("2024-10-16", "pm", "B")])
        # The advance entries join their registers when those are created.
        register = self._register("2024-10-10", "am")
        self.assertEqual(self._line(register, self.ben).code_id, self.code["E"])
        self.assertEqual(len(register.mark_ids.filtered(lambda m: m.pupil_id == self.ben)), 1)

    def test_taken_registers_are_amended(self):
        register = self._register("2024-10-21", "am")
        register.action_mark_all_present()
        register.sudo(self.teacher).action_take()
        self.Suspension.create(
            {"pupil_id": self.cara.id, "date_from": "2024-10-21", "date_to": "2024-10-21"}
        ).action_confirm()
        mark = self._line(register, self.cara)
        self.assertEqual(mark.code_id, self.code["E"])
        self.assertEqual(mark.amendment_ids.old_code_id.code, "/")
        self.assertIn("Suspension", mark.amendment_ids.reason)

    def test_without_provision_every_session_is_e(self):
        suspension = self.Suspension.create(
            {"pupil_id": self.amira.id, "date_from": "2024-11-04", "date_to": "2024-11-12"}
        )
        suspension.action_confirm()
        codes = {c for _d, _p, c in self._codes(self.amira, "2024-11-04", "2024-11-12")}
        self.assertEqual(codes, {"E"})
        self.assertEqual(len(self._codes(self.amira, "2024-11-04", "2024-11-12")), 14)

    def test_parents_letter_names_the_s103_days(self):
        suspension = self.Suspension.create(
            {"pupil_id": self.amira.id, "date_from": "2024-11-04", "date_to": "2024-11-12"}
        )
        suspension.action_confirm()
        report = self.env.ref("school_attendance.action_report_suspension_letter")
        html = report.sudo(self.officer).render_qweb_html(suspension.ids)[0].decode()
        self.assertIn(
            "Mon 04 Nov 2024, Tue 05 Nov 2024, Wed 06 Nov 2024, Thu 07 Nov 2024, Fri 08 Nov 2024",
            html,
        )
        self.assertIn("section 103", html)

    def test_bad_dates_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "holds no school session"):
            self.Suspension.create(
                {"pupil_id": self.amira.id, "date_from": "2024-12-23", "date_to": "2024-12-31"}
            )
        with self.assertRaisesRegex(ValidationError, "end on or after"):
            self.Suspension.create(
                {"pupil_id": self.amira.id, "date_from": "2024-11-05", "date_to": "2024-11-04"}
            )
        first = self.Suspension.create(
            {"pupil_id": self.eve.id, "date_from": "2024-11-04", "date_to": "2024-11-05"}
        )
        first.action_confirm()
        second = self.Suspension.create(
            {"pupil_id": self.eve.id, "date_from": "2024-11-05", "date_to": "2024-11-06"}
        )
        with self.assertRaisesRegex(ValidationError, "already suspended"):
            second.action_confirm()
