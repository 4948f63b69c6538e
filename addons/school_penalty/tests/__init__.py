from . import (  # noqa: F401
    test_access,
    test_case_penalty,
    test_groups,
    test_notices,
    test_payments,
    test_seed001_penalty,
    test_threshold,
)
