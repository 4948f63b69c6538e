"""Does the work help? The notice to improve is a step type, added by school_penalty
(school_attendance's fixture: Amira 60% in the 4 school weeks before 1 October, 90% in
the 4 after)."""

from odoo.addons.school_attendance.tests.step_effect_common import STEP_DAY, StepEffectCase

from .common import set_up_regulation3


class TestStepEffectNotices(StepEffectCase):
    @classmethod
    def setUpClass(cls):
        super(TestStepEffectNotices, cls).setUpClass()
        set_up_regulation3(cls.env, cls.company)
        notices = cls.env["school.notice.to.improve"]
        for pupil in (cls.amira, cls.ben):
            pupil.date_of_birth = "2016-05-01"
            parent = cls.env["res.partner"].create(
                {"name": "Parent of %s" % pupil.first_name, "street": "12 Elm Road"}
            )
            cls.env["school.pupil.contact"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "relationship": "mother",
                    "has_parental_responsibility": True,
                }
            )
            notices |= notices.create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "date_issued": STEP_DAY,
                    "weeks": 3,
                    "offence_details": "Unauthorised absence in September.",
                    "support_provided": "Meetings with the attendance officer.",
                    "support_offered": "Early help referral; breakfast club.",
                    "expected_improvement": "No unauthorised absence in the period.",
                }
            )
        # Amira's notice was issued; Ben's is still a draft.
        notices.filtered(lambda notice: notice.pupil_id == cls.amira).action_issue()

    def test_notice_to_improve_by_hand(self):
        self.assertEqual(
            self.figures()["notice_to_improve"]["sentence"],
            "Notice to improve: 1 pupil; 60% in the 4 school weeks before, 90% in the 4 after "
            "(+30 points); 1 improved, 0 fell.",
        )
