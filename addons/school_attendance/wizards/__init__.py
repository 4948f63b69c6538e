from . import (
    school_absentee_wizard,
    school_attendance_amend_wizard,
    school_pupil_attendance_wizard,
    school_pupil_leave_wizard,
    school_retention_archive_wizard,
)
