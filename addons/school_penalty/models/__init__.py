# isort: off
# The abstract statutory models first: Odoo builds models in import order and
# the notices and the prosecution referral inherit them.
from . import school_statutory_document, school_statutory_notice

# isort: on
from . import (
    account_invoice,
    res_company,
    school_attendance_case,
    school_attendance_policy_step,
    school_demo,
    school_notice_to_improve,
    school_penalty_evidence,
    school_penalty_notice,
    school_penalty_threshold,
    school_prosecution,
    school_pupil,
    school_pupil_contact,
    school_retention_review,
    school_retention_rule,
    school_subject_access_request,
    school_trust_penalty,
)
