"""Date values at the edges of Odoo 11, where Date fields are strings.

Methods called from RPC, crons and other code receive dates as
``datetime.date``, ``datetime.datetime`` or 'YYYY-MM-DD' strings; ``to_date``
and ``to_string`` normalise them in one place.

Dates people read (messages, record names, exports, letters) are written by
the formatters below, British and the same whatever the server's locale:
``format_date`` '30 December 2026', ``format_numeric_date`` '30/12/2026',
``format_day`` 'Wed 30/12/2026'. They live in ``rules/report.py`` (pure Python,
so the rules can use them too) and are imported from here everywhere else.
'YYYY-MM-DD' is kept only for machines (CSV exports, RPC).
"""

import datetime

from odoo import fields

from .rules.report import format_date, format_day, format_numeric_date  # noqa: F401


def to_date(value):
    """``datetime.date`` from a date, a datetime or a 'YYYY-MM-DD' string (None if empty)."""
    if not value:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return fields.Date.from_string(value)


def to_string(value):
    """'YYYY-MM-DD' from a date; strings (and empty values) are returned as they are."""
    if isinstance(value, datetime.date):
        return fields.Date.to_string(value)
    return value
