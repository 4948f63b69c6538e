"""Attendance statistics from register marks: summaries, bands, analysis, absentees.

Fixture: 1 to 15 September 2025, 11 school days, 22 sessions. Expected figures are
worked out by hand in each test's comment.
"""

import datetime
import xmlrpc.client
from unittest.mock import patch

from lxml import etree
from odoo import api, fields
from odoo.exceptions import AccessError, ValidationError

from .common import SchoolAttendanceCase

DATE_FROM = "2025-09-01"
DATE_TO = "2025-09-15"

# One token per session in date, period order (22 sessions). "P" is the present
# code of the session (/ in the morning, \ in the afternoon).
# Ava: 16 P + L + V = 18 attended, I + O = 2 absent, X and # are not possible
# sessions -> possible 20, attendance 90.0%, absence exactly 10% (persistent).
AVA = ["L", "P", "V", "P", "I", "P", "O", "P", "X", "#"] + ["P"] * 12
# Ben: 11 attended, 11 absent of 22 possible -> exactly 50% (severe).
BEN = ["P", "P", "I", "I", "O", "O", "G", "G", "N", "N", "U"] + ["P"] * 9 + ["M", "I"]
# Cleo: 19 attended, I + M absent, X -> possible 21, absence 9.5% (not persistent).
CLEO = ["P"] * 8 + ["I", "M", "X"] + ["P"] * 11
# The analysis pivot's measures, as the bench asks for them.
ANALYSIS_MEASURES = ("possible", "present", "absent", "unauthorised", "late")


