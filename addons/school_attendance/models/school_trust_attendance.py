from odoo import fields, models, tools

from .. import pupil_week
from ..rules import statistics


class SchoolTrustAttendance(models.Model):
    """Attendance of each school and academic year, for the trust dashboard.

    One row per school and academic year, counted as the DfE counts (the
    code flags, as ``get_attendance_summary``): possible sessions, attendance,
    and pupils in persistent (absence >= 10% of their possible sessions) and
    severe (>= 50%) absence. Figures only: no pupil is named. Added up from
    the counts per pupil and week (``pupil_week``), not from every mark.
    """

    _name = "school.trust.attendance"
    _description = "Trust Dashboard: Attendance by School"
    _auto = False
    _order = "academic_year_start desc, company_id"
    _rec_name = "company_id"

    company_id = fields.Many2one("res.company", string="School", readonly=True)
    academic_year_id = fields.Many2one(
        "school.academic.year", string="Academic Year", readonly=True
    )
    academic_year_start = fields.Date(string="Year Starts", readonly=True)
    pupil_count = fields.Integer(
        string="Pupils", readonly=True, help="Pupils with at least one possible session."
    )
    possible_sessions = fields.Integer(readonly=True, help="Possible sessions of all pupils.")
    present_sessions = fields.Integer(
        string="Attended Sessions", readonly=True, help="Sessions counted as attendance."
    )
    authorised_sessions = fields.Integer(readonly=True, help="Authorised absences.")
    unauthorised_sessions = fields.Integer(readonly=True, help="Unauthorised absences.")
    attendance_pct = fields.Float(
        string="Attendance (%)",
        digits=(5, 1),
        readonly=True,
        group_operator="avg",
        help="Attended sessions / possible sessions.",
    )
    persistent_count = fields.Integer(
        string="Persistent Absentees",
        readonly=True,
        help="Pupils absent for %d%% or more of their possible sessions."
        % statistics.PERSISTENT_ABSENCE_PCT,
    )
    persistent_pct = fields.Float(
        string="Persistent Absence (%)",
        digits=(5, 1),
        readonly=True,
        group_operator="avg",
        help="Persistent absentees / pupils.",
    )
    severe_count = fields.Integer(
        string="Severe Absentees",
        readonly=True,
        help="Pupils absent for %d%% or more of their possible sessions."
        % statistics.SEVERE_ABSENCE_PCT,
    )
    severe_pct = fields.Float(
        string="Severe Absence (%)",
        digits=(5, 1),
        readonly=True,
        group_operator="avg",
        help="Severe absentees / pupils.",
    )

    def init(self):
        # The counts per pupil and week the view adds up (kept by triggers on the marks).
        pupil_week.install(self.env.cr)
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW school_trust_attendance AS (
                WITH pupil_year AS (
                    SELECT
                        w.company_id,
                        w.academic_year_id,
                        w.pupil_id,
                        sum(w.possible) AS possible,
                        sum(w.present) AS present,
                        sum(w.authorised) AS authorised,
                        sum(w.unauthorised) AS unauthorised
                    FROM school_attendance_pupil_week w
                    GROUP BY w.company_id, w.academic_year_id, w.pupil_id
                ), flagged AS (
                    SELECT
                        p.*,
                        p.possible > 0 AND (p.authorised + p.unauthorised) * 100
                            >= %(persistent)s * p.possible AS is_persistent,
                        p.possible > 0 AND (p.authorised + p.unauthorised) * 100
                            >= %(severe)s * p.possible AS is_severe
                    FROM pupil_year p
                ), school_year AS (
                    SELECT
                        f.company_id,
                        f.academic_year_id,
                        count(*) FILTER (WHERE f.possible > 0) AS pupil_count,
                        sum(f.possible) AS possible_sessions,
                        sum(f.present) AS present_sessions,
                        sum(f.authorised) AS authorised_sessions,
                        sum(f.unauthorised) AS unauthorised_sessions,
                        count(*) FILTER (WHERE f.is_persistent) AS persistent_count,
                        count(*) FILTER (WHERE f.is_severe) AS severe_count
                    FROM flagged f
                    GROUP BY f.company_id, f.academic_year_id
                )
                SELECT
                    y.id AS id,
                    s.company_id,
                    s.academic_year_id,
                    y.date_start AS academic_year_start,
                    s.pupil_count,
                    s.possible_sessions,
                    s.present_sessions,
                    s.authorised_sessions,
                    s.unauthorised_sessions,
                    round(100.0 * s.present_sessions / nullif(s.possible_sessions, 0), 1)
                        AS attendance_pct,
                    s.persistent_count,
                    round(100.0 * s.persistent_count / nullif(s.pupil_count, 0), 1)
                        AS persistent_pct,
                    s.severe_count,
                    round(100.0 * s.severe_count / nullif(s.pupil_count, 0), 1) AS severe_pct
                FROM school_year s
                JOIN school_academic_year y ON y.id = s.academic_year_id
            )
            """,
            {
                "persistent": statistics.PERSISTENT_ABSENCE_PCT,
                "severe": statistics.SEVERE_ABSENCE_PCT,
            },
        )
