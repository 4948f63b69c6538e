from odoo import fields, models


class SchoolPupil(models.Model):
    """Letters sent about a pupil: smart button and counter."""

    _inherit = "school.pupil"

    letter_ids = fields.One2many(
        "school.letter",
        "pupil_id",
        string="Letters",
        readonly=True,
        groups="school_attendance.group_attendance_officer",
        help="Letters, notices and certificates sent about the pupil.",
    )
    letter_count = fields.Integer(
        string="Letters",
        compute="_compute_letter_count",
        groups="school_attendance.group_attendance_officer",
        help="Number of letters sent about the pupil.",
    )

    def _compute_letter_count(self):
        data = self.env["school.letter"].read_group(
            [("pupil_id", "in", self.ids)], ["pupil_id"], ["pupil_id"]
        )
        counts = {row["pupil_id"][0]: row["pupil_id_count"] for row in data}
        for pupil in self:
            pupil.letter_count = counts.get(pupil.id, 0)

    def action_view_letters(self):
        """Smart button: the letters sent about the pupils."""
        action = self.env.ref("school_letters.school_letter_action").read()[0]
        action["domain"] = [("pupil_id", "in", self.ids)]
        action["context"] = {"search_default_group_by_template": 0}
        return action

    def action_create_letters(self):
        """Open the batch wizard for the selected pupils."""
        return {
            "type": "ir.actions.act_window",
            "res_model": "school.letter.batch",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pupil_ids": [(6, 0, self.ids)]},
        }
