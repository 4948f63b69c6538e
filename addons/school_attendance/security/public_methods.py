"""Who may call each public method of this addon's models over RPC.

The one inventory's mechanism and the meaning of each policy are in
``school_attendance/access.py``; ``tests/test_public_methods.py`` fails when a
public method is missing here or listed but gone.  To add a method: list it
under its model with the narrowest policy that lets its real callers through
(the group whose users see its button; ``READ``/``WRITE`` for a helper that
answers only about records the caller reaches anyway; ``CRON`` for what only
the server itself runs).
"""

from ..access import CRON, READ

TEACHER = "school_attendance.group_attendance_teacher"
OFFICER = "school_attendance.group_attendance_officer"
MANAGER = "school_attendance.group_attendance_manager"

PUBLIC_METHODS = {
    "report.school_attendance.report_pupil_attendance": {"get_report_values": TEACHER},
    "report.school_attendance.report_subject_access": {"get_report_values": OFFICER},
    "res.company": {
        "get_report_address_lines": READ,
        "get_report_logo_src": READ,
        "get_school_now": READ,
        "get_school_today": READ,
    },
    "res.users": {"get_attendance_position": READ},
    "school.absence.report": {
        "action_confirm": OFFICER,
        "action_reject": OFFICER,
        "get_reportable_dates": READ,
    },
    "school.policy.dry.run": {"action_run": OFFICER},
    "school.absentee.wizard": {
        "action_compute": OFFICER,
        "action_view_pupils": OFFICER,
        "compute_lines": OFFICER,
    },
    "school.academic.year": {"find_year": READ, "get_year_start": READ},
    "school.attendance.amend.wizard": {"action_apply": TEACHER},
    "school.attendance.risk.wizard": {"action_compute": OFFICER},
    "school.attendance.band": {"find_band": READ, "get_bands_by_company": READ},
    "school.attendance.case": {
        "action_close": OFFICER,
        "action_view_contracts": OFFICER,
        "action_view_referrals": OFFICER,
        "advance": OFFICER,
    },
    "school.attendance.code": {
        "get_code": READ,
        "get_code_names": READ,
        "get_count_rows": READ,
        "get_flags": READ,
    },
    "school.attendance.contract": {
        "action_cancel": OFFICER,
        "action_start": OFFICER,
        "action_view_reviews": OFFICER,
        "get_printed_dates": READ,
        "get_weekly_attendance": READ,
    },
    "school.attendance.contract.review": {"action_held_today": OFFICER, "action_hold": OFFICER},
    "school.attendance.export.wizard": {
        "action_export": OFFICER,
        "census_csv": OFFICER,
        "daily_csv": OFFICER,
    },
    "school.attendance.mark": {
        "action_amend": TEACHER,
        "action_record_unauthorised": OFFICER,
        # Run by the register as it is saved, never on its own.
        "escalate_first_day": CRON,
    },
    "school.attendance.policy": {"run_escalation": OFFICER},
    "school.attendance.referral": {
        "action_cancel": OFFICER,
        "action_record_response": OFFICER,
        "action_send": OFFICER,
    },
    "school.attendance.register": {
        "action_close": OFFICER,
        "action_generate_today": OFFICER,
        "action_mark_all_present": TEACHER,
        "action_reopen": MANAGER,
        "action_take": TEACHER,
        "archive_expired_register_data": MANAGER,
        "generate_registers": OFFICER,
        "get_expired_register_data": MANAGER,
        "get_taking_screen": READ,
        # The register's teacher, a tutor of its group or an officer (checked inside).
        "save_and_take": TEACHER,
    },
    "school.attendance.trend": {
        "chart_period": TEACHER,
        "get_weekly_attendance": TEACHER,
        "render_charts": TEACHER,
        "render_svg": TEACHER,
    },
    "school.band.movers.wizard": {"action_compute": OFFICER, "compute_lines": OFFICER},
    "school.demo": {
        "ensure_demo_school": "base.group_system",
        "ensure_demo_trust": "base.group_system",
    },
    "school.group": {"action_view_pupils": READ},
    "school.leave.request": {
        "action_approve": OFFICER,
        "action_cancel": OFFICER,
        "action_draft": OFFICER,
        "action_refuse": OFFICER,
        "action_submit": OFFICER,
        # The decision writes the codes; nobody calls these on their own.
        "apply_leave_code": CRON,
        "apply_refused_absence": CRON,
    },
    "school.pupil": {
        "action_leave_roll": OFFICER,
        "action_view_amendments": READ,
        "action_view_analysis": OFFICER,
        "action_view_cases": OFFICER,
        "action_view_marks": READ,
        "get_attendance_foresight": READ,
        "get_attendance_patterns": READ,
        "get_attendance_summary": READ,
        "get_persistent_absence_risk": READ,
        "get_portal_sessions": READ,
        "get_portal_year_start": READ,
        "get_sibling_attendance": OFFICER,
        "is_compulsory_school_age": READ,
        "is_on_roll": READ,
        "leave_roll": OFFICER,
        "on_roll_domain": READ,
        "search_on_roll": READ,
    },
    "school.la.return": {
        "action_cancel": OFFICER,
        "action_export_csv": OFFICER,
        "action_mark_sent": OFFICER,
        "action_print_letter": OFFICER,
        "action_reset_due": OFFICER,
        "csv_text": OFFICER,
    },
    "school.retention.review": {"action_anonymise": MANAGER, "action_cancel": MANAGER},
    "school.subject.access.request": {
        "action_build_bundle": OFFICER,
        "action_cancel": OFFICER,
        "action_release": OFFICER,
    },
    "school.suspension": {
        "action_cancel": OFFICER,
        "action_confirm": OFFICER,
        "action_print_letter": OFFICER,
        "split_days": READ,
    },
    "school.pupil.attendance.wizard": {"action_print": TEACHER, "default_date_from": TEACHER},
    "school.pupil.contact": {"action_grant_portal_access": OFFICER},
    "school.pupil.leave.wizard": {"action_confirm": OFFICER},
    "school.retention.archive.wizard": {
        "action_archive": MANAGER,
        "action_view_registers": MANAGER,
    },
    "school.session": {
        "get_last_school_weeks": READ,
        "get_school_day_after": READ,
        "get_school_weeks": READ,
        "get_sessions": READ,
    },
    "school.staff.role": {"find_user": READ},
    # Officers and managers of their schools, the trust across its schools: checked
    # inside (school.step.effect._effect_companies) before any sudo.
    "school.step.effect": {"action_compute": READ, "action_print": READ, "get_step_effect": READ},
    "school.term": {"action_generate_sessions": MANAGER, "action_view_sessions": READ},
}
