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

    def test_parent_reads_the_letter_from_their_other_childs_school(self):
        """Sarah's son Zaid is at Birch Academy, the trust's other school: same
        absences as Amira (19 of 22, 86.4%); Birch sends him the warning letter."""
        birch = self.env["res.company"].create(
            {"name": "Birch Academy", "street": "2 Birch Walk", "zip": "BR3 3AA"}
        )
        year = self.env["school.academic.year"].create(
            {
                "name": "2024/25",
                "date_start": "2024-09-01",
                "date_end": "2025-08-31",
                "company_id": birch.id,
            }
        )
        self.env["school.term"].create(
            {
                "name": "Autumn 2024",
                "academic_year_id": year.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        group = self.env["school.group"].create(
            {"name": "5A", "year_group": "5", "company_id": birch.id}
        )
        zaid = self.env["school.pupil"].create(
            {
                "first_name": "Zaid",
                "last_name": "Khan",
                "group_id": group.id,
                "company_id": birch.id,
                "date_admitted": "2024-09-02",
            }
        )
        self.env["school.pupil.contact"].create(
            {
                "pupil_id": zaid.id,
                "partner_id": self.sarah.id,
                "relationship": "mother",
                "has_parental_responsibility": True,
                "receives_post": True,
            }
        )
        self.env["school.attendance.register"].generate_registers(
            "2024-09-02", "2024-09-16", company=birch
        )
        self._set_codes(
            zaid,
            {("2024-09-03", "am"): "I", ("2024-09-03", "pm"): "I", ("2024-09-10", "am"): "O"},
        )
        letters, _skipped = self.Letter.create_for_pupils(
            self.Template.get_template("warning_96", birch), zaid, date=LETTER_DATE
        )
        letters.print_letters()
        self.assertEqual(letters.company_id, birch)
        Letter = self.Letter.sudo(self.sarah_user)
        self.assertEqual(Letter.search([]), letters)
        self.assertIn(
            "86.4%", pdf_text(base64.b64decode(Letter.browse(letters.id).attachment_id.datas))
        )
        # Lily (Ben's mother, Amira's school) sees nothing of Zaid.
        self.assertFalse(self.Letter.sudo(self.lily_user).search([("pupil_id", "=", zaid.id)]))
        with self.assertRaises(AccessError):
            letters.sudo(self.lily_user).read(["body_html"])
