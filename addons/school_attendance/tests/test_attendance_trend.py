"""Attendance over time: weekly figures (hand-computed) and the SVG chart.

Fixture: ``export_common`` (weeks of Mon 2 and Mon 9 September 2024).
"""

from odoo.exceptions import UserError

from .export_common import ExportCase

PERIOD = ("2024-09-01", "2024-09-30")


class TestAttendanceTrend(ExportCase):
    def setUp(self):
        super(TestAttendanceTrend, self).setUp()
        self.Trend = self.env["school.attendance.trend"]

    def _weekly(self, scope, records):
        return self.Trend.get_weekly_attendance(scope, records.ids, *PERIOD)

    def test_pupil_weekly_figures(self):
        # Week 1: P x6, B x2, I x2 -> 8 of 10. Week 2: P x4, U, L, X x2, # x2 -> 5 of 6.
        self.assertEqual(
            self._weekly("pupil", self.amira),
            {
                str(self.amira.id): [
                    {
                        "week_start": "2024-09-02",
                        "possible": 10,
                        "present": 8,
                        "attendance_pct": 80.0,
                    },
                    {
                        "week_start": "2024-09-09",
                        "possible": 6,
                        "present": 5,
                        "attendance_pct": 83.3,
                    },
                ]
            },
        )

    def test_group_and_school_weekly_figures(self):
        # 3B week 1: Amira 8/10, Ben 5/8 (M N O; Y1 x2 not possible), Eve 8/10 (G x2)
        # -> 21/28 = 75.0%. Week 2: Amira 5/6, Ben 6/8 (C x2), Cara 3/3 -> 14/17 = 82.4%.
        group = self._weekly("group", self.group_3b)[str(self.group_3b.id)]
        self.assertEqual(
            [(w["week_start"], w["possible"], w["present"], w["attendance_pct"]) for w in group],
            [("2024-09-02", 28, 21, 75.0), ("2024-09-09", 17, 14, 82.4)],
        )
        # School: 3B plus Dan (RJ) 10/10 then 8/8 -> 31/38 = 81.6%, 22/25 = 88.0%.
        school = self._weekly("school", self.company)[str(self.company.id)]
        self.assertEqual(
            [(w["week_start"], w["possible"], w["present"], w["attendance_pct"]) for w in school],
            [("2024-09-02", 38, 31, 81.6), ("2024-09-09", 25, 22, 88.0)],
        )

    def test_weekly_figures_in_one_query(self):
        pupils = self.amira | self.ben | self.cara | self.dan | self.eve
        self.Trend._read_weekly_counts("pupil", self.amira.ids, *PERIOD)  # warm caches
        counts = []
        for records in (self.amira, pupils):
            queries_before = self.cr.sql_log_count
            figures = self.Trend._read_weekly_counts("pupil", records.ids, *PERIOD)
            counts.append(self.cr.sql_log_count - queries_before)
            self.assertEqual(set(figures), set(records.ids))
        # One grouped query over the marks, one for the code symbols: 2 whatever the pupils.
        self.assertEqual(counts, [2, 2])

    def test_teacher_sees_only_own_group_marks(self):
        self.group_3b.tutor_ids = self.teacher
        trend = self.Trend.sudo(self.teacher)
        school = trend.get_weekly_attendance("school", self.company.ids, *PERIOD)
        # Only 3B's registers: the group figures, not Dan's.
        self.assertEqual(
            [(w["possible"], w["present"]) for w in school[str(self.company.id)]],
            [(28, 21), (17, 14)],
        )

    def test_bad_scope_and_period(self):
        with self.assertRaisesRegex(UserError, "pupil, a group or a school"):
            self.Trend.get_weekly_attendance("trust", [1], *PERIOD)
        with self.assertRaisesRegex(UserError, "ends on or after"):
            self.Trend.get_weekly_attendance("pupil", self.amira.ids, "2024-09-30", "2024-09-01")

    def test_svg_points_and_band_lines(self):
        svg = self.Trend.render_charts("pupil", self.amira, *PERIOD)[self.amira.id]
        # y axis 75-100% (80% - 2 rounded down to 5) over 200 units: 8 units a point;
        # 80.0% -> 12 + 20 * 8 = 172.0, 83.3% -> 12 + 16.7 * 8 = 145.6. Two weeks: x 44, 520.
        self.assertIn('points="44.0,172.0 520.0,145.6"', svg)
        # Band lines at the school's lower bounds 98, 95, 92, 90%: y 28, 52, 76, 92.
        for pct, y in ((98.0, 28.0), (95.0, 52.0), (92.0, 76.0), (90.0, 92.0)):
            self.assertIn('data-min-pct="%s" x1="44" x2="520" y1="%s" y2="%s"' % (pct, y, y), svg)
        self.assertEqual(svg.count('class="o_band_line"'), 4)
        self.assertIn("Week of 09 Sep: 83.3% (5 of 6 sessions)", svg)
        self.assertIn("95% - 97.9%", svg)

    def test_band_lines_follow_the_school_bands(self):
        bands = self.env["school.attendance.band"].search([("company_id", "=", self.company.id)])
        bands.filtered(lambda b: b.min_pct == 92.0).write({"min_pct": 93.0, "name": "93% - 94.9%"})
        svg = self.Trend.render_charts("pupil", self.amira, *PERIOD)[self.amira.id]
        self.assertIn('data-min-pct="93.0"', svg)
        self.assertNotIn('data-min-pct="92.0"', svg)
        self.assertIn("93% - 94.9%", svg)

    def test_chart_fields_on_pupil_group_and_case(self):
        # Today is after the 2024/25 year: the charts show that year, which holds the term.
        self.assertIn('points="44.0,172.0 520.0,145.6"', self.amira.attendance_chart)
        self.assertIn("<svg", self.group_3b.attendance_chart)
        case = self.env["school.attendance.case"].create(
            {"pupil_id": self.amira.id, "company_id": self.company.id, "concern": "low_attendance"}
        )
        self.assertEqual(case.attendance_chart, self.amira.attendance_chart)

    def test_chart_escapes_names_and_handles_no_marks(self):
        self.cara.write({"first_name": "<script>x</script>"})
        svg = self.Trend.render_charts("pupil", self.cara, "2024-09-02", "2024-09-06")[self.cara.id]
        self.assertNotIn("<script>", svg)
        self.assertIn("No attendance marks in this period.", svg)

    def test_dashboard_draws_school_and_groups(self):
        dashboard = (
            self.env["school.attendance.trend.dashboard"]
            .sudo(self.officer)
            .create({"date_from": "2024-09-02", "date_to": "2024-09-13"})
        )
        self.assertIn("<svg", dashboard.school_chart)
        self.assertIn("<h3>3B</h3>", dashboard.group_charts)
        self.assertIn("<h3>RJ</h3>", dashboard.group_charts)
        dashboard.date_to = "2024-09-01"
        self.assertIn("must end on or after", dashboard.school_chart)
