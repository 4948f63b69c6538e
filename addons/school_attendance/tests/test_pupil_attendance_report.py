"""The 'Pupil attendance' PDF, rendered by wkhtmltopdf and read back with pdftotext.

Amira Khan (3B, Year 3), Mon 9 to Mon 16 September 2024 (12 sessions):

    Mon 9   AM L (arrived 8:58, 8 min)   PM \\
    Tue 10  AM I                          PM I
    Wed 11  AM O                          PM \\
    Thu 12  AM U (arrived 9:35, 45 min)   PM \\
    Fri 13  AM /                          PM D (dual registered: not possible)
    Mon 16  not marked yet                not marked yet

Possible 9 (D and the unmarked sessions are not possible sessions); present
5 (L, three \\, /); authorised 2 (I, I); unauthorised 2 (O, U); attendance
5/9 = 55.6%, absence 4/9 = 44.4%: persistent (>= 10%) but not severe
(< 50%), band 'Below 90%'; late 1 before the register closed (L), 1 after
(U), 53 minutes. Ben Brook attends the 9 sessions of Mon 9 to Fri 13 AM.
"""

import re
import subprocess
import tempfile
import unicodedata
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tools import config

from .common import SchoolAttendanceCase


def _pdf_pages(pdf):
    """Text of each page of a PDF (pdftotext), whitespace and ligatures normalised."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, stdout=subprocess.PIPE, check=True
    )
    text = unicodedata.normalize("NFKC", result.stdout.decode("utf-8"))
    return [re.sub(r"\s+", " ", page).strip() for page in text.split("\f") if page.strip()]


class TestPupilAttendanceReport(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestPupilAttendanceReport, cls).setUpClass()
        # Odoo 11 returns HTML instead of a PDF under --test-enable unless a
        # test report directory is set: render real PDFs with wkhtmltopdf.
        cls._config_patch = patch.dict(
            config.options,
            {"test_report_directory": tempfile.mkdtemp(prefix="school_attendance_report_")},
        )
        cls._config_patch.start()
        cls.company.write({"name": "Oakfield Primary School", "street": "1 School Lane"})
        year = cls._create_year()
        cls.env["school.term"].create(
            {
                "name": "Autumn 2024",
                "academic_year_id": year.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        group = cls.env["school.group"].create(
            {"name": "3B", "year_group": "3", "company_id": cls.company.id}
        )
        pupil_model = cls.env["school.pupil"]
        cls.amira, cls.ben = [
            pupil_model.create(
                {
                    "first_name": first,
                    "last_name": last,
                    "upn": upn,
                    "group_id": group.id,
                    "company_id": cls.company.id,
                    "date_admitted": "2024-09-02",
                }
            )
            for first, last, upn in (
                ("Amira", "Khan", "K123456789012"),
                ("Ben", "Brook", "B123456789013"),
            )
        ]
        cls.env["school.attendance.register"].generate_registers(
            "2024-09-09", "2024-09-16", company=cls.company
        )
        cls._mark(
            cls.amira,
            {
                ("2024-09-09", "am"): {"arrival_time": 8 + 58 / 60.0},
                ("2024-09-09", "pm"): "\\",
                ("2024-09-10", "am"): "I",
                ("2024-09-10", "pm"): "I",
                ("2024-09-11", "am"): "O",
                ("2024-09-11", "pm"): "\\",
                ("2024-09-12", "am"): {"arrival_time": 9 + 35 / 60.0},
                ("2024-09-12", "pm"): "\\",
                ("2024-09-13", "am"): "/",
                ("2024-09-13", "pm"): "D",
            },
        )
        cls._mark(
            cls.ben,
            {
                (day, period): "/" if period == "am" else "\\"
                for day in ("2024-09-09", "2024-09-10", "2024-09-11", "2024-09-12")
                for period in ("am", "pm")
            },
        )
        cls._mark(cls.ben, {("2024-09-13", "am"): "/"})

    @classmethod
    def tearDownClass(cls):
        cls._config_patch.stop()
        super(TestPupilAttendanceReport, cls).tearDownClass()

    @classmethod
    def _mark(cls, pupil, entries):
        code_model = cls.env["school.attendance.code"]
        for (day, period), value in entries.items():
            mark = cls.env["school.attendance.mark"].search(
                [("pupil_id", "=", pupil.id), ("date", "=", day), ("period", "=", period)]
            )
            vals = value if isinstance(value, dict) else {"code_id": code_model.get_code(value).id}
            mark.write(vals)

    def _print(self, pupils, date_from="2024-09-09", date_to="2024-09-16", user=None):
        """The PDF the wizard's Print button produces, as the given user."""
        wizard_model = self.env["school.pupil.attendance.wizard"].sudo(user or self.officer)
        wizard = wizard_model.with_context(
            active_model="school.pupil", active_ids=pupils.ids
        ).create({"date_from": date_from, "date_to": date_to})
        self.assertEqual(wizard.pupil_ids, pupils)
        action = wizard.action_print()
        self.assertEqual(action["type"], "ir.actions.report")
        report = self.env["ir.actions.report"]._get_report_from_name(action["report_name"])
        pdf, kind = report.sudo(user or self.officer).render_qweb_pdf(
            action["context"]["active_ids"], data=action["data"]
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        return _pdf_pages(pdf)

    def test_report_shows_the_hand_computed_figures_codes_and_sessions(self):
        pages = self._print(self.amira)
        self.assertEqual(len(pages), 1)
        text = pages[0]
        for expected in (
            "Oakfield Primary School",
            "Pupil attendance",
            "Pupil Amira Khan UPN K123456789012",
            "Group 3B Year Year 3",
            "Period 9 September 2024 to 16 September 2024",
            "Possible sessions 9 Attendance 55.6%",
            "Present (incl. approved activity) 5 Absence 44.4%",
            "Authorised absence 2 Band Below 90%",
            "Unauthorised absence 2 Persistent absence (10% or more) Yes",
            "Late before the register closed (L) 1 Severe absence (50% or more) No",
            "Late after the register closed (U) 1 Minutes late 53",
            # Sessions per code, with what the code means.
            "L Late (before register closed) Present 1",
            "I Illness Other authorised absence 2",
            "O Unauthorised absence Unauthorised absence 1",
            "Dual registered: attending a session at another school",
            # The register session by session: date, AM, PM, minutes late.
            "Mon 09/09/2024 L \\ 8",
            "Tue 10/09/2024 I I",
            "Wed 11/09/2024 O \\",
            "Thu 12/09/2024 U \\ 45",
            "Fri 13/09/2024 / D",
            "Mon 16/09/2024 - -",
        ):
            self.assertIn(expected, text)

    def test_several_pupils_one_pdf_a_page_each(self):
        pages = self._print(self.amira | self.ben)
        # One PDF, a page per pupil here, in name order (Brook, then Khan).
        self.assertEqual(len(pages), 2)
        self.assertIn("Pupil Ben Brook UPN B123456789013", pages[0])
        self.assertNotIn("Amira Khan", pages[0])
        self.assertIn("Possible sessions 9 Attendance 100%", pages[0])
        self.assertIn("Persistent absence (10% or more) No", pages[0])
        self.assertIn("Band 98% - 100%", pages[0])
        self.assertIn("Pupil Amira Khan UPN K123456789012", pages[1])
        self.assertIn("Possible sessions 9 Attendance 55.6%", pages[1])

    def test_a_teacher_prints_from_the_pupil_form(self):
        # The form's button opens the wizard for the pupil, school year to date.
        form = self.env["school.pupil"].sudo(self.teacher).fields_view_get(view_type="form")
        action = self.env.ref("school_attendance.school_pupil_attendance_wizard_action")
        self.assertIn("%d" % action.id, form["arch"])
        wizard = (
            self.env["school.pupil.attendance.wizard"]
            .sudo(self.teacher)
            .with_context(active_model="school.pupil", active_ids=self.amira.ids)
            .create({"date_to": "2024-09-13"})
        )
        self.assertEqual(wizard.date_from, "2024-09-01", "from the start of the school year")
        pages = self._print(self.amira, "2024-09-01", "2024-09-13", user=self.teacher)
        self.assertIn("Period 1 September 2024 to 13 September 2024", pages[0])
        self.assertNotIn("Mon 16/09/2024", pages[0])

    def test_period_ending_before_it_starts_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            self.env["school.pupil.attendance.wizard"].sudo(self.officer).with_context(
                active_model="school.pupil", active_ids=self.amira.ids
            ).create({"date_from": "2024-09-16", "date_to": "2024-09-09"})
        message = caught.exception.name
        self.assertIn("9 September 2024", message)
        self.assertIn("before it starts (16 September 2024)", message)
        self.assertIn("on or after the 'From' date", message)
