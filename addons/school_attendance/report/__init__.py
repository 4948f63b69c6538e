from . import school_pupil_attendance_report
