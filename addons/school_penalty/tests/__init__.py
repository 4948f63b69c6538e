from . import test_access, test_groups, test_notices, test_payments, test_threshold
