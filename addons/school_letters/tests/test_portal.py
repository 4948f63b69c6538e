"""Parents' portal: a parent reads the letters printed or sent to them, as PDFs."""

import base64

from odoo.exceptions import AccessError

from .common import LettersCase, pdf_text

LETTER_DATE = "2024-09-16"


class TestPortalLetters(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestPortalLetters, cls).setUpClass()
        cls.warning = cls.Template.get_template("warning_96", cls.company)
        cls.omar.email = "omar@example.org"
        contacts = cls.amira.contact_ids
        contacts.sudo(cls.officer).action_grant_portal_access()
        cls.sarah_user = cls.sarah.user_ids
        cls.omar_user = cls.omar.user_ids
        cls.ben = cls._pupil("Ben", "Lee")
        cls.lily = cls._parent(
            cls.ben, "Lily Lee", "mother", street="3 Ash Row", zip="BR4 4AA", email="lily@x.org"
        )
        cls.ben.contact_ids.sudo(cls.officer).action_grant_portal_access()
        cls.lily_user = cls.lily.user_ids

    def test_parent_reads_their_printed_letter_and_its_pdf(self):
        letters, _skipped = self.Letter.create_for_pupils(
            self.warning, self.amira | self.ben, date=LETTER_DATE
        )
        sarahs = letters.filtered(lambda letter: letter.partner_id == self.sarah)
        Letter = self.Letter.sudo(self.sarah_user)
        # Drafts have not left the school.
        self.assertFalse(Letter.search([]))
        letters.print_letters()
        self.assertEqual(Letter.search([]), sarahs)
        own = Letter.browse(sarahs.id)
        self.assertIn("86.4%", pdf_text(base64.b64decode(own.attachment_id.datas)))
        # Omar has parental responsibility but the letter went to Sarah; Lily
        # is another family.
        self.assertFalse(self.Letter.sudo(self.omar_user).search([]))
        self.assertEqual(self.Letter.sudo(self.lily_user).search([]).mapped("pupil_id"), self.ben)
        with self.assertRaises(AccessError):
            sarahs.sudo(self.lily_user).read(["body_html"])
        with self.assertRaises(AccessError):
            sarahs.attachment_id.sudo(self.lily_user).read(["datas"])
