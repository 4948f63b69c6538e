import base64

from odoo.addons.school_attendance.controllers.portal import ParentPortal
from odoo.http import request, route


class LettersParentPortal(ParentPortal):
    """The letters the school sent the parent, on the child's page, as PDFs."""

    def _prepare_child_values(self, pupil, show_year=False):
        values = super(LettersParentPortal, self)._prepare_child_values(pupil, show_year)
        # The record rules (security/school_letters_portal_security.xml) keep
        # these to the printed or sent letters addressed to the parent.
        values["letters"] = request.env["school.letter"].search(
            [("pupil_id", "=", pupil.id), ("attachment_id", "!=", False)]
        )
        return values

    @route(["/my/letters/<int:letter_id>/pdf"], type="http", auth="user", website=True)
    def portal_letter_pdf(self, letter_id, **kw):
        letter = request.env["school.letter"].search(
            [("id", "=", letter_id), ("attachment_id", "!=", False)]
        )
        if not letter:
            return request.not_found()
        pdf = base64.b64decode(letter.attachment_id.datas)
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                (
                    "Content-Disposition",
                    'inline; filename="%s.pdf"' % letter.name.replace("/", "-"),
                ),
            ],
        )