class TestStatistics(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestStatistics, cls).setUpClass()
        cls.Pupil = cls.env["school.pupil"]
        cls.Code = cls.env["school.attendance.code"]
        cls.year = cls._create_year(name="2025/26", date_start="2025-09-01", date_end="2026-08-31")
        cls.term = cls.env["school.term"].create(
            {
                "name": "Autumn 2025 (first weeks)",
                "academic_year_id": cls.year.id,
                "date_start": DATE_FROM,
                "date_end": DATE_TO,
            }
        )
        cls.group = cls.env["school.group"].create(
            {"name": "4K", "year_group": "4", "company_id": cls.company.id}
        )
        cls.group_big = cls.env["school.group"].create(
            {"name": "5W", "year_group": "5", "company_id": cls.company.id}
        )
        cls.ava = cls._pupil("Ava", "Shaw", cls.group, is_sen=True)
        cls.ben = cls._pupil("Ben", "Okafor", cls.group, is_fsm=True)
        cls.cleo = cls._pupil("Cleo", "Price", cls.group)
        cls.many = cls.Pupil
        for index in range(30):
            cls.many |= cls._pupil("Pupil%02d" % index, "Many", cls.group_big)
        cls.env["school.attendance.register"].generate_registers(
            DATE_FROM, DATE_TO, company=cls.company
        )
        cls._mark(cls.ava, AVA, minutes={"L": 12})
        cls._mark(cls.ben, BEN, minutes={"U": 45})
        cls._mark(cls.cleo, CLEO)
        # The 30 others: present, except I every third pupil on the first morning.
        cls._mark(cls.many, ["P"] * 22)
        first_am = cls.env["school.attendance.mark"].search(
            [("pupil_id", "in", cls.many[::3].ids), ("date", "=", DATE_FROM), ("period", "=", "am")]
        )
        first_am.write({"code_id": cls.Code.get_code("I").id})

    @classmethod
    def _pupil(cls, first, last, group, **flags):
        vals = {
            "first_name": first,
            "last_name": last,
            "group_id": group.id,
            "company_id": cls.company.id,
            "date_admitted": "2025-09-01",
        }
        vals.update(flags)
        return cls.env["school.pupil"].create(vals)

    @classmethod
    def _mark(cls, pupils, tokens, minutes=None):
        """Give ``pupils`` the codes ``tokens``, one per session in order: one write per code."""
        minutes = minutes or {}
        marks = cls.env["school.attendance.mark"].search(
            [("pupil_id", "in", pupils.ids), ("date", ">=", DATE_FROM), ("date", "<=", DATE_TO)]
        )
        sessions = marks.mapped("session_id").sorted(lambda s: (s.date, s.period))
        assert len(sessions) == len(tokens) == 22, (len(sessions), len(tokens))
        by_code = {}
        for session, token in zip(sessions, tokens, strict=True):
            code = token
            if token == "P":
                code = "/" if session.period == "am" else "\\"
            by_code.setdefault(code, cls.env["school.attendance.mark"])
            by_code[code] |= marks.filtered(lambda m, s=session: m.session_id == s)
        for code, code_marks in by_code.items():
            code_marks.write(
                {"code_id": cls.Code.get_code(code).id, "minutes_late": minutes.get(code, 0)}
            )

    def _summary(self, pupil, date_from=DATE_FROM, date_to=DATE_TO):
        (row,) = pupil.get_attendance_summary(date_from, date_to)
        return row

    # ------------------------------------------------------------------
    # Summary figures
    # ------------------------------------------------------------------
    def test_summary_hand_computed(self):
        row = self._summary(self.ava)
        self.assertEqual(row["pupil_id"], self.ava.id)
        self.assertEqual(row["possible"], 20, "X and # are not possible sessions")
        self.assertEqual(row["present"], 18, "16 present + L + V")
        self.assertEqual(row["authorised"], 1)
        self.assertEqual(row["unauthorised"], 1)
        self.assertEqual(row["attendance_pct"], 90.0)
        self.assertEqual(row["absence_pct"], 10.0)
        self.assertEqual(row["late_before_close"], 1)
        self.assertEqual(row["late_after_close"], 0)
        self.assertEqual(row["minutes_late"], 12)
        self.assertEqual(row["band"], "90% - 91.9%")
        self.assertEqual(row["band_id"], self.env.ref("school_attendance.attendance_band_90").id)
        self.assertTrue(row["is_persistent_absentee"], "exactly 10% absence is persistent")
        self.assertFalse(row["is_severe_absentee"])
        self.assertEqual(
            row["codes"], {"/": 6, "\\": 10, "L": 1, "V": 1, "I": 1, "O": 1, "X": 1, "#": 1}
        )

    def test_severe_boundary(self):
        row = self._summary(self.ben)
        # 11 attended; absent: I x3, M, O x2, G x2, N x2, U = 11 of 22 possible.
        self.assertEqual((row["possible"], row["present"]), (22, 11))
        self.assertEqual((row["authorised"], row["unauthorised"]), (4, 7))
        self.assertEqual(row["absence_pct"], 50.0)
        self.assertTrue(row["is_severe_absentee"], "exactly 50% absence is severe")
        self.assertTrue(row["is_persistent_absentee"])
        self.assertEqual(row["late_after_close"], 1, "U: arrived after the register closed")
        self.assertEqual(row["late_before_close"], 0)
        self.assertEqual(row["band"], "Below 90%")

    def test_persistent_boundary_below(self):
        row = self._summary(self.cleo)
        # 2 absent of 21 possible = 9.52%: below the 10% threshold.
        self.assertEqual((row["possible"], row["present"], row["absent"]), (21, 19, 2))
        self.assertEqual(row["absence_pct"], 9.5)
        self.assertEqual(row["attendance_pct"], 90.5)
        self.assertFalse(row["is_persistent_absentee"])
        self.assertEqual(row["band"], "90% - 91.9%")

    def test_date_range_and_no_marks(self):
        # 1 Sep only: Ava L (AM) and / (PM) -> 2 possible, 2 attended.
        row = self._summary(self.ava, DATE_FROM, DATE_FROM)
        self.assertEqual((row["possible"], row["present"], row["attendance_pct"]), (2, 2, 100.0))
        self.assertEqual(row["band"], "98% - 100%")
        # Before the term: nothing to measure, so no band and no absence flags.
        row = self._summary(self.ava, "2025-08-01", "2025-08-31")
        self.assertEqual(row["possible"], 0)
        self.assertFalse(row["band"])
        self.assertFalse(row["is_persistent_absentee"])
        # datetime.date arguments work the same as strings.
        row = self._summary(self.ava, datetime.date(2025, 9, 1), datetime.date(2025, 9, 15))
        self.assertEqual(row["possible"], 20)

    def test_several_pupils_in_one_call(self):
        pupils = self.ava | self.ben | self.cleo
        rows = pupils.get_attendance_summary(DATE_FROM, DATE_TO)
        self.assertEqual([r["pupil_id"] for r in rows], pupils.ids)
        self.assertEqual([r["possible"] for r in rows], [20, 22, 21])

    def test_rpc_call_returns_list_of_string_keyed_dicts(self):
        pupils = self.ava | self.ben
        result = api.call_kw(
            self.env["school.pupil"], "get_attendance_summary", [pupils.ids, DATE_FROM, DATE_TO], {}
        )
        self.assertIsInstance(result, list)
        self.assertEqual(len(result), 2)
        for row in result:
            self.assertTrue(all(isinstance(key, str) for key in row))
            self.assertTrue(all(isinstance(key, str) for key in row["codes"]))
        # What the XML-RPC endpoint does with the result (no None, no int keys).
        xmlrpc.client.dumps((result,), methodresponse=1, allow_none=False)

    def test_officer_sees_summary_of_own_school_only(self):
        rows = self.ava.sudo(self.officer).get_attendance_summary(DATE_FROM, DATE_TO)
        self.assertEqual(rows[0]["possible"], 20)

    def test_pupil_year_fields(self):
        # "Today" is 15 September 2025: the year to date is the whole fixture.
        with patch.object(fields.Date, "context_today", lambda *args, **kwargs: DATE_TO):
            self.ava.invalidate_cache()
            self.assertEqual(self.ava.attendance_pct_year, 90.0)
            self.assertEqual(self.ava.attendance_band, "90% - 91.9%")
            self.assertTrue(self.ava.is_persistent_absentee)
            self.assertEqual(self.cleo.attendance_pct_year, 90.5)
            self.assertFalse(self.cleo.is_persistent_absentee)
        self.assertEqual(self.ava.mark_count, 22)

    def test_query_count_does_not_grow_with_pupils(self):
        # 20 more pupils join 5W: 50 pupils, each with 22 marks (present every session).
        pupils = self.many
        for index in range(30, 50):
            pupils |= self._pupil("Pupil%02d" % index, "Many", self.group_big)
        self.env["school.attendance.register"].search(
            [("group_id", "=", self.group_big.id)]
        )._create_mark_lines()
        new_marks = self.env["school.attendance.mark"].search(
            [("pupil_id", "in", pupils[30:].ids), ("code_id", "=", False)]
        )
        for period, code in (("am", "/"), ("pm", "\\")):
            new_marks.filtered(lambda m, p=period: m.period == p).write(
                {"code_id": self.Code.get_code(code).id}
            )

        def count_queries(pupils):
            self.env.cache.invalidate()  # the whole cache, every model
            before = self.cr.sql_log_count
            rows = pupils.get_attendance_summary(DATE_FROM, DATE_TO)
            queries = self.cr.sql_log_count - before
            self.assertEqual([row["possible"] for row in rows], [22] * len(pupils))
            return queries

        count_queries(pupils[:1])  # warm the access-rule caches
        few = count_queries(pupils[:5])
        many = count_queries(pupils)
        self.assertEqual(len(pupils), 50)
        self.assertEqual(few, many, "queries must not depend on the number of pupils")
        self.assertLessEqual(many, 8)

    # ------------------------------------------------------------------
    # Bands
    # ------------------------------------------------------------------
    def test_default_bands_loaded(self):
        bands = self.env["school.attendance.band"].search([("company_id", "=", self.company.id)])
        self.assertEqual(
            sorted((b.min_pct, b.max_pct) for b in bands),
            [(0.0, 89.9), (90.0, 91.9), (92.0, 94.9), (95.0, 97.9), (98.0, 100.0)],
        )
        self.assertTrue(all(b.responsible and b.staff_action for b in bands))

    def test_band_per_school(self):
        band_model = self.env["school.attendance.band"]
        # A school without bands of its own falls back on the national defaults.
        defaults = band_model.get_bands_by_company(self.company_b)[self.company_b.id]
        band = band_model.find_band(90.0, defaults)
        self.assertEqual((band["label"], band["id"]), ("90% - 91.9%", False))
        # Own bands for the main school change the answer for its pupils only.
        band_model.search([("company_id", "=", self.company.id)]).write({"active": False})
        silver = band_model.create(
            {"name": "Silver", "min_pct": 88.0, "max_pct": 95.9, "company_id": self.company.id}
        )
        band_model.create(
            {"name": "Gold", "min_pct": 96.0, "max_pct": 100.0, "company_id": self.company.id}
        )
        row = self._summary(self.ava)
        self.assertEqual((row["band"], row["band_id"]), ("Silver", silver.id))
        # Ben's 50% lies in no band of the school.
        self.assertFalse(self._summary(self.ben)["band"])
        # The other school may use overlapping ranges of its own.
        band_model.create(
            {"name": "Any", "min_pct": 90.0, "max_pct": 100.0, "company_id": self.company_b.id}
        )

    def test_band_constraints(self):
        band_model = self.env["school.attendance.band"]
        with self.assertRaises(ValidationError):
            band_model.create({"name": "Overlap", "min_pct": 97.0, "max_pct": 99.0})
        with self.assertRaises(ValidationError):
            band_model.create(
                {
                    "name": "Too high",
                    "min_pct": 90.0,
                    "max_pct": 101.0,
                    "company_id": self.company_b.id,
                }
            )
        with self.assertRaises(ValidationError):
            band_model.create(
                {
                    "name": "Upside down",
                    "min_pct": 60.0,
                    "max_pct": 50.0,
                    "company_id": self.company_b.id,
                }
            )

    def test_teacher_cannot_change_bands(self):
        band = self.env.ref("school_attendance.attendance_band_95")
        self.assertTrue(band.sudo(self.teacher).name)
        with self.assertRaises(AccessError):
            band.sudo(self.teacher).write({"min_pct": 94.0})

    # ------------------------------------------------------------------
    # analysis_model view and absentee list
    # ------------------------------------------------------------------
    def test_analysis_pivot_matches_summary(self):
        analysis_model = self.env["school.attendance.analysis"]
        pupils = self.ava | self.ben | self.cleo
        data = analysis_model.read_group(
            [("pupil_id", "in", pupils.ids), ("date", ">=", DATE_FROM), ("date", "<=", DATE_TO)],
            ["year_group", "possible", "present", "unauthorised", "authorised"],
            ["year_group"],
        )
        self.assertEqual(len(data), 1)
        rows = pupils.get_attendance_summary(DATE_FROM, DATE_TO)
        for name in ("possible", "present", "unauthorised", "authorised"):
            self.assertEqual(data[0][name], sum(r[name] for r in rows), name)
        self.assertEqual((data[0]["possible"], data[0]["present"]), (63, 48))
        # Per pupil characteristic: SEN (Ava) and FSM (Ben).
        sen = analysis_model.read_group(
            [("pupil_id", "in", pupils.ids), ("is_sen", "=", True)], ["possible", "present"], []
        )
        self.assertEqual((sen[0]["possible"], sen[0]["present"]), (20, 18))
        by_month = analysis_model.read_group(
            [("pupil_id", "=", self.ben.id)], ["month", "possible", "unauthorised"], ["month:month"]
        )
        self.assertEqual([(r["possible"], r["unauthorised"]) for r in by_month], [(22, 7)])

    def _pivot(self, user, rows, groupby=("month:month",)):
        """The analysis pivot as the web client asks for it (``rows`` by month, eager),
        as ``user``: {(row value, first day of the column's range): [sums]}, and the SQL
        sent for it."""
        cr = self.env.cr
        sent = []
        execute = cr.execute

        def spy(query, params=None, log_exceptions=None):
            sent.append(cr.mogrify(query, params).decode())
            return execute(query, params)

        with patch.object(cr, "execute", spy):
            data = (
                self.env["school.attendance.analysis"]
                .sudo(user)
                .read_group([], [rows, "month", *ANALYSIS_MEASURES], [rows, *groupby], lazy=False)
            )
        figures = {}
        for row in data:
            (month,) = [term[2] for term in row["__domain"] if term[:2] == ("month", ">=")]
            key = row[rows][0] if isinstance(row[rows], tuple) else row[rows]
            figures[key, month] = [row[name] for name in ANALYSIS_MEASURES]
        (query,) = [query for query in sent if "school_attendance_analysis" in query]
        return figures, query

    def _recount(self, key):
        """The pivot's figures recounted from the marks of the officer's school: {(key of
        the mark, first day of its month): [possible, present, absent, unauthorised, late]}."""
        marks = self.env["school.attendance.mark"].search(
            [("company_id", "=", self.company.id), ("code_id", "!=", False)]
        )
        figures = {}
        for mark in marks:
            code = mark.code_id
            sums = figures.setdefault((key(mark), mark.date[:8] + "01"), [0] * 5)
            for index, counts in enumerate(
                (
                    code.counts_as_possible,
                    code.counts_as_present,
                    code.counts_as_authorised or code.counts_as_unauthorised,
                    code.counts_as_unauthorised,
                    code.is_late,
                )
            ):
                sums[index] += int(counts)
        return figures

    def test_analysis_pivot_equals_a_recount_of_the_marks(self):
        """The pivot's sums by year group or school and month are those of a recount of
        the marks, across a month's end, a pupil moved to another group and a mark on no
        register; the months are grouped as they are in the view, not truncated again."""
        october = ("2025-10-01", "2025-10-03")
        self.env["school.term"].create(
            {
                "name": "October days",
                "academic_year_id": self.year.id,
                "date_start": october[0],
                "date_end": october[1],
            }
        )
        # Cleo moves to 5W: her October marks are in 5W's registers (year 5), her
        # September ones stay in 4K's (year 4), but for one taken off its register.
        self.cleo.group_id = self.group_big
        self.env["school.attendance.register"].generate_registers(*october, company=self.company)
        Mark = self.env["school.attendance.mark"]
        marks = Mark.search([("date", ">=", october[0])])
        self.assertEqual(len(marks), 6 * 33)
        for code, chosen in (
            ("/", marks.filtered(lambda m: m.period == "am")),
            ("\\", marks.filtered(lambda m: m.period == "pm")),
            ("O", marks.filtered(lambda m: m.pupil_id == self.ben and m.date == october[0])),
            ("L", marks.filtered(lambda m: m.pupil_id == self.ava and m.date == october[1])),
        ):
            chosen.write({"code_id": self.Code.get_code(code).id})
        cleo_first = Mark.search([("pupil_id", "=", self.cleo.id)], order="date, period", limit=1)
        self.env.cr.execute(
            "UPDATE school_attendance_mark SET register_id = NULL WHERE id = %s", (cleo_first.id,)
        )
        Mark.invalidate_cache()

        def year_group(mark):
            return (mark.register_id.group_id or mark.pupil_id.group_id).year_group

        figures, query = self._pivot(self.officer, "year_group")
        self.assertEqual(figures, self._recount(year_group))
        self.assertEqual(figures["5", "2025-10-01"][0], 31 * 6, "the 30 of 5W and Cleo")
        self.assertEqual(figures["5", "2025-09-01"][0], 30 * 22 + 1, "and Cleo's mark")
        self.assertEqual(figures["4", "2025-10-01"], [12, 10, 2, 2, 2], "Ben O, Ava late")
        self.assertNotIn("date_trunc", query, "months grouped by the column")
        figures, query = self._pivot(self.officer, "company_id")
        self.assertEqual(figures, self._recount(lambda mark: mark.company_id.id))
        self.assertNotIn("date_trunc", query)
        # By year the month column is truncated as any date; the year adds up the months.
        by_year, _query = self._pivot(self.officer, "company_id", ("month:year",))
        self.assertEqual(
            by_year[self.company.id, "2025-01-01"],
            [sum(sums[index] for sums in figures.values()) for index in range(5)],
        )

    def test_analysis_views_open(self):
        """Reporting > Attendance Analysis opens as an officer: the pivot, graph, list and
        search views of its action, with their measures."""
        action = self.env.ref("school_attendance.school_attendance_analysis_action")
        analysis = self.env["school.attendance.analysis"].sudo(self.officer)
        for view_type in action.view_mode.split(",") + ["search"]:
            arch = analysis.fields_view_get(view_type=view_type)["arch"]
            self.assertIn("possible" if view_type != "search" else "year_group", arch)
        pivot = etree.fromstring(analysis.fields_view_get(view_type="pivot")["arch"])
        measures = [field.get("name") for field in pivot.iterfind("field[@type='measure']")]
        self.assertEqual(measures, ["possible", "present", "unauthorised"])
        (row,) = analysis.read_group(
            [("year_group", "=", "4")], ["year_group", *measures], ["year_group"]
        )
        self.assertEqual((row["year_group"], row["possible"]), ("4", 63))

    def test_absentee_wizard(self):
        wizard = self.env["school.absentee.wizard"].create(
            {"date_from": DATE_FROM, "date_to": DATE_TO, "scope": "persistent"}
        )
        wizard.action_compute()
        self.assertEqual(wizard.line_ids.mapped("pupil_id"), self.ben | self.ava)
        self.assertEqual(wizard.line_ids[0].pupil_id, self.ben, "lowest attendance first")
        self.assertTrue(wizard.line_ids[0].is_severe_absentee)
        wizard.write({"scope": "severe"})
        wizard.action_compute()
        self.assertEqual(wizard.line_ids.mapped("pupil_id"), self.ben)
        self.assertEqual(wizard.line_ids.absence_pct, 50.0)

    def test_pupil_smart_buttons(self):
        action = self.ava.action_view_marks()
        self.assertEqual(action["res_model"], "school.attendance.mark")
        marks = self.env["school.attendance.mark"].search(action["domain"])
        self.assertEqual(len(marks), self.ava.mark_count)
        self.assertEqual(self.ava.amendment_count, 0)
        self.assertEqual(
            self.ava.action_view_amendments()["res_model"], "school.attendance.amendment"
        )
        analysis = self.ava.action_view_analysis()
        rows = self.env["school.attendance.analysis"].search(analysis["domain"])
        self.assertEqual(len(rows), 22)

    def test_analysis_is_for_officers(self):
        analysis_model = self.env["school.attendance.analysis"]
        self.assertTrue(
            analysis_model.sudo(self.officer).search_count([("pupil_id", "=", self.ava.id)])
        )
        self.assertFalse(
            analysis_model.sudo(self.officer_b).search_count([("pupil_id", "=", self.ava.id)]),
            "another school's officer sees none of these marks",
        )
        with self.assertRaises(AccessError):
            analysis_model.sudo(self.teacher).search([])
