from . import (  # noqa: F401
    ir_actions_report,
    school_attendance_case,
    school_attendance_contract,
    school_attendance_contract_review,
    school_attendance_policy_step,
    school_attendance_referral,
    school_leave_request,
    school_letter,
    school_letter_print,
    school_letter_source,
    school_letter_template,
    school_pupil,
)
