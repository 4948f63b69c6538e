"""Does the work help? Figures worked out by hand (see step_effect_common), who may see
them, the page and the governors' report."""

import re
import subprocess
import tempfile
import unicodedata
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tools import config

from .step_effect_common import AS_AT, STEP_DAY, StepEffectCase


def _pdf_text(pdf):
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, stdout=subprocess.PIPE, check=True
    )
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", result.stdout.decode("utf-8")))


class TestStepEffect(StepEffectCase):
    @classmethod
    def setUpClass(cls):
        super(TestStepEffect, cls).setUpClass()
        # Plans from 1 October for Amira (60% -> 90%) and Ben (100% -> 75%), and Eve at
        # the other school (100% -> 100%); Cleo's from 5 November: its weeks after are
        # not over on 10 November. Dan's plan was never agreed, then cancelled.
        for pupil in (cls.amira, cls.ben, cls.eve):
            cls._contract(pupil)
        cls._contract(cls.cleo, date_start="2025-11-05")
        cls._contract(cls.dan, start=False).action_cancel()
        # Amira's referral was sent on 1 October; Dan's is still to send.
        case = cls._case(cls.amira)
        referral = cls.env["school.attendance.referral"].create(
            {"case_id": case.id, "kind": "ewo", "date_sent": STEP_DAY}
        )
        referral._send()
        cls.env["school.attendance.referral"].create(
            {"case_id": cls._case(cls.dan).id, "kind": "ewo"}
        )
        # A meeting step fired on Ben's case on 1 October; the first-day call of
        # Amira's run of absence on Monday 8 September.
        cls.env["school.attendance.case.step.log"].create(
            {
                "case_id": cls._case(cls.ben).id,
                "step_id": cls.env.ref("school_attendance.policy_step_s000_meeting1").id,
                "date": STEP_DAY,
            }
        )
        cls.env["school.attendance.case.step.log"].create(
            {
                "case_id": cls._case(cls.amira, concern="first_day").id,
                "step_id": cls.env.ref("school_attendance.policy_step_s000_day1").id,
                "date": "2025-09-08",
            }
        )

    def test_figures_worked_out_by_hand(self):
        steps = self.figures()
        plan = steps["contract"]
        # (60 + 100) / 2 = 80% before, (90 + 75) / 2 = 82.5% after.
        self.assertEqual(
            (plan["pupils"], plan["before_pct"], plan["after_pct"], plan["change"]),
            (2, 80.0, 82.5, 2.5),
        )
        self.assertEqual((plan["improved"], plan["fell"], plan["too_recent"]), (1, 1, 1))
        self.assertEqual(
            plan["sentence"],
            "Contract or action plan: 2 pupils; 80% in the 4 school weeks before, 82.5% in "
            "the 4 after (+2.5 points); 1 improved, 1 fell, 1 too recent to tell.",
        )
        self.assertEqual(
            steps["referral"]["sentence"],
            "Referral: 1 pupil; 60% in the 4 school weeks before, 90% in the 4 after "
            "(+30 points); 1 improved, 0 fell.",
        )
        self.assertEqual(
            steps["meeting"]["sentence"],
            "Meeting: 1 pupil; 100% in the 4 school weeks before, 75% in the 4 after "
            "(-25 points); 0 improved, 1 fell.",
        )
        # Amira's first-day call on 8 September: only the week of 1 September is before
        # (10/10); after, the weeks of 15 September (4/10), 22 and 29 September (20/20)
        # and 6 October (8/10): 32/40 = 80%.
        call = steps["first_day_call"]
        self.assertEqual((call["pupils"], call["before_pct"], call["after_pct"]), (1, 100.0, 80.0))

    def test_two_school_weeks_either_side(self):
        # Amira: 15 and 22 September (14/20 = 70%) -> 6 and 13 October (18/20 = 90%).
        referral = self.figures(weeks=2)["referral"]
        self.assertEqual((referral["before_pct"], referral["after_pct"]), (70.0, 90.0))

    def test_steps_after_the_period_are_left_out(self):
        steps = self.figures(date_to="2025-09-30")
        self.assertEqual(steps["contract"]["pupils"], 0)
        self.assertEqual(
            steps["contract"]["sentence"], "Contract or action plan: no pupil to compare yet."
        )
        self.assertEqual(steps["first_day_call"]["pupils"], 1)

    def test_queries_do_not_grow_with_the_pupils(self):
        def count():
            self.Effect.invalidate_cache()
            before = self.cr.sql_log_count
            self.figures()
            return self.cr.sql_log_count - before

        count()
        first = count()
        for pupil in (self.cleo, self.dan):
            self._contract(pupil, date_start="2025-09-24")
            case = self._case(pupil, concern="persistent")
            self.env["school.attendance.case.step.log"].create(
                {
                    "case_id": case.id,
                    "step_id": self.env.ref("school_attendance.policy_step_s000_meeting1").id,
                    "date": STEP_DAY,
                }
            )
        self.assertEqual(self.figures()["contract"]["pupils"], 4)
        self.assertEqual(count(), first)

    # ------------------------------------------------------------------
    # Who may see the figures
    # ------------------------------------------------------------------
    def test_a_teacher_is_refused(self):
        with self.assertRaises(AccessError):
            self.figures(user=self.teacher)
        with self.assertRaises(AccessError):
            self.Effect.sudo(self.teacher).create({}).action_compute()

    def test_an_officer_sees_only_their_school(self):
        self.assertEqual(self.figures(user=self.officer_b)["contract"]["pupils"], 1)  # Eve
        with self.assertRaises(AccessError):
            self.figures(company_ids=[self.company_b.id])
        with self.assertRaises(AccessError):
            self.figures(company_ids=[self.company.id], user=self.officer_b)

    def test_the_trust_sees_its_schools_together(self):
        trust = self.env["res.company"].create({"name": "Oak Trust"})
        (self.company | self.company_b).write({"parent_id": trust.id})
        user = self._create_user(
            "sa_trust", self.env.ref("school_attendance.group_attendance_trust"), company=trust
        )
        plan = self.figures(user=user)["contract"]
        # Amira 60, Ben 100, Eve 100 -> 86.7; after 90, 75, 100 -> 88.3: three pupils
        # across both schools. The trust may not read cases, and fewer than five
        # pupils' figures could tell one of them apart: they are not shown to it.
        self.assertEqual((plan["pupils"], plan["before_pct"], plan["after_pct"]), (3, False, False))
        self.assertEqual((plan["change"], plan["improved"], plan["fell"]), (False, 0, 0))
        self.assertIn("fewer than 5 pupils to compare", plan["sentence"])
        # Another trust's user sees none of these schools.
        other_trust = self.env["res.company"].create({"name": "Elm Trust"})
        outsider = self._create_user(
            "sa_trust_elm",
            self.env.ref("school_attendance.group_attendance_trust"),
            company=other_trust,
        )
        with self.assertRaises(AccessError):
            self.figures(user=outsider, company_ids=[self.company.id])
        self.assertFalse(self.figures(user=outsider)["contract"]["pupils"])
        # The trust's page and report: both schools, under the trust's letterhead.
        page = self._page(user=user, scope="trust")
        self.assertEqual(page.scope, "trust")
        text = self._print(page, user)
        self.assertIn("Schools: Oakfield Primary School, Riverside Academy", text)
        self.assertIn("Oak Trust", text)
        self.assertIn("Contract or action plan: fewer than 5 pupils", text)

    def test_bad_input_is_refused(self):
        with self.assertRaisesRegex(UserError, "from 1 to 12 school weeks"):
            self.figures(weeks=13)
        with self.assertRaisesRegex(UserError, "must end on or after"):
            self.figures(date_from="2025-10-02", date_to="2025-10-01")
        with self.assertRaisesRegex(UserError, "date_from must be a date written YYYY-MM-DD"):
            self.figures(date_from="1 October 2025")

    # ------------------------------------------------------------------
    # The page and the report
    # ------------------------------------------------------------------
    def _page(self, user=None, **vals):
        vals = dict(
            {"date_from": "2025-09-01", "date_to": AS_AT, "as_at": AS_AT, "scope": "school"}, **vals
        )
        return self.Effect.sudo(user or self.officer).create(vals)

    def test_the_page_lists_each_step_type(self):
        page = self._page()
        action = page.action_compute()
        self.assertEqual(action["res_id"], page.id)
        lines = {line.key: line for line in page.line_ids}
        self.assertIn("first_day_call", lines)
        self.assertIn("meeting", lines)
        self.assertIn("referral", lines)
        self.assertEqual(lines["referral"].pupils, 1)
        self.assertEqual((lines["referral"].before_pct, lines["referral"].after_pct), (60.0, 90.0))
        self.assertTrue(lines["referral"].sentence.startswith("Referral: 1 pupil; 60%"))
        self.assertEqual(page.school_names, "Oakfield Primary School")

    def _print(self, page, user):
        """The text of the governors' report the page's Print button gives ``user``."""
        options = {"test_report_directory": tempfile.mkdtemp(prefix="school_step_effect_")}
        with patch.dict(config.options, options):
            action = page.action_print()
            report = self.env["ir.actions.report"]._get_report_from_name(action["report_name"])
            pdf, kind = report.sudo(user).render_qweb_pdf(page.ids)
        self.assertEqual(kind, "pdf")
        return _pdf_text(pdf)

    def test_the_governors_report_prints_the_figures(self):
        text = self._print(self._page(), self.officer)
        for expected in (
            "Oakfield Primary School",
            "Does the work help?",
            "Steps done from 1 September 2025 to 10 November 2025; attendance read on "
            "10 November 2025.",
            "it does not prove that the work caused it",
            "Referral: 1 pupil; 60% in the 4 school weeks before, 90% in the 4 after "
            "(+30 points); 1 improved, 0 fell.",
            "80.0% 82.5% +2.5",
        ):
            self.assertIn(expected, text)
