from odoo import fields, models

from ..wizards.school_attendance_export_wizard import EXPORT_TYPES


class SchoolAttendanceExport(models.Model):
    """One attendance export made by a user: who exported what, and the file.

    The CSV lists every pupil's UPN, name and date of birth, so it is kept on
    this record (an attachment bound to it) and read like it: attendance
    officers and managers of the school only, never through the school or the
    term, which teachers, finance, the trust and parents may read.
    """

    _name = "school.attendance.export"
    _description = "Attendance Export"
    _order = "create_date desc, id desc"

    name = fields.Char(string="File Name", required=True, readonly=True, help="Name of the CSV.")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        help="School whose attendance was exported.",
    )
    export_type = fields.Selection(
        EXPORT_TYPES, string="Export", required=True, readonly=True, help="What was exported."
    )
    term_id = fields.Many2one(
        "school.term", string="Term", readonly=True, help="Term of a census export."
    )
    date = fields.Date(string="Day", readonly=True, help="Day of a daily extract.")
    user_id = fields.Many2one(
        "res.users",
        string="Exported By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        help="User who made the export.",
    )
    csv_file = fields.Binary(
        string="File",
        attachment=True,
        readonly=True,
        help="The CSV as it was downloaded.",
    )

    def _download_url(self):
        """The URL that downloads the file; it checks access to this export."""
        self.ensure_one()
        return "/web/content/%s/%d/csv_file/%s?download=true" % (self._name, self.id, self.name)
