import datetime

from odoo import fields

from .common import SchoolAttendanceCase


class PortalCase(SchoolAttendanceCase):
    """Two families on the parents' portal, in a term around today.

    Sara Khan (mother of Amira, 3B) and Lily Lee (mother of Ben, 3B) have
    parental responsibility and portal logins given by the officer; Amira's
    grandmother Noor has none. Amira's registers of the last school day
    before today are taken: AM N (no reason yet), PM present.
    """

    @classmethod
    def setUpClass(cls):
        super(PortalCase, cls).setUpClass()
        cls.today = fields.Date.from_string(fields.Date.context_today(cls.env.user))
        year = cls._create_year(
            name="Portal year",
            date_start=fields.Date.to_string(cls.today - datetime.timedelta(days=150)),
            date_end=fields.Date.to_string(cls.today + datetime.timedelta(days=150)),
        )
        cls.env["school.term"].create(
            {
                "name": "Portal term",
                "academic_year_id": year.id,
                "date_start": fields.Date.to_string(cls.today - datetime.timedelta(days=35)),
                "date_end": fields.Date.to_string(cls.today + datetime.timedelta(days=35)),
            }
        )
        cls.Session = cls.env["school.session"]
        cls.Mark = cls.env["school.attendance.mark"]
        cls.Register = cls.env["school.attendance.register"]
        cls.group_3b = cls.env["school.group"].create(
            {"name": "3B", "year_group": "3", "tutor_ids": [(6, 0, [cls.teacher.id])]}
        )
        admitted = fields.Date.to_string(cls.today - datetime.timedelta(days=60))
        Pupil = cls.env["school.pupil"].with_context(tracking_disable=True)
        cls.amira = Pupil.create(
            {
                "first_name": "Amira",
                "last_name": "Khan",
                "group_id": cls.group_3b.id,
                "date_admitted": admitted,
            }
        )
        cls.ben = Pupil.create(
            {
                "first_name": "Ben",
                "last_name": "Lee",
                "group_id": cls.group_3b.id,
                "date_admitted": admitted,
            }
        )
        cls.sara = cls._contact(cls.amira, "Sara Khan", "sara.khan@example.org", True)
        cls.noor = cls._contact(cls.amira, "Noor Khan", "noor.khan@example.org", False)
        cls.lily = cls._contact(cls.ben, "Lily Lee", "lily.lee@example.org", True)
        (cls.sara | cls.lily).sudo(cls.officer).action_grant_portal_access()
        cls.sara_user = cls.sara.partner_id.user_ids
        cls.lily_user = cls.lily.partner_id.user_ids
        # The last school day before today: Amira N in the morning, present after lunch.
        sessions = cls.Session.search(
            [("company_id", "=", cls.company.id), ("date", "<", fields.Date.to_string(cls.today))],
            order="date desc",
            limit=2,
        )
        cls.past_day = sessions[0].date
        cls.Register.generate_registers(cls.past_day, cls.past_day)
        codes = {"am": "N", "pm": "\\"}
        for register in cls.Register.search([("date", "=", cls.past_day)]):
            for mark in register.mark_ids:
                code = (
                    codes[register.period]
                    if mark.pupil_id == cls.amira
                    else "/\\"[register.period == "pm"]
                )
                mark.code_id = cls.env["school.attendance.code"].get_code(code)
            register.action_take()

    @classmethod
    def _contact(cls, pupil, name, email, has_pr):
        partner = cls.env["res.partner"].create({"name": name, "email": email})
        return cls.env["school.pupil.contact"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": partner.id,
                "relationship": "mother" if has_pr else "grandparent",
                "has_parental_responsibility": has_pr,
                "lives_with_pupil": True,
                "receives_post": has_pr,
            }
        )

    def _mark(self, pupil, date, period):
        return self.Mark.search(
            [("pupil_id", "=", pupil.id), ("date", "=", date), ("period", "=", period)]
        )
