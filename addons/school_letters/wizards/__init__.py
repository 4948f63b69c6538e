from . import (
    school_band_movers_wizard,
    school_letter_batch,
    school_letter_preview,
    school_letter_refresh,
    school_step_effect,
)  # noqa: F401
