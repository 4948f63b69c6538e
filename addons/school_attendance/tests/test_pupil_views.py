import datetime

from .register_common import RegisterCase


class TestPupilViews(RegisterCase):
    """What an officer sees from the pupil form."""

    def test_marks_button_opens_the_session_calendar_of_that_pupil(self):
        pupil = self.amira
        action = pupil.sudo(self.officer).action_view_marks()
        self.assertEqual(action["views"][0][1], "calendar")
        self.assertEqual(action["domain"], [("pupil_id", "in", [pupil.id])])
        arch = (
            self.env["school.attendance.mark"]
            .sudo(self.officer)
            .fields_view_get(view_type="calendar")["arch"]
        )
        self.assertIn('date_start="date"', arch)
        self.assertIn('color="code_id"', arch)

    def test_form_shows_compulsory_school_age_with_help(self):
        pupil = self.amira.sudo(self.officer)
        pupil.date_of_birth = "2020-01-01"  # five on 1 Jan 2025: from 31 Mar 2025
        self.assertEqual(pupil.date_compulsory_school_age, "2025-03-31")
        self.assertEqual(pupil.date_school_leaving, "2036-06-27")
        self.assertEqual(pupil._school_age_state(datetime.date(2025, 3, 30)), "below")
        self.assertEqual(pupil._school_age_state(datetime.date(2025, 3, 31)), "compulsory")
        self.assertEqual(pupil.school_age_state, "compulsory")  # today (2026 or later)
        view = self.env["school.pupil"].sudo(self.officer).fields_view_get(view_type="form")
        for name in ("school_age_state", "date_compulsory_school_age", "date_school_leaving"):
            self.assertIn('name="%s"' % name, view["arch"])
            self.assertIn("compulsory school age", view["fields"][name]["help"])
