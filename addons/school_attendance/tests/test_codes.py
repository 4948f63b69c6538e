from collections import Counter

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger
from psycopg2 import IntegrityError

from .common import SchoolAttendanceCase

# From RULES.md (DfE national statistics), independent of the CSV data file.
ATTENDANCE = {"/", "\\", "L", "K", "V", "P", "W", "B"}
AUTHORISED = {"I", "M", "R", "S", "T", "E", "C", "C1", "J1", "C2"}
UNAUTHORISED = {"G", "N", "O", "U"}
NOT_POSSIBLE = {"X", "Q", "Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7", "D", "Z", "#"}


class TestCodes(SchoolAttendanceCase):
    """The 2024 national attendance codes and how statistics count them."""

    @classmethod
    def setUpClass(cls):
        super(TestCodes, cls).setUpClass()
        cls.Code = cls.env["school.attendance.code"]
        cls.codes = cls.Code.search([])
        cls.by_code = {c.code: c for c in cls.codes}

    def test_all_34_codes(self):
        self.assertEqual(len(self.codes), 34)
        self.assertEqual(set(self.by_code), ATTENDANCE | AUTHORISED | UNAUTHORISED | NOT_POSSIBLE)
        self.assertEqual(
            Counter(self.codes.mapped("category")),
            {
                "present": 3,
                "approved_activity": 6,
                "leave": 7,
                "authorised_other": 4,
                "exceptional": 8,
                "unauthorised": 4,
                "administrative": 2,
            },
        )

    def test_counting_flags(self):
        for code, rec in self.by_code.items():
            self.assertEqual(rec.counts_as_possible, code not in NOT_POSSIBLE, code)
            self.assertEqual(rec.counts_as_present, code in ATTENDANCE, code)
            self.assertEqual(rec.counts_as_authorised, code in AUTHORISED, code)
            self.assertEqual(rec.counts_as_unauthorised, code in UNAUTHORISED, code)

    def test_code_properties(self):
        def codes_where(field):
            return set(self.codes.filtered(field).mapped("code"))

        self.assertEqual(codes_where("is_late"), {"L", "U"})
        self.assertEqual(codes_where("requires_reason"), {"Y7"})
        self.assertEqual(codes_where("is_temporary"), {"N"})
        self.assertEqual(self.by_code["/"].period_restriction, "am")
        self.assertEqual(self.by_code["\\"].period_restriction, "pm")
        self.assertEqual(
            set(self.codes.filtered(lambda c: c.period_restriction == "any").mapped("code")),
            set(self.by_code) - {"/", "\\"},
        )
        self.assertEqual(self.env.ref("school_attendance.attendance_code_present_am").code, "/")
        self.assertEqual(self.Code.name_search("/")[0][0], self.by_code["/"].id)

    def test_retired_codes_are_archived(self):
        retired = self.Code.with_context(active_test=False).search([("is_retired", "=", True)])
        self.assertEqual(set(retired.mapped("code")), {"H", "J", "Y"})
        self.assertFalse(any(retired.mapped("active")))
        # Their pre-2024 meaning, so that older registers still add up.
        self.assertTrue(self.Code.get_code("H").counts_as_authorised)
        self.assertTrue(self.Code.get_code("J").counts_as_present)
        self.assertFalse(self.Code.get_code("Y").counts_as_possible)

    def test_counting_constraint(self):
        with self.assertRaises(ValidationError):
            self.by_code["/"].write({"counts_as_authorised": True})
        with self.assertRaises(ValidationError):
            self.by_code["G"].write({"counts_as_unauthorised": False})
        with self.assertRaises(ValidationError):
            self.by_code["X"].write({"counts_as_present": True})

    def test_code_is_unique(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.cr.savepoint():
                self.Code.create(
                    {
                        "code": "I",
                        "name": "Ill again",
                        "category": "authorised_other",
                        "counts_as_possible": True,
                        "counts_as_authorised": True,
                    }
                )

    def test_nobody_deletes_a_code(self):
        code = self.by_code["O"]
        for user in (self.teacher, self.officer, self.manager):
            self.assertFalse(
                self.Code.sudo(user).check_access_rights("unlink", raise_exception=False),
                user.login,
            )
        with self.assertRaises(UserError):
            code.sudo(self.manager).unlink()
        with self.assertRaises(UserError):
            code.unlink()  # not even the superuser
        self.assertTrue(code.exists())
        code.sudo(self.manager).write({"active": False})
        self.assertNotIn(code, self.Code.search([]))

    def test_only_managers_configure_codes(self):
        with self.assertRaises(AccessError):
            self.by_code["O"].sudo(self.officer).write({"name": "Other"})
        self.assertEqual(self.by_code["O"].sudo(self.teacher).code, "O")
