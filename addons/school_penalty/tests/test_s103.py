"""s103 Education and Inspections Act 2006: a penalty notice for an excluded pupil in a
public place, only for the first five school days of the suspension.

Suspension Thu 17 to Fri 25 Oct 2024 (end of Autumn 1): school days 17, 18, 21, 22,
23, 24, 25 Oct; the first five are 17, 18, 21, 22 and 23 Oct.
"""

from odoo.exceptions import UserError

from .common import PenaltyCase


class TestS103(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestS103, cls).setUpClass()
        cls.suspension = cls.env["school.suspension"].create(
            {"pupil_id": cls.amira.id, "date_from": "2024-10-17", "date_to": "2024-10-25"}
        )
        cls.suspension.action_confirm()

    def _s103(self, day, suspension=None):
        return self._notice(
            self.amira,
            self.sara,
            self.Mark,
            date="2024-10-28",
            offence="excluded_in_public_place",
            suspension_id=(suspension or self.suspension).id,
            date_offence=day,
        )

    def test_notice_for_one_of_the_first_five_school_days(self):
        notice = self._s103("2024-10-23")
        notice.action_issue()
        self.assertEqual(notice.state, "issued")

    def test_sixth_school_day_is_refused_and_the_days_are_named(self):
        notice = self._s103("2024-10-24")
        with self.assertRaisesRegex(UserError, "Thu 17 Oct 2024, Fri 18 Oct 2024, Mon 21 Oct"):
            notice.action_issue()
        self.assertEqual(notice.state, "draft")

    def test_s103_needs_a_confirmed_suspension(self):
        draft = self.env["school.suspension"].create(
            {"pupil_id": self.amira.id, "date_from": "2024-11-04", "date_to": "2024-11-05"}
        )
        notice = self._s103("2024-11-04", suspension=draft)
        with self.assertRaisesRegex(UserError, "confirmed suspension"):
            notice.action_issue()
