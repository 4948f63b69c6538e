"""Distance to each attendance line, on the pupil, the case and over RPC.

Fixture: the autumn term 2025 (1 September to 19 December) with registers taken from
1 to 15 September (11 school days, 22 sessions). Figures worked out by hand below.
"""

import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError

from .common import SchoolAttendanceCase

ON_DATE = "2025-09-15"
ON_MONDAYS = ("2025-09-01", "2025-09-08", "2025-09-15")


class TestForesight(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(TestForesight, cls).setUpClass()
        cls._create_autumn_2025()
        cls.amira, cls.ben, cls.cleo = cls._create_class(
            "4K", "4", [("Amira", "Khan"), ("Ben", "Okafor"), ("Cleo", "Price")]
        )
        cls.env["school.attendance.register"].generate_registers(
            "2025-09-01", ON_DATE, company=cls.company
        )
        code = cls.env["school.attendance.code"].get_code
        marks = cls.env["school.attendance.mark"].search(
            [("pupil_id", "in", (cls.amira | cls.ben | cls.cleo).ids)], order="date, period"
        )
        for mark in marks:
            mark.write({"code_id": code("/" if mark.period == "am" else "\\").id})
        # Amira: one morning ill (21 of 22, 95.5%). Ben: four sessions ill (18 of 22, 81.8%).
        marks.filtered(lambda m: m.pupil_id == cls.amira)[4].write({"code_id": code("I").id})
        marks.filtered(lambda m: m.pupil_id == cls.ben)[:4].write({"code_id": code("I").id})
        # Cleo: absent (O) every Monday, 1, 8 and 15 September.
        cls.cleo_mondays = marks.filtered(
            lambda m: m.pupil_id == cls.cleo and m.session_id.date in ON_MONDAYS
        )
        cls.cleo_mondays.write({"code_id": code("O").id})

    def _lines(self, row):
        return {line["line"]: line for line in row["lines"]}

    def test_distances_worked_out_by_hand(self):
        amira, ben = self.env["school.pupil"].browse((self.amira | self.ben).ids)
        rows = {row["pupil_id"]: row for row in (amira | ben).get_attendance_foresight(ON_DATE)}
        row = rows[amira.id]
        self.assertEqual((row["present"], row["possible"]), (21, 22))
        self.assertEqual((row["date_from"], row["date_to"]), ("2025-09-01", ON_DATE))
        lines = self._lines(row)
        # 90%: 21/23 leaves 2 absent of 23 (8.7%); 21/24 leaves 3 of 24 (12.5%): two absences.
        self.assertEqual((lines["90"]["below"], lines["90"]["absences"]), (False, 2))
        # 96%: 23/24 shows 95.8%, 24/25 shows 96.0%: three sessions, the third after
        # Monday 15 September being Wednesday 17 September AM.
        self.assertEqual(lines["96"]["sessions"], 3)
        self.assertEqual(lines["96"]["back_above_on"], "2025-09-17")
        # 50%: 1 + k absent of 22 + k reaches half at k = 20.
        self.assertEqual(lines["50"]["absences"], 20)
        self.assertIn(
            "2 more absences would take Amira below 90% (persistent absence).", row["sentences"]
        )
        self.assertIn(
            "Amira is below 96% (95.5%). If Amira attends every session until 17 September "
            "2025 (3 sessions), attendance will be back above it.",
            row["sentences"],
        )
        # Ben: 4 absent of 22 (81.8%). 4/(22 + m) < 10% needs m > 18: the 19th session from
        # Tuesday 16 September is Monday 29 September AM.
        lines = self._lines(rows[ben.id])
        self.assertEqual((lines["90"]["below"], lines["90"]["sessions"]), (True, 19))
        self.assertEqual(lines["90"]["back_above_on"], "2025-09-29")
        self.assertEqual(lines["50"]["absences"], 14)  # (4 + k) >= (22 + k) / 2

    def test_beyond_the_sessions_left_there_is_no_date(self):
        # On 15 December 2025 only 8 sessions are left in the year's calendar (the term
        # ends on Friday 19 December and no later term is recorded).
        row = self.ben.get_attendance_foresight("2025-12-15")[0]
        lines = self._lines(row)
        self.assertTrue(lines["96"]["below"])
        self.assertFalse(lines["96"]["back_above_on"])
        self.assertTrue(any("more than are left this school year" in s for s in row["sentences"]))

    def test_shown_on_the_pupil_form_as_of_the_school_today(self):
        company_class = type(self.env["res.company"])
        fixed = datetime.datetime(2025, 9, 15, 16, 0)
        with patch.object(company_class, "_utc_now", lambda self: fixed):
            text = (
                self.env["school.pupil"].browse(self.ben.id).sudo(self.officer).attendance_foresight
            )
        self.assertIn(
            "Ben is below 90% (persistent absence) (81.8%). If Ben attends every session until "
            "29 September 2025 (19 sessions), attendance will be back above it.",
            text.split("\n"),
        )

    def test_officer_of_another_school_cannot_read(self):
        with self.assertRaises(AccessError):
            self.amira.sudo(self.officer_b).get_attendance_foresight(ON_DATE)

    def test_patterns_of_absence_with_the_sessions_behind_them(self):
        rows = {
            row["pupil_id"]: row
            for row in (self.amira | self.cleo).get_attendance_patterns(ON_DATE)
        }
        self.assertEqual(rows[self.amira.id]["patterns"], [], "one absence is no pattern")
        found = {p["kind"]: p for p in rows[self.cleo.id]["patterns"]}
        self.assertEqual(set(found), {"weekday", "long_weekend"})
        self.assertEqual(
            found["weekday"]["sentence"],
            "Absent on 3 of 3 Mondays this year: 3 of the 3 days with absence "
            "(1 September 2025, 8 September 2025, 15 September 2025).",
        )
        self.assertEqual(sorted(found["weekday"]["mark_ids"]), sorted(self.cleo_mondays.ids))

    def test_a_pattern_triggers_an_escalation_step(self):
        policy = self.env["school.attendance.policy"].create(
            {
                "name": "Patterns",
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
                            "activity_line_ids": [
                                (
                                    0,
                                    0,
                                    {
                                        "activity_type_id": self.env.ref(
                                            "mail.mail_activity_data_call"
                                        ).id
                                    },
                                )
                            ],
                        },
                    )
                ],
            }
        )
        self.company.attendance_policy_id = policy
        policy.run_escalation(ON_DATE)
        case = self.env["school.attendance.case"].search([("concern", "=", "pattern")])
        self.assertEqual(case.pupil_id, self.cleo, "Amira and Ben have no pattern")
        (log,) = case.step_log_ids
        self.assertIn("pattern of absence: Absent on 3 of 3 Mondays this year", log.message)
        self.assertTrue(case.activity_ids)


