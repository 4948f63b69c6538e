"""Load the addons' pure ``rules`` packages as plain packages for database-free tests.

``addons/school_attendance/rules`` becomes ``school_attendance_rules`` and
``addons/school_penalty/rules`` becomes ``school_penalty_rules`` in ``sys.modules``, so tests
write ``from school_attendance_rules import calendar`` without importing Odoo.
"""

import datetime
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    ("school_attendance_rules", ROOT / "addons" / "school_attendance" / "rules"),
    ("school_penalty_rules", ROOT / "addons" / "school_penalty" / "rules"),
)


def _load_package(name, directory):
    """Import ``directory`` as package ``name`` (once) and return it."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


for _name, _directory in PACKAGES:  # order matters: penalty rules import attendance rules
    _load_package(_name, _directory)


def weekdays(start, end, closed=()):
    """Return every Monday-Friday date from ``start`` to ``end`` inclusive, minus ``closed``."""
    closed = set(closed)
    days = []
    current = start
    while current <= end:
        if current.weekday() < 5 and current not in closed:
            days.append(current)
        current += datetime.timedelta(days=1)
    return days


def _half_term(first_day, days=5):
    return [first_day + datetime.timedelta(days=i) for i in range(days)]


D = datetime.date

# An illustrative school calendar for 2024-25 and 2025-26 (term dates of the usual shape;
# each half-term holiday is one full week with no session).
CALENDAR_2024_25 = (
    weekdays(D(2024, 9, 4), D(2024, 12, 20), closed=_half_term(D(2024, 10, 28)))
    + weekdays(D(2025, 1, 6), D(2025, 4, 4), closed=_half_term(D(2025, 2, 17)))
    + weekdays(D(2025, 4, 22), D(2025, 7, 22), closed=[*_half_term(D(2025, 5, 26)), D(2025, 5, 5)])
)
CALENDAR_2025_26 = weekdays(D(2025, 9, 3), D(2025, 12, 19), closed=_half_term(D(2025, 10, 27)))


@pytest.fixture
def school_days():
    """Every school day of the illustrative 2024-25 and 2025-26 (autumn) calendar."""
    return CALENDAR_2024_25 + CALENDAR_2025_26


@pytest.fixture
def make_weekdays():
    """Provide the :func:`weekdays` helper to tests that build their own calendar."""
    return weekdays
