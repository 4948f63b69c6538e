from . import (
    account_invoice,
    res_company,
    school_attendance_case,
    school_attendance_policy_step,
    school_notice_to_improve,
    school_penalty_evidence,
    school_penalty_notice,
    school_prosecution,
    school_pupil,
    school_trust_penalty,
)
