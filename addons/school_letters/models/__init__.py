from . import (  # noqa: F401
    school_letter,
    school_letter_source,
    school_letter_template,
    school_pupil,
)
