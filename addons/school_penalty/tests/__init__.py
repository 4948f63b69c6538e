from . import (  # noqa: F401
    test_access,
    test_case_penalty,
    test_concurrency,
    test_currency,
    test_evidence,
    test_export,
    test_groups,
    test_notices,
    test_payments,
    test_threshold,
    test_threshold_scan,
    test_trust_dashboard,
)
