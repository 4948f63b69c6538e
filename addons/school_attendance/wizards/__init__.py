from . import (
    school_absentee_wizard,
    school_attendance_amend_wizard,
    school_band_movers_wizard,
    school_pupil_leave_wizard,
)
