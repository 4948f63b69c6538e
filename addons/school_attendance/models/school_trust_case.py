from odoo import fields, models, tools


class SchoolTrustCase(models.Model):
    """Open attendance cases per school, stage and concern, for the trust dashboard.

    Counts only: the trust sees how many cases each school has at each step,
    never the cases themselves (their notes are the school's).
    """

    _name = "school.trust.case"
    _description = "Trust Dashboard: Open Cases by Stage"
    _auto = False
    _order = "company_id, stage_sequence, concern"
    _rec_name = "stage_id"

    company_id = fields.Many2one("res.company", string="School", readonly=True)
    stage_id = fields.Many2one("school.attendance.case.stage", string="Stage", readonly=True)
    stage_sequence = fields.Integer(readonly=True)
    concern = fields.Selection(
        selection=lambda self: self.env["school.attendance.case"]._fields["concern"].selection,
        readonly=True,
        help="Why the cases are open.",
    )
    case_count = fields.Integer(string="Open Cases", readonly=True, help="Cases still open.")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            """
            CREATE OR REPLACE VIEW school_trust_case AS (
                SELECT
                    row_number() OVER (ORDER BY c.company_id, c.stage_id, c.concern) AS id,
                    c.company_id,
                    c.stage_id,
                    coalesce(min(st.sequence), 0) AS stage_sequence,
                    c.concern,
                    count(*) AS case_count
                FROM school_attendance_case c
                LEFT JOIN school_attendance_case_stage st ON st.id = c.stage_id
                WHERE c.date_closed IS NULL
                GROUP BY c.company_id, c.stage_id, c.concern
            )
            """
        )
