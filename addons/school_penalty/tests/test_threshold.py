from .common import PenaltyCase


class TestThreshold(PenaltyCase):
    """10 sessions of unauthorised absence in a rolling 10 school weeks (seed 002)."""

    def test_four_g_plus_six_u_across_half_term(self):
        status = self.amira.get_penalty_threshold_status("2025-02-28")
        self.assertEqual(status["sessions"], 10)
        self.assertEqual(status["threshold"], 10)
        self.assertTrue(status["met"])
        self.assertEqual(status["by_code"], {"G": 4, "U": 6})
        self.assertEqual(status["window_end"], "2025-02-28")
        # The half-term week (17 Feb) and the Christmas holiday are skipped:
        # the 10 school weeks go back to 2 December 2024.
        self.assertEqual(status["window_start"], "2024-12-02")
        self.assertEqual(len(status["school_weeks"]), 10)
        self.assertNotIn("2025-02-17", status["school_weeks"])
        self.assertNotIn("2024-12-23", status["school_weeks"])
        self.assertEqual(sorted(status["mark_ids"]), sorted((self.amira_g | self.amira_u).ids))

    def test_dates_are_iso_strings_for_rpc(self):
        status = self.amira.get_penalty_threshold_status("2025-02-28")
        for key in ("window_start", "window_end"):
            self.assertIsInstance(status[key], str)
        self.assertTrue(all(isinstance(d, str) for d in status["school_weeks"]))
        self.assertTrue(all(isinstance(i, int) for i in status["mark_ids"]))

    def test_across_two_school_years(self):
        # Seed: "2 sessions in the Summer Term and a further 8 within the Autumn Term".
        ben = self._create_pupil("Ben", "Lee")
        summer = self._marks(ben, ["2024-07-15", "2024-07-16"], "U", periods=("am",))
        autumn = self._marks(ben, ["2024-09-02", "2024-09-03", "2024-09-04", "2024-09-05"], "N")
        status = ben.get_penalty_threshold_status("2024-09-06")
        self.assertTrue(status["met"])
        self.assertEqual(status["sessions"], 10)
        self.assertEqual(sorted(status["mark_ids"]), sorted((summer | autumn).ids))
        # The summer holiday and the May half-term are not school weeks.
        self.assertEqual(status["window_start"], "2024-05-13")
        self.assertNotIn("2024-08-05", status["school_weeks"])
        self.assertNotIn("2024-05-27", status["school_weeks"])

    def test_under_threshold_and_authorised_absence(self):
        cara = self._create_pupil("Cara", "Moss")
        self._marks(cara, ["2025-02-24", "2025-02-25", "2025-02-26", "2025-02-27"], "U")
        self._marks(cara, ["2025-02-28"], "O", periods=("am",))
        # Illness (I) is authorised: it never counts.
        self._marks(cara, ["2025-02-28"], "I", periods=("pm",))
        status = cara.get_penalty_threshold_status("2025-02-28")
        self.assertEqual(status["sessions"], 9)
        self.assertFalse(status["met"])

    def test_old_absence_leaves_the_window(self):
        # On 16 May 2025 the 10 school weeks start on 24 February: the G marks
        # of 3-4 February no longer count, the U marks of 24-26 February do.
        status = self.amira.get_penalty_threshold_status("2025-05-16")
        self.assertEqual(status["window_start"], "2025-02-24")
        self.assertEqual(status["sessions"], 6)
        self.assertFalse(status["met"])

    def test_marks_after_the_date_are_ignored(self):
        status = self.amira.get_penalty_threshold_status("2025-02-24")
        # Only 24 Feb's two U sessions and the four G sessions so far.
        self.assertEqual(status["sessions"], 6)

    def test_two_queries_whatever_the_number_of_marks(self):
        self.amira.get_penalty_threshold_status("2025-02-28")  # warm the caches
        before = self.cr.sql_log_count
        self.amira.get_penalty_threshold_status("2025-02-28")
        self.assertLessEqual(self.cr.sql_log_count - before, 2)

    def test_batch_gives_each_pupil_the_single_pupil_answer(self):
        ben = self._create_pupil("Ben", "Lee")
        self._marks(ben, ["2025-02-24", "2025-02-25"], "N")
        pupils = self.amira | ben
        statuses = pupils.get_penalty_threshold_statuses("2025-02-28")
        self.assertEqual([s["pupil_id"] for s in statuses], pupils.ids)
        self.assertEqual(statuses[0], self.amira.get_penalty_threshold_status("2025-02-28"))
        self.assertEqual(statuses[0]["sessions"], 10)
        self.assertTrue(statuses[0]["met"])
        self.assertEqual(statuses[1]["sessions"], 4)
        self.assertFalse(statuses[1]["met"])
        self.assertEqual(statuses[1]["by_code"], {"N": 4})
        self.assertEqual(statuses[1]["window_start"], "2024-12-02")

    def test_batch_query_count_does_not_grow_with_pupils(self):
        pupils = self.env["school.pupil"]
        for number in range(30):
            pupil = self._create_pupil("Pupil%02d" % number, "Batch")
            self._marks(pupil, ["2025-02-24", "2025-02-25"][: 1 + number % 2], "U")
            pupils |= pupil
        counts = []
        for batch in (pupils[:3], pupils):
            batch.invalidate_cache()
            before = self.cr.sql_log_count
            statuses = batch.get_penalty_threshold_statuses("2025-02-28")
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(statuses), len(batch))
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 2)
        self.assertEqual(statuses[0]["sessions"], 2)
        self.assertEqual(statuses[1]["sessions"], 4)
