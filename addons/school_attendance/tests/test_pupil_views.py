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
