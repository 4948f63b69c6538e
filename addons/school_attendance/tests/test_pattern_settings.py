"""The thresholds of the patterns of absence are settings of the school.

Fixture: the autumn term 2025 from Monday 1 September, registers taken to Monday 15
September (11 school days). Fay is absent (O) on the three Mondays, 1, 8 and 15 September,
and on two Wednesdays, 3 and 10 September: 5 days of absence, 3 of them (60%) Mondays, and
3 (60%) next to a weekend (Tuesdays and Thursdays around the Wednesdays are school days).
"""

from odoo.exceptions import ValidationError

from .common import SchoolAttendanceCase

ON_DATE = "2025-09-15"
FAY_ABSENT = ("2025-09-01", "2025-09-03", "2025-09-08", "2025-09-10", "2025-09-15")


class TestPatternSettings(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestPatternSettings, cls).setUpClass()
        cls._create_autumn_2025()
        cls.fay = cls._create_class("5F", "5", [("Fay", "Monday")])
        cls.env["school.attendance.register"].generate_registers(
            "2025-09-01", ON_DATE, company=cls.company
        )
        code = cls.env["school.attendance.code"].get_code
        marks = cls.env["school.attendance.mark"].search([("pupil_id", "=", cls.fay.id)])
        marks.filtered(lambda m: m.period == "am").write({"code_id": code("/").id})
        marks.filtered(lambda m: m.period == "pm").write({"code_id": code("\\").id})
        cls.absent = marks.filtered(lambda m: m.session_id.date in FAY_ABSENT)
        cls.absent.write({"code_id": code("O").id})

    def _patterns(self):
        (row,) = self.fay.get_attendance_patterns(ON_DATE)
        return {pattern["kind"]: pattern for pattern in row["patterns"]}

    def test_the_defaults_are_the_old_thresholds(self):
        self.assertEqual(
            (
                self.company.pattern_min_days,
                self.company.pattern_weekday_share,
                self.company.pattern_break_share,
                self.company.pattern_illness_spells,
            ),
            (3, 0.5, 0.75, 3),
        )
        found = self._patterns()
        # 3 of 5 days on Mondays: at least half (2.5). Next to weekends: 3 of 5, below 3.75.
        self.assertEqual(set(found), {"weekday"})
        self.assertEqual(
            found["weekday"]["sentence"],
            "Absent on 3 of 3 Mondays this year: 3 of the 5 days with absence "
            "(1 September 2025, 8 September 2025, 15 September 2025).",
        )

    def test_a_school_asking_for_three_quarters_on_one_weekday_does_not_flag_fay(self):
        self.company.pattern_weekday_share = 0.75  # 3 Mondays < 0.75 x 5 days = 3.75
        self.assertEqual(self._patterns(), {})
        self.company.pattern_weekday_share = 0.6  # 3 >= 0.6 x 5: flagged again
        self.assertEqual(set(self._patterns()), {"weekday"})

    def test_a_school_asking_for_more_days_does_not_flag_fay(self):
        self.company.pattern_min_days = 4  # 3 Mondays are not enough
        self.assertEqual(self._patterns(), {})

    def test_a_school_with_a_lower_share_next_to_weekends_flags_long_weekends(self):
        self.company.pattern_break_share = 0.6  # 3 of 5 days next to a weekend
        found = self._patterns()
        self.assertEqual(set(found), {"weekday", "long_weekend"})
        self.assertEqual(
            found["long_weekend"]["sentence"],
            "3 of the 5 days with absence this year were next to a weekend or a holiday "
            "(1 September 2025, 8 September 2025, 15 September 2025).",
        )

    def test_the_escalation_pattern_trigger_uses_the_school_settings(self):
        policy = self.env["school.attendance.policy"].create(
            {
                "name": "Mondays",
                "company_id": self.company.id,
                "default_user_id": self.officer.id,
                "step_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Talk to the parents about Mondays",
                            "concern": "pattern",
                            "trigger": "attendance_pattern",
                            "pattern_kind": "weekday",
                            "action": "activity",
                            "activity_type_id": self.env.ref("mail.mail_activity_data_call").id,
                        },
                    )
                ],
            }
        )
        self.company.write({"attendance_policy_id": policy.id, "pattern_weekday_share": 0.75})
        Case = self.env["school.attendance.case"]
        policy.run_escalation(ON_DATE)
        self.assertFalse(Case.search([("concern", "=", "pattern")]), "3 of 5 is below 75%")
        self.company.pattern_weekday_share = 0.5
        policy.run_escalation(ON_DATE)
        case = Case.search([("concern", "=", "pattern")])
        self.assertEqual(case.pupil_id, self.fay)
        self.assertIn(
            "pattern of absence: Absent on 3 of 3 Mondays this year",
            "\n".join(case.step_log_ids.mapped("message")),
        )

    def test_bad_thresholds_are_refused_and_change_nothing(self):
        bad = [
            ("pattern_min_days", 0),
            ("pattern_min_days", -2),
            ("pattern_illness_spells", 0),
            ("pattern_weekday_share", 0.0),
            ("pattern_weekday_share", -0.5),
            ("pattern_weekday_share", 1.5),
            ("pattern_break_share", 1.01),
        ]
        for field, value in bad:
            with self.subTest(field=field, value=value):
                with self.assertRaises(ValidationError) as refused, self.cr.savepoint():
                    self.company.write({field: value})
                self.company.invalidate_cache()
                self.assertIn("you entered", refused.exception.name)
        self.assertEqual(
            self.company.read(
                [
                    "pattern_min_days",
                    "pattern_weekday_share",
                    "pattern_break_share",
                    "pattern_illness_spells",
                ]
            )[0],
            {
                "id": self.company.id,
                "pattern_min_days": 3,
                "pattern_weekday_share": 0.5,
                "pattern_break_share": 0.75,
                "pattern_illness_spells": 3,
            },
        )
        self.company.write({"pattern_weekday_share": 1.0, "pattern_min_days": 1})  # allowed

    def test_on_the_school_attendance_settings(self):
        arch = self.env["res.company"].fields_view_get(view_type="form")["arch"]
        for field in (
            "pattern_min_days",
            "pattern_weekday_share",
            "pattern_break_share",
            "pattern_illness_spells",
        ):
            self.assertIn('name="%s"' % field, arch)
