from odoo.addons.school_attendance.rules.lateness import hours

from .register_common import RegisterCase


class TestLateness(RegisterCase):
    """Arrival times become codes with the school's register times (seed 002:
    AM register at 8:50, closes at 9:20; PM at 13:00, closes at 13:30)."""

    @classmethod
    def setUpClass(cls):
        super(TestLateness, cls).setUpClass()
        cls.am = cls._register_for("2024-09-10", "am")
        cls.pm = cls._register_for("2024-09-10", "pm")

    @classmethod
    def _register_for(cls, date, period):
        cls.Register.generate_registers(date, date)
        return cls.Register.search(
            [("date", "=", date), ("period", "=", period), ("group_id", "=", cls.group_3b.id)]
        )

    def _arrive(self, register, pupil, arrival):
        mark = self._line(register, pupil)
        mark.write({"arrival_time": arrival})
        return mark.code_id.code, mark.minutes_late

    def test_arrival_after_register_is_late(self):
        self.assertEqual(self._arrive(self.am, self.amira, hours(8, 51)), ("L", 1))

    def test_arrival_after_register_closed_is_u(self):
        self.assertEqual(self._arrive(self.am, self.ben, hours(9, 21)), ("U", 31))
        self.assertEqual(self._line(self.am, self.ben).category, "unauthorised")

    def test_arrival_on_time_is_present(self):
        self.assertEqual(self._arrive(self.am, self.cara, hours(8, 45)), ("/", 0))
        self.assertEqual(self._arrive(self.pm, self.cara, hours(12, 55)), ("\\", 0))

    def test_arrival_exactly_when_register_closes_is_still_late(self):
        self.assertEqual(self._arrive(self.am, self.cara, hours(9, 20)), ("L", 30))

    def test_afternoon_register(self):
        self.assertEqual(self._arrive(self.pm, self.amira, hours(13, 10)), ("L", 10))
        self.assertEqual(self._arrive(self.pm, self.ben, hours(13, 40)), ("U", 40))

    def test_school_register_times_are_used(self):
        self.company.write({"register_am_time": hours(8, 40), "register_am_close": hours(9, 10)})
        self.assertEqual(self._arrive(self.am, self.amira, hours(8, 51)), ("L", 11))
        self.assertEqual(self._arrive(self.am, self.ben, hours(9, 11)), ("U", 31))

    def test_onchange_fills_code_and_minutes_in_the_form(self):
        mark = self._line(self.am, self.amira)
        line = self.Mark.new(
            {
                "pupil_id": mark.pupil_id.id,
                "session_id": mark.session_id.id,
                "arrival_time": hours(9, 21),
            }
        )
        line._onchange_arrival_time()
        self.assertEqual((line.code_id.code, line.minutes_late), ("U", 31))

    def test_rpc_create_with_arrival_time(self):
        session = self._session("2024-09-17")
        mark = self.Mark.create(
            {"pupil_id": self.amira.id, "session_id": session.id, "arrival_time": hours(8, 51)}
        )
        self.assertEqual((mark.code_id.code, mark.minutes_late), ("L", 1))

    def test_code_not_decided_by_arrival_is_kept(self):
        # Back from the dentist at 10:15: M stays, the minutes are recorded.
        mark = self._line(self.am, self.amira)
        mark.write({"code_id": self.code["M"].id, "arrival_time": hours(10, 15)})
        self.assertEqual((mark.code_id.code, mark.minutes_late), ("M", 85))

    def test_arrival_times_then_take(self):
        self._arrive(self.am, self.amira, hours(8, 51))
        self._arrive(self.am, self.ben, hours(9, 21))
        self.am.action_mark_all_present()
        self.am.action_take()
        codes = {m.pupil_id.first_name: m.code_id.code for m in self.am.mark_ids}
        self.assertEqual(codes, {"Amira": "L", "Ben": "U", "Cara": "/"})
