"""Census attendance export and daily extract, against hand-computed counts.

Fixture and the counts of each pupil: ``export_common``.
"""

import base64
import csv
import io

from odoo.exceptions import AccessError, UserError

from .export_common import ExportCase

HEADER = (
    "UPN,Surname,Forename,DOB,Sex,NCYearActual,RegGroup,AgeAtStartOfYear,EntryDate,"
    "LeavingDate,SessionsPossible,SessionsAttended,SessionsAuthorised,SessionsUnauthorised,"
    "AttendancePct,SessionsPresent,SessionsLateBeforeClose,SessionsApprovedActivity,"
    "SessionsC,SessionsC1,SessionsC2,SessionsJ1,SessionsM,SessionsS,SessionsE,SessionsI,"
    "SessionsR,SessionsT,SessionsG,SessionsN,SessionsO,SessionsU,SessionsLateAfterClose,"
    "MinutesLate,SessionsNotPossible,SessionsUnmarked"
)
# Worked out by hand from the marks in export_common (one line per pupil, surname order).
# Amira: 13 of 16 = 81.25% -> 81.3; Ben: 11 of 16 = 68.75% -> 68.8.
AMIRA_LINE = (
    "A100000000001,Khan,Amira,2016-05-14,F,3,3B,8,2024-09-02,,"
    "16,13,2,1,81.3,10,1,2,0,0,0,0,0,0,0,2,0,0,0,0,0,1,1,50,4,0"
)
BEN_LINE = (
    "B100000000002,Lee,Ben,2016-11-02,M,3,3B,7,2024-09-02,,"
    "16,11,3,2,68.8,11,0,0,2,0,0,0,1,0,0,0,0,0,0,1,1,0,0,0,4,0"
)
CARA_LINE = (
    "C100000000003,Moss,Cara,2015-09-01,F,3,3B,8,2024-09-11,,"
    "3,3,0,0,100.0,2,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,1"
)
DAN_LINE = (
    "D100000000004,Nash,Dan,2020-03-01,M,R,RJ,4,2024-09-02,,"
    "18,18,0,0,100.0,18,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,0"
)
EVE_LINE = (
    "E100000000005,Owen,Eve,2016-01-20,,3,3B,8,2024-09-02,2024-09-06,"
    "10,8,0,2,80.0,8,0,0,0,0,0,0,0,0,0,0,0,0,2,0,0,0,0,0,0,0"
)


