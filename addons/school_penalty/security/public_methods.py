"""Who may call each public method of this addon's models over RPC.

See ``school_attendance/access.py`` for the policies and
``school_attendance/security/public_methods.py`` for how to add a method.
"""

from odoo.addons.school_attendance.access import CRON, READ

OFFICER = "school_attendance.group_attendance_officer"
FINANCE = "school_penalty.group_penalty_finance"

PUBLIC_METHODS = {
    "res.company": {
        "check_penalty_currency": OFFICER,
        "get_penalty_accounting": OFFICER,
        "get_penalty_sequence": OFFICER,
    },
    "school.notice.to.improve": {
        "action_mark_improved": OFFICER,
        "action_mark_not_improved": OFFICER,
    },
    "school.penalty.evidence": {"build": OFFICER},
    "school.penalty.export.wizard": {"action_export": FINANCE},
    # The one place that proposes notices (the daily scan and the pupil's button).
    "school.penalty.threshold": {
        "parent_status": OFFICER,
        "propose": OFFICER,
        "propose_penalty_notices": OFFICER,
    },
    "school.penalty.notice": {
        "action_print_evidence": OFFICER,
        "action_refer_prosecution": OFFICER,
        "action_register_payment": FINANCE,
        "action_view_invoices": "account.group_account_invoice",
        "action_withdraw": OFFICER,
        "amount_due_on": READ,
        "amount_outstanding_on": READ,
        "amount_paid_on": READ,
        "get_deadlines": READ,
        "get_ordinal_number": OFFICER,
        "regulation3_contents": READ,
        "register_payment": FINANCE,
        "update_payment_state": FINANCE,
    },
    "school.penalty.payment.wizard": {"action_register": FINANCE},
    "school.penalty.propose.wizard": {"action_propose": OFFICER},
    "school.penalty.window.wizard": {"action_compute": OFFICER},
    "school.penalty.withdraw.wizard": {"action_withdraw": OFFICER},
    "school.prosecution": {
        "action_close": OFFICER,
        "action_print_evidence": OFFICER,
        "action_refer": OFFICER,
        "create_from_notices": OFFICER,
    },
    # Shared by the notice to improve and the penalty notice.
    "school.statutory.notice": {"action_issue": OFFICER},
    # Shared by both notices and the prosecution referral: "ready to issue?".
    "school.statutory.document": {"get_issue_checklist": OFFICER},
    "school.pupil": {
        "action_propose_penalty_notices": OFFICER,
        "action_view_penalty_notices": OFFICER,
        "get_penalty_threshold_status": OFFICER,
        "get_penalty_threshold_statuses": OFFICER,
        "get_penalty_window_forecasts": OFFICER,
        # A step of the daily scan: never run by a user with a date.
        "propose_for_penalty_threshold": CRON,
        "propose_penalty_notices": OFFICER,
    },
}
