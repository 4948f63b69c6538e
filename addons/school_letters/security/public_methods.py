"""Who may call each public method of this addon's models over RPC.

See ``school_attendance/access.py`` for the policies and
``school_attendance/security/public_methods.py`` for how to add a method.
"""

from odoo.addons.school_attendance.access import READ

OFFICER = "school_attendance.group_attendance_officer"

LETTER_SOURCE = {
    "action_print_letter": OFFICER,
    "action_view_letters": OFFICER,
    "create_letters": OFFICER,
}

PUBLIC_METHODS = {
    "report.school_letters.report_school_letter": {"get_report_values": OFFICER},
    "school.attendance.case": {"action_print_letter": OFFICER, "create_letters": OFFICER},
    "school.attendance.contract": {"action_print_letter": OFFICER},
    "school.band.movers.wizard": {"action_create_letters": OFFICER, "create_letters": OFFICER},
    "school.letter": {
        "action_open_source": OFFICER,
        "action_print": OFFICER,
        "action_refresh": OFFICER,
        "action_send_email": OFFICER,
        "create_for_pupils": OFFICER,
        "format_skipped": OFFICER,
        "get_base_url": READ,
        "get_figures": OFFICER,
        "get_marker_url": OFFICER,
        "get_school": READ,
        "get_session_days": OFFICER,
        "get_stale_drafts": OFFICER,
        "print_letters": OFFICER,
        "refresh_drafts": OFFICER,
        "render_pdf": OFFICER,
        "send_email": OFFICER,
        "sorted_postal": OFFICER,
    },
    "school.letter.batch": {
        "action_run": OFFICER,
        "action_select_full_attendance": OFFICER,
        "action_select_improvers": OFFICER,
        "action_select_term_certificates": OFFICER,
        "action_view_letters": OFFICER,
        "select_pupils": OFFICER,
    },
    "school.letter.preview": {"render_preview": OFFICER},
    "school.letter.print": {"action_view_letters": OFFICER},
    "school.letter.refresh": {
        "action_print_as_is": OFFICER,
        "action_refresh_and_print": OFFICER,
        "open_for": OFFICER,
    },
    "school.letter.source.mixin": LETTER_SOURCE,
    "school.letter.template": {
        "action_preview": OFFICER,
        "action_view_letters": OFFICER,
        "check_placeholders": OFFICER,
        "get_template": OFFICER,
        "render": OFFICER,
    },
    "school.pupil": {"action_create_letters": OFFICER, "action_view_letters": OFFICER},
}
