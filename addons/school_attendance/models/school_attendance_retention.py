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
"""

import datetime

from dateutil.relativedelta import relativedelta
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "school_attendance.group_attendance_manager"


def retention_cutoff(company, today):
    """First day whose entries ``company`` must still keep on ``today``."""
    return today - relativedelta(years=company.retention_years)


class SchoolRetentionMixin(models.AbstractModel):
    """Archiving under the retention rules, shared by registers, marks, amendments."""

    _name = "school.retention.mixin"
    _description = "Register Data Retention"

    def _retention_entry_dates(self):
        """``{record: [dates of every entry it holds]}`` (``datetime.date``)."""
        raise NotImplementedError()

    def _check_may_archive(self, vals):
        """Refuse to change ``active`` unless a manager archives expired data."""
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


def _day(value):
    return fields.Date.from_string(value[:10]) if value else datetime.date.max


class SchoolAttendanceAmendment(models.Model):
    _name = "school.attendance.amendment"
    _inherit = ["school.attendance.amendment", "school.retention.mixin"]

    active = fields.Boolean(
        default=True,
        readonly=True,
        help="Archived by the retention archive once older than the school's "
        "retention period; never deleted.",
    )

    @api.model_cr
    def init(self):
        res = super(SchoolAttendanceAmendment, self).init()
        # Rows inserted by SQL (registers and their lines in batches) are active.
        self.env.cr.execute(
            "ALTER TABLE school_attendance_amendment ALTER COLUMN active SET DEFAULT true"
        )
        return res

    def write(self, vals):
        if "active" in vals:
            self._check_may_archive(vals)
        return super(SchoolAttendanceAmendment, self).write(vals)

    def _retention_entry_dates(self):
        return {amendment: [_day(amendment.date)] for amendment in self}


class SchoolAttendanceMark(models.Model):
    _name = "school.attendance.mark"
    _inherit = ["school.attendance.mark", "school.retention.mixin"]

    active = fields.Boolean(
        default=True,
        readonly=True,
        help="Archived by the retention archive once the entry and its amendments "
        "are older than the school's retention period; never deleted.",
    )

    @api.model_cr
    def init(self):
        res = super(SchoolAttendanceMark, self).init()
        # Rows inserted by SQL (registers and their lines in batches) are active.
        self.env.cr.execute(
            "ALTER TABLE school_attendance_mark ALTER COLUMN active SET DEFAULT true"
        )
        return res

    def write(self, vals):
        if "active" in vals:
            self._check_may_archive(vals)
        return super(SchoolAttendanceMark, self).write(vals)

    def _retention_entry_dates(self):
        Amendment = self.env["school.attendance.amendment"].with_context(active_test=False)
        dates = {mark: [_day(mark.date)] for mark in self}
        for amendment in Amendment.search([("mark_id", "in", self.ids)]):
            dates[amendment.mark_id].append(_day(amendment.date))
        return dates


class SchoolAttendanceRegister(models.Model):
    _name = "school.attendance.register"
    _inherit = ["school.attendance.register", "school.retention.mixin"]

    active = fields.Boolean(
        default=True,
        readonly=True,
        help="Archived by the retention archive once every entry on it is older "
        "than the school's retention period; never deleted.",
    )

    @api.model_cr
    def init(self):
        res = super(SchoolAttendanceRegister, self).init()
        # Rows inserted by SQL (registers and their lines in batches) are active.
        self.env.cr.execute(
            "ALTER TABLE school_attendance_register ALTER COLUMN active SET DEFAULT true"
        )
        return res

    def write(self, vals):
        if "active" in vals:
            self._check_may_archive(vals)
        return super(SchoolAttendanceRegister, self).write(vals)

    def _retention_entry_dates(self):
        Mark = self.env["school.attendance.mark"].with_context(active_test=False)
        marks = Mark.search([("register_id", "in", self.ids)])
        mark_dates = marks._retention_entry_dates()
        dates = {register: [_day(register.date)] for register in self}
        for mark in marks:
            dates[mark.register_id].extend(mark_dates[mark])
        return dates

    # ------------------------------------------------------------------
    # Retention archive
    # ------------------------------------------------------------------
    @api.model
    def get_expired_register_data(self, company, today=None):
        """Register data of ``company`` older than its retention period.

        Returns ``{'registers', 'marks', 'amendments', 'cutoff'}``: the
        records that may be archived (active ones) and the first day still
        kept. A mark amended within the period, and its register, are kept.
        """
        today = today or fields.Date.from_string(fields.Date.context_today(self))
        cutoff = retention_cutoff(company, today)
        cutoff_str = fields.Date.to_string(cutoff)
        Mark = self.env["school.attendance.mark"]
        Amendment = self.env["school.attendance.amendment"]
        marks = Mark.search([("company_id", "=", company.id), ("date", "<", cutoff_str)])
        recent = Amendment.with_context(active_test=False).search(
            [("mark_id", "in", marks.ids), ("date", ">=", cutoff_str)]
        )
        marks -= recent.mapped("mark_id")
        # A register is kept whole while any entry on it is kept.
        registers = self.search([("company_id", "=", company.id), ("date", "<", cutoff_str)])
        kept = Mark.search([("register_id", "in", registers.ids), ("id", "not in", marks.ids)])
        registers -= kept.mapped("register_id")
        marks = marks.filtered(lambda m: not m.register_id or m.register_id in registers)
        amendments = Amendment.search([("mark_id", "in", marks.ids)])
        return {
            "registers": registers,
            "marks": marks,
            "amendments": amendments,
            "cutoff": cutoff,
        }

    @api.model
    def archive_expired_register_data(self, company, today=None):
        """Archive ``company``'s register data older than its retention period.

        Manager only (checked again on every record by ``_check_may_archive``).
        Returns the counts archived.
        """
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only attendance managers may archive register data."))
        data = self.get_expired_register_data(company, today=today)
        # sudo: amendments are read-only to everyone; archiving them belongs to
        # the manager's confirmed archive, and each is checked as expired.
        data["amendments"].sudo().write({"active": False})
        data["marks"].write({"active": False})
        data["registers"].write({"active": False})
        return {key: len(data[key]) for key in ("registers", "marks", "amendments")}
