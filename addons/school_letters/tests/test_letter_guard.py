"""What a letter says, to whom, about whom and from which document is the server's:
an officer, who may create and write letters, never sets it by hand or over XML-RPC,
and a letter never names a document of another school."""

from odoo.exceptions import UserError

from .common import LettersCase


class TestLetterGuard(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestLetterGuard, cls).setUpClass()
        cls.other_school = cls.env["res.company"].create({"name": "Guarded Other Academy"})
        cls.other_pupil = cls.env["school.pupil"].create(
            {"first_name": "Zara", "last_name": "Elsewhere", "company_id": cls.other_school.id}
        )
        template = cls.Template.get_template("letter_1", cls.company)
        cls.letters, _skipped = cls.Letter.create_for_pupils(template, cls.amira, date="2024-09-16")

    def test_an_officer_cannot_rewrite_a_draft(self):
        draft = self.letters[0].sudo(self.officer)
        for vals in (
            {"body_html": "<p>You owe us £500.</p>"},
            {"figures": '{"attendance_pct": 12.0}'},
            {"res_model": "school.pupil", "res_id": self.other_pupil.id},
            {"pupil_id": self.other_pupil.id},
        ):
            with self.assertRaises(UserError, msg=vals):
                draft.write(vals)
        self.assertNotIn("£500", self.letters[0].body_html)
        self.assertFalse(self.letters[0].res_model)

    def test_an_officer_cannot_make_a_letter_by_hand(self):
        with self.assertRaises(UserError):
            self.Letter.sudo(self.officer).create(
                {
                    "template_id": self.letters[0].template_id.id,
                    "pupil_id": self.amira.id,
                    "partner_id": self.letters[0].partner_id.id,
                    "body_html": "<p>Made up</p>",
                }
            )

    def test_a_source_of_another_school_is_not_named(self):
        # Even a letter the server pointed at another school's record (no path of
        # the product does) does not name it.
        letter = self.letters[0]
        letter._server_write({"res_model": "school.pupil", "res_id": self.other_pupil.id})
        self.assertFalse(letter.sudo(self.officer).source_name)
        letter._server_write({"res_model": "school.pupil", "res_id": self.amira.id})
        self.assertEqual(letter.sudo(self.officer).source_name, self.amira.display_name)

    def test_a_caller_gives_only_the_next_step(self):
        # Figures quoted by a letter come from the records: a caller giving its own
        # attendance figure is refused, and nothing is created.
        before = self.Letter.search_count([])
        with self.assertRaisesRegex(UserError, "attendance_pct"):
            self.Letter.sudo(self.officer).create_for_pupils(
                self.letters[0].template_id, self.amira, values={"attendance_pct": "99.0"}
            )
        self.assertEqual(self.Letter.search_count([]), before)
