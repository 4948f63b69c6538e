"""Two escalation runs of the same day at the same time (two transactions): the
second is refused up front, and running it once the first has finished adds
nothing — no second case, step, activity or letter."""

from odoo import SUPERUSER_ID, api
from odoo.addons.school_attendance.tests.committed import delete_school
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, at_install, post_install

DAY = "2024-09-16"  # Monday of the third week: Amira absent (N) all day


@at_install(False)
@post_install(True)
class TestConcurrentEscalation(TransactionCase):
    """Amira attends 2 to 13 September and is absent without reason on 16
    September: 20/22 = 90.9%, below 96% (warning letter) and a first day of
    unexplained absence (call)."""

    def setUp(self):
        super(TestConcurrentEscalation, self).setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            # No policy while the marks go in (a new school follows seed 000 by default, and
            # its first-day call would open the case before the race).
            company = env["res.company"].create(
                {"name": "Escalation Race Academy", "attendance_policy_id": False}
            )
            self.company_id = company.id
            year = env["school.academic.year"].create(
                {
                    "name": "2024/25",
                    "date_start": "2024-09-01",
                    "date_end": "2025-08-31",
                    "company_id": company.id,
                }
            )
            env["school.term"].create(
                {
                    "name": "Autumn 2024",
                    "academic_year_id": year.id,
                    "date_start": "2024-09-02",
                    "date_end": "2024-09-20",
                }
            )
            group = env["school.group"].create(
                {"name": "5R", "year_group": "5", "company_id": company.id}
            )
            pupils = env["school.pupil"]
            for first in ("Amira", "Ben"):
                pupils |= pupils.create(
                    {
                        "first_name": first,
                        "last_name": "Race",
                        "group_id": group.id,
                        "company_id": company.id,
                        "date_admitted": "2024-09-02",
                    }
                )
            mother = env["res.partner"].create(
                {"name": "Sara Race", "street": "1 High Street", "city": "Leeds", "zip": "LS1 1AA"}
            )
            env["school.pupil.contact"].create(
                {
                    "pupil_id": pupils[0].id,
                    "partner_id": mother.id,
                    "relationship": "mother",
                    "has_parental_responsibility": True,
                    "lives_with_pupil": True,
                    "receives_post": True,
                }
            )
            code = env["school.attendance.code"].get_code
            for session in env["school.session"].search(
                [("company_id", "=", company.id), ("date", "<=", DAY)]
            ):
                for pupil in pupils:
                    present = code("/" if session.period == "am" else "\\")
                    absent = pupil == pupils[0] and session.date == DAY
                    env["school.attendance.mark"].create(
                        {
                            "pupil_id": pupil.id,
                            "session_id": session.id,
                            "code_id": (code("N") if absent else present).id,
                        }
                    )
            # The school's own copy of the seed 000 ladder, its warning as a letter.
            policy = env.ref("school_attendance.attendance_policy_seed000").copy(
                {"name": "Race policy", "company_id": company.id}
            )
            policy.step_ids.filtered(lambda s: s.threshold_pct == 96.0).write(
                {"action": "letter", "letter_kind": "warning_96"}
            )
            company.attendance_policy_id = policy
            self.policy_id = policy.id
        self.addCleanup(delete_school, self.registry, self.company_id)

    def _job(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        env = api.Environment(cr, SUPERUSER_ID, {})
        return cr, env["school.attendance.policy"].browse(self.policy_id)

    def _school_state(self, env):
        cases = env["school.attendance.case"].search([("company_id", "=", self.company_id)])
        return {
            "cases": sorted(cases.mapped("concern")),
            "steps": len(cases.mapped("step_log_ids")),
            "activities": env["mail.activity"].search_count(
                [("res_model", "=", cases._name), ("res_id", "in", cases.ids)]
            ),
            "letters": env["school.letter"].search_count([("company_id", "=", self.company_id)]),
        }

    def test_second_run_refused_then_adds_nothing(self):
        cr_a, policy_a = self._job()
        cr_b, policy_b = self._job()

        counts = policy_a.run_escalation(DAY)  # job A runs, not committed yet
        self.assertEqual(counts, {"cases_opened": 2, "steps_fired": 2, "cases_closed": 0})
        expected = {
            "cases": ["first_day", "low_attendance"],
            "steps": 2,
            "activities": 2,
            "letters": 1,
        }
        self.assertEqual(self._school_state(policy_a.env), expected)

        # Job B starts meanwhile: refused at once, with the school named.
        with self.assertRaisesRegex(
            UserError, "escalation of Escalation Race Academy is already running"
        ):
            policy_b.run_escalation(DAY)
        cr_b.rollback()
        cr_a.commit()

        # Run again once A has finished: nothing more.
        policy_b.invalidate_cache()
        self.assertEqual(
            policy_b.run_escalation(DAY),
            {"cases_opened": 0, "steps_fired": 0, "cases_closed": 0},
        )
        cr_b.commit()
        with self.registry.cursor() as cr:
            self.assertEqual(self._school_state(api.Environment(cr, SUPERUSER_ID, {})), expected)
