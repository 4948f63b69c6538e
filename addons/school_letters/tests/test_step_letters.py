"""The letters the seeds' steps promise (issue 17 item 10), and who signs them.

* Seed 001, day 1: the first-day-of-absence contact writes home too (``first_day``),
  as the morning N is saved, on the first-day case.
* Seed 003, 90% - 91.9%: "Letter to parent with intent to Fast Track to
  prosecution" goes with the offer of Early Help (``prosecution_warning``).
* A letter is signed by a named person: the holder of the template's role in the
  school's Named Professionals, else the case owner, else the headteacher; never
  the system user who runs the nightly escalation ("Administrator").
"""

from odoo import SUPERUSER_ID
from odoo.addons.school_attendance.escalation_context import EscalationContext
from odoo.addons.school_attendance.tests.case_common import D, EscalationCase


class TestStepLetters(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed001"

    @classmethod
    def setUpClass(cls):
        super(TestStepLetters, cls).setUpClass()
        cls.Letter = cls.env["school.letter"]
        cls.mother.write({"zip": "BR1 1AA", "city": "Bromley"})
        cls.company.write(
            {
                "street": "Walton Oak Lane",
                "city": "Liverpool",
                "zip": "L4 0TH",
                "email": "office@waltonoak.example",
            }
        )
        cls.head = cls._create_user("sl_head", cls.group_manager)
        cls.head.name = "Ruth Ogden"

    def _name_head(self):
        self.env["school.staff.role"].create(
            {"company_id": self.company.id, "role": "headteacher", "user_id": self.head.id}
        )

    def test_first_day_letter_from_the_day1_step(self):
        step = self.env.ref("school_letters.policy_step_s001_first_day_letter")
        self.assertEqual(
            (step.trigger, step.action, step.letter_kind), ("with_previous", "letter", "first_day")
        )
        self.mark_day(D(2024, 9, 23), {self.amira: ("N", "N")})
        self.escalate(D(2024, 9, 23))
        letter = self.Letter.search([("pupil_id", "=", self.amira.id)])
        self.assertEqual(letter.mapped("kind"), ["first_day"])
        self.assertEqual(letter.case_id, self.case_of(self.amira, "first_day"))
        self.assertEqual(letter.partner_id, self.mother)
        values = letter.get_figures()["values"]
        # Nobody holds the template's role (attendance officer): the case owner signs.
        self.assertEqual(values["signatory"], self.officer.name)
        self.assertEqual(values["school_email"], "office@waltonoak.example")
        self.assertEqual(values["school_address"], "Walton Oak Lane, Liverpool, L4 0TH")
        # The next day of absence writes no second first-day letter.
        self.mark_day(D(2024, 9, 24), {self.amira: ("N", "N")})
        self.escalate(D(2024, 9, 24))
        self.assertEqual(
            self.Letter.search([("pupil_id", "=", self.amira.id)]).mapped("kind"), ["first_day"]
        )

    def test_fast_track_letter_follows_the_early_help_offer(self):
        policy = self.env.ref("school_attendance.attendance_policy_seed003")
        steps = policy.step_ids.filtered(lambda s: s.concern == "low_attendance").sorted("sequence")
        early_help = self.env.ref("school_attendance.policy_step_s003_early_help")
        fast_track = self.env.ref("school_letters.policy_step_s003_fast_track_letter")
        position = list(steps).index(early_help)
        self.assertEqual(steps[position + 1], fast_track)
        self.assertEqual(
            (fast_track.trigger, fast_track.letter_kind), ("with_previous", "prosecution_warning")
        )
        self._name_head()
        case = self.Case.create(
            {"pupil_id": self.amira.id, "concern": "low_attendance", "policy_id": policy.id}
        )
        ctx = EscalationContext(policy, self.company, D(2024, 10, 25), self.amira)
        # The nightly run is the system user's: the letter is not signed "Administrator".
        outcome = fast_track.sudo(SUPERUSER_ID)._take_action(case, ctx)
        letter = self.Letter.search([("case_id", "=", case.id)])
        self.assertEqual(letter.kind, "prosecution_warning", outcome)
        values = letter.get_figures()["values"]
        # The template names the Headteacher: the school's headteacher signs.
        self.assertEqual(
            (values["signatory"], values["signatory_role"]), ("Ruth Ogden", "Headteacher")
        )
        self.assertIn("Ruth Ogden", self.letter_pdf_text(letter))

    def test_signer_without_named_person_or_owner(self):
        """A case with no owner, run by the system: the headteacher, else the role alone."""
        case = self.Case.create({"pupil_id": self.amira.id, "user_id": False})
        template = self.env["school.letter.template"].get_template("letter_1", self.company)
        Letter = self.Letter.sudo(SUPERUSER_ID)
        letters, _skipped = Letter._create_for_pupils(
            template, self.amira, date="2024-10-01", res_model=case._name, res_id=case.id
        )
        values = letters.get_figures()["values"]
        self.assertEqual(
            (values["signatory"], values["signatory_role"]), ("", "Pupil Support Lead")
        )
        self._name_head()
        template = self.env["school.letter.template"].get_template("day3", self.company)
        letters, _skipped = Letter._create_for_pupils(
            template, self.amira, date="2024-10-01", res_model=case._name, res_id=case.id
        )
        values = letters.get_figures()["values"]
        self.assertEqual(
            (values["signatory"], values["signatory_role"]), ("Ruth Ogden", "Headteacher")
        )

    def letter_pdf_text(self, letter):
        """The letter as printed (the report's HTML: no PDF is rendered in tests)."""
        report = self.env.ref("school_letters.action_report_school_letter")
        return report.render_qweb_html(letter.ids)[0].decode()
