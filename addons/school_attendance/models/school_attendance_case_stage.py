from odoo import fields, models


class SchoolAttendanceCaseStage(models.Model):
    """A column of the attendance case board (seed 000's escalation ladder)."""

    _name = "school.attendance.case.stage"
    _description = "Attendance Case Stage"
    _order = "sequence, id"

    name = fields.Char(
        required=True,
        translate=True,
        help="Name of the stage, e.g. 'Letter 1'.",
    )
    sequence = fields.Integer(
        default=10,
        help="Order of the stages on the board, first contact first.",
    )
    description = fields.Text(
        translate=True,
        help="What happens at this stage and who acts (shown as the column tooltip).",
    )
    fold = fields.Boolean(
        string="Folded in Kanban",
        help="Fold this column on the case board (e.g. closed cases).",
    )
    is_closed = fields.Boolean(
        string="Closing Stage",
        help="Cases moved here are closed: their closing date is set and another "
        "case can be opened for the same pupil and concern.",
    )
