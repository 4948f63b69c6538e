from odoo import fields, models


class SchoolPupilScreenMixin(models.AbstractModel):
    """A report page on the pupils on roll of a school (or of every school of a trust)
    as at one day: the pupils at risk of persistent absence, the pupils near the penalty
    threshold. The page's criteria and the pupils it looks at, stated once."""

    _name = "school.pupil.screen.mixin"
    _inherit = ["school.screen.mixin"]
    _description = "Report Page on the Pupils on Roll"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="School whose pupils on roll are listed; a trust lists those of all its schools.",
    )
    date = fields.Date(
        string="As At",
        required=True,
        default=fields.Date.context_today,
        help="Figures up to and including this day.",
    )

    def _pupils_on_roll(self):
        """The pupils on roll on the page's day at its school, or at the schools of its
        trust (one search: the figures of several schools are worked out together)."""
        self.ensure_one()
        pupil_model = self.env["school.pupil"]
        return pupil_model.search(
            [("company_id", "child_of", self.company_id.id)] + pupil_model.on_roll_domain(self.date)
        )
