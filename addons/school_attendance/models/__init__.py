from . import (
    res_company,
    school_academic_year,
    school_attendance_code,
    school_closure,
    school_group,
    school_pupil,
    school_pupil_contact,
    school_session,
    school_term,
)