class TestPersistentAbsenceRisk(SchoolAttendanceCase):
    """Autumn 1 (1-12 Sep 2025) then Autumn 2 (15 Sep - 19 Dec), registers to 19 Sep.

    Dan attends every session of Autumn 1 (20) and 8 of 10 in the first week of Autumn 2:
    28/30 this year (93.3%), 8/10 this term (80%). 65 school days (130 sessions) are left
    to 19 December: at 80%, 28 + 104 = 132 of 160, 82.5% by then. Eve attends every
    session.
    """

    @classmethod
    def setUpClass(cls):
        super(TestPersistentAbsenceRisk, cls).setUpClass()
        year = cls._create_year(name="2025/26", date_start="2025-09-01", date_end="2026-08-31")
        for name, start, end in (
            ("Autumn 1 2025", "2025-09-01", "2025-09-12"),
            ("Autumn 2 2025", "2025-09-15", "2025-12-19"),
        ):
            cls.env["school.term"].create(
                {"name": name, "academic_year_id": year.id, "date_start": start, "date_end": end}
            )
        cls.dan, cls.eve = cls._create_class("6P", "6", [("Dan", "Risk"), ("Eve", "Risk")])
        cls.env["school.attendance.register"].generate_registers(
            "2025-09-01", "2025-09-19", company=cls.company
        )
        code = cls.env["school.attendance.code"].get_code
        marks = cls.env["school.attendance.mark"].search(
            [("pupil_id", "in", (cls.dan | cls.eve).ids)], order="date, period"
        )
        for mark in marks:
            mark.write({"code_id": code("/" if mark.period == "am" else "\\").id})
        marks.filtered(lambda m: m.pupil_id == cls.dan and m.session_id.date == "2025-09-17").write(
            {"code_id": code("O").id}
        )

    def test_projection_to_the_end_of_the_term(self):
        rows = {
            row["pupil_id"]: row
            for row in (self.dan | self.eve).get_persistent_absence_risk("2025-09-19")
        }
        dan = rows[self.dan.id]
        self.assertEqual((dan["present"], dan["possible"]), (28, 30))
        self.assertEqual((dan["term_present"], dan["term_possible"]), (8, 10))
        self.assertEqual(dan["remaining"], 130)
        self.assertEqual(dan["projected_pct"], 82.5)
        self.assertTrue(dan["at_risk"])
        self.assertEqual(
            dan["explanation"],
            "93.3% now (28/30); 80% this half term (8/10); 130 sessions to 19 December 2025; "
            "at this half term's rate 82.5% by then.",
        )
        self.assertFalse(rows[self.eve.id]["at_risk"])

    def test_the_officers_list(self):
        wizard = (
            self.env["school.attendance.risk.wizard"]
            .sudo(self.officer)
            .create({"date": "2025-09-19"})
        )
        wizard.action_compute()
        self.assertEqual(wizard.line_ids.mapped("pupil_id"), self.dan)
        self.assertEqual(wizard.line_ids.term_pct, 80.0)


