from . import (
    test_amendments,
    test_calendar,
    test_codes,
    test_company,
    test_demo,
    test_import,
    test_lateness,
    test_pupils,
    test_registers,
    test_statistics,
)
