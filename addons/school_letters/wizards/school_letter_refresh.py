from odoo import _, api, fields, models
from odoo.addons.school_attendance.rules.report import format_date
from odoo.tools import html_escape


class SchoolLetterRefresh(models.TransientModel):
    """Printing drafts made days ago: refresh their date and figures first, or print them
    as they are. Only drafts are refreshed: a printed letter never changes."""

    _name = "school.letter.refresh"
    _description = "Print Old Draft Letters"

    letter_ids = fields.Many2many(
        "school.letter",
        "school_letter_refresh_letter_rel",
        string="Letters to Print",
        help="Every letter chosen for printing.",
    )
    stale_ids = fields.Many2many(
        "school.letter",
        "school_letter_refresh_stale_rel",
        string="Old Drafts",
        help="Draft letters dated before today: their date and figures are as at that day.",
    )
    message = fields.Html(readonly=True, help="What is old in the drafts.")

    @api.model
    def open_for(self, letters, stale):
        """The warning for printing ``letters``, of which ``stale`` are old drafts."""
        lines = "".join(
            "<li>%s</li>"
            % html_escape(
                _("%s to %s, dated %s")
                % (letter.name, letter.partner_id.name, format_date(letter.date))
            )
            for letter in stale
        )
        wizard = self.create(
            {
                "letter_ids": [(6, 0, letters.ids)],
                "stale_ids": [(6, 0, stale.ids)],
                "message": "<p>%s</p><ul>%s</ul>"
                % (
                    html_escape(
                        _(
                            "These draft letters were made on an earlier day: their date "
                            "and figures are as at that day. Refresh them to date them "
                            "today with today's figures, or print them as they are."
                        )
                    ),
                    lines,
                ),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": _("Old Draft Letters"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_refresh_and_print(self):
        """Refresh the old drafts (today's date and figures), then print every letter."""
        self.ensure_one()
        self.stale_ids.refresh_drafts()
        return self._print()

    def action_print_as_is(self):
        """Print the letters with the date and figures they have."""
        self.ensure_one()
        return self._print()

    def _print(self):
        return self.letter_ids.with_context(school_letter_print_as_is=True).action_print()
