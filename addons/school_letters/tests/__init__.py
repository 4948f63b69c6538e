from . import (  # noqa: F401
    test_batch,
    test_case_letters,
    test_concurrency,
    test_letters,
    test_placeholders,
    test_portal,
    test_templates,
)
