from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..dates import to_date, to_string
from ..rules import report


class PupilAttendanceReport(models.AbstractModel):
    """Values of the 'Pupil attendance' PDF: one section per pupil for a period."""

    _name = "report.school_attendance.report_pupil_attendance"
    _description = "Pupil Attendance Report"

    @api.model
    def get_report_values(self, docids, data=None):
        """Pupils from ``docids`` (or ``data['pupil_ids']``), period from ``data``.

        ``data`` holds ``date_from`` and ``date_to`` ('YYYY-MM-DD') when the
        report is printed from its wizard; without them the period is the
        school year to date, as the wizard's defaults.
        """
        data = dict(data or {})
        ids = docids or data.get("pupil_ids") or self.env.context.get("active_ids") or []
        pupils = self.env["school.pupil"].browse(ids)
        if not pupils:
            raise UserError(_("Choose at least one pupil to print their attendance."))
        date_to = to_date(data.get("date_to")) or to_date(fields.Date.context_today(self))
        date_from = to_date(data.get("date_from")) or to_date(
            self.env["school.pupil.attendance.wizard"].default_date_from(pupils, date_to)
        )
        return {
            "doc_ids": pupils.ids,
            "doc_model": "school.pupil",
            "docs": pupils,
            "date_from": to_string(date_from),
            "date_to": to_string(date_to),
            "sections": self._sections(pupils, date_from, date_to),
        }

    @api.model
    def _sections(self, pupils, date_from, date_to):
        """One dict of printable values per pupil, in the pupils' order."""
        summaries = {
            row["pupil_id"]: row for row in pupils.get_attendance_summary(date_from, date_to)
        }
        sessions = pupils._read_session_marks(date_from, date_to)
        code_model = self.env["school.attendance.code"]
        year_groups = dict(self.env["school.group"]._fields["year_group"].selection)
        sections = []
        for pupil in pupils:
            summary = summaries[pupil.id]
            sections.append(
                {
                    "pupil": pupil,
                    "company": pupil.company_id,
                    "group": pupil.group_id.name or "",
                    "year_group": year_groups.get(pupil.year_group, ""),
                    "period": _("%s to %s")
                    % (report.format_date(date_from), report.format_date(date_to)),
                    "summary": summary,
                    "attendance_pct": report.format_pct(summary["attendance_pct"]),
                    "absence_pct": report.format_pct(summary["absence_pct"]),
                    "codes": code_model.get_count_rows(summary["codes"]),
                    "days": report.session_days(sessions[pupil.id]),
                }
            )
        return sections
