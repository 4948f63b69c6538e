from odoo import fields, models


class SchoolStepEffectLine(models.TransientModel):
    """One step type on the "Does the work help?" page: its figures and their sentence."""

    _name = "school.step.effect.line"
    _description = "Does the Work Help? Step Type"
    _order = "sequence, id"

    #: The figures copied as they are from ``school.step.effect.get_step_effect``.
    _FIGURES = (
        "key",
        "label",
        "pupils",
        "improved",
        "fell",
        "unchanged",
        "too_recent",
        "without_sessions",
        "sentence",
    )

    wizard_id = fields.Many2one("school.step.effect", required=True, ondelete="cascade")
    sequence = fields.Integer(help="Place of the step in the work.")
    key = fields.Char(readonly=True, help="The step type's key, as the XML-RPC method gives it.")
    label = fields.Char(string="Step", readonly=True, help="The step of the work.")
    pupils = fields.Integer(
        readonly=True, help="Pupils behind the figures: the step was done for them in the period."
    )
    before_pct = fields.Float(
        string="Before (%)",
        digits=(5, 1),
        readonly=True,
        help="Mean attendance of these pupils in the school weeks before the step.",
    )
    after_pct = fields.Float(
        string="After (%)",
        digits=(5, 1),
        readonly=True,
        help="Mean attendance of these pupils in the school weeks after the step.",
    )
    change = fields.Float(
        string="Change (points)", digits=(5, 1), readonly=True, help="After minus before."
    )
    improved = fields.Integer(readonly=True, help="Pupils whose attendance rose after the step.")
    fell = fields.Integer(readonly=True, help="Pupils whose attendance fell after the step.")
    unchanged = fields.Integer(
        string="The Same", readonly=True, help="Pupils whose attendance did not change."
    )
    too_recent = fields.Integer(
        readonly=True,
        help="Pupils left out: the school weeks after their step are not over yet.",
    )
    without_sessions = fields.Integer(
        readonly=True,
        help="Pupils left out: no possible session before or after the step (admitted or "
        "left in between).",
    )
    sentence = fields.Char(readonly=True, help="The figures in a sentence.")
