from odoo import _, api, models
from odoo.exceptions import UserError


class SubjectAccessReport(models.AbstractModel):
    """Values of the subject access bundle's PDF: the sections the request collected."""

    _name = "report.school_attendance.report_subject_access"
    _description = "Subject Access Bundle"

    @api.model
    def get_report_values(self, docids, data=None):
        """The request (read as the caller: officers only) and the bundle's sections.

        The sections come from the request's *Build Bundle* button
        (``school.subject.access.request._build_bundle``); printed without them,
        the report refuses rather than showing an empty bundle.
        """
        data = dict(data or {})
        requests = self.env["school.subject.access.request"].browse(docids)
        requests.check_access_rights("read")
        requests.check_access_rule("read")
        if "sections" not in data:
            raise UserError(_("Build the bundle with the request's Build Bundle button."))
        data.update({"doc_ids": requests.ids, "doc_model": requests._name, "docs": requests})
        return data
