from odoo import _, fields, models
from odoo.exceptions import UserError

# The mixin's class must be defined before the case inherits it.
from . import school_letter_source  # noqa: F401


class SchoolAttendanceCase(models.Model):
    _name = "school.attendance.case"
    _inherit = ["school.attendance.case", "school.letter.source.mixin"]

    letter_ids = fields.One2many(
        "school.letter",
        "case_id",
        string="Letters",
        groups="school_attendance.group_attendance_officer",
        help="Letters produced by the case's policy steps.",
    )

    def create_letters(self, channel="post"):
        """The case's letters: the policy's letter steps create them, not a button."""
        letters = self._get_letters()
        if not letters:
            raise UserError(
                _("No letter was produced on this case yet: its policy's letter steps create them.")
            )
        return letters

    def action_print_letter(self):
        """Button: print the letters of the case not printed yet (else all, again)."""
        letters = self.create_letters()
        drafts = letters.filtered(lambda letter: letter.state == "draft")
        return (drafts or letters).action_print()
