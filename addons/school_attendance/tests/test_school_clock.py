"""Each school runs on its own clock (res.company.school_tz), not the user's or the cron's.

The fixed "now" is 23:30 UTC on Wednesday 11 September 2024: in London (BST,
UTC+1) it is already 00:30 on Thursday 12 September.
"""

import datetime
from unittest.mock import patch

from .register_common import RegisterCase

WED_2330_UTC = datetime.datetime(2024, 9, 11, 23, 30)


class TestSchoolClock(RegisterCase):
    def _at(self, utc_now):
        """Fix the UTC clock every school's local time is computed from."""
        return patch.object(type(self.env["res.company"]), "_utc_now", lambda self: utc_now)

    def test_new_school_defaults_to_london(self):
        self.assertEqual(self.company_b.school_tz, "Europe/London")
        field = self.env["res.company"]._fields["school_tz"]
        self.assertIn("timezone", field.help.lower())

    def test_school_today_is_the_local_date(self):
        with self._at(WED_2330_UTC):
            self.assertEqual(self.company.get_school_now(), datetime.datetime(2024, 9, 12, 0, 30))
            self.company.school_tz = "UTC"
            self.assertEqual(self.company.get_school_today(), datetime.date(2024, 9, 11))

    def test_cron_creates_the_registers_of_the_schools_date(self):
        # The cron's user lives in New York (19:30 on Wednesday there): ignored.
        register_model = self.Register.with_context(tz="America/New_York")
        with self._at(WED_2330_UTC):
            register_model._cron_generate_registers()
        thursday = self.Register.search([("date", "=", "2024-09-12")])
        self.assertEqual(len(thursday), 4, "AM and PM of 3B and 4K, London's Thursday")
        self.assertFalse(self.Register.search([("date", "=", "2024-09-11")]))

    def test_registers_of_the_schools_today_can_be_taken(self):
        register = self._register("2024-09-12")
        register.action_mark_all_present()
        with self._at(WED_2330_UTC):
            register.with_context(tz="UTC").action_take()
        self.assertEqual(register.state, "taken")

    def test_missing_registers_by_the_schools_closing_time(self):
        thursday = self._register("2024-09-12")
        # Registers complete by 13:30 at the school: 12:45 UTC is 13:45 in London.
        with self._at(datetime.datetime(2024, 9, 12, 12, 45)):
            thursday.invalidate_cache()
            self.assertTrue(thursday.with_context(tz="UTC").is_missing)
            self.assertIn(thursday, self.Register.search([("is_missing", "=", True)]))
        with self._at(datetime.datetime(2024, 9, 12, 12, 15)):
            thursday.invalidate_cache()
            self.assertFalse(thursday.is_missing)
            self.assertNotIn(thursday, self.Register.search([("is_missing", "=", True)]))
        # The same UTC moment at a school whose clock is UTC: 12:45, not missing yet.
        self.company.school_tz = "UTC"
        with self._at(datetime.datetime(2024, 9, 12, 12, 45)):
            thursday.invalidate_cache()
            self.assertFalse(thursday.is_missing)
            self.assertIn(thursday, self.Register.search([("is_missing", "=", False)]))

    def test_daily_escalation_runs_for_the_schools_date(self):
        self.company.attendance_policy_id = self.env.ref(
            "school_attendance.attendance_policy_seed000"
        )
        policy_class = type(self.env["school.attendance.policy"])
        days = []

        def _escalate_schools(policy, school_days):
            days.extend(school_days.items())
            return {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0}

        with (
            self._at(WED_2330_UTC),
            patch.object(policy_class, "_escalate_schools", _escalate_schools),
        ):
            self.env["school.attendance.policy"].with_context(tz="UTC")._cron_run_escalation()
        self.assertIn((self.company, datetime.date(2024, 9, 12)), days)
