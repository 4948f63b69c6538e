"""The demo trust of ``make run``: three schools, their registers, cases, notices and letters.

Built once for the class, up to the end of the autumn term 2025 (``UNTIL``), a
quarter of the size of ``make run``'s (200, 600 and 60 pupils) to stay fast.
"""

import tempfile
from unittest.mock import patch

from odoo.addons.school_attendance.models.school_demo import DEMO_LAYOUTS, DEMO_TRUST_NAME
from odoo.tests.common import SavepointCase, at_install, post_install
from odoo.tools import config

UNTIL = "2025-12-12"
PUPILS = {"primary": 50, "secondary": 150, "small": 20}


@at_install(False)
@post_install(True)
class TestDemoTrust(SavepointCase):
    @classmethod
    def setUpClass(cls):
        super(TestDemoTrust, cls).setUpClass()
        # Letters are printed: real PDFs under --test-enable (see LettersCase).
        report_dir = tempfile.mkdtemp(prefix="school_demo_trust_test_")
        cls._config_patch = patch.dict(config.options, {"test_report_directory": report_dir})
        cls._config_patch.start()
        cls.result = cls.env["school.demo"].ensure_demo_trust(until=UNTIL, pupils=PUPILS)
        cls.primary = cls.env.ref("base.main_company")
        cls.trust = cls.primary.parent_id
        cls.schools = cls.env["res.company"].search([("parent_id", "=", cls.trust.id)])
        cls.school = {
            kind: cls.schools.filtered(lambda c, k=kind: c.name == DEMO_LAYOUTS[k]["name"])
            for kind in PUPILS
        }

    @classmethod
    def tearDownClass(cls):
        cls._config_patch.stop()
        super(TestDemoTrust, cls).tearDownClass()

    def _count(self, model, company, domain=()):
        return self.env[model].search_count([("company_id", "=", company.id)] + list(domain))

    def test_three_schools_of_one_trust(self):
        self.assertEqual(self.trust.name, DEMO_TRUST_NAME)
        sizes = {company.name: self._count("school.pupil", company) for company in self.schools}
        self.assertEqual(sizes, {DEMO_LAYOUTS[kind]["name"]: PUPILS[kind] for kind in PUPILS})
        self.assertEqual([DEMO_LAYOUTS[kind]["pupils"] for kind in PUPILS], [200, 600, 60])
        self.assertEqual(
            set(
                self.env["school.group"]
                .search([("company_id", "=", self.school["secondary"].id)])
                .mapped("year_group")
            ),
            {"7", "8", "9", "10", "11"},
        )
        rows = self.env["school.trust.attendance"].search([])
        self.assertEqual(set(rows.mapped("company_id").ids), set(self.schools.ids))

    def test_registers_up_to_the_last_day(self):
        for school in self.schools:
            registers = self.env["school.attendance.register"].search(
                [("company_id", "=", school.id), ("date", "<=", UNTIL)]
            )
            self.assertEqual(set(registers.mapped("state")), {"taken", "closed"}, school.name)
            self.assertEqual(max(registers.mapped("date")), UNTIL, school.name)
            self.assertFalse(
                self._count("school.attendance.mark", school, [("code_id", "=", False)]),
                "%s: every mark has a code" % school.name,
            )

    def test_a_case_in_every_stage(self):
        stages = self.env["school.attendance.case.stage"].search([])
        for companies in (
            self.school["secondary"],
            self.schools,
        ):  # the smaller schools have fewer cases
            cases = self.env["school.attendance.case"].search([("company_id", "in", companies.ids)])
            self.assertEqual(set(cases.mapped("stage_id").ids), set(stages.ids))

    def test_notices_issued_and_paid_through_accounting(self):
        # A quarter of the trust: only the secondary has pupils absent enough for one.
        self.assertTrue(
            self._count(
                "school.notice.to.improve", self.school["secondary"], [("state", "!=", "draft")]
            ),
            "notices to improve issued",
        )
        notices = self.env["school.penalty.notice"].search([])
        self.assertTrue(notices.filtered(lambda n: n.state != "draft"), "notices issued")
        paid = notices.filtered(lambda n: n.state == "paid")
        self.assertTrue(paid)
        self.assertTrue(all(n.invoice_id.state == "paid" for n in paid))
        finance = self.env["res.users"].search([("login", "=", "finance")])
        self.assertEqual(finance.company_id, self.trust)
        rows = self.env["school.trust.penalty"].sudo(finance).search([("state", "=", "paid")])
        self.assertEqual(sum(rows.mapped("notice_count")), len(paid))
        self.assertEqual(sum(rows.mapped("amount_paid")), sum(paid.mapped("amount_paid")))
        self.assertGreater(len(rows.mapped("company_id")), 1, "paid notices at several schools")

    def test_letters_printed(self):
        for school in self.schools:
            self.assertTrue(
                self._count("school.letter", school, [("state", "=", "printed")]), school.name
            )

    def test_trust_logins_see_every_school(self):
        for login in ("trust", "finance"):
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertEqual(user.company_id, self.trust, login)
            self.assertEqual(set(user.company_ids.ids), set((self.trust | self.schools).ids), login)
        trust = self.env["res.users"].search([("login", "=", "trust")])
        rows = self.env["school.trust.attendance"].sudo(trust).search([])
        self.assertEqual(set(rows.mapped("company_id").ids), set(self.schools.ids))

    def test_each_foresight_page_shows_someone(self):
        """The README's pictures of #20 come from the demo: each page has a pupil to show."""
        pupils = self.env["school.pupil"].search([("company_id", "in", self.schools.ids)])
        for school in self.schools:
            mine = pupils.filtered(lambda p, s=school: p.company_id == s)
            risk = [r for r in mine.get_persistent_absence_risk(UNTIL) if r["at_risk"]]
            self.assertTrue(risk, "%s: a pupil at risk of persistent absence" % school.name)
            near = [
                row
                for row in mine.get_penalty_window_forecasts(UNTIL)
                if not row["met"] and row["to_threshold"] <= 2
            ]
            self.assertTrue(near, "%s: a pupil near the penalty threshold" % school.name)
            patterns = [r for r in mine.get_attendance_patterns(UNTIL) if r["patterns"]]
            self.assertTrue(patterns, "%s: a pupil with a pattern of absence" % school.name)
            below = [
                row
                for row in mine.get_attendance_foresight(UNTIL)
                if row["possible"] and row["attendance_pct"] < 90
            ]
            self.assertTrue(below, "%s: a pupil below 90%%" % school.name)
        drafts = self.env["school.penalty.notice"].search([("state", "=", "draft")])
        self.assertTrue(drafts, "a draft penalty notice (its Ready to Issue? checklist)")
        self.assertTrue(drafts[:1].get_issue_checklist())
        # The first parent's child at the secondary is below 90%: the portal says when
        # full attendance brings the child back above it.
        parent = self.env["res.users"].search([("login", "=", "parent1")])
        child = self.env["school.pupil"].search(
            [
                ("parent_partner_ids", "in", [parent.partner_id.id]),
                ("company_id", "=", self.school["secondary"].id),
            ]
        )
        (row,) = child.get_attendance_foresight(UNTIL)
        self.assertLess(row["attendance_pct"], 90, child.name)
        self.assertTrue(
            any("back above" in sentence for sentence in row["sentences"]), row["sentences"]
        )

    def test_parent_with_children_at_two_schools(self):
        parent = self.env["res.users"].search([("login", "=", "parent1")])
        # What the portal's "Your children" lists (controllers/portal.py _get_children).
        children = (
            self.env["school.pupil"]
            .sudo(parent)
            .search([("parent_partner_ids", "in", [parent.partner_id.id])])
        )
        self.assertEqual(len(children.mapped("company_id")), 2, children.mapped("company_id.name"))
        self.assertIn(self.primary, children.mapped("company_id"))
        # Each child's registers are there on the portal.
        for child in children:
            self.assertTrue(
                self.env["school.attendance.mark"]
                .sudo(parent)
                .search_count([("pupil_id", "=", child.id)]),
                child.name,
            )
        self.assertIn(
            "nothing to do", self.env["school.demo"].ensure_demo_trust(until=UNTIL, pupils=PUPILS)
        )
