from . import test_calendar, test_codes, test_company, test_pupils
