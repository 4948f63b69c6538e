from odoo import fields, models
from odoo.addons.school_attendance.models.school_retention_rule import DEFAULTS

DEFAULTS["notice"] = (
    72,
    "Six years after the notice was issued: the record of a penalty notice and its payments "
    "is kept (regulation 20 of the 2024 regulations) and a claim can be brought for six "
    "years (Limitation Act 1980). The notice's dates, offence and amounts stay for the "
    "statistics and the local authority's returns; its free text and documents go.",
)
#: The free text of a notice: what is written about the family.
NOTICE_TEXT_FIELDS = {
    "school.notice.to.improve": (
        "offence_details",
        "attendance_record",
        "benefits_and_duty",
        "support_provided",
        "support_offered",
        "expected_improvement",
        "early_issue_grounds",
        "consequences",
        "evidence_note",
    ),
    "school.penalty.notice": (
        "nti_exemption_reason",
        "withdrawal_reason",
        "notice_text",
        "pay_to_text",
        "evidence_note",
    ),
}


class SchoolRetentionRule(models.Model):
    _inherit = "school.retention.rule"

    kind = fields.Selection(
        selection_add=[("notice", "Notices to improve and penalty notices (closed)")]
    )
