from odoo import _, fields, models
from odoo.exceptions import UserError

#: The letter each direction of a band move sends home (seed 003).
MOVER_LETTER_KINDS = (("up", "band_acknowledgement"), ("down", "band_decline"))


class SchoolBandMoversWizard(models.TransientModel):
    """Band movers get their letter: the acknowledgement of the band reached (up), the
    letter about attendance decline (down)."""

    _inherit = "school.band.movers.wizard"

    def action_create_letters(self):
        """Button: the draft letters of the pupils listed, then the letters to print."""
        letters = self.create_letters()
        action = self.env.ref("school_letters.school_letter_action").read()[0]
        action["domain"] = [("id", "in", letters.ids)]
        action["context"] = {}
        return action

    def create_letters(self):
        """One draft letter per parent of each pupil listed, of the kind of their move.

        The figures are the school year's up to the end of the period (what the
        band is read from). A pupil who already has that letter for the same
        period gets no second one. Returns the letters (new and existing).
        """
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("No pupil is listed: press Show Pupils first."))
        letter_model = self.env["school.letter"]
        letters = letter_model.browse()
        today = fields.Date.context_today(self)
        for direction, kind in MOVER_LETTER_KINDS:
            pupils = self.line_ids.filtered(lambda line, d=direction: line.direction == d).mapped(
                "pupil_id"
            )
            if not pupils:
                continue
            template = self.env["school.letter.template"].get_template(kind, self.company_id)
            if not template:
                raise UserError(
                    _("There is no letter template for '%s'.")
                    % dict(template._fields["kind"].selection)[kind]
                )
            existing = letter_model.search(
                [
                    ("kind", "=", kind),
                    ("pupil_id", "in", pupils.ids),
                    ("date_to", "=", self.date_to),
                ]
            )
            letters |= existing
            pupils -= existing.mapped("pupil_id")
            if pupils:
                new, _skipped = letter_model.create_for_pupils(
                    template, pupils, date=today, date_from=self._year_start(), date_to=self.date_to
                )
                letters |= new
        return letters
