from odoo import api, fields, models, tools

from .school_group import YEAR_GROUPS
from .school_session import PERIODS

WEEKDAYS = [
    ("1", "Monday"),
    ("2", "Tuesday"),
    ("3", "Wednesday"),
    ("4", "Thursday"),
    ("5", "Friday"),
]


class SchoolAttendanceAnalysis(models.Model):
    """One row per attendance mark with a code, ready for pivot and graph views.

    The counting columns (possible, present, authorised, unauthorised, late)
    are 0 or 1 from the code's flags, so their sums are the same figures as
    ``school.pupil.get_attendance_summary`` gives.

    A pivot adds up every mark of the schools it covers (7.7 million for a trust
    of twenty), so what it costs per mark counts: ``month``, the first day of the
    month, is computed once, without a time zone (a date has none), and the
    pivot's columns group by it as it is (``_read_group_process_groupby``).
    """

    _name = "school.attendance.analysis"
    _description = "Attendance Analysis"
    _auto = False
    _order = "date desc, pupil_id"
    _rec_name = "pupil_id"

    date = fields.Date(readonly=True, help="Day of the session.")
    month = fields.Date(readonly=True, help="First day of the month of the session.")
    weekday = fields.Selection(WEEKDAYS, readonly=True, help="Day of the week of the session.")
    period = fields.Selection(PERIODS, readonly=True, help="Morning or afternoon session.")
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    pupil_id = fields.Many2one("school.pupil", string="Pupil", readonly=True)
    group_id = fields.Many2one(
        "school.group",
        string="Registration Group",
        readonly=True,
        help="Group whose register holds the mark (the pupil's group when "
        "the mark is on no register).",
    )
    year_group = fields.Selection(YEAR_GROUPS, string="Year Group", readonly=True)
    code_id = fields.Many2one("school.attendance.code", string="Code", readonly=True)
    category = fields.Selection(
        selection=lambda self: self.env["school.attendance.code"]._fields["category"].selection,
        readonly=True,
        help="DfE category of the code.",
    )
    is_sen = fields.Boolean(string="SEN Support", readonly=True)
    is_ehcp = fields.Boolean(string="EHC Plan", readonly=True)
    is_fsm = fields.Boolean(string="Free School Meals", readonly=True)
    is_pupil_premium = fields.Boolean(string="Pupil Premium", readonly=True)
    is_looked_after = fields.Boolean(string="Looked After", readonly=True)
    possible = fields.Integer(readonly=True, help="1 when the mark is a possible session.")
    present = fields.Integer(
        string="Attended", readonly=True, help="1 when the mark counts as attendance."
    )
    authorised = fields.Integer(readonly=True, help="1 when the mark is an authorised absence.")
    unauthorised = fields.Integer(readonly=True, help="1 when the mark is an unauthorised absence.")
    absent = fields.Integer(readonly=True, help="1 when the mark is an absence of either kind.")
    late = fields.Integer(readonly=True, help="1 for a late arrival (L or U).")
    minutes_late = fields.Integer(readonly=True, help="Minutes late of the mark.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW school_attendance_analysis AS (
                SELECT
                    m.id AS id,
                    m.date AS date,
                    date_trunc('month', m.date::timestamp)::date AS month,
                    extract(isodow FROM m.date)::int::varchar AS weekday,
                    m.period AS period,
                    m.company_id AS company_id,
                    m.pupil_id AS pupil_id,
                    g.id AS group_id,
                    g.year_group AS year_group,
                    m.code_id AS code_id,
                    c.category AS category,
                    coalesce(p.is_sen, false) AS is_sen,
                    coalesce(p.is_ehcp, false) AS is_ehcp,
                    coalesce(p.is_fsm, false) AS is_fsm,
                    coalesce(p.is_pupil_premium, false) AS is_pupil_premium,
                    coalesce(p.is_looked_after, false) AS is_looked_after,
                    coalesce(c.counts_as_possible, false)::int AS possible,
                    coalesce(c.counts_as_present, false)::int AS present,
                    coalesce(c.counts_as_authorised, false)::int AS authorised,
                    coalesce(c.counts_as_unauthorised, false)::int AS unauthorised,
                    coalesce(c.counts_as_authorised OR c.counts_as_unauthorised, false)::int
                        AS absent,
                    coalesce(c.is_late, false)::int AS late,
                    coalesce(m.minutes_late, 0) AS minutes_late
                FROM school_attendance_mark m
                JOIN school_attendance_code c ON c.id = m.code_id
                JOIN school_pupil p ON p.id = m.pupil_id
                LEFT JOIN school_attendance_register r ON r.id = m.register_id
                LEFT JOIN school_group g ON g.id = coalesce(r.group_id, p.group_id)
            )
            """
        )

    @api.model
    def _read_group_process_groupby(self, gb, query):
        """``month`` is already the first day of its month: grouped by month (the pivot's
        columns), it is grouped by the column itself, not by a ``date_trunc`` of every
        mark's value through a time zone (a sixth of the pivot's time, bench row 6)."""
        annotated = super()._read_group_process_groupby(gb, query)
        if gb in ("month", "month:month"):
            annotated["qualified_field"] = self._inherits_join_calc(self._table, "month", query)
        return annotated
