from . import (  # noqa: F401
    ir_actions_report,
    school_attendance_case,
    school_attendance_policy_step,
    school_demo,
    school_leave_request,
    school_letter,
    school_letter_print,
    school_letter_source,
    school_letter_template,
    school_pupil,
)
