import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SchoolBandMoversWizard(models.TransientModel):
    """Pupils who moved up or down an attendance band over a period (seed 003:
    acknowledgement letters for reaching a band, notes home for improvement, letters
    for attendance decline, the list of pupils who improved or declined the learning
    mentor gives senior leaders)."""

    _name = "school.band.movers.wizard"
    _inherit = ["school.screen.mixin"]
    _description = "Band Movers"

    def _default_date_from(self):
        today = fields.Date.from_string(fields.Date.context_today(self))
        return fields.Date.to_string(today - datetime.timedelta(days=today.weekday()))

    date_from = fields.Date(
        string="From",
        required=True,
        default=_default_date_from,
        help="First day of the period (default: Monday of this week). The band before "
        "is the one of the attendance this school year up to the day before.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=fields.Date.context_today,
        help="Last day of the period: the band after is the one of the attendance this "
        "school year up to this day.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="School whose pupils are compared.",
    )
    line_ids = fields.One2many(
        "school.band.movers.wizard.line",
        "wizard_id",
        string="Pupils",
        readonly=True,
        help="Pupils whose band went up (most bands first), then those whose band went down.",
    )
    line_count = fields.Integer(compute="_compute_line_count", help="Number of pupils listed.")

    @api.depends("line_ids")
    def _compute_line_count(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)

    def action_compute(self):
        """Fill the list and show it again."""
        self.ensure_one()
        self.compute_lines()
        return self._reopen(_("Band Movers"))

    def _year_start(self):
        start = self.env["school.academic.year"].get_year_start(self.company_id, self.date_to)
        return fields.Date.to_string(start)

    def compute_lines(self):
        """Replace the lines with the pupils whose band is higher or lower at the end of
        the period than the day before it starts (two summary reads for the school)."""
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_("The period must end on or after the day it starts."))
        start = self._year_start()
        before_day = fields.Date.to_string(
            fields.Date.from_string(self.date_from) - datetime.timedelta(days=1)
        )
        pupils = self.env["school.pupil"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_admitted", "<=", self.date_to),
                "|",
                ("date_left", "=", False),
                ("date_left", ">=", self.date_from),
            ]
        )
        before = {row["pupil_id"]: row for row in pupils.get_attendance_summary(start, before_day)}
        after = pupils.get_attendance_summary(start, self.date_to)
        Band = self.env["school.attendance.band"]
        bands = Band.get_bands_by_company(self.company_id)[self.company_id.id]
        ranks = sorted({band["min_pct"] for band in bands})
        commands = [(5, 0, 0)]
        movers = []
        for row in after:
            old = before.get(row["pupil_id"])
            if not old or not old["possible"] or not row["possible"]:
                continue
            band_before = Band.find_band(old["attendance_pct"], bands)
            band_after = Band.find_band(row["attendance_pct"], bands)
            if not band_before or not band_after:
                continue
            steps = ranks.index(band_after["min_pct"]) - ranks.index(band_before["min_pct"])
            if steps:
                movers.append((steps, row, old, band_before, band_after))
        # Up first, most bands first; then down, the steepest fall first.
        movers.sort(key=lambda m: (m[0] < 0, -abs(m[0]), -m[1]["attendance_pct"], m[1]["pupil_id"]))
        for steps, row, old, band_before, band_after in movers:
            commands.append(
                (
                    0,
                    0,
                    {
                        "pupil_id": row["pupil_id"],
                        "pct_before": old["attendance_pct"],
                        "band_before": band_before["label"],
                        "pct_after": row["attendance_pct"],
                        "band_after": band_after["label"],
                        "bands_up": steps,
                        "direction": "up" if steps > 0 else "down",
                    },
                )
            )
        self.write({"line_ids": commands})
        return True


class SchoolBandMoversWizardLine(models.TransientModel):
    _name = "school.band.movers.wizard.line"
    _description = "Band Mover"
    _order = "id"

    wizard_id = fields.Many2one(
        "school.band.movers.wizard",
        required=True,
        ondelete="cascade",
        help="List this line belongs to.",
    )
    pupil_id = fields.Many2one(
        "school.pupil", string="Pupil", required=True, ondelete="cascade", help="Pupil."
    )
    group_id = fields.Many2one(
        related="pupil_id.group_id", readonly=True, help="Registration group of the pupil."
    )
    pct_before = fields.Float(
        string="Attendance Before (%)",
        digits=(5, 1),
        help="Attendance this school year up to the day before the period.",
    )
    band_before = fields.Char(help="Band before the period.")
    pct_after = fields.Float(
        string="Attendance Now (%)",
        digits=(5, 1),
        help="Attendance this school year up to the end of the period.",
    )
    band_after = fields.Char(string="Band Now", help="Band at the end of the period.")
    bands_up = fields.Integer(
        string="Bands Up",
        help="How many bands the pupil moved up (negative: down).",
    )
    direction = fields.Selection(
        [("up", "Up"), ("down", "Down")],
        help="Up: a higher band than before the period; down: a lower one.",
    )
