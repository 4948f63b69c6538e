from odoo import fields, models, tools

from .school_group import YEAR_GROUPS


class SchoolAttendanceGroupWeek(models.Model):
    """Weekly attendance of each registration group and its rank in the school (seed
    003: the attendance ranking shared in Friday's assembly and the newsletter, the
    trophy for the winning class, classes at 100% into the prize draw)."""

    _name = "school.attendance.group.week"
    _description = "Weekly Class Ranking"
    _auto = False
    _order = "week_start desc, rank, group_id"
    _rec_name = "group_id"

    week_start = fields.Date(string="Week", readonly=True, help="Monday of the school week.")
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
    rank = fields.Integer(
        readonly=True,
        help="Position of the class in the school that week (1 = best attendance; "
        "classes with the same attendance share a position).",
    )
    full_days = fields.Integer(
        string="Days at 100%",
        readonly=True,
        help="School days of the week on which the whole class attended (prize box).",
    )
    is_full_attendance = fields.Boolean(
        string="100% All Week", readonly=True, help="Every pupil attended every session."
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW school_attendance_group_week AS (
                SELECT
                    min(d.id) AS id,
                    d.week_start AS week_start,
                    d.company_id AS company_id,
                    d.group_id AS group_id,
                    d.year_group AS year_group,
                    sum(d.possible) AS possible,
                    sum(d.present) AS present,
                    round(100.0 * sum(d.present) / sum(d.possible), 1) AS attendance_pct,
                    rank() OVER (
                        PARTITION BY d.company_id, d.week_start
                        ORDER BY round(100.0 * sum(d.present) / sum(d.possible), 1) DESC
                    ) AS rank,
                    sum(d.is_full_attendance::int) AS full_days,
                    sum(d.present) = sum(d.possible) AS is_full_attendance
                FROM school_attendance_group_day d
                GROUP BY d.week_start, d.company_id, d.group_id, d.year_group
            )
            """
        )
