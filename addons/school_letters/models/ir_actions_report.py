from odoo import models

#: The report printing every letter, notice and certificate.
LETTER_REPORT = "school_letters.report_school_letter"


class IrActionsReport(models.Model):
    """The letters are one self-contained HTML document, printed as it is.

    Odoo's generic path re-wraps each article in ``web.minimal_layout`` (links
    to the report asset bundles that wkhtmltopdf then fetches over HTTP), adds
    header and footer documents that wkhtmltopdf lays out on every page, and
    re-writes the finished PDF through PyPDF2. The letters carry their own
    letterhead and inline style, so none of it is needed: the HTML goes to
    wkhtmltopdf once, and its PDF is returned untouched.
    """

    _inherit = "ir.actions.report"

    def _prepare_html(self, html):
        if self.report_name != LETTER_REPORT:
            return super(IrActionsReport, self)._prepare_html(html)
        return [html.encode("utf-8")], [False], None, None, {}

    def _post_pdf(self, save_in_attachment, pdf_content=None, res_ids=None):
        if self.report_name != LETTER_REPORT or save_in_attachment or not pdf_content:
            return super(IrActionsReport, self)._post_pdf(
                save_in_attachment, pdf_content=pdf_content, res_ids=res_ids
            )
        return pdf_content
