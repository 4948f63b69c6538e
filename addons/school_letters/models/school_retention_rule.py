from odoo import fields, models
from odoo.addons.school_attendance.models.school_retention_rule import DEFAULTS

DEFAULTS["letter"] = (
    72,
    "Six years after the letter was printed or sent: letters are the evidence of the "
    "school's warnings behind a penalty notice or a prosecution, and a claim can be "
    "brought for six years (Limitation Act 1980). The letter's template, date and pupil "
    "stay for the statistics; its text and PDF go.",
)


class SchoolRetentionRule(models.Model):
    _inherit = "school.retention.rule"

    kind = fields.Selection(selection_add=[("letter", "Letters")])
