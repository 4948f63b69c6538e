from odoo import _, api, fields, models

from ..dates import to_string

#: Plain words for the register's code categories, as a parent reads them.
PLAIN_CATEGORIES = {
    "present": "In school",
    "approved_activity": "Away on an approved educational activity (counts as present)",
    "leave": "Leave of absence agreed by the school",
    "authorised_other": "Absent, authorised by the school",
    "exceptional": "Could not attend: exceptional circumstances",
    "unauthorised": "Absent, not authorised",
    "administrative": "No session for your child",
}


class SchoolPupil(models.Model):
    """What the parents' portal shows of a pupil, and to whom."""

    _inherit = "school.pupil"

    parent_partner_ids = fields.Many2many(
        "res.partner",
        string="Parents with Portal Rights",
        compute="_compute_parent_partner_ids",
        search="_search_parent_partner_ids",
        help="Contacts with parental responsibility for the pupil: on the parents' "
        "portal they see the pupil's attendance, letters and notices.",
    )

    @api.multi
    def write(self, vals):
        result = super(SchoolPupil, self).write(vals)
        if "company_id" in vals:
            # A pupil moving school moves their parents' portal with them.
            # sudo: whoever may move a pupil, their parents are found.
            self.sudo().mapped("contact_ids")._refresh_portal_schools()
        return result

    @api.depends("contact_ids.partner_id", "contact_ids.has_parental_responsibility")
    def _compute_parent_partner_ids(self):
        for pupil in self:
            pupil.parent_partner_ids = pupil.contact_ids.filtered(
                "has_parental_responsibility"
            ).mapped("partner_id")

    def _search_parent_partner_ids(self, operator, value):
        # sudo: the portal record rules search through this field; the answer
        # is a list of pupil ids that the rules of the caller still filter.
        contacts = (
            self.env["school.pupil.contact"]
            .sudo()
            .search([("partner_id", operator, value), ("has_parental_responsibility", "=", True)])
        )
        return [("id", "in", contacts.mapped("pupil_id").ids)]

    @api.multi
    def get_portal_sessions(self, date_from, date_to):
        """The pupil's register, session by session, in a parent's words.

        Returns a list of days, latest first: ``{'date', 'am', 'pm'}`` where
        each half day is None (no session) or a dict with ``code``, ``label``
        (the code's name, e.g. 'Illness'), ``meaning`` (the category in
        plain words) and ``category``. Sessions without a mark yet read
        'Not marked yet'.
        """
        self.ensure_one()
        sessions = self.env["school.session"].get_sessions(
            date_from, date_to, company=self.company_id
        )
        sessions = sessions.filtered(lambda s: self.is_on_roll(s.date))
        marks = self.env["school.attendance.mark"].search(
            [("pupil_id", "=", self.id), ("session_id", "in", sessions.ids)]
        )
        by_session = {mark.session_id.id: mark for mark in marks}
        days = {}
        for session in sessions:
            mark = by_session.get(session.id)
            entry = {"code": "", "label": _("Not marked yet"), "meaning": "", "category": ""}
            if mark and mark.code_id:
                entry = {
                    "code": mark.code_id.code,
                    "label": mark.code_id.name,
                    "meaning": _(PLAIN_CATEGORIES.get(mark.code_id.category, "")),
                    "category": mark.code_id.category,
                }
            day = days.setdefault(session.date, {"date": session.date, "am": None, "pm": None})
            day[session.period] = entry
        return [days[key] for key in sorted(days, reverse=True)]

    def get_portal_year_start(self):
        """First day of the pupil's current academic year ('YYYY-MM-DD'), or None."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        year = self.env["school.academic.year"].find_year(self.company_id, today)
        return to_string(year.date_start) if year else None
