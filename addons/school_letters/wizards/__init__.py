from . import school_letter_batch, school_letter_preview, school_letter_refresh  # noqa: F401
