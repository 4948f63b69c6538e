"""The demo school's letters are signed by a named person and carry the school's address
(issue 17 item 10): not "Administrator" and "info@yourcompany.com"."""

from odoo.addons.school_attendance.tests.common import SchoolAttendanceCase


class TestDemoLetters(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestDemoLetters, cls).setUpClass()
        cls.school = cls.env["res.company"].create({"name": "Demo Letters Primary"})
        cls.env["school.demo"].ensure_demo_school(pupils=40, until="2025-10-17", company=cls.school)

    def test_letters_signed_by_named_staff_with_the_school_address(self):
        letters = self.env["school.letter"].search([("company_id", "=", self.school.id)])
        self.assertTrue(letters, "the demo's escalation wrote letters")
        signers = {
            (
                letter.get_figures()["values"]["signatory"],
                letter.get_figures()["values"]["school_email"],
            )
            for letter in letters
        }
        # Each letter is signed by the holder of its template's role (the Pupil Support
        # Lead: the demo's officer) or else the headteacher - never the administrator.
        roles = self.env["school.staff.role"]
        head = roles.find_user("headteacher", self.school)
        lead = roles.find_user("pupil_support_lead", self.school)
        self.assertEqual(
            signers,
            {(head.name, "office@waltonoak.example"), (lead.name, "office@waltonoak.example")},
        )
