from odoo import api, models


class LetterReport(models.AbstractModel):
    """Values of the letters' PDF (every letter, notice and certificate)."""

    _name = "report.school_letters.report_school_letter"
    _description = "Letter Report"

    @api.model
    def get_report_values(self, docids, data=None):
        """The letters of ``docids`` in that order, and the server's address.

        The letters are read field by field, each field once for the whole
        batch: the report quotes a few fields of each letter, pupil and school,
        and prefetching every column of them (tracking, mail, the pupils'
        whole records) cost more than rendering the letters. The queries stay
        the same whatever the number of letters.
        """
        letters = self.env["school.letter"].browse(docids).with_context(prefetch_fields=False)
        return {
            "doc_ids": letters.ids,
            "doc_model": "school.letter",
            "docs": letters,
            "base_url": letters[:1].get_base_url() if letters else "",
        }
