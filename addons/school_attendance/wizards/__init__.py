# First: the pages below that are reports with their criteria inherit them.
from . import school_screen_mixin

# isort: split
from . import school_pupil_screen_mixin

# isort: split
from . import (
    school_absentee_wizard,
    school_attendance_amend_wizard,
    school_attendance_risk_wizard,
    school_attendance_risk_wizard_line,
    school_band_movers_wizard,
    school_policy_dry_run,
    school_policy_dry_run_line,
    school_policy_dry_run_workload,
    school_pupil_attendance_wizard,
    school_pupil_leave_wizard,
    school_retention_archive_wizard,
    school_step_effect,
    school_step_effect_line,
)

# isort: split
# Data out: exports and the attendance-over-time dashboard.
from . import school_attendance_export_wizard, school_attendance_trend_dashboard
