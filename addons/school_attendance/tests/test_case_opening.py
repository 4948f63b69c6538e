"""Opening many cases in one run: what it costs (queries, pupils read) and what the
chatter and followers of an opened case look like (bench/run.py, item 3)."""

from unittest.mock import patch

from .case_common import D, EscalationCase


class TestCaseOpening(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed000"

    @classmethod
    def setUpClass(cls):
        super(TestCaseOpening, cls).setUpClass()
        cls.extra = cls.env["school.pupil"]
        for index in range(27):
            cls.extra |= cls._pupil("Pupil%02d" % index, "Extra")
        cls.env["school.attendance.register"].search(
            [("date", "<=", "2024-09-13")]
        )._create_mark_lines()

    def _absent_on_mondays(self, pupils):
        """Two weeks of registers: ``pupils`` ill every Monday (16/20 = 80%)."""
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            absent = {pupil: ("I", "I") for pupil in pupils} if day.weekday() == 0 else {}
            self.mark_day(day, absent)

    def _run_counting(self):
        """The officer's run on 13 September: (counts, queries, pupil rows read)."""
        Pupil = type(self.env["school.pupil"])
        original = Pupil._read_from_database
        rows = []

        def counting(records, field_names, inherited_field_names=()):
            rows.append(len(records))
            return original(records, field_names, inherited_field_names)

        self.env.cache.invalidate()
        before = self.cr.sql_log_count
        with patch.object(Pupil, "_read_from_database", autospec=True, side_effect=counting):
            counts = self.escalate("2024-09-13")
        return counts, self.cr.sql_log_count - before, sum(rows)

    def test_opening_cases_does_not_reread_the_pupils(self):
        """Ten cases open among thirty pupils: the run reads the thirty pupils twice
        (their school for the figures, their priority flags) and the ten it opens a
        case for, not the thirty again after every write (380 rows before, when each
        case's mail round emptied the cache)."""
        self._absent_on_mondays(self.extra[:10])
        counts, _queries, pupil_rows = self._run_counting()
        self.assertEqual(counts["cases_opened"], 10)
        pupils = self.env["school.pupil"].search_count([("company_id", "=", self.company.id)])
        self.assertEqual(pupils, 30)
        self.assertLessEqual(
            pupil_rows,
            2 * pupils + counts["cases_opened"],
            "pupil rows read: %d for %d pupils" % (pupil_rows, pupils),
        )

    def _queries_opening(self, pupils):
        """(cases opened, queries) of the run when ``pupils`` are ill every Monday; the
        marks and the run are rolled back afterwards."""
        self.env.cr.execute("SAVEPOINT opening")
        try:
            self._absent_on_mondays(pupils)
            counts, queries, _rows = self._run_counting()
        finally:
            self.env.cr.execute("ROLLBACK TO SAVEPOINT opening")
            self.env.clear()
        return counts["cases_opened"], queries

    def test_queries_per_opened_case_are_bounded(self):
        """Each case opened (the case and its follower, letter 1's activity, the letter,
        the step log line and its note) costs a bounded number of queries: about 12, most
        of them its letter (205 before the run was reworked for the first run at trust
        scale, about 90 while each case was opened and its step written one by one: the
        run now opens its cases and writes their steps together)."""
        # A first run fills Odoo's caches (rules, translations, references).
        self._queries_opening(self.extra[:2])
        two, queries_two = self._queries_opening(self.extra[:2])
        self.assertEqual(two, 2)
        ten, queries_ten = self._queries_opening(self.extra[:10])
        self.assertEqual(ten, 10)
        per_case = (queries_ten - queries_two) / 8.0
        self.assertLessEqual(per_case, 15, "queries per case opened: %.1f" % per_case)

    def test_opened_case_chatter_and_followers(self):
        """A case opened by a manager's run: its owner (the policy's officer) follows
        it, the manager does not; the chatter holds the step's explanation, no
        tracking lines repeating it."""
        self._absent_on_mondays(self.amira)
        counts = self.escalate("2024-09-13", user=self.manager)
        self.assertEqual(counts["cases_opened"], 1)
        case = self.case_of(self.amira, "low_attendance")
        self.assertEqual(case.user_id, self.officer)
        self.assertEqual(case.message_partner_ids, self.officer.partner_id)
        messages = case.message_ids
        self.assertEqual(len(messages), 1)
        self.assertFalse(messages.mapped("tracking_value_ids"))
        self.assertIn("→ %s" % case.step_log_ids.step_id.name, messages.body)
        self.assertIn("attendance 80.0%", messages.body)
        # The note as message_post writes it (the run writes its notes together).
        self.assertEqual(messages.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(messages.message_type, "notification")
        self.assertEqual(messages.record_name, case.name)
        self.assertIn("%s-%s" % (case.id, case._name), messages.message_id)
        self.assertFalse(messages.parent_id)
        self.assertFalse(messages.needaction_partner_ids)
        # Nor when the next step fires (a note subscribes nobody).
        fired = case.sudo(self.manager).advance("review: no improvement", on_date="2024-09-16")
        self.assertEqual(fired, 1)
        self.assertEqual(case.message_partner_ids, self.officer.partner_id)
        # Moving the case by hand is still tracked.
        self.assertNotEqual(case.stage_id, self.stage("improvement_plan"))
        case.sudo(self.officer).write({"stage_id": self.stage("improvement_plan").id})
        self.assertTrue(case.message_ids.mapped("tracking_value_ids"))

    def test_following_owner_keeps_subscription(self):
        """Assigning an activity to someone already following the case keeps the
        subtypes they chose; someone new follows with the default ones."""
        self._absent_on_mondays(self.amira)
        self.escalate("2024-09-13")
        case = self.case_of(self.amira, "low_attendance")
        follower = case.message_follower_ids.filtered(
            lambda f: f.partner_id == self.officer.partner_id
        )
        note = self.env.ref("mail.mt_note")
        follower.subtype_ids = note
        activity_type = self.env.ref("mail.mail_activity_data_call")
        for user in (self.officer, self.manager):
            self.Activity.create(
                {
                    "res_model_id": self.env["ir.model"]._get(case._name).id,
                    "res_id": case.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": "Call the family",
                }
            )
        self.assertEqual(follower.subtype_ids, note)
        self.assertEqual(
            case.message_partner_ids, self.officer.partner_id | self.manager.partner_id
        )
        new = case.message_follower_ids - follower
        self.assertIn(self.env.ref("mail.mt_comment"), new.subtype_ids)

    def test_notes_written_together_reach_who_follows_notes(self):
        """The run's notes are written together, but a follower who chose to follow a
        case's notes still gets theirs in their inbox; every note hangs under the first
        message of its case's chatter, as when posted one by one."""
        self._absent_on_mondays(self.amira | self.extra[0])
        self.escalate("2024-09-13")
        case = self.case_of(self.amira, "low_attendance")
        followed = self.case_of(self.extra[0], "low_attendance")
        self.manager.notification_type = "inbox"
        followed.message_subscribe(
            partner_ids=[self.manager.partner_id.id], subtype_ids=[self.env.ref("mail.mt_note").id]
        )
        self.Case.sudo(self.officer)._post_notes(
            [(case, "first note"), (followed, "followed note"), (case, "second note")]
        )
        first = case.message_ids.filtered(lambda m: "first note" in m.body)
        second = case.message_ids.filtered(lambda m: "second note" in m.body)
        opening = case.message_ids.sorted("id")[0]
        self.assertEqual(first.parent_id, opening)
        self.assertEqual(second.parent_id, opening)
        self.assertFalse((first | second).mapped("needaction_partner_ids"))
        note = followed.message_ids.filtered(lambda m: "followed note" in m.body)
        self.assertEqual(note.needaction_partner_ids, self.manager.partner_id)
        self.assertEqual((first | second | note).mapped("author_id"), self.officer.partner_id)
