"""Retention of register data: archive (never delete) entries past the school's period.

Every register entry is kept ``res.company.retention_years`` (at least 6)
from the day it was entered. Registers, marks and amendments get an
``active`` flag; archiving one is refused, whoever asks, while any entry it
holds is younger than its school's period:

* an amendment: its own date;
* a mark: its session's date and the dates of all its amendments;
* a register: its date and every mark on it.

Only attendance managers archive or restore, through the retention wizard
(``school.retention.archive.wizard``) after confirming; nothing is deleted.
Each model's ``write`` calls :meth:`SchoolRetentionMixin._check_may_archive`
first; the register holds the archive itself (``archive_expired_register_data``).
"""

import datetime

from dateutil.relativedelta import relativedelta
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "school_attendance.group_attendance_manager"


def retention_cutoff(company, today):
    """First day whose entries ``company`` must still keep on ``today``."""
    return today - relativedelta(years=company.retention_years)


def retention_day(value):
    """The day of a date or datetime string (no value: kept for ever)."""
    return fields.Date.from_string(value[:10]) if value else datetime.date.max


class SchoolRetentionMixin(models.AbstractModel):
    """Archiving under the retention rules, shared by registers, marks, amendments."""

    _name = "school.retention.mixin"
    _description = "Register Data Retention"

    active = fields.Boolean(
        default=True,
        readonly=True,
        help="Archived by the retention archive once every entry it holds is older "
        "than the school's retention period; never deleted.",
    )

    @api.model_cr
    def init(self):
        res = super(SchoolRetentionMixin, self).init()
        if not self._abstract:
            # Rows inserted by SQL (registers and their lines in batches) are
            # active. Only the ORM's own table name is formatted in.
            self.env.cr.execute(f'ALTER TABLE "{self._table}" ALTER COLUMN active SET DEFAULT true')
        return res

    def _retention_entry_dates(self):
        """``{record: [dates of every entry it holds]}`` (``datetime.date``)."""
        raise NotImplementedError()

    def _check_may_archive(self, vals):
        """Refuse to change ``active`` unless a manager archives expired data."""
        if "active" not in vals:
            return
        if self.env.uid != SUPERUSER_ID and not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only attendance managers may archive or restore register data."))
        if vals.get("active", True):
            return
        today = fields.Date.from_string(fields.Date.context_today(self))
        for record, dates in self._retention_entry_dates().items():
            company = record.company_id
            cutoff = retention_cutoff(company, today)
            younger = [day for day in dates if day >= cutoff]
            if younger:
                latest = max(younger)
                raise UserError(
                    _(
                        "%s cannot be archived: it holds an entry of %s, and %s keeps "
                        "register entries for %d years, until %s. Only data entered "
                        "before %s can be archived."
                    )
                    % (
                        record.display_name,
                        latest,
                        company.name,
                        company.retention_years,
                        latest + relativedelta(years=company.retention_years),
                        cutoff,
                    )
                )