class TestRiskHalfTermOfAThreeTermSchool(SchoolAttendanceCase):
    """A school recording three terms: Autumn 2025 from 1 September to 19 December, closed
    27-31 October for half term; registers to Friday 7 November.

    Fin attends all 80 sessions to 24 October, then 6 of 10 in the week after half term:
    86/90 this year (95.6%). This half term's rate is 60% (6/10); 6 weeks (60 sessions)
    are left to 19 December: 86 + 36 = 122 of 150, 81.3% - at risk. At the whole term's
    rate (95.6%) he would end at 95.6%, and nobody at a three-term school could be at
    risk in the autumn, when the term's rate is the year's.
    """

    @classmethod
    def setUpClass(cls):
        super(TestRiskHalfTermOfAThreeTermSchool, cls).setUpClass()
        term = cls._create_autumn_2025()
        cls.env["school.closure"].create(
            {
                "name": "October half term",
                "date_from": "2025-10-27",
                "date_to": "2025-10-31",
                "kind": "closure",
                "term_id": term.id,
                "company_id": cls.company.id,
            }
        )
        cls.fin = cls._create_class("5H", "5", [("Fin", "Halfterm")])
        cls.env["school.attendance.register"].generate_registers(
            "2025-09-01", "2025-11-07", company=cls.company
        )
        code = cls.env["school.attendance.code"].get_code
        marks = cls.env["school.attendance.mark"].search(
            [("pupil_id", "=", cls.fin.id)], order="date, period"
        )
        for mark in marks:
            absent = mark.session_id.date in ("2025-11-03", "2025-11-04")
            present = "/" if mark.period == "am" else "\\"
            mark.write({"code_id": code("O" if absent else present).id})

    def test_the_rate_is_this_half_terms(self):
        (row,) = self.fin.get_persistent_absence_risk("2025-11-07")
        self.assertEqual((row["present"], row["possible"]), (86, 90))
        self.assertEqual(row["term_start"], "2025-11-03")
        self.assertEqual((row["term_present"], row["term_possible"]), (6, 10))
        self.assertEqual(row["remaining"], 60)
        self.assertEqual(row["projected_pct"], 81.3)
        self.assertTrue(row["at_risk"])
        self.assertIn("60% this half term (6/10)", row["explanation"])
