from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SchoolPenaltyWindowWizard(models.TransientModel):
    """Pupils near the penalty threshold, with the dates their count falls by itself.

    An officer sees who will meet the threshold (10 unauthorised sessions in 10 school
    weeks) with one or two more unauthorised sessions, and whose count clears as the
    oldest sessions leave the rolling window. Nothing is proposed or sent from here.
    """

    _name = "school.penalty.window.wizard"
    _description = "Pupils Near the Penalty Threshold"
    _inherit = ["school.pupil.screen.mixin"]

    within = fields.Integer(
        string="Sessions From the Threshold",
        required=True,
        default=2,
        help="List pupils this many unauthorised sessions or fewer from the threshold "
        "(1: one more absence meets it).",
    )
    line_ids = fields.One2many(
        "school.penalty.window.wizard.line", "wizard_id", string="Pupils", readonly=True
    )

    @api.constrains("within")
    def _check_within(self):
        for wizard in self:
            if not 1 <= wizard.within <= 9:
                raise ValidationError(
                    _("Sessions from the threshold must be from 1 to 9 (you entered %s).")
                    % wizard.within
                )

    def action_compute(self):
        """List the pupils on roll who are ``within`` sessions or fewer from the threshold."""
        self.ensure_one()
        forecasts = self._pupils_on_roll().get_penalty_window_forecasts(self.date)
        lines = [(5, 0, 0)]
        for row in forecasts:
            if row["met"] or row["to_threshold"] > self.within:
                continue
            first_drop = row["drops"][0] if row["drops"] else {}
            lines.append(
                (
                    0,
                    0,
                    {
                        "pupil_id": row["pupil_id"],
                        "sessions": row["sessions"],
                        "to_threshold": row["to_threshold"],
                        "next_drop_date": first_drop.get("date"),
                        "next_drop_sessions": first_drop.get("sessions", 0),
                        "explanation": row["explanation"],
                    },
                )
            )
        self.write({"line_ids": lines})
        return self._reopen(_("Pupils Near the Penalty Threshold"))
