from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SchoolLetterPreview(models.TransientModel):
    """Show a template rendered with a chosen pupil's real figures."""

    _name = "school.letter.preview"
    _description = "Letter Preview"

    template_id = fields.Many2one(
        "school.letter.template", string="Template", required=True, help="Wording to preview."
    )
    pupil_id = fields.Many2one(
        "school.pupil", string="Pupil", help="Pupil whose figures fill the placeholders."
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        help="Parent the letter would be addressed to. Empty: the first contact "
        "with parental responsibility.",
    )
    date = fields.Date(default=fields.Date.context_today, help="Date of the letter.")
    subject = fields.Char(compute="_compute_preview", help="Subject as it would be printed.")
    preview_html = fields.Html(
        string="Preview",
        compute="_compute_preview",
        sanitize=False,
        help="Text as it would be printed.",
    )
    error = fields.Char(
        compute="_compute_preview",
        help="Why the template cannot be rendered (e.g. an unknown placeholder).",
    )

    @api.depends("template_id", "pupil_id", "partner_id", "date")
    def _compute_preview(self):
        for wizard in self:
            result = wizard.render_preview()
            wizard.subject = result["subject"]
            wizard.preview_html = result["body"]
            wizard.error = result["error"]

    def render_preview(self):
        """``{'subject', 'body', 'error'}``: the letter for the pupil, or why it fails.

        A broken template does not raise here: ``error`` names the placeholder.
        """
        self.ensure_one()
        result = {"subject": False, "body": False, "error": False}
        template = self.template_id
        if not template:
            return result
        try:
            template.check_placeholders()
            if not self.pupil_id:
                result["error"] = _("Choose a pupil to see the letter with their figures.")
                return result
            letter_model = self.env["school.letter"]
            date = self.date or fields.Date.context_today(self)
            figures = letter_model._collect_figures(
                self.pupil_id, date, with_sessions=template.layout == "register"
            )[self.pupil_id.id]
            partner = (
                self.partner_id
                or self.pupil_id.contact_ids.filtered("has_parental_responsibility")[:1].partner_id
            )
            if not partner:
                partner = self.env["res.partner"].new({"name": _("Parent or carer")})
            values = letter_model._prepare_values(
                template, self.pupil_id, partner, date, figures, {}
            )
            result["subject"], result["body"] = template.render(values)
        except UserError as exc:
            result["error"] = exc.name
        return result
