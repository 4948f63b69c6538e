from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SchoolRetentionArchiveWizard(models.TransientModel):
    """List the register data past the school's retention period; archive it on confirmation."""

    _name = "school.retention.archive.wizard"
    _description = "Archive Register Data Past Retention"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="School whose register data is archived.",
    )
    retention_years = fields.Integer(
        related="company_id.retention_years",
        readonly=True,
        help="Years the school keeps every register entry (at least 6).",
    )
    cutoff_date = fields.Date(
        string="Kept From",
        compute="_compute_expired",
        help="Entries made on or after this day are kept; older ones may be archived.",
    )
    register_count = fields.Integer(
        string="Registers", compute="_compute_expired", help="Registers to archive."
    )
    mark_count = fields.Integer(
        string="Marks", compute="_compute_expired", help="Register entries to archive."
    )
    amendment_count = fields.Integer(
        string="Amendments", compute="_compute_expired", help="Amendments to archive."
    )
    date_first = fields.Date(
        string="Oldest Entry", compute="_compute_expired", help="Oldest entry to archive."
    )
    date_last = fields.Date(
        string="Newest Entry", compute="_compute_expired", help="Newest entry to archive."
    )
    is_confirmed = fields.Boolean(
        string="I confirm",
        help="These registers, marks and amendments are archived: hidden from "
        "the lists, kept in the database, never deleted.",
    )

    result = fields.Char(readonly=True, help="What the last archive run archived.")

    @api.depends("company_id")
    def _compute_expired(self):
        Register = self.env["school.attendance.register"]
        for wizard in self:
            data = Register.get_expired_register_data(wizard.company_id)
            dates = data["marks"].mapped("date") + data["registers"].mapped("date")
            wizard.cutoff_date = fields.Date.to_string(data["cutoff"])
            wizard.register_count = len(data["registers"])
            wizard.mark_count = len(data["marks"])
            wizard.amendment_count = len(data["amendments"])
            wizard.date_first = min(dates) if dates else False
            wizard.date_last = max(dates) if dates else False

    def action_view_registers(self):
        """The registers the archive would archive."""
        self.ensure_one()
        data = self.env["school.attendance.register"].get_expired_register_data(self.company_id)
        action = self.env.ref("school_attendance.school_attendance_register_action").read()[0]
        action.update(
            {
                "name": _("Registers past retention"),
                "domain": [("id", "in", data["registers"].ids)],
                "context": {"create": False},
            }
        )
        return action

    def action_archive(self):
        self.ensure_one()
        if not self.is_confirmed:
            raise UserError(
                _(
                    "Tick 'I confirm' to archive the register data listed: it is "
                    "hidden from the lists and kept, never deleted."
                )
            )
        counts = self.env["school.attendance.register"].archive_expired_register_data(
            self.company_id
        )
        self.result = _(
            "Archived %d registers, %d marks and %d amendments of %s (kept, not deleted)."
        ) % (counts["registers"], counts["marks"], counts["amendments"], self.company_id.name)
        return {
            "type": "ir.actions.act_window",
            "name": _("Archive Register Data"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
