"""Retention per kind: the monthly review lists what passed each school's period, a manager
confirms, personal data goes while the statistics stay; a family that left loses the portal."""

from odoo.exceptions import AccessError, ValidationError

from .common import LettersCase

REMOVED = "(removed after retention)"


class TestRetentionKinds(LettersCase):
    @classmethod
    def setUpClass(cls):
        super(TestRetentionKinds, cls).setUpClass()
        env = cls.env
        cls.Review = env["school.retention.review"]
        cls.sarah.email = "sarah@example.org"
        sarahs = cls.amira.contact_ids.filtered(lambda c: c.partner_id == cls.sarah)
        sarahs.sudo(cls.officer).action_grant_portal_access()
        cls.sarah_user = cls.sarah.user_ids
        cls.case = env["school.attendance.case"].create(
            {
                "pupil_id": cls.amira.id,
                "concern": "low_attendance",
                "note": "<p>Mornings are hard at home.</p>",
            }
        )
        cls.case.message_post(body="Called Sarah about the mornings.", message_type="comment")
        cls.case.action_close()
        cls.case.write({"date_closed": "2024-09-20"})
        # Another family's case, still open: never listed.
        cls.ben = cls._pupil("Ben", "Lee")
        cls.ben_case = env["school.attendance.case"].create(
            {"pupil_id": cls.ben.id, "concern": "low_attendance", "note": "<p>Ben's note</p>"}
        )
        warning = cls.Template.get_template("warning_96", cls.company)
        cls.letters, _skipped = cls.Letter.create_for_pupils(warning, cls.amira, date="2024-09-16")
        cls.letters.print_letters()
        from odoo.addons.school_penalty.tests.common import set_up_regulation3

        set_up_regulation3(env, cls.company)
        cls.nti = env["school.notice.to.improve"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sarah.id,
                "date_issued": "2024-09-16",
                "weeks": 3,
                "offence_details": "Unauthorised absence in September.",
                "support_provided": "Meetings.",
                "support_offered": "Breakfast club.",
                "expected_improvement": "No unauthorised absence.",
            }
        )
        cls.nti.action_issue()
        # Amira left on 1 October 2024, to another school.
        cls.amira.write({"date_left": "2024-10-01", "leaving_ground": "a_other_school"})

    def _lines(self, review):
        return {(line.kind, line.res_model, line.res_id) for line in review.line_ids}

    def test_defaults_with_their_reasons(self):
        self.Review._cron_retention_review("2025-01-01")
        rules = self.env["school.retention.rule"].search([("company_id", "=", self.company.id)])
        self.assertEqual(set(rules.mapped("kind")), {"case", "letter", "notice", "portal_account"})
        self.assertTrue(all(rule.reason and rule.months > 0 for rule in rules))
        with self.assertRaises(ValidationError):
            rules[0].sudo(self.manager).write({"months": 0})

    def test_leaver_loses_portal_access_at_once_and_nothing_is_due_yet(self):
        self.assertTrue(self.sarah_user.active)
        # The daily job, the day before Amira left: Sarah keeps her access.
        self.Review._cron_revoke_leavers_portal_access("2024-09-30")
        self.assertTrue(self.sarah_user.active)
        self.Review._cron_revoke_leavers_portal_access("2024-10-01")
        self.assertFalse(self.sarah_user.active)
        self.sarah_user.active = True
        reviews = self.Review._cron_retention_review("2025-01-01")
        self.assertFalse(self.sarah_user.active)
        self.assertFalse(reviews)  # nothing has passed its period yet

    def test_manager_confirms_and_personal_data_goes_while_counts_stay(self):
        Case = self.env["school.attendance.case"].with_context(active_test=False)
        cases_before = Case.search_count([("concern", "=", "low_attendance")])
        letters_before = self.Letter.search_count([("pupil_id", "=", self.amira.id)])
        review = self.Review._cron_retention_review("2031-06-01")
        self.assertEqual(len(review), 1)
        lines = self._lines(review)
        self.assertIn(("case", "school.attendance.case", self.case.id), lines)
        self.assertIn(("letter", "school.letter", self.letters.id), lines)
        self.assertIn(("notice", "school.notice.to.improve", self.nti.id), lines)
        self.assertIn(("portal_account", "res.users", self.sarah_user.id), lines)
        self.assertNotIn(("case", "school.attendance.case", self.ben_case.id), lines)
        self.assertTrue(review.activity_ids)
        # Officers do not confirm; a manager does.
        with self.assertRaises(AccessError):
            review.sudo(self.officer).action_anonymise()
        self.assertTrue(self.case.note)
        review.sudo(self.manager).action_anonymise()
        self.assertEqual(review.state, "done")
        self.assertFalse(self.case.note)
        self.assertTrue(self.case.retention_anonymised)
        messages = self.env["mail.message"].search(
            [("model", "=", "school.attendance.case"), ("res_id", "=", self.case.id)]
        )
        self.assertFalse(messages)
        self.assertFalse(self.letters.body_html)
        self.assertFalse(self.letters.attachment_id)
        self.assertEqual(self.nti.offence_details, REMOVED)
        login = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("login", "=", "sarah@example.org")])
        )
        self.assertFalse(login)
        # The statistics count the same records.
        self.assertEqual(Case.search_count([("concern", "=", "low_attendance")]), cases_before)
        self.assertEqual(
            self.Letter.search_count([("pupil_id", "=", self.amira.id)]), letters_before
        )
        self.assertEqual(self.ben_case.note, "<p>Ben's note</p>")
        # Next month, nothing is listed again.
        self.assertFalse(self.Review._cron_retention_review("2031-07-01"))
