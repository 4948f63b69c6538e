"""Parents' portal across the trust: a parent with children at two schools sees both."""

import datetime

from odoo import fields
from odoo.exceptions import AccessError

from .portal_common import PortalCase


class TestPortalTwoSchools(PortalCase):
    """Sara Khan's login is at Amira's school; her son Zaid is at Other Academy.

    Other Academy's register of its last school day before today is taken:
    Zaid AM I (illness), PM present; Omar Ali (mother Dina Ali, her own portal
    login at Other Academy) is in the same class, absent (O) all day.
    """

    @classmethod
    def setUpClass(cls):
        super(TestPortalTwoSchools, cls).setUpClass()
        school_b = cls.company_b
        year = cls._create_year(
            company=school_b,
            name="Portal year B",
            date_start=fields.Date.to_string(cls.today - datetime.timedelta(days=150)),
            date_end=fields.Date.to_string(cls.today + datetime.timedelta(days=150)),
        )
        cls.env["school.term"].create(
            {
                "name": "Portal term B",
                "academic_year_id": year.id,
                "date_start": fields.Date.to_string(cls.today - datetime.timedelta(days=35)),
                "date_end": fields.Date.to_string(cls.today + datetime.timedelta(days=35)),
            }
        )
        group = cls.env["school.group"].create(
            {"name": "5A", "year_group": "5", "company_id": school_b.id}
        )
        admitted = fields.Date.to_string(cls.today - datetime.timedelta(days=60))
        Pupil = cls.env["school.pupil"].with_context(tracking_disable=True)
        cls.zaid, cls.omar = (
            Pupil.create(
                {
                    "first_name": first,
                    "last_name": last,
                    "group_id": group.id,
                    "company_id": school_b.id,
                    "date_admitted": admitted,
                }
            )
            for first, last in (("Zaid", "Khan"), ("Omar", "Ali"))
        )
        cls.dina = cls._contact(cls.omar, "Dina Ali", "dina.ali@example.org", True)
        cls.dina.sudo(cls.officer_b).action_grant_portal_access()
        cls.dina_user = cls.dina.partner_id.user_ids
        sessions = cls.Session.search(
            [("company_id", "=", school_b.id), ("date", "<", fields.Date.to_string(cls.today))],
            order="date desc",
            limit=1,
        )
        cls.past_day_b = sessions.date
        codes = {
            ("Zaid", "am"): "I",
            ("Zaid", "pm"): "\\",
            ("Omar", "am"): "O",
            ("Omar", "pm"): "O",
        }
        registers = cls.Register.generate_registers(
            cls.past_day_b, cls.past_day_b, company=school_b
        )
        for register in registers:
            for mark in register.mark_ids:
                code = codes[(mark.pupil_id.first_name, register.period)]
                mark.code_id = cls.env["school.attendance.code"].get_code(code)
            register.action_take()

    def _give_sara_zaid(self):
        """Other Academy's officer records Sara as Zaid's mother; her login is kept."""
        contact = self.env["school.pupil.contact"].create(
            {
                "pupil_id": self.zaid.id,
                "partner_id": self.sara.partner_id.id,
                "relationship": "mother",
                "has_parental_responsibility": True,
                "lives_with_pupil": True,
                "receives_post": True,
            }
        )
        contact.sudo(self.officer_b).action_grant_portal_access()
        self.assertEqual(self.sara.partner_id.user_ids, self.sara_user)
        return contact

    def test_parent_sees_children_at_both_schools_and_no_other_child(self):
        Pupil = self.env["school.pupil"].sudo(self.sara_user)
        # Before Zaid's school records her as his mother: only Amira.
        self.assertEqual(Pupil.search([]), self.amira)
        self._give_sara_zaid()
        self.assertEqual(Pupil.search([]), self.amira | self.zaid)
        zaid = self.zaid.sudo(self.sara_user)
        self.assertEqual(zaid.company_id.name, "Other Academy")
        days = zaid.get_portal_sessions(self.past_day_b, self.past_day_b)
        self.assertEqual(days[0]["am"]["code"], "I")
        self.assertEqual(days[0]["am"]["meaning"], "Absent, authorised by the school")
        self.assertEqual(days[0]["pm"]["meaning"], "In school")
        marks = self.Mark.sudo(self.sara_user).search([])
        self.assertEqual(marks.mapped("pupil_id"), self.amira | self.zaid)
        # Omar, in Zaid's class at the same school, stays hidden from Sara ...
        omar_mark = self._mark(self.omar, self.past_day_b, "am")
        self.assertEqual(omar_mark.code_id.code, "O")
        with self.assertRaises(AccessError):
            self.omar.sudo(self.sara_user).read(["name"])
        with self.assertRaises(AccessError):
            omar_mark.sudo(self.sara_user).read(["code_id"])
        # ... and Dina, at Other Academy, sees Omar only: not Zaid, not Amira.
        self.assertEqual(self.env["school.pupil"].sudo(self.dina_user).search([]), self.omar)
        self.assertEqual(self.Mark.sudo(self.dina_user).search([]).mapped("pupil_id"), self.omar)
        with self.assertRaises(AccessError):
            self.zaid.sudo(self.dina_user).read(["name"])
        with self.assertRaises(AccessError):
            self.amira.sudo(self.dina_user).read(["name"])
        # Losing parental responsibility for Zaid hides him again at once.
        self.env["school.pupil.contact"].search(
            [("pupil_id", "=", self.zaid.id), ("partner_id", "=", self.sara.partner_id.id)]
        ).has_parental_responsibility = False
        self.assertEqual(Pupil.search([]), self.amira)

    def test_absence_report_for_the_child_at_the_second_school_goes_to_that_school(self):
        self._give_sara_zaid()
        Report = self.env["school.absence.report"]
        dates = Report.sudo(self.sara_user).get_reportable_dates(self.zaid)
        self.assertTrue(dates)
        report = Report.sudo(self.sara_user).create(
            {"pupil_id": self.zaid.id, "date": dates[-1], "reason": "Dentist and then fever"}
        )
        self.assertEqual(report.company_id, self.company_b)
        self.assertEqual(report.partner_id, self.sara.partner_id)
        self.assertEqual(len(report.session_ids), 2)
        self.assertIn(report, Report.sudo(self.officer_b).search([("state", "=", "new")]))
        self.assertNotIn(report, Report.sudo(self.officer).search([]))
        self.assertEqual(Report.sudo(self.sara_user).search([]), report)
        self.assertFalse(Report.sudo(self.dina_user).search([]))
        # Other Academy's office confirms it into illness on Zaid's register.
        report.sudo(self.officer_b).action_confirm()
        self.assertEqual(self._mark(self.zaid, report.date, "am").code_id.code, "I")

    def test_leave_request_for_the_child_at_the_second_school_goes_to_that_school(self):
        contact = self._give_sara_zaid()
        # The first school day at Other Academy three weeks from now.
        day = self.Session.search(
            [
                ("company_id", "=", self.company_b.id),
                ("date", ">", fields.Date.to_string(self.today + datetime.timedelta(days=21))),
            ],
            order="date",
            limit=1,
        ).date
        self.assertTrue(day)
        Request = self.env["school.leave.request"]
        # What the portal's leave form does (controllers/portal.py portal_child_leave).
        request = Request.sudo(self.sara_user).create(
            {
                "pupil_id": self.zaid.id,
                "requested_by_id": contact.id,
                "date_from": day,
                "date_to": day,
                "reason": "Grandmother's funeral abroad",
            }
        )
        request.sudo().action_submit()
        self.assertEqual(request.company_id, self.company_b)
        self.assertEqual(request.session_count, 2)
        self.assertEqual(
            request.session_ids.mapped("company_id"), self.company_b, "Zaid's own sessions"
        )
        self.assertIn(request, Request.sudo(self.officer_b).search([("state", "=", "submitted")]))
        self.assertNotIn(request, Request.sudo(self.officer).search([]))
        with self.assertRaises(AccessError):
            request.sudo(self.officer).read(["reason"])
        self.assertEqual(Request.sudo(self.sara_user).search([]), request)
        self.assertFalse(Request.sudo(self.dina_user).search([]))
        self.assertFalse(Request.sudo(self.lily_user).search([]))

    def test_parent_follows_the_child_who_moves_school_without_logging_out(self):
        Pupil = self.env["school.pupil"].sudo(self.sara_user)
        Mark = self.Mark.sudo(self.sara_user)
        # Sara has been on the portal: her record rules are cached with Amira's school.
        self.assertEqual(Pupil.search([]), self.amira)
        self.assertEqual(Mark.search([]).mapped("pupil_id"), self.amira)
        self.assertEqual(self.amira.sudo(self.sara_user).company_id, self.company)
        # Amira moves to Other Academy, class 6A, as the trust's office records it.
        group_6a = self.env["school.group"].create(
            {"name": "6A", "year_group": "6", "company_id": self.company_b.id}
        )
        self.amira.write({"company_id": self.company_b.id, "group_id": group_6a.id})
        # Other Academy takes 6A's register: Amira late (L) in the morning.
        registers = self.Register.generate_registers(
            self.past_day_b, self.past_day_b, company=self.company_b
        ).filtered(lambda r: r.group_id == group_6a)
        self.assertEqual(len(registers), 2)
        for register in registers:
            for mark in register.mark_ids:
                mark.code_id = self.env["school.attendance.code"].get_code(
                    "L" if register.period == "am" else "\\"
                )
            register.action_take()
        # Same login, no new session: Sara sees Amira at her new school at once.
        self.assertEqual(Pupil.search([]), self.amira)
        amira = self.amira.sudo(self.sara_user)
        self.assertEqual(amira.company_id.name, "Other Academy")
        new_marks = Mark.search([("company_id", "=", self.company_b.id)])
        self.assertEqual(new_marks.mapped("pupil_id"), self.amira)
        self.assertEqual(sorted(new_marks.mapped("code_id.code")), ["L", "\\"])
        days = amira.get_portal_sessions(self.past_day_b, self.past_day_b)
        self.assertEqual(days[0]["am"]["code"], "L")
        # Still no other child: not Zaid and Omar in Other Academy, not Ben.
        with self.assertRaises(AccessError):
            self.omar.sudo(self.sara_user).read(["name"])
        with self.assertRaises(AccessError):
            self.ben.sudo(self.sara_user).read(["name"])
