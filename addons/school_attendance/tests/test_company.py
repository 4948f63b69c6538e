from odoo.exceptions import ValidationError

from .common import SchoolAttendanceCase


class TestCompanySettings(SchoolAttendanceCase):
    """School settings on the company: seed 002 times, statutory retention."""

    def test_defaults_from_policy(self):
        company = self.company_b
        self.assertAlmostEqual(company.school_doors_open, 8.5)
        self.assertAlmostEqual(company.register_am_time, 8 + 50 / 60.0)
        self.assertAlmostEqual(company.register_am_close, 9 + 20 / 60.0)
        self.assertAlmostEqual(company.register_pm_time, 13.0)
        self.assertAlmostEqual(company.register_pm_close, 13.5)
        self.assertEqual(company.retention_years, 6)
        self.assertEqual(self.company.retention_years, 6, "existing company")

    def test_retention_at_least_six_years(self):
        with self.assertRaises(ValidationError):
            self.company.write({"retention_years": 3})
        self.company.write({"retention_years": 7})
        self.assertEqual(self.company.retention_years, 7)

    def test_register_open_at_most_30_minutes(self):
        with self.assertRaises(ValidationError):
            self.company.write({"register_am_close": 9.5})
        with self.assertRaises(ValidationError):
            self.company.write({"register_pm_close": 12.5})

    def test_school_numbers(self):
        self.company.write({"urn": "125252", "dfe_number": "936/2001"})
        with self.assertRaises(ValidationError):
            self.company.write({"urn": "12525"})
        with self.assertRaises(ValidationError):
            self.company.write({"dfe_number": "93-2001"})
