"""Celebrations (seed 003): classes at 100% on a day (the prize box), the weekly class
ranking for Friday's assembly, and pupils who moved up a band.

Two classes, registers from Mon 2 Sep 2024. 5A (Amira, Ben, Cara) is all present the
first week (30/30 = 100%); Amira is ill (I) on Wed 11 Sep: 28/30 = 93.3% the second
week. 6B (Dee, Eli): Eli is absent without leave (O) on Tue 3 Sep, 18/20 = 90.0% the
first week, then everyone every session: 20/20 = 100%.

Band movers for 9-13 Sep: Eli's attendance this year was 8/10 = 80.0% (below 90%) up
to Sun 8 Sep and 18/20 = 90.0% (90% - 91.9%) on Fri 13 Sep: one band up. Amira went
down (10/10 = 100% to 18/20 = 90%) and the others stayed at 100%.
"""

from .case_common import D, EscalationCase


class TestCelebrations(EscalationCase):
    @classmethod
    def setUpClass(cls):
        super(TestCelebrations, cls).setUpClass()
        cls.group_6b = cls.env["school.group"].create(
            {"name": "6B", "year_group": "6", "company_id": cls.company.id}
        )
        cls.dee, cls.eli = [
            cls.env["school.pupil"].create(
                {
                    "first_name": first,
                    "last_name": "Park",
                    "group_id": cls.group_6b.id,
                    "company_id": cls.company.id,
                    "date_admitted": "2024-09-02",
                }
            )
            for first in ("Dee", "Eli")
        ]
        cls.env["school.attendance.register"].generate_registers(
            "2024-09-02", "2024-09-13", company=cls.company
        )

    def setUp(self):
        super(TestCelebrations, self).setUp()
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            codes = {}
            if day == D(2024, 9, 3):
                codes[self.eli] = ("O", "O")
            if day == D(2024, 9, 11):
                codes[self.amira] = ("I", "I")
            self.mark_day(day, codes)

    def test_weekly_ranking_of_classes(self):
        Week = self.env["school.attendance.group.week"].sudo(self.officer)
        rows = {
            (row.week_start, row.group_id.name): (
                row.rank,
                row.present,
                row.possible,
                row.attendance_pct,
                row.full_days,
                row.is_full_attendance,
            )
            for row in Week.search([])
        }
        self.assertEqual(
            rows,
            {
                ("2024-09-02", "5A"): (1, 30, 30, 100.0, 5, True),
                ("2024-09-02", "6B"): (2, 18, 20, 90.0, 4, False),
                ("2024-09-09", "6B"): (1, 20, 20, 100.0, 5, True),
                ("2024-09-09", "5A"): (2, 28, 30, 93.3, 4, False),
            },
        )
        # Another school's officer sees none of it.
        self.assertFalse(self.env["school.attendance.group.week"].sudo(self.officer_b).search([]))

    def test_classes_at_100_percent_by_day(self):
        Day = self.env["school.attendance.group.day"].sudo(self.officer)
        full = Day.search([("is_full_attendance", "=", True), ("week_start", "=", "2024-09-09")])
        self.assertEqual(
            sorted((row.date, row.group_id.name) for row in full),
            sorted(
                [
                    (d, "6B")
                    for d in ("2024-09-09", "2024-09-10", "2024-09-11", "2024-09-12", "2024-09-13")
                ]
                + [(d, "5A") for d in ("2024-09-09", "2024-09-10", "2024-09-12", "2024-09-13")]
            ),
        )
        wednesday = Day.search([("date", "=", "2024-09-11"), ("group_id", "=", self.group.id)])
        self.assertEqual((wednesday.present, wednesday.possible), (4, 6))
        self.assertEqual(wednesday.attendance_pct, 66.7)

    def test_band_movers(self):
        wizard = (
            self.env["school.band.movers.wizard"]
            .sudo(self.officer)
            .create({"date_from": "2024-09-09", "date_to": "2024-09-13"})
        )
        wizard.action_compute()
        self.assertEqual(
            [
                (
                    ln.pupil_id,
                    ln.pct_before,
                    ln.band_before,
                    ln.pct_after,
                    ln.band_after,
                    ln.bands_up,
                )
                for ln in wizard.line_ids
            ],
            [
                (self.eli, 80.0, "Below 90%", 90.0, "90% - 91.9%", 1),
                (self.amira, 100.0, "98% - 100%", 90.0, "90% - 91.9%", -3),
            ],
        )
        self.assertEqual(wizard.line_ids.mapped("direction"), ["up", "down"])
        # Over the first week alone nobody moved up (everyone started the year then).
        first = (
            self.env["school.band.movers.wizard"]
            .sudo(self.officer)
            .create({"date_from": "2024-09-02", "date_to": "2024-09-06"})
        )
        first.action_compute()
        self.assertFalse(first.line_ids)

    def test_menus_open_the_celebrations(self):
        for xmlid in (
            "school_attendance_group_day_action",
            "school_attendance_group_week_action",
            "school_band_movers_wizard_action",
        ):
            action = self.env.ref("school_attendance.%s" % xmlid)
            self.assertTrue(
                self.env["ir.ui.menu"]
                .sudo(self.officer)
                .search([("action", "=", "ir.actions.act_window,%d" % action.id)]),
                xmlid,
            )
