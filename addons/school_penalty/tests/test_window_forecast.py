"""When unauthorised sessions leave the penalty threshold's window, and who is near it."""

from odoo.exceptions import ValidationError

from .common import PenaltyCase


class TestWindowForecast(PenaltyCase):
    """Amira (common fixture): 4 G on 3-4 Feb 2025 and U on 24-26 Feb 2025."""

    def test_count_today_and_the_dates_it_falls(self):
        # On Tuesday 25 Feb: the 4 G and the 4 U of 24-25 Feb count (8): two more meet 10.
        (row,) = self.amira.get_penalty_window_forecasts("2025-02-25")
        self.assertEqual((row["sessions"], row["to_threshold"], row["met"]), (8, 2, False))
        # School weeks from w/c 3 Feb: 10 Feb, 24 Feb (half term skipped), 3, 10, 17, 24,
        # 31 Mar, 21 Apr (Easter skipped), 28 Apr: the G week leaves in the 10th school
        # week after it, w/c 5 May (the fixture's term has a session on Monday 5 May),
        # and the week of 24 Feb leaves two school weeks later, w/c 19 May.
        self.assertEqual(
            [(d["date"], d["sessions"]) for d in row["drops"]],
            [("2025-05-05", 4), ("2025-05-19", 0)],
        )
        self.assertEqual(sorted(row["drops"][0]["mark_ids"]), sorted(self.amira_g.ids))
        self.assertEqual(
            row["explanation"],
            "8 unauthorised sessions in the last 10 school weeks: 2 more meet the threshold "
            "of 10. With no more, the count falls to 4 on 5 May 2025, 0 on 19 May 2025.",
        )

    def test_near_the_threshold_list(self):
        ben = self._create_pupil("Ben", "Lee")
        self._marks(ben, ["2025-02-24"], "N")  # 2 sessions: 8 from the threshold
        wizard = (
            self.env["school.penalty.window.wizard"]
            .sudo(self.officer)
            .create({"date": "2025-02-25", "within": 2})
        )
        wizard.action_compute()
        self.assertEqual(wizard.line_ids.mapped("pupil_id"), self.amira)
        line = wizard.line_ids
        self.assertEqual((line.sessions, line.to_threshold), (8, 2))
        self.assertEqual((line.next_drop_date, line.next_drop_sessions), ("2025-05-05", 4))
        wizard.write({"within": 9})
        wizard.action_compute()
        self.assertEqual(wizard.line_ids.mapped("pupil_id"), self.amira | ben)
        with self.assertRaises(ValidationError):
            wizard.write({"within": 0})
