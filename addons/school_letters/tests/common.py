"""Fixture of the letters tests: a school with a term, a group, pupils with
parents, real register marks, and wkhtmltopdf switched on.

Amira Khan (3B): 22 sessions from Mon 2 to Mon 16 September 2024; absent
I (illness) twice and O (unauthorised) once -> 19 of 22 = 86.4% attendance,
3 sessions missed. Her mother Sarah receives post and email; her father
Omar has parental responsibility and an address but does not receive post.
"""

import base64
import re
import subprocess
import tempfile
import unicodedata
from unittest.mock import patch

from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools import config

DATE_FROM = "2024-09-02"
DATE_TO = "2024-09-16"


def pdf_text(pdf):
    """Text of a PDF through pdftotext, whitespace and ligatures normalised."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, stdout=subprocess.PIPE, check=True
    )
    text = unicodedata.normalize("NFKC", result.stdout.decode("utf-8"))
    return re.sub(r"\s+", " ", text)


# Odoo 11 runs at_install tests only with demo data; post_install always.
@at_install(False)
@post_install(True)
class LettersCase(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super(LettersCase, cls).setUpClass()
        # Odoo 11 returns HTML instead of a PDF under --test-enable unless a
        # test report directory is set: render real PDFs with wkhtmltopdf.
        cls._report_dir = tempfile.mkdtemp(prefix="school_letters_test_")
        cls._config_patch = patch.dict(config.options, {"test_report_directory": cls._report_dir})
        cls._config_patch.start()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.Letter = cls.env["school.letter"]
        cls.Template = cls.env["school.letter.template"]
        cls.company = cls.env.ref("base.main_company")
        cls.company.write(
            {
                "name": "Oakfield Primary School",
                "street": "1 School Lane",
                "city": "Bromley",
                "zip": "BR1 1AA",
                "phone": "020 7946 0000",
                "email": "office@oakfield.example.org",
            }
        )
        group_officer = cls.env.ref("school_attendance.group_attendance_officer")
        cls.officer = cls._create_user("sl_officer", group_officer)
        cls.teacher = cls._create_user(
            "sl_teacher", cls.env.ref("school_attendance.group_attendance_teacher")
        )
        cls.manager = cls._create_user(
            "sl_manager", cls.env.ref("school_attendance.group_attendance_manager")
        )
        cls.year = cls.env["school.academic.year"].create(
            {
                "name": "2024/25",
                "date_start": "2024-09-01",
                "date_end": "2025-08-31",
                "company_id": cls.company.id,
            }
        )
        cls.env["school.term"].create(
            {
                "name": "Autumn 2024",
                "academic_year_id": cls.year.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        cls.group = cls.env["school.group"].create(
            {"name": "3B", "year_group": "3", "company_id": cls.company.id}
        )
        cls.amira = cls._pupil("Amira", "Khan")
        cls.sarah = cls._parent(
            cls.amira,
            "Sarah Khan",
            "mother",
            post=True,
            street="12 Elm Road",
            city="Bromley",
            zip="BR2 9QT",
            email="sarah@example.org",
        )
        cls.omar = cls._parent(
            cls.amira,
            "Omar Khan",
            "father",
            post=False,
            street="4 Oak Close",
            city="Croydon",
            zip="CR0 1AB",
        )
        cls.env["school.attendance.register"].generate_registers(
            DATE_FROM, DATE_TO, company=cls.company
        )
        cls._set_codes(
            cls.amira,
            {("2024-09-03", "am"): "I", ("2024-09-03", "pm"): "I", ("2024-09-10", "am"): "O"},
        )

    @classmethod
    def tearDownClass(cls):
        cls._config_patch.stop()
        super(LettersCase, cls).tearDownClass()

    @classmethod
    def _create_user(cls, login, group):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "email": "%s@example.org" % login,
                    "company_id": cls.company.id,
                    "company_ids": [(6, 0, [cls.company.id])],
                    "groups_id": [(6, 0, [group.id])],
                }
            )
        )

    @classmethod
    def _pupil(cls, first, last, group=None):
        return cls.env["school.pupil"].create(
            {
                "first_name": first,
                "last_name": last,
                "group_id": (group or cls.group).id,
                "company_id": cls.company.id,
                "date_admitted": "2024-09-02",
            }
        )

    @classmethod
    def _parent(cls, pupil, name, relationship, post=True, pr=True, **address):
        partner = cls.env["res.partner"].create(dict(address, name=name))
        cls.env["school.pupil.contact"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": partner.id,
                "relationship": relationship,
                "has_parental_responsibility": pr,
                "receives_post": post,
            }
        )
        return partner

    @classmethod
    def _set_codes(cls, pupil, absences):
        """Mark ``pupil`` present in every session of the period except ``absences``."""
        code_model = cls.env["school.attendance.code"]
        marks = cls.env["school.attendance.mark"].search(
            [("pupil_id", "=", pupil.id), ("date", ">=", DATE_FROM), ("date", "<=", DATE_TO)]
        )
        for mark in marks:
            code = absences.get((mark.date, mark.period)) or ("/" if mark.period == "am" else "\\")
            mark.write({"code_id": code_model.get_code(code).id})

    def letter_text(self, letter):
        """Text of the letter's own PDF attachment."""
        self.assertTrue(letter.attachment_id, "%s has no PDF" % letter.name)
        return pdf_text(base64.b64decode(letter.attachment_id.datas))
