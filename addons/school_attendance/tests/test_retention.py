"""Retention archive: register data past the school's period is archived after
confirmation, never deleted; younger data cannot be archived by anyone."""

import datetime

from dateutil.relativedelta import relativedelta
from odoo import fields
from odoo.exceptions import AccessError, UserError

from .common import SchoolAttendanceCase


def _first_monday_of_september(year):
    day = datetime.date(year, 9, 1)
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)


class TestRetention(SchoolAttendanceCase):
    """One day of registers 8 school years ago and one 3 years ago (group 2R:
    Ann and Bob). Eight years ago Ann's morning mark was amended that day; Bob's
    afternoon mark was amended only last month, so that entry, and its
    register, are kept another 6 years."""

    @classmethod
    def setUpClass(cls):
        super(TestRetention, cls).setUpClass()
        today = fields.Date.from_string(fields.Date.context_today(cls.env["res.users"]))
        cls.old_day = _first_monday_of_september(today.year - 8)
        cls.recent_day = _first_monday_of_september(today.year - 3)
        cls.Register = cls.env["school.attendance.register"]
        cls.Mark = cls.env["school.attendance.mark"]
        cls.Amendment = cls.env["school.attendance.amendment"]
        group = cls.env["school.group"].create(
            {"name": "2R", "year_group": "2", "company_id": cls.company.id}
        )
        for day in (cls.old_day, cls.recent_day):
            year = cls._create_year(
                name="Retention %d" % day.year,
                date_start=str(datetime.date(day.year, 8, 1)),
                date_end=str(datetime.date(day.year + 1, 7, 31)),
            )
            cls.env["school.term"].create(
                {
                    "name": "Autumn %d" % day.year,
                    "academic_year_id": year.id,
                    "date_start": str(day),
                    "date_end": str(day + datetime.timedelta(days=4)),
                }
            )
        cls.ann, cls.bob = [
            cls.env["school.pupil"]
            .with_context(tracking_disable=True)
            .create(
                {
                    "first_name": first,
                    "last_name": "Kept",
                    "group_id": group.id,
                    "company_id": cls.company.id,
                    "date_admitted": str(cls.old_day),
                }
            )
            for first in ("Ann", "Bob")
        ]
        registers = cls.Register.browse()
        for day in (cls.old_day, cls.recent_day):
            registers |= cls.Register.generate_registers(day, day, company=cls.company)
        registers = registers.filtered(lambda r: r.group_id == group)
        registers.action_mark_all_present()
        registers.action_take()
        cls.old_registers = registers.filtered(lambda r: r.date == str(cls.old_day))
        cls.recent_registers = registers - cls.old_registers
        late = cls.env["school.attendance.code"].get_code("L")
        ill = cls.env["school.attendance.code"].get_code("I")
        cls.ann_old_am = cls._mark(cls.ann, cls.old_day, "am")
        cls.bob_old_pm = cls._mark(cls.bob, cls.old_day, "pm")
        cls.ann_old_am.with_context(amendment_reason="Arrived at 9:00").write(
            {"code_id": late.id, "minutes_late": 10}
        )
        cls.bob_old_pm.with_context(amendment_reason="Note from home").write({"code_id": ill.id})
        cls.old_amendment = cls.ann_old_am.amendment_ids
        # The morning amendment was made that day; Bob's last month.
        cls.env.cr.execute(
            "UPDATE school_attendance_amendment SET date = %s WHERE id = %s",
            ("%s 09:30:00" % cls.old_day, cls.old_amendment.id),
        )
        cls.env.cr.execute(
            "UPDATE school_attendance_amendment SET date = %s WHERE id = %s",
            (
                "%s 09:30:00" % (today - datetime.timedelta(days=30)),
                cls.bob_old_pm.amendment_ids.id,
            ),
        )
        cls.Amendment.invalidate_cache()
        cls.old_am = cls.old_registers.filtered(lambda r: r.period == "am")
        cls.old_pm = cls.old_registers - cls.old_am

    @classmethod
    def _mark(cls, pupil, day, period):
        return cls.Mark.search(
            [("pupil_id", "=", pupil.id), ("date", "=", str(day)), ("period", "=", period)]
        )

    def _wizard(self, user=None):
        return self.env["school.retention.archive.wizard"].sudo(user or self.manager).create({})

    def test_wizard_lists_only_data_older_than_the_period(self):
        wizard = self._wizard()
        today = fields.Date.from_string(fields.Date.context_today(wizard))
        self.assertEqual(wizard.retention_years, 6)
        self.assertEqual(wizard.cutoff_date, str(today - relativedelta(years=6)))
        # The old morning register (Ann's and Bob's marks, Ann's amendment). The
        # afternoon register holds Bob's mark amended last month: kept whole.
        self.assertEqual(
            (wizard.register_count, wizard.mark_count, wizard.amendment_count), (1, 2, 1)
        )
        self.assertEqual((wizard.date_first, wizard.date_last), (str(self.old_day),) * 2)
        action = wizard.action_view_registers()
        self.assertEqual(self.Register.search(action["domain"]), self.old_am)

    def test_nothing_is_archived_without_confirmation(self):
        wizard = self._wizard()
        with self.assertRaisesRegex(UserError, "Tick 'I confirm'"):
            wizard.action_archive()
        self.assertTrue(self.old_am.active)
        self.assertTrue(self.ann_old_am.active)

    def test_archived_data_is_kept(self):
        marks_before = self.Mark.with_context(active_test=False).search_count([])
        wizard = self._wizard()
        wizard.is_confirmed = True
        wizard.action_archive()
        self.assertIn("Archived 1 registers, 2 marks and 1 amendments", wizard.result)
        # Hidden from the lists ...
        self.assertFalse(self.Register.search([("id", "=", self.old_am.id)]))
        self.assertFalse(self.Mark.search([("register_id", "=", self.old_am.id)]))
        self.assertFalse(self.Amendment.search([("id", "=", self.old_amendment.id)]))
        # ... but every entry is still there, unchanged, with its amendment.
        self.assertEqual(self.Mark.with_context(active_test=False).search_count([]), marks_before)
        self.assertFalse(self.ann_old_am.active)
        self.assertEqual((self.ann_old_am.code_id.code, self.ann_old_am.minutes_late), ("L", 10))
        self.assertEqual(self.old_amendment.reason, "Arrived at 9:00")
        self.assertEqual(self.old_amendment.old_code_id.code, "/")
        self.assertFalse(self.old_am.active)
        self.assertEqual(len(self.old_am.with_context(active_test=False).mark_ids), 2)
        # Found with the "Archived" filter, and never deletable.
        self.assertEqual(
            self.Register.search([("active", "=", False), ("id", "=", self.old_am.id)]),
            self.old_am,
        )
        with self.assertRaises(UserError):
            self.ann_old_am.unlink()
        with self.assertRaises(UserError):
            self.old_amendment.unlink()
        # The afternoon register and the recent day are untouched; a second run
        # finds nothing more.
        self.assertTrue(self.old_pm.active and self.bob_old_pm.active)
        self.assertEqual(set(self.recent_registers.mapped("active")), {True})
        wizard = self._wizard()
        self.assertEqual((wizard.register_count, wizard.mark_count), (0, 0))

    def test_younger_data_cannot_be_archived(self):
        recent_mark = self.recent_registers.mapped("mark_ids")[0]
        for records in (recent_mark, self.recent_registers[0], self.bob_old_pm, self.old_pm):
            with self.assertRaisesRegex(UserError, "keeps register entries for 6 years"):
                records.sudo(self.manager).write({"active": False})
        # Not even the administrator, nor through the amendment's audit trail.
        with self.assertRaisesRegex(UserError, "cannot be archived"):
            self.bob_old_pm.amendment_ids.write({"active": False})
        self.assertTrue(recent_mark.active and self.bob_old_pm.active and self.old_pm.active)

    def test_longer_retention_of_the_school_keeps_everything(self):
        self.company.retention_years = 10
        wizard = self._wizard()
        self.assertEqual(
            (wizard.register_count, wizard.mark_count, wizard.amendment_count), (0, 0, 0)
        )
        with self.assertRaisesRegex(UserError, "keeps register entries for 10 years"):
            self.ann_old_am.sudo(self.manager).write({"active": False})

    def test_only_managers_archive(self):
        for user in (self.officer, self.teacher):
            with self.assertRaises(AccessError):
                self.ann_old_am.sudo(user).write({"active": False})
            with self.assertRaises(AccessError):
                self.Register.sudo(user).archive_expired_register_data(self.company)
        self.assertTrue(self.ann_old_am.active)
