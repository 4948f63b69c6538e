from . import (
    school_penalty_export_wizard,
    school_penalty_payment_wizard,
    school_penalty_propose_wizard,
    school_penalty_window_wizard,
    school_penalty_window_wizard_line,
    school_penalty_withdraw_wizard,
    school_step_effect,
)