class TestExports(ExportCase):
    def _wizard_model(self, user=None):
        return self.env["school.attendance.export.wizard"].sudo(user or self.officer)

    def _census(self, **kwargs):
        return self._wizard_model().census_csv(self.company.id, self.term.id, **kwargs)

    # ------------------------------------------------------------------
    # Census
    # ------------------------------------------------------------------
    def test_census_csv_matches_hand_counts(self):
        lines = self._census().split("\r\n")
        # Dan (4 on 31 August 2024) is outside the census ages 5-15.
        self.assertEqual(lines, [HEADER, AMIRA_LINE, BEN_LINE, CARA_LINE, EVE_LINE, ""])

    def test_census_all_ages_lists_reception(self):
        lines = self._census(all_ages=True).split("\r\n")
        self.assertEqual(lines[1:-1], [AMIRA_LINE, BEN_LINE, CARA_LINE, DAN_LINE, EVE_LINE])

    def test_census_totals_agree_with_attendance_summary(self):
        rows = list(csv.DictReader(io.StringIO(self._census(all_ages=True))))
        pupils = self.amira | self.ben | self.cara | self.dan | self.eve
        summaries = {
            row["pupil_id"]: row
            for row in pupils.get_attendance_summary("2024-09-02", "2024-09-13")
        }
        for pupil, row in zip(pupils.sorted("last_name"), rows, strict=True):
            summary = summaries[pupil.id]
            self.assertEqual(row["UPN"], pupil.upn)
            self.assertEqual(int(row["SessionsPossible"]), summary["possible"])
            self.assertEqual(int(row["SessionsAttended"]), summary["present"])
            self.assertEqual(int(row["SessionsAuthorised"]), summary["authorised"])
            self.assertEqual(int(row["SessionsUnauthorised"]), summary["unauthorised"])
            self.assertEqual(float(row["AttendancePct"]), summary["attendance_pct"])

    def test_census_wizard_makes_downloadable_attachment(self):
        wizard = self._wizard_model().create(
            {"export_type": "census", "company_id": self.company.id, "term_id": self.term.id}
        )
        action = wizard.action_export()
        export = wizard.export_id
        self.assertEqual(action["type"], "ir.actions.act_url")
        name = "census_attendance_100001_Autumn_2024_first_two_weeks.csv"
        self.assertEqual(
            action["url"],
            "/web/content/school.attendance.export/%d/csv_file/%s?download=true"
            % (export.id, name),
        )
        self.assertEqual(
            (export.name, export.export_type, export.term_id, export.user_id),
            (name, "census", self.term, self.officer),
        )
        content = base64.b64decode(export.csv_file).decode("utf-8")
        self.assertEqual(content, self._census())

    def test_census_bad_input(self):
        wizard_model = self._wizard_model()
        with self.assertRaisesRegex(UserError, "is not a term of"):
            wizard_model.census_csv(self.company.id, self.term_b.id)
        with self.assertRaisesRegex(UserError, "no term with the id"):
            wizard_model.census_csv(self.company.id, 0)
        with self.assertRaisesRegex(AccessError, "not one of your schools"):
            wizard_model.census_csv(self.company_b.id, self.term_b.id)
        with self.assertRaisesRegex(AccessError, "Only attendance officers"):
            self._wizard_model(self.teacher).census_csv(self.company.id, self.term.id)
        # A term over a weekend has no sessions.
        weekend = self.env["school.term"].create(
            {
                "name": "Weekend",
                "academic_year_id": self.year.id,
                "date_start": "2024-09-14",
                "date_end": "2024-09-15",
            }
        )
        with self.assertRaisesRegex(UserError, "has no school sessions"):
            wizard_model.census_csv(self.company.id, weekend.id)
        future_year = self._create_year(
            name="2099/00", date_start="2099-09-01", date_end="2100-08-31"
        )
        future = self.env["school.term"].create(
            {
                "name": "Autumn 2099",
                "academic_year_id": future_year.id,
                "date_start": "2099-09-07",
                "date_end": "2099-09-11",
            }
        )
        with self.assertRaisesRegex(UserError, "no attendance to export yet"):
            wizard_model.census_csv(self.company.id, future.id)
        with self.assertRaisesRegex(UserError, "Choose the term"):
            wizard_model.create({"export_type": "census"}).action_export()

    # ------------------------------------------------------------------
    # Daily extract
    # ------------------------------------------------------------------
    def test_daily_extract_matches_marks(self):
        content = self._wizard_model().daily_csv(self.company.id, "2024-09-11")
        rows = list(csv.reader(io.StringIO(content)))
        self.assertEqual(
            rows[0],
            [
                "URN",
                "LAESTAB",
                "Date",
                "Session",
                "UPN",
                "Surname",
                "Forename",
                "RegGroup",
                "NCYearActual",
                "Code",
                "CodeMeaning",
                "Category",
                "MinutesLate",
            ],
        )
        meaning = {code: self.Code.get_code(code).name for code in ("/", "\\", "L", "C")}
        school = ["100001", "936/2001", "2024-09-11"]
        # Eve left on 6 September: no mark. Cara's afternoon has no code yet.
        self.assertEqual(
            rows[1:],
            [
                school
                + [
                    "AM",
                    "A100000000001",
                    "Khan",
                    "Amira",
                    "3B",
                    "3",
                    "L",
                    meaning["L"],
                    "attending",
                    "10",
                ],
                school
                + [
                    "AM",
                    "B100000000002",
                    "Lee",
                    "Ben",
                    "3B",
                    "3",
                    "C",
                    meaning["C"],
                    "authorised",
                    "0",
                ],
                school
                + [
                    "AM",
                    "C100000000003",
                    "Moss",
                    "Cara",
                    "3B",
                    "3",
                    "/",
                    meaning["/"],
                    "attending",
                    "0",
                ],
                school
                + [
                    "AM",
                    "D100000000004",
                    "Nash",
                    "Dan",
                    "RJ",
                    "R",
                    "/",
                    meaning["/"],
                    "attending",
                    "0",
                ],
                school
                + [
                    "PM",
                    "A100000000001",
                    "Khan",
                    "Amira",
                    "3B",
                    "3",
                    "\\",
                    meaning["\\"],
                    "attending",
                    "0",
                ],
                school
                + [
                    "PM",
                    "B100000000002",
                    "Lee",
                    "Ben",
                    "3B",
                    "3",
                    "C",
                    meaning["C"],
                    "authorised",
                    "0",
                ],
                school
                + ["PM", "C100000000003", "Moss", "Cara", "3B", "3", "", "", "unmarked", "0"],
                school
                + [
                    "PM",
                    "D100000000004",
                    "Nash",
                    "Dan",
                    "RJ",
                    "R",
                    "\\",
                    meaning["\\"],
                    "attending",
                    "0",
                ],
            ],
        )

    def test_daily_extract_categories_of_non_possible_and_late_codes(self):
        content = self._wizard_model().daily_csv(self.company.id, "2024-09-10")
        rows = {(r["UPN"], r["Session"]): r for r in csv.DictReader(io.StringIO(content))}
        # Tue 10 Sep: Amira X x2, Ben P x2; Mon 9 Sep PM: Amira U (40 minutes).
        self.assertEqual(rows[("A100000000001", "AM")]["Category"], "not_possible")
        self.assertEqual(rows[("A100000000001", "PM")]["Code"], "X")
        content = self._wizard_model().daily_csv(self.company.id, "2024-09-09")
        rows = {(r["UPN"], r["Session"]): r for r in csv.DictReader(io.StringIO(content))}
        self.assertEqual(
            (rows[("A100000000001", "PM")]["Code"], rows[("A100000000001", "PM")]["Category"]),
            ("U", "unauthorised"),
        )
        self.assertEqual(rows[("A100000000001", "PM")]["MinutesLate"], "40")

    def test_daily_wizard_keeps_the_file_on_its_export(self):
        wizard = self._wizard_model().create(
            {"export_type": "daily", "company_id": self.company.id, "date": "2024-09-11"}
        )
        wizard.action_export()
        export = wizard.export_id
        self.assertEqual((export.company_id, export.date), (self.company, "2024-09-11"))
        self.assertEqual(export.name, "attendance_100001_2024-09-11.csv")
        self.assertEqual(len(base64.b64decode(export.csv_file).decode().split("\r\n")), 10)

    def test_daily_bad_input(self):
        wizard_model = self._wizard_model()
        with self.assertRaisesRegex(UserError, "no school session on 14 September 2024"):
            wizard_model.daily_csv(self.company.id, "2024-09-14")
        with self.assertRaisesRegex(UserError, "is not a day"):
            wizard_model.daily_csv(self.company.id, "2024-13-45")
        with self.assertRaisesRegex(AccessError, "Only attendance officers"):
            self._wizard_model(self.teacher).daily_csv(self.company.id, "2024-09-11")
        with self.assertRaisesRegex(UserError, "no school with the id"):
            wizard_model.daily_csv(987654, "2024-09-11")


