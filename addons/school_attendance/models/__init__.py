# Mixins first: the models below inherit them.
from . import school_guarded_mixin, school_frozen_mixin, school_portal_create_mixin  # isort: skip
from . import school_retention_mixin  # isort: skip

# isort: split
from . import (
    ir_actions_report,
    res_company,
    res_lang,
    res_partner,
    res_users,
    school_academic_year,
    school_attendance_amendment,
    school_attendance_band,
    school_attendance_code,
    school_attendance_mark,
    school_attendance_register,
    school_closure,
    school_group,
    school_la_return,
    school_leave_request,
    school_pupil,
    school_pupil_contact,
    school_session,
    school_suspension,
    school_term,
)

# isort: split
# After the mark model: the analysis SQL view reads the marks table.
from . import school_attendance_analysis, school_demo

# isort: split
# Attendance cases and escalation, on top of pupils, marks and statistics.
from . import (
    school_attendance_case,
    school_attendance_case_stage,
    school_attendance_contract,
    school_attendance_contract_attendee,
    school_attendance_policy,
    school_attendance_policy_step,
    school_attendance_policy_step_activity,
    school_attendance_referral,
    school_attendance_referral_deadline,
)

# isort: split
# Security: safeguarding flags for officers only, the trust's figures.
from . import (
    school_field_access,
    school_trust_attendance,
    school_trust_case,
)

# isort: split
# Attendance over time (weekly figures and charts), on top of marks, bands and cases.
from . import (
    school_attendance_trend,
)

# isort: split
# Parents' portal: absence reports, portal access, the portal's record rules.
from . import (
    ir_http,
    mail_activity,
    mail_message,
    mail_thread,
    school_absence_report,
)

# isort: split
# Named professionals and the steps aimed at them,
# and the celebration views (class attendance by day and week).
from . import (
    school_attendance_group_day,
    school_attendance_group_week,
    school_staff_role,
)

# isort: split
# Attendance exports: the log that holds each exported file (after the wizards).
from . import school_attendance_export

# isort: split
# Data protection: subject access requests, confidential case notes, retention per kind.
from . import (
    school_retention_review,
    school_retention_review_line,
    school_retention_rule,
    school_subject_access_request,
)

# isort: split
# Last: the guard of every public method (security/public_methods.py of each addon).
from . import school_public_method
