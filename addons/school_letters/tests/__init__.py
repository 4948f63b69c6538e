from . import (  # noqa: F401
    test_batch,
    test_case_letters,
    test_concurrency,
    test_due_letters,
    test_leave_letters,
    test_letters,
    test_placeholders,
    test_portal,
    test_print_access,
    test_school_days,
    test_seed000_letters,
    test_templates,
)
