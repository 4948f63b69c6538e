# Mixins first: the models below inherit them.
from . import school_guarded_mixin, school_frozen_mixin, school_portal_create_mixin  # isort: skip

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
    school_pupil_attendance,
    school_pupil_contact,
    school_pupil_school_age,
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
    school_attendance_mark_escalation,
    school_attendance_policy,
    school_attendance_policy_step,
    school_attendance_referral,
    school_pupil_case,
)

# isort: split
# Security: safeguarding flags for officers only, the trust's figures, retention.
from . import (
    school_attendance_retention,
    school_field_access,
    school_pupil_sensitive,
    school_trust_attendance,
    school_trust_case,
)

# isort: split
# Attendance over time (weekly figures and charts), on top of marks, bands and cases.
from . import (
    school_attendance_case_chart,
    school_attendance_trend,
    school_group_chart,
    school_pupil_chart,
)

# isort: split
# Parents' portal: absence reports, portal access, the portal's record rules.
from . import (
    ir_http,
    mail_activity,
    mail_message,
    mail_thread,
    school_absence_report,
    school_pupil_contact_portal,
    school_pupil_portal,
)

# isort: split
# Named professionals and the steps aimed at them, medical evidence on marks,
# siblings, and the celebration views (class attendance by day and week).
from . import (
    school_attendance_group_day,
    school_attendance_group_week,
    school_attendance_mark_medical,
    school_attendance_policy_step_role,
    school_pupil_sibling,
    school_staff_role,
)

# isort: split
# Attendance exports: the log that holds each exported file (after the wizards).
from . import school_attendance_export

# isort: split
# Last: the guard of every public method (security/public_methods.py of each addon).
from . import school_public_method
