"""Seed 000 as shipped: its letter steps produce letters, day by day with real marks.

The same pupil and marks as school_attendance's seed 000 test (Amira absent without
reason 23-25 Sep 2024, then ill every Monday); her mother now has a full postal
address. The escalation runs twice every school evening. Expected letters, each
exactly once, on the case they belong to, quoting the figures of the step:

* 23 Sep: warning letter, 30/32 = 93.8% < 96% (low attendance case).
* 24 Sep: letter 1, 30/34 = 88.2% <= 90%.
* 25 Sep: day-3 letter to the home address (first-day case), as the morning N is saved.
* 11 Nov: letter 2 and the meeting invitation, 74/92 = 80.4% < 90% after 6 school weeks.
"""

from odoo.addons.school_attendance.tests.case_common import D, EscalationCase


class TestSeed000Letters(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed000"

    @classmethod
    def setUpClass(cls):
        super(TestSeed000Letters, cls).setUpClass()
        cls.Letter = cls.env["school.letter"]
        cls.mother.write({"zip": "BR1 1AA", "city": "Bromley"})

    def _codes(self, day):
        if D(2024, 9, 23) <= day <= D(2024, 9, 25):
            return {self.amira: ("N", "N")}
        if day >= D(2024, 9, 30) and day.weekday() == 0:
            return {self.amira: ("I", "I")}
        return {}

    def test_preset_letter_steps_are_letters(self):
        ref = self.env.ref
        kinds = {
            "policy_step_s000_day3_letter": "day3",
            "policy_step_s000_warning": "warning_96",
            "policy_step_s000_letter1": "letter_1",
            "policy_step_s000_letter2": "letter_2_meeting",
            "policy_step_s001_day3": "day3",
            "policy_step_s001_day6": "plan_invitation",
            "policy_step_s003_panel": "plan_invitation",
            "policy_step_s004_invite": "plan_invitation",
        }
        for xmlid, kind in kinds.items():
            step = ref("school_attendance.%s" % xmlid)
            self.assertEqual((step.action, step.letter_kind), ("letter", kind), xmlid)
        covering = ref("school_letters.policy_step_s004_plan_letter")
        self.assertEqual(covering.policy_id, ref("school_attendance.attendance_policy_seed004"))
        self.assertEqual((covering.trigger, covering.letter_kind), ("with_previous", "action_plan"))

    def test_seed000_day_by_day_produces_each_letter_once(self):
        letters_on = {}
        for day in self.days(D(2024, 9, 2), D(2024, 11, 15)):
            before = self.Letter.search([])
            # First-day steps fire as the morning register is saved: the day-3 letter
            # is made then, the others by the evening runs.
            self.mark_day(day, self._codes(day))
            self.escalate(day)
            self.escalate(day)  # a second run the same evening adds nothing
            new = self.Letter.search([]) - before
            if new:
                letters_on[day] = new
        self.assertEqual(
            {day: letters.mapped("kind") for day, letters in letters_on.items()},
            {
                D(2024, 9, 23): ["warning_96"],
                D(2024, 9, 24): ["letter_1"],
                D(2024, 9, 25): ["day3"],
                D(2024, 11, 11): ["letter_2_meeting"],
            },
        )
        low = self.case_of(self.amira, "low_attendance")
        first_day = self.case_of(self.amira, "first_day")
        all_letters = self.Letter.search([("pupil_id", "=", self.amira.id)])
        self.assertEqual(len(all_letters), 4)
        self.assertEqual(all_letters.mapped("partner_id"), self.mother)
        self.assertEqual(set(all_letters.mapped("state")), {"draft"})
        self.assertEqual(letters_on[D(2024, 9, 25)].case_id, first_day)
        self.assertEqual((all_letters - letters_on[D(2024, 9, 25)]).mapped("case_id"), low)
        # Each letter quotes the figures that made its step fire.
        quoted = {
            letter.kind: (
                letter.get_figures()["present"],
                letter.get_figures()["possible"],
                letter.get_figures()["attendance_pct"],
            )
            for letter in all_letters
        }
        self.assertEqual(quoted["warning_96"], (30, 32, 93.8))
        self.assertEqual(quoted["letter_1"], (30, 34, 88.2))
        self.assertEqual(quoted["letter_2_meeting"], (74, 92, 80.4))
        warning = letters_on[D(2024, 9, 23)]
        self.assertIn("93.8", warning.body_html)
        self.assertEqual(warning.date_from, "2024-09-01")
        # The case history names the letters; the officer still has the reminder.
        log = low.step_log_ids.filtered(lambda lg: lg.date == "2024-09-24")
        self.assertIn(letters_on[D(2024, 9, 24)].name, log.message)
        self.assertTrue(
            log.message.startswith(
                "attendance 88.2% (30/34) ≤ 90% since 1 Sep 2024 → Letter 1 (90% or less): "
                "activity 'Letter 1: low attendance, offer to discuss support'"
            ),
            log.message,
        )
        self.assertEqual(low.sudo(self.officer).letter_count, 3)
