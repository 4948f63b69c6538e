from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import html_escape

from ..dates import to_date
from ..rules import escalation


class SchoolPupil(models.Model):
    """Siblings: pupils sharing a contact with parental responsibility (seed 004:
    'liaise with other local schools to ascertain attendance of siblings'), with
    their attendance and open cases, at this school or another school of the trust."""

    _inherit = "school.pupil"

    sibling_count = fields.Integer(
        string="Siblings",
        compute="_compute_sibling_attendance",
        groups="school_attendance.group_attendance_officer",
        help="Pupils sharing a parent or carer with parental responsibility with this "
        "pupil, at any school of the trust.",
    )
    sibling_attendance_html = fields.Html(
        string="Siblings' Attendance",
        compute="_compute_sibling_attendance",
        sanitize=False,
        groups="school_attendance.group_attendance_officer",
        help="Each sibling's school, group, attendance this school year and open cases.",
    )

    def _compute_sibling_attendance(self):
        for pupil in self:
            rows = pupil.get_sibling_attendance()
            pupil.sibling_count = len(rows)
            pupil.sibling_attendance_html = pupil._sibling_table(rows)

    @api.multi
    def get_sibling_attendance(self, on_date=None):
        """The pupil's siblings with their attendance this school year up to ``on_date``
        (default today): a list of dicts with ``pupil_id``, ``name``, ``school``,
        ``group``, ``possible``, ``present``, ``unauthorised``, ``attendance_pct``
        (False without a possible session), ``band``, ``open_case_count`` and
        ``contacts`` (names of the shared parents). Public and RPC-callable.

        A sibling is a pupil on roll who has one of this pupil's contacts with
        parental responsibility as a contact with parental responsibility too.
        """
        self.ensure_one()
        self._check_sibling_access()
        on_date = to_date(on_date) or fields.Date.from_string(fields.Date.context_today(self))
        parents = self.contact_ids.filtered("has_parental_responsibility").mapped("partner_id")
        if not parents:
            return []
        # sudo: siblings may be at another school of the trust, which the officer
        # cannot open; only their figures and the number of open cases are shown,
        # and only for the schools of this pupil's trust.
        links = (
            self.env["school.pupil.contact"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", parents.ids),
                    ("has_parental_responsibility", "=", True),
                    ("pupil_id", "!=", self.id),
                    ("pupil_id.company_id", "child_of", self._sibling_trust().id),
                ]
            )
        )
        siblings = links.mapped("pupil_id").filtered(lambda p: p.active and not p.date_left)
        if not siblings:
            return []
        figures = {}
        for company in siblings.mapped("company_id"):
            school_siblings = siblings.filtered(lambda p, c=company: p.company_id == c)
            start = self._sibling_year_start(company, on_date)
            for row in school_siblings.get_attendance_summary(start, on_date):
                figures[row["pupil_id"]] = row
        cases = (
            self.env["school.attendance.case"]
            .sudo()
            .read_group(
                [("pupil_id", "in", siblings.ids), ("date_closed", "=", False)],
                ["pupil_id"],
                ["pupil_id"],
            )
        )
        open_cases = {row["pupil_id"][0]: row["pupil_id_count"] for row in cases}
        result = []

        # This school's pupils first, then the other schools of the trust.
        def order(pupil):
            return (pupil.company_id != self.company_id, pupil.company_id.name or "", pupil.name)

        for sibling in siblings.sorted(order):
            row = figures.get(sibling.id, {})
            shared = links.filtered(lambda c, s=sibling: c.pupil_id == s).mapped("partner_id")
            result.append(
                {
                    "pupil_id": sibling.id,
                    "name": sibling.name,
                    "school": sibling.company_id.name,
                    "group": sibling.group_id.name or "",
                    "possible": row.get("possible", 0),
                    "present": row.get("present", 0),
                    "unauthorised": row.get("unauthorised", 0),
                    "attendance_pct": row.get("attendance_pct") if row.get("possible") else False,
                    "band": row.get("band") or "",
                    "open_case_count": open_cases.get(sibling.id, 0),
                    "contacts": ", ".join(shared.mapped("name")),
                }
            )
        return result

    def _check_sibling_access(self):
        """Siblings' figures are for the attendance officers who may read the pupil."""
        if not self.env.user.has_group("school_attendance.group_attendance_officer"):
            raise AccessError(
                _("Only attendance officers and managers may see the siblings of a pupil.")
            )
        self.check_access_rights("read")
        self.check_access_rule("read")

    def _sibling_trust(self):
        """The trust of the pupil's school: its top parent company (the school
        itself when it belongs to no trust)."""
        # sudo: the parent companies of the school, for their id only.
        trust = self.sudo().company_id
        while trust.parent_id:
            trust = trust.parent_id
        return trust

    @api.model
    def _sibling_year_start(self, company, on_date):
        # sudo: the academic year of a sibling's school, for the period's start only
        return self.env["school.academic.year"].sudo().get_year_start(company, on_date)

    @api.model
    def _sibling_table(self, rows):
        if not rows:
            return "<p>%s</p>" % html_escape(_("No sibling shares a parent with this pupil."))
        head = (
            _("Pupil"),
            _("School"),
            _("Group"),
            _("Attendance"),
            _("Unauthorised"),
            _("Open cases"),
            _("Shared parent"),
        )
        lines = [
            "<table class='table table-condensed o_sibling_attendance'><thead><tr>",
            "".join("<th>%s</th>" % html_escape(label) for label in head),
            "</tr></thead><tbody>",
        ]
        for row in rows:
            if row["possible"]:
                attendance = escalation.format_attendance(row)
            else:
                attendance = _("no sessions yet")
            cells = (
                row["name"],
                row["school"],
                row["group"],
                attendance,
                str(row["unauthorised"]),
                str(row["open_case_count"]),
                row["contacts"],
            )
            lines.append(
                "<tr>%s</tr>" % "".join("<td>%s</td>" % html_escape(cell) for cell in cells)
            )
        lines.append("</tbody></table>")
        return "".join(lines)
