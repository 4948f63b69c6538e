from . import test_calendar, test_codes, test_company, test_pupils
from . import test_import
