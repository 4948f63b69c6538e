"""Next-step dates are counted in school days of the school's calendar: across the
October half term (Mon 28 Oct to Fri 1 Nov 2024) the meeting falls after it."""

import datetime
from unittest.mock import patch

from .common import LettersCase

D = datetime.date


class TestSchoolDays(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestSchoolDays, cls).setUpClass()
        cls.env["school.closure"].create(
            {
                "name": "October half term",
                "date_from": "2024-10-28",
                "date_to": "2024-11-01",
                "company_id": cls.company.id,
            }
        )
        cls.Session = cls.env["school.session"]

    def test_school_day_after_skips_the_half_term(self):
        after = self.Session.get_school_day_after
        # Fri 25 Oct, + 1 school day: Mon 4 Nov, not Mon 28 Oct.
        self.assertEqual(after("2024-10-25", 1, self.company), D(2024, 11, 4))
        # Wed 23 Oct + 5: Thu 24, Fri 25, Mon 4, Tue 5, Wed 6 November.
        self.assertEqual(after(D(2024, 10, 23), 5, self.company), D(2024, 11, 6))
        self.assertEqual(after("2024-10-23", 0, self.company), D(2024, 10, 23))
        # Beyond the last term entered (ends Fri 20 Dec) the count goes on in
        # working days: Fri 20 Dec, then Mon 23 and Tue 24 Dec.
        self.assertEqual(after("2024-12-19", 3, self.company), D(2024, 12, 24))

    def test_letter_quotes_the_meeting_after_the_half_term(self):
        template = self.Template.get_template("letter_2_meeting", self.company)
        self.assertEqual(template.next_step_days, 5)
        letters, _skipped = self.Letter.create_for_pupils(template, self.amira, date="2024-10-23")
        # Seed 004: both parents are invited to the meeting.
        self.assertEqual(letters.mapped("partner_id"), self.sarah | self.omar)
        to_sarah = letters.filtered(lambda letter: letter.partner_id == self.sarah)
        self.assertEqual(to_sarah.get_figures()["values"]["next_step_date"], "6 November 2024")
        letters.print_letters()
        text = self.letter_text(to_sarah)
        self.assertIn("6 November 2024", text)
        self.assertNotIn("30 October 2024", text)  # 7 calendar days: in the half term

    def test_a_batch_asks_the_calendar_once(self):
        # Letter 1: call within 10 school days, 24 Oct to 13 Nov across the half term.
        template = self.Template.get_template("letter_1", self.company)
        pupils = self.amira | self._pupil("Dan", "Reed") | self._pupil("Eve", "Reed")
        for pupil in pupils - self.amira:
            self._parent(
                pupil, "Kim Reed %s" % pupil.first_name, "mother", street="3 Rd", zip="BR1"
            )
        calls = []
        real = type(self.Session).get_school_day_after

        def counting(model, *args, **kwargs):
            calls.append(args)
            return real(model, *args, **kwargs)

        with patch.object(type(self.Session), "get_school_day_after", counting):
            letters, _skipped = self.Letter.create_for_pupils(template, pupils, date="2024-10-23")
        self.assertEqual(len(letters), 3)
        self.assertEqual(len(calls), 1)
        self.assertEqual(
            set(letters.mapped(lambda letter: letter.get_figures()["values"]["next_step_date"])),
            {"13 November 2024"},
        )