class TestExportFiles(ExportCase):
    """An exported file lists every pupil's UPN, name and date of birth: only the
    school's officers and managers may find or download it."""

    @classmethod
    def setUpClass(cls):
        super(TestExportFiles, cls).setUpClass()
        group_portal = cls.env.ref("base.group_portal")
        cls.parent = cls._create_user("sa_parent", group_portal)
        cls.env["school.pupil.contact"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.parent.partner_id.id,
                "relationship": "mother",
                "has_parental_responsibility": True,
            }
        )
        cls.trust_user = cls._create_user(
            "sa_trust", cls.env.ref("school_attendance.group_attendance_trust")
        )
        cls.employee = cls._create_user("sa_employee", cls.env.ref("base.group_user"))
        Wizard = cls.env["school.attendance.export.wizard"].sudo(cls.officer)
        cls.env.cr.execute("SELECT COALESCE(MAX(id), 0) FROM ir_attachment")
        before = cls.env.cr.fetchone()[0]
        cls.exports = cls.env["school.attendance.export"]
        for vals in (
            {"export_type": "census", "term_id": cls.term.id},
            {"export_type": "daily", "date": "2024-09-11"},
        ):
            wizard = Wizard.create(dict(vals, company_id=cls.company.id))
            wizard.action_export()
            cls.exports |= wizard.export_id
        # Every file the exports made, whoever may see it.
        cls.env.cr.execute("SELECT id FROM ir_attachment WHERE id > %s", [before])
        cls.files = cls.env["ir.attachment"].browse([row[0] for row in cls.env.cr.fetchall()])

    def test_files_are_bound_to_the_export_and_never_public(self):
        self.assertEqual(len(self.files), 2)
        for attachment in self.files:
            self.assertEqual(attachment.res_model, "school.attendance.export")
            self.assertIn(attachment.res_id, self.exports.ids)
            self.assertFalse(attachment.public)

    def test_officer_downloads_the_files(self):
        exports = self.exports.sudo(self.officer)
        self.assertEqual(exports.search([]), exports)
        self.assertTrue(all(exports.mapped("csv_file")))
        status, _headers, _content = self.env["ir.http"].binary_content(
            model="school.attendance.export",
            id=exports[0].id,
            field="csv_file",
            env=exports.env,
        )
        self.assertEqual(status, 200)

    def test_nobody_else_finds_or_downloads_the_files(self):
        users = (self.parent, self.teacher, self.trust_user, self.employee, self.officer_b)
        for user in users:
            Attachment = self.env["ir.attachment"].sudo(user)
            self.assertFalse(
                Attachment.search([("id", "in", self.files.ids), ("res_field", "!=", "dummy")]),
                user.login,
            )
            self.assertFalse(Attachment.search([("name", "like", "attendance")]), user.login)
            for attachment in self.files.sudo(user):
                with self.assertRaises(AccessError, msg=user.login):
                    attachment.read(["datas"])
                status, _headers, _content = self.env["ir.http"].binary_content(
                    id=attachment.id, env=attachment.env
                )
                self.assertIn(status, (403, 404), user.login)
            for export in self.exports.sudo(user):
                with self.assertRaises(AccessError, msg=user.login):
                    export.read(["csv_file"])
