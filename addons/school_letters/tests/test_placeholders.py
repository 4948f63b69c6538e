"""The placeholder renderer: pure Python, no database."""

import unittest

from odoo.addons.school_letters.rules import placeholders
from odoo.tests.common import at_install, post_install


@at_install(False)
@post_install(True)
class TestPlaceholders(unittest.TestCase):
    def test_render_escapes_html_values(self):
        text = placeholders.render(
            "<p>Dear ${parent_name}, ${pupil_name} is at ${attendance_pct}%</p>",
            {"parent_name": "Ms O'Neil <b>", "pupil_name": "Ava", "attendance_pct": "86.4"},
            escape=True,
        )
        self.assertEqual(text, "<p>Dear Ms O&#x27;Neil &lt;b&gt;, Ava is at 86.4%</p>")

    def test_no_evaluation(self):
        # Anything that looks like code is a malformed placeholder, never run.
        with self.assertRaises(placeholders.PlaceholderError) as caught:
            placeholders.render("${__import__('os').getcwd()}", {})
        self.assertIn("malformed", str(caught.exception))

    def test_unknown_and_malformed_are_named(self):
        with self.assertRaises(placeholders.PlaceholderError) as caught:
            placeholders.render("${pupil_nmae} ${pupil name} ${date}", {"date": "today"})
        self.assertEqual(caught.exception.unknown, ["pupil_nmae"])
        self.assertEqual(caught.exception.malformed, ["${pupil name}"])
        self.assertIn("${pupil_nmae}", str(caught.exception))

    def test_dollar_escape_and_empty_values(self):
        self.assertEqual(placeholders.render("$$5 ${band}.", {"band": False}), "$5 .")
