from . import school_pupil_leave_wizard
