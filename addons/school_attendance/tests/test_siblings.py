"""Siblings on the case and the pupil (seed 004: 'liaise with other local schools to
ascertain attendance of siblings'): pupils sharing a parent with parental
responsibility, at this school or another school of the trust.

Amira's mother Sara Khan also has parental responsibility for Dan (5A, this school)
and Eve (Other Academy). She is only an emergency contact for Finn (no parental
responsibility): Finn is not a sibling. Registers 2 to 13 Sep 2024: 10 days, 20
sessions. Dan is off without reason (O) on Mon 9 Sep: 18/20 = 90.0%, 2 unauthorised,
and has an open case. Eve's school has no registers yet.
"""

from odoo.exceptions import AccessError

from .case_common import D, EscalationCase


class TestSiblings(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestSiblings, cls).setUpClass()
        Contact = cls.env["school.pupil.contact"]
        # This school and Other Academy are the two schools of one trust.
        cls.trust = cls.env["res.company"].create({"name": "Oak Trust"})
        (cls.company | cls.company_b).write({"parent_id": cls.trust.id})
        cls.dan = cls._pupil("Dan", "Khan")
        cls.finn = cls._pupil("Finn", "Wood")
        group_b = cls.env["school.group"].create(
            {"name": "3B", "year_group": "3", "company_id": cls.company_b.id}
        )
        cls.eve = cls.env["school.pupil"].create(
            {
                "first_name": "Eve",
                "last_name": "Khan",
                "group_id": group_b.id,
                "company_id": cls.company_b.id,
                "date_admitted": "2024-09-02",
            }
        )
        for pupil, responsible in ((cls.dan, True), (cls.eve, True), (cls.finn, False)):
            Contact.create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": cls.mother.id,
                    "relationship": "mother" if responsible else "other",
                    "has_parental_responsibility": responsible,
                }
            )
        # Dan joined the registers already generated.
        cls.env["school.attendance.register"].generate_registers(
            "2024-09-02", "2024-09-13", company=cls.company
        )

    def test_siblings_attendance_and_open_cases(self):
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            self.mark_day(day, {self.dan: ("O", "O")} if day == D(2024, 9, 9) else {})
        self.Case.create(
            {"pupil_id": self.dan.id, "concern": "low_attendance", "date_opened": "2024-09-13"}
        )
        rows = self.amira.sudo(self.officer).get_sibling_attendance("2024-09-13")
        self.assertEqual([row["name"] for row in rows], ["Dan Khan", "Eve Khan"])
        dan, eve = rows
        self.assertEqual(
            (dan["school"], dan["group"], dan["present"], dan["possible"]),
            (self.company.name, "5A", 18, 20),
        )
        self.assertEqual((dan["attendance_pct"], dan["unauthorised"]), (90.0, 2))
        self.assertEqual((dan["open_case_count"], dan["contacts"]), (1, "Sara Khan"))
        self.assertEqual(
            (eve["school"], eve["possible"], eve["attendance_pct"]),
            (
                "Other Academy",
                0,
                False,
            ),
        )
        self.assertEqual(eve["open_case_count"], 0)
        # Siblings see each other; Finn (no parental responsibility shared) has none.
        self.assertEqual(
            [row["name"] for row in self.dan.get_sibling_attendance("2024-09-13")],
            ["Amira Khan", "Eve Khan"],
        )
        self.assertEqual(self.finn.get_sibling_attendance("2024-09-13"), [])
        self.assertEqual(self.cara.get_sibling_attendance("2024-09-13"), [])

    def test_case_and_pupil_forms_show_the_siblings(self):
        case = self.Case.create({"pupil_id": self.amira.id, "concern": "low_attendance"})
        officer_case = case.sudo(self.officer)
        html = officer_case.sibling_attendance_html
        self.assertIn("Dan Khan", html)
        self.assertIn("Other Academy", html)  # another school of the trust, read for the officer
        self.assertNotIn("Finn", html)
        self.assertEqual(self.amira.sudo(self.officer).sibling_count, 2)
        self.assertIn("No sibling", self.cara.sudo(self.officer).sibling_attendance_html)
        # Teachers do not see siblings' figures.
        self.assertNotIn(
            "sibling_attendance_html",
            self.env["school.pupil"].sudo(self.teacher).fields_get(["sibling_attendance_html"]),
        )

    def _gus_in_another_trust(self):
        """Gus, at a school of another trust, shares Sara as a parent."""
        elm = self.env["res.company"].create({"name": "Elm School (Elm Trust)"})
        gus = self.env["school.pupil"].create(
            {
                "first_name": "Gus",
                "last_name": "Khan",
                "group_id": self.env["school.group"]
                .create({"name": "4E", "year_group": "4", "company_id": elm.id})
                .id,
                "company_id": elm.id,
                "date_admitted": "2024-09-02",
            }
        )
        self.env["school.pupil.contact"].create(
            {
                "pupil_id": gus.id,
                "partner_id": self.mother.id,
                "relationship": "mother",
                "has_parental_responsibility": True,
            }
        )
        self.Case.create({"pupil_id": gus.id, "concern": "low_attendance"})
        return gus

    def test_no_sibling_of_another_trust(self):
        self._gus_in_another_trust()
        rows = self.amira.sudo(self.officer).get_sibling_attendance("2024-09-13")
        self.assertEqual([row["name"] for row in rows], ["Dan Khan", "Eve Khan"])
        html = self.amira.sudo(self.officer).sibling_attendance_html
        self.assertNotIn("Gus", html)
        self.assertNotIn("Elm", html)

    def test_only_officers_of_the_pupil_s_school_ask_for_siblings(self):
        self._gus_in_another_trust()
        with self.assertRaises(AccessError):
            self.amira.sudo(self.teacher).get_sibling_attendance("2024-09-13")
        # An officer of another school cannot ask about a pupil they cannot read.
        elm_officer = self._create_user(
            "sa_officer_elm",
            self.group_officer,
            company=self.env["res.company"].search([("name", "=", "Elm School (Elm Trust)")]),
        )
        with self.assertRaises(AccessError):
            self.amira.sudo(elm_officer).get_sibling_attendance("2024-09-13")
