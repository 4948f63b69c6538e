from odoo.addons.school_attendance.controllers.portal import ParentPortal
from odoo.http import request


class PenaltyParentPortal(ParentPortal):
    """Notices to improve and penalty notices addressed to the parent, on the child's page."""

    def _prepare_child_values(self, pupil, show_year=False):
        values = super(PenaltyParentPortal, self)._prepare_child_values(pupil, show_year)
        # The record rules (security/school_penalty_portal_security.xml) keep
        # these to the issued notices addressed to the logged-in parent.
        values["improvement_notices"] = request.env["school.notice.to.improve"].search(
            [("pupil_id", "=", pupil.id)]
        )
        values["penalty_notices"] = request.env["school.penalty.notice"].search(
            [("pupil_id", "=", pupil.id)]
        )
        return values
