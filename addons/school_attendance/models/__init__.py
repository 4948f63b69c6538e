from . import (
    res_company,
    res_users,
    school_academic_year,
    school_attendance_amendment,
    school_attendance_band,
    school_attendance_code,
    school_attendance_mark,
    school_attendance_register,
    school_closure,
    school_group,
    school_pupil,
    school_pupil_attendance,
    school_pupil_contact,
    school_session,
    school_term,
)

# isort: split
# After the mark model: the analysis SQL view reads the marks table.
from . import school_attendance_analysis, school_demo
