import datetime
import logging

from odoo import api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

#: The demo schools' local authority (Walton is in Liverpool).
DEMO_LOCAL_AUTHORITY = {
    "name": "Liverpool City Council (demo)",
    "is_company": True,
    "street": "Cunard Building, Water Street",
    "city": "Liverpool",
    "zip": "L3 1AH",
}
#: What a demo notice to improve says (the headteacher would write it for the family).
DEMO_NTI_TEXT = {
    "offence_details": "Unauthorised absence on %d sessions since September.",
    "support_provided": "Calls home after each absence and a meeting with the attendance officer.",
    "support_offered": "Early help referral; breakfast club; a weekly check-in with the tutor.",
    "expected_improvement": "No unauthorised absence in the improvement period.",
}


class SchoolDemo(models.AbstractModel):
    """The demo school's notices: to improve, penalty notices issued and some paid."""

    _inherit = "school.demo"

    @api.model
    def _demo_school_extras(self, company, until, rng):
        extras = super(SchoolDemo, self)._demo_school_extras(company, until, rng)
        notices_to_improve = self._demo_notices_to_improve(company, until)
        notices = self._demo_penalty_notices(company, until, rng)
        # The drafts wait for the school's attendance officer (where the demo has that
        # login), not for the administrator who loaded the demo.
        officer = self.env["res.users"].search(
            [("login", "=", self._demo_login(company, "officer"))], limit=1
        )
        if officer:
            for model in ("school.notice.to.improve", "school.penalty.notice"):
                self.env[model].search(
                    [
                        ("company_id", "=", company.id),
                        ("state", "=", "draft"),
                        ("user_id", "!=", officer.id),
                    ]
                ).write({"user_id": officer.id})
        paid = notices.filtered(lambda n: n.state == "paid")
        extras.append(
            "%d notices to improve, %d penalty notices (%d issued, %d paid)"
            % (
                len(notices_to_improve),
                len(notices),
                len(notices.filtered(lambda n: n.state != "draft")),
                len(paid),
            )
        )
        return extras

    @api.model
    def _demo_regulation3(self, company):
        """What the school's notices must say: its local authority and how to pay."""
        partner_model = self.env["res.partner"]
        authority = partner_model.search(
            [("name", "=", DEMO_LOCAL_AUTHORITY["name"])], limit=1
        ) or partner_model.create(DEMO_LOCAL_AUTHORITY)
        company.write(
            {
                "penalty_local_authority_id": authority.id,
                "penalty_payment_methods": "Online at pay.liverpool.example/penalty, "
                "or by phone on 0151 496 0000 quoting the notice number.",
                "penalty_issuer_particulars": "Headteacher, %s" % company.name,
            }
        )

    @api.model
    def _demo_issue(self, notice):
        """Issue ``notice``; False (and nothing changed) when a rule refuses it."""
        try:
            with self.env.cr.savepoint():
                notice.action_issue()
        except (UserError, ValidationError) as error:
            _logger.info("demo: %s left as a draft: %s", notice.display_name, error)
            return False
        return True

    @api.model
    def _demo_parent(self, pupil):
        """The parent a notice about ``pupil`` goes to: the first parent in law with an address."""
        contacts = pupil._penalty_parent_contacts().filtered(lambda c: c.partner_id.street)
        return contacts.sorted("sequence")[:1].partner_id

    @api.model
    def _demo_notices_to_improve(self, company, until):
        """A notice to improve to a parent of each pupil with 10 or more sessions of O.

        Half were issued five weeks ago, their improvement period is over (the
        daily job has assessed them; the officer marked those who improved),
        the others a week ago and are running.
        """
        self._demo_regulation3(company)
        self.env.cr.execute(
            """
            SELECT m.pupil_id FROM school_attendance_mark m
            JOIN school_attendance_code c ON c.id = m.code_id
            WHERE m.company_id = %s AND c.code = 'O'
            GROUP BY m.pupil_id HAVING count(*) >= 10 ORDER BY m.pupil_id
            """,
            (company.id,),
        )
        pupils = self.env["school.pupil"].browse([row[0] for row in self.env.cr.fetchall()])
        notices = self.env["school.notice.to.improve"]
        for index, pupil in enumerate(pupils):
            issued = until - datetime.timedelta(weeks=5 if index % 2 else 1)
            partner = self._demo_parent(pupil)
            if not partner or not pupil.is_compulsory_school_age(issued):
                continue
            vals = dict(
                DEMO_NTI_TEXT,
                offence_details=DEMO_NTI_TEXT["offence_details"]
                % pupil.get_attendance_summary(
                    "%d-09-01" % (until.year if until.month >= 9 else until.year - 1),
                    fields.Date.to_string(issued),
                )[0]["unauthorised"],
            )
            notice = notices.create(
                dict(
                    vals,
                    pupil_id=pupil.id,
                    partner_id=partner.id,
                    date_issued=fields.Date.to_string(issued),
                    weeks=3,
                )
            )
            if self._demo_issue(notice):
                notices |= notice
        notices._cron_check_improvement_periods(fields.Date.to_string(until))
        for notice in notices.filtered(lambda n: n.state == "issued"):
            if notice.date_end and to_date(notice.date_end) < until:
                notice.action_mark_improved()
        return notices

    @api.model
    def _demo_penalty_notices(self, company, until, rng):
        """A penalty notice for each term-time holiday (10 sessions of G) of the year.

        Issued ten days after the holiday (a draft when that is still to
        come); those received more than three weeks ago were mostly paid, 80
        within 21 days, through the penalty payments journal, some not paid by
        day 28 (unpaid, prosecution considered).
        """
        self.env.cr.execute(
            """
            SELECT m.pupil_id, array_agg(m.id ORDER BY m.date, m.period)
            FROM school_attendance_mark m
            JOIN school_attendance_code c ON c.id = m.code_id
            WHERE m.company_id = %s AND c.code = 'G'
            GROUP BY m.pupil_id HAVING count(*) >= 10 ORDER BY m.pupil_id
            """,
            (company.id,),
        )
        rows = self.env.cr.fetchall()
        notice_model = self.env["school.penalty.notice"]
        mark_model = self.env["school.attendance.mark"]
        notices = notice_model.browse()
        for index, (pupil_id, mark_ids) in enumerate(rows):
            pupil = self.env["school.pupil"].browse(pupil_id)
            marks = mark_model.browse(mark_ids)
            issued = max(to_date(d) for d in marks.mapped("date")) + datetime.timedelta(days=10)
            partner = self._demo_parent(pupil)
            if not partner or not pupil.is_compulsory_school_age(min(issued, until)):
                continue
            notice = notice_model.create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": partner.id,
                    "offence": "term_time_holiday",
                    "mark_ids": [(6, 0, marks.ids)],
                    "date_issued": fields.Date.to_string(min(issued, until)),
                }
            )
            notices |= notice
            if issued > until or not self._demo_issue(notice):
                continue
            received = to_date(notice.date_received)
            if received + datetime.timedelta(days=21) <= until and index % 4 != 3:
                paid_on = received + datetime.timedelta(days=rng.randint(2, 20))
                notice.register_payment(notice.amount_due_on(paid_on), paid_on)
        notice_model._cron_check_payment_deadlines(fields.Date.to_string(until))
        return notices
