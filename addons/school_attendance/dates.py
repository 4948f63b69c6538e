"""Date values at the edges of Odoo 11, where Date fields are strings.

Methods called from RPC, crons and other code receive dates as
``datetime.date``, ``datetime.datetime`` or 'YYYY-MM-DD' strings; these two
helpers normalise them in one place.
"""

import datetime

from odoo import fields


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
