from . import (  # noqa: F401
    test_batch,
    test_case_letters,
    test_due_letters,
    test_leave_letters,
    test_letters,
    test_placeholders,
    test_school_days,
    test_templates,
)
