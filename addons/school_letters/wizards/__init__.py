from . import school_letter_batch, school_letter_preview  # noqa: F401
