from . import school_letter_report  # noqa: F401
