"""Every template kind renders to a PDF quoting the pupil, parent, percentage and next step."""

from odoo.addons.school_letters.models.school_letter_template import LETTER_KINDS
from odoo.exceptions import AccessError, UserError

from .common import LettersCase, pdf_text

LETTER_DATE = "2024-09-16"


class TestTemplates(LettersCase):
    def test_every_kind_has_a_shipped_template(self):
        for kind, label in LETTER_KINDS:
            template = self.Template.get_template(kind, self.company)
            self.assertTrue(template, "no template for %s" % label)
            self.assertFalse(template.placeholder_error, template.name)
            self.assertIn("${parent_name}", template.body, template.name)

    def test_figures_are_the_register_figures(self):
        (row,) = self.amira.get_attendance_summary("2024-09-01", LETTER_DATE)
        self.assertEqual((row["possible"], row["present"]), (22, 19))
        template = self.Template.get_template("warning_96", self.company)
        letters, _skipped = self.Letter.create_for_pupils(template, self.amira, date=LETTER_DATE)
        figures = letters.get_figures()
        self.assertEqual(figures["sessions_missed"], 3)
        self.assertEqual(figures["values"]["attendance_pct"], "86.4")
        self.assertEqual(
            [(a["code"], a["count"], a["authorised"]) for a in figures["absences"]],
            [("I", 2, True), ("O", 1, False)],
        )

    def test_render_every_kind_to_pdf(self):
        letters = self.Letter
        for kind, _label in LETTER_KINDS:
            template = self.Template.get_template(kind, self.company)
            kind_letters, _skipped = self.Letter.create_for_pupils(
                template, self.amira, date=LETTER_DATE
            )
            letters |= kind_letters
        # Omar gets the letters that go to every parent with parental
        # responsibility (seed 004: both parents are invited), not the others.
        to_omar = letters.filtered(lambda letter: letter.partner_id == self.omar)
        self.assertIn("plan_invitation", to_omar.mapped("kind"))
        self.assertNotIn("warning_96", to_omar.mapped("kind"))
        self.assertEqual(
            len(letters.filtered(lambda letter: letter.partner_id == self.sarah)), len(LETTER_KINDS)
        )

        pdf = letters.print_letters()
        self.assertTrue(pdf.startswith(b"%PDF"))
        whole = pdf_text(pdf)
        for letter in letters:
            text = self.letter_text(letter)
            label = "%s (%s)" % (letter.kind, letter.partner_id.name)
            self.assertIn("Amira Khan", text, label)
            self.assertIn(letter.partner_id.name, text, label)
            self.assertIn("86.4%", text, label)
            next_step = letter.get_figures()["values"]["next_step"]
            self.assertTrue(next_step, label)
            self.assertIn(next_step, text, label)
            self.assertIn(letter.name, whole)
            self.assertEqual(letter.state, "printed")
        # The letterhead and the recipient's postal address.
        sarah_letter = letters.filtered(lambda letter: letter.kind == "letter_1")
        text = self.letter_text(sarah_letter)
        for expected in (
            "Oakfield Primary School",
            "1 School Lane",
            "12 Elm Road",
            "BR2 9QT",
            "16 September 2024",
            "Group: 3B",
            "Pupil Support Lead",
        ):
            self.assertIn(expected, text)
        # Seed 004: the plan invitation warns of prosecution, says the plan
        # will be made in the parents' absence and offers another appointment.
        invitation = self.letter_text(
            letters.filtered(
                lambda letter: letter.kind == "plan_invitation" and letter.partner_id == self.omar
            )
        )
        self.assertIn("prosecution", invitation)
        self.assertIn("in your absence", invitation)
        self.assertIn("another appointment", invitation)
        self.assertIn("23 September 2024", invitation, "meeting a week after the letter")
        # The registration certificate lists every session with its code.
        register = self.letter_text(
            letters.filtered(lambda letter: letter.kind == "registration_certificate")
        )
        self.assertIn("Tue 03/09/2024 I I", register)
        self.assertIn("Tue 10/09/2024 O", register)
        self.assertIn("Mon 16/09/2024", register)

    def test_manager_edits_wording(self):
        template = self.Template.get_template("letter_1", self.company)
        template.sudo(self.manager).write(
            {"body": "<p>Hello ${parent_name}, ${pupil_first_name} is at ${attendance_pct}%.</p>"}
        )
        letters, _skipped = self.Letter.create_for_pupils(template, self.amira, date=LETTER_DATE)
        self.assertIn("Hello Sarah Khan, Amira is at 86.4%.", letters.body_html)
        with self.assertRaises(AccessError):
            template.sudo(self.officer).write({"body": "<p>changed</p>"})

    def test_broken_placeholder_fails_in_preview(self):
        template = self.Template.get_template("letter_1", self.company).copy(
            {"code": "BROKEN", "body": "<p>Dear ${parent_name}, about ${pupil_nmae}.</p>"}
        )
        self.assertIn("${pupil_nmae}", template.placeholder_error)
        preview = self.env["school.letter.preview"].create(
            {"template_id": template.id, "pupil_id": self.amira.id}
        )
        self.assertIn("${pupil_nmae}", preview.error)
        self.assertFalse(preview.preview_html)
        # Never at print time: no letter can be created from it.
        with self.assertRaises(UserError) as caught:
            self.Letter.create_for_pupils(template, self.amira, date=LETTER_DATE)
        self.assertIn("${pupil_nmae}", caught.exception.name)
        self.assertFalse(self.Letter.search([("template_id", "=", template.id)]))

        # A malformed placeholder (markup left inside the braces) is named too.
        template.body = "<p>${<b>pupil</b>_name}</p>"
        self.assertIn("malformed", template.placeholder_error)

    def test_preview_shows_the_pupils_figures(self):
        template = self.Template.get_template("letter_1", self.company)
        preview = self.env["school.letter.preview"].create(
            {"template_id": template.id, "pupil_id": self.amira.id, "date": LETTER_DATE}
        )
        self.assertFalse(preview.error)
        self.assertIn("Dear Sarah Khan", preview.preview_html)
        self.assertIn("86.4%", preview.preview_html)
        self.assertEqual(preview.subject, "Amira's attendance: how can we help?")
        self.assertEqual(template.action_preview()["res_model"], "school.letter.preview")
