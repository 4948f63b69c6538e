"""Printing a draft made days ago (issue 17 item 10): a warning offers to refresh its
date and figures first, or to print it as it is. Only a draft is refreshed: a printed
letter never changes."""

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import LettersCase

LETTER_DATE = "2024-09-16"
MORE_ABSENCE = {
    ("2024-09-03", "am"): "I",
    ("2024-09-03", "pm"): "I",
    ("2024-09-10", "am"): "O",
    ("2024-09-11", "am"): "O",
    ("2024-09-11", "pm"): "O",
}


class TestStaleDrafts(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestStaleDrafts, cls).setUpClass()
        cls.warning = cls.Template.get_template("warning_96", cls.company)

    def _draft(self):
        letters, _skipped = self.Letter.sudo(self.officer).create_for_pupils(
            self.warning, self.amira, date=LETTER_DATE
        )
        self.assertIn("86.4", letters.body_html + letters.figures)
        return letters

    def test_old_draft_warns_then_refreshes_and_prints(self):
        letter = self._draft()
        # Two more absences are recorded after the draft was made: 17 of 22 = 77.3%.
        self._set_codes(self.amira, MORE_ABSENCE)
        action = letter.sudo(self.officer).action_print()
        self.assertEqual(action["res_model"], "school.letter.refresh")
        self.assertEqual((letter.state, letter.print_count), ("draft", 0), "nothing printed yet")
        wizard = self.env["school.letter.refresh"].sudo(self.officer).browse(action["res_id"])
        self.assertIn(letter.name, wizard.message)
        wizard.action_refresh_and_print()
        today = fields.Date.context_today(letter)
        self.assertEqual((letter.state, letter.date), ("printed", today))
        text = self.letter_text(letter)
        self.assertIn("77.3%", text)
        self.assertNotIn("86.4", text)
        # Printed: it never changes again, and a reprint does not ask.
        with self.assertRaises(UserError):
            letter.sudo(self.officer).refresh_drafts()
        reprint = letter.sudo(self.officer).action_print()
        self.assertEqual(reprint["type"], "ir.actions.act_url")
        self.assertEqual(letter.print_count, 2)

    def test_print_as_it_is(self):
        letter = self._draft()
        self._set_codes(self.amira, MORE_ABSENCE)
        action = letter.sudo(self.officer).action_print()
        wizard = self.env["school.letter.refresh"].sudo(self.officer).browse(action["res_id"])
        wizard.action_print_as_is()
        self.assertEqual((letter.state, letter.date), ("printed", LETTER_DATE))
        self.assertIn("86.4%", self.letter_text(letter))

    def test_refresh_button_on_a_draft(self):
        letter = self._draft()
        self._set_codes(self.amira, MORE_ABSENCE)
        letter.sudo(self.officer).action_refresh()
        self.assertEqual(letter.state, "draft")
        self.assertEqual(letter.date, fields.Date.context_today(letter))
        self.assertIn("77.3", letter.body_html + letter.figures)
        # A teacher may not refresh letters.
        with self.assertRaises(AccessError):
            letter.sudo(self.teacher).action_refresh()
