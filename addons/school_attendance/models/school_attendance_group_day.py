from odoo import fields, models, tools

from .school_group import YEAR_GROUPS


class SchoolAttendanceGroupDay(models.Model):
    """Attendance of each registration group on each school day (seed 003: class
    teachers write the daily attendance on the board; classes at 100% on a day go
    into the prize box)."""

    _name = "school.attendance.group.day"
    _description = "Class Attendance by Day"
    _auto = False
    _order = "date desc, attendance_pct desc, group_id"
    _rec_name = "group_id"

    date = fields.Date(readonly=True, help="School day.")
    week_start = fields.Date(string="Week", readonly=True, help="Monday of the day's week.")
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    group_id = fields.Many2one(
        "school.group", string="Class", readonly=True, help="Registration group."
    )
    year_group = fields.Selection(YEAR_GROUPS, string="Year Group", readonly=True)
    possible = fields.Integer(readonly=True, help="Possible sessions of the class's pupils.")
    present = fields.Integer(string="Attended", readonly=True, help="Sessions attended.")
    attendance_pct = fields.Float(
        string="Attendance (%)", digits=(5, 1), readonly=True, help="Attended / possible."
    )
    is_full_attendance = fields.Boolean(
        string="100% Attendance", readonly=True, help="Every pupil attended every session."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW school_attendance_group_day AS (
                SELECT
                    min(m.id) AS id,
                    m.date AS date,
                    s.week_start AS week_start,
                    g.company_id AS company_id,
                    g.id AS group_id,
                    g.year_group AS year_group,
                    sum(c.counts_as_possible::int) AS possible,
                    sum(c.counts_as_present::int) AS present,
                    round(100.0 * sum(c.counts_as_present::int)
                          / sum(c.counts_as_possible::int), 1) AS attendance_pct,
                    sum(c.counts_as_present::int) = sum(c.counts_as_possible::int)
                        AS is_full_attendance
                FROM school_attendance_mark m
                JOIN school_attendance_code c ON c.id = m.code_id
                JOIN school_session s ON s.id = m.session_id
                JOIN school_attendance_register r ON r.id = m.register_id
                JOIN school_group g ON g.id = r.group_id
                GROUP BY m.date, s.week_start, g.company_id, g.id, g.year_group
                HAVING sum(c.counts_as_possible::int) > 0
            )
            """
        )
