from odoo import fields, models


class SchoolAttendanceCase(models.Model):
    """Data protection on a case: confidential notes, and the mark of its anonymisation."""

    _inherit = "school.attendance.case"

    confidential_note = fields.Html(
        string="Confidential Staff Notes",
        groups="school_attendance.group_attendance_officer",
        help="Notes for the school's staff only: left out of a subject access bundle. "
        "Keep here only what the law lets the school withhold (information about "
        "another person, or from a social worker or the police) and say why.",
    )
    retention_anonymised = fields.Boolean(
        string="Anonymised",
        readonly=True,
        copy=False,
        help="Past the school's retention period, a manager confirmed: the notes, "
        "messages and documents were deleted; the counts and dates stay for the statistics.",
    )
