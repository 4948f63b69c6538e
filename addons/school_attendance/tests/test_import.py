"""Pupils and their parents from the CSV layout documented in the README.

The office imports parents as Contacts first (Odoo's own import, with an
External ID column), then pupils with one line per contact.  ``load()`` with
the ``__import__`` module in context is what Odoo's CSV import screen calls.
"""

from .common import SchoolAttendanceCase

PARENT_FIELDS = ["id", "name", "email", "phone", "street", "city", "zip"]
PARENT_ROWS = [
    [
        "parent_khan_s",
        "Sara Khan",
        "sara.khan@example.org",
        "07700 900001",
        "1 Oak Lane",
        "Walton",
        "WA1 1AA",
    ],
    [
        "parent_khan_o",
        "Omar Khan",
        "omar.khan@example.org",
        "07700 900002",
        "1 Oak Lane",
        "Walton",
        "WA1 1AA",
    ],
]
PUPIL_FIELDS = [
    "id",
    "first_name",
    "last_name",
    "upn",
    "date_of_birth",
    "gender",
    "group_id",
    "date_admitted",
    "is_sen",
    "is_fsm",
    "contact_ids/partner_id/id",
    "contact_ids/relationship",
    "contact_ids/has_parental_responsibility",
    "contact_ids/lives_with_pupil",
    "contact_ids/receives_post",
]


class TestImport(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestImport, cls).setUpClass()
        cls.group = cls.env["school.group"].create(
            {"name": "4K", "year_group": "4", "company_id": cls.company.id}
        )
        cls.env = cls.env(context=dict(cls.env.context, _import_current_module="__import__"))
        result = cls.env["res.partner"].load(PARENT_FIELDS, PARENT_ROWS)
        assert not result["messages"], result["messages"]

    def _pupil_rows(self, upn="K123456789012", dob="2016-05-14"):
        return [
            [
                "pupil_amira_khan",
                "Amira",
                "Khan",
                upn,
                dob,
                "female",
                "4K",
                "2024-09-02",
                "1",
                "0",
                "parent_khan_s",
                "mother",
                "1",
                "1",
                "1",
            ],
            ["", "", "", "", "", "", "", "", "", "", "parent_khan_o", "father", "1", "1", "0"],
        ]

    def test_pupil_with_two_parents_is_imported(self):
        result = self.env["school.pupil"].load(PUPIL_FIELDS, self._pupil_rows())
        self.assertEqual(result["messages"], [])
        pupil = self.env["school.pupil"].browse(result["ids"])
        self.assertEqual(pupil.name, "Amira Khan")
        self.assertEqual(pupil.group_id, self.group)
        self.assertTrue(pupil.is_sen)
        self.assertEqual(
            sorted(pupil.contact_ids.mapped("partner_id.name")), ["Omar Khan", "Sara Khan"]
        )
        mother = pupil.contact_ids.filtered(lambda c: c.relationship == "mother")
        self.assertTrue(mother.has_parental_responsibility and mother.receives_post)
        self.assertEqual(mother.email, "sara.khan@example.org")

    def test_bad_upn_is_reported_and_nothing_is_saved(self):
        before = self.env["school.pupil"].search_count([])
        result = self.env["school.pupil"].load(PUPIL_FIELDS, self._pupil_rows(upn="12345"))
        self.assertFalse(result["ids"])
        self.assertTrue(any("UPN" in m["message"] for m in result["messages"]), result)
        self.assertEqual(self.env["school.pupil"].search_count([]), before)

    def test_duplicate_upn_names_the_other_pupil_and_nothing_is_saved(self):
        self.env["school.pupil"].create(
            {
                "first_name": "Kim",
                "last_name": "Other",
                "upn": "K123456789012",
                "company_id": self.company.id,
            }
        )
        before = self.env["school.pupil"].search_count([])
        result = self.env["school.pupil"].load(PUPIL_FIELDS, self._pupil_rows())
        self.assertFalse(result["ids"])
        self.assertIn(
            "Another pupil of this school already has the UPN K123456789012: Kim Other",
            " ".join(m["message"] for m in result["messages"]),
        )
        self.assertEqual(self.env["school.pupil"].search_count([]), before)

    def test_bad_date_is_reported_and_nothing_is_saved(self):
        before = self.env["school.pupil"].search_count([])
        result = self.env["school.pupil"].load(PUPIL_FIELDS, self._pupil_rows(dob="14/05/2016x"))
        self.assertFalse(result["ids"])
        self.assertTrue(result["messages"])
        self.assertEqual(self.env["school.pupil"].search_count([]), before)
