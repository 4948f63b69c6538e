from odoo import api, models
from odoo.addons.school_attendance.dates import to_date, to_string


class SchoolRetentionReview(models.Model):
    """Letters in the retention review: their text and PDF go, the fact of the letter stays."""

    _inherit = "school.retention.review"

    @api.model
    def _find_expired(self, kind, company, cutoff):
        if kind != "letter":
            return super(SchoolRetentionReview, self)._find_expired(kind, company, cutoff)
        letters = self.env["school.letter"].search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("printed", "sent")),
                ("date", "<", to_string(cutoff)),
                ("body_html", "!=", False),
            ]
        )
        return [(letter, to_date(letter.date)) for letter in letters]

    @api.model
    def _anonymise(self, kind, records):
        if kind != "letter":
            return super(SchoolRetentionReview, self)._anonymise(kind, records)
        pdfs = records.mapped("attachment_id")
        records._server_write({"body_html": False, "figures": False, "attachment_id": False})
        pdfs.unlink()
        self._delete_threads(records)
        return True
