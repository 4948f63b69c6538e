"""Does the work help? Letters are step types, by kind (school_attendance's fixture:
Amira 60% in the 4 school weeks before 1 October, 90% in the 4 after)."""

from odoo.addons.school_attendance.tests.step_effect_common import STEP_DAY, StepEffectCase


class TestStepEffectLetters(StepEffectCase):
    @classmethod
    def setUpClass(cls):
        super(TestStepEffectLetters, cls).setUpClass()
        for pupil in (cls.amira, cls.ben):
            parent = cls.env["res.partner"].create(
                {
                    "name": "Parent of %s" % pupil.first_name,
                    "street": "12 Elm Road",
                    "city": "Bromley",
                    "zip": "BR2 9QT",
                }
            )
            cls.env["school.pupil.contact"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "relationship": "mother",
                    "has_parental_responsibility": True,
                    "receives_post": True,
                }
            )
        template = cls.env["school.letter.template"].get_template("letter_1", cls.company)
        letters, _skipped = cls.env["school.letter"]._create_for_pupils(
            template, cls.amira | cls.ben, date=STEP_DAY
        )
        # Amira's letter 1 was printed for posting; Ben's is still a draft.
        letters.filtered(lambda letter: letter.pupil_id == cls.amira)._server_write(
            {"state": "printed"}
        )

    def test_letter_one_by_hand(self):
        steps = self.figures()
        self.assertEqual(
            steps["letter_1"]["sentence"],
            "Letter 1: 1 pupil; 60% in the 4 school weeks before, 90% in the 4 after "
            "(+30 points); 1 improved, 0 fell.",
        )
        # Kinds of letter nobody was sent are not listed (letter 1 always is).
        self.assertNotIn("letter_day3", steps)

    def test_letter_one_is_listed_when_none_was_sent(self):
        steps = self.figures(date_to="2025-09-30")
        self.assertEqual(steps["letter_1"]["sentence"], "Letter 1: no pupil to compare yet.")
