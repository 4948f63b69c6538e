"""A payment registered twice at the same time (two transactions): one payment."""

from odoo import SUPERUSER_ID, api
from odoo.addons.school_attendance.tests.committed import delete_school
from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, at_install, post_install

from .common import set_up_regulation3


@at_install(False)
@post_install(True)
class TestConcurrentPayments(TransactionCase):
    """Two finance clerks register Sara Khan's 80 on the same notice at once."""

    def setUp(self):
        super(TestConcurrentPayments, self).setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            company = env["res.company"].create({"name": "Payment Race School"})
            self.company_id = company.id
            set_up_regulation3(env, company)
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
                    "name": "Spring 2025",
                    "academic_year_id": year.id,
                    "date_start": "2025-01-06",
                    "date_end": "2025-04-04",
                }
            )
            pupil = env["school.pupil"].create(
                {
                    "first_name": "Amira",
                    "last_name": "Race",
                    "company_id": company.id,
                    "date_admitted": "2025-01-06",
                }
            )
            # Amira lives with Sara: her address is on the notice for both.
            parent = env["res.partner"].create(
                {"name": "Sara Race", "street": "12 Mill Lane", "city": "Leeds", "zip": "LS1 4AB"}
            )
            env["school.pupil.contact"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "relationship": "mother",
                    "has_parental_responsibility": True,
                    "lives_with_pupil": True,
                }
            )
            code = env["school.attendance.code"].get_code
            marks = env["school.attendance.mark"]
            # The seed's 4 + 6: 4 sessions of G and 6 of U.
            for days, letter in (
                (("2025-02-03", "2025-02-04"), "G"),
                (("2025-02-24", "2025-02-25", "2025-02-26"), "U"),
            ):
                for day in days:
                    for period in ("am", "pm"):
                        marks |= marks.create(
                            {
                                "pupil_id": pupil.id,
                                "date": day,
                                "period": period,
                                "code_id": code(letter).id,
                            }
                        )
            notice = env["school.penalty.notice"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "date_issued": "2025-03-03",
                    "delivery": "hand",
                    "is_nti_exempt": True,
                    "nti_exemption_reason": "Safeguarding advice",
                    "mark_ids": [(6, 0, marks.ids)],
                }
            )
            notice.action_issue()
            self.notice_id = notice.id
        self.addCleanup(delete_school, self.registry, self.company_id)

    def _clerk(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)
        env = api.Environment(cr, SUPERUSER_ID, {})
        return cr, env["school.penalty.notice"].browse(self.notice_id)

    def test_second_payment_is_refused_and_one_payment_is_kept(self):
        cr_a, notice_a = self._clerk()
        cr_b, notice_b = self._clerk()
        self.assertEqual(notice_b.state, "issued")  # B has the notice open

        # A registers the payment and has not finished (transaction open).
        notice_a.register_payment(80.0, "2025-03-05")
        # B registers the same payment meanwhile: told so, nothing saved.
        with self.assertRaisesRegex(UserError, "being registered by someone else"):
            notice_b.register_payment(80.0, "2025-03-05")
        cr_b.rollback()
        # B opened the notice again before A finished, and saves after A did.
        notice_b.invalidate_cache()
        self.assertEqual(notice_b.state, "issued")
        cr_a.commit()
        with self.assertRaisesRegex(UserError, "or was registered since you opened it"):
            notice_b.register_payment(80.0, "2025-03-05")
        cr_b.rollback()
        # B reloads: the notice is paid.
        notice_b.invalidate_cache()
        with self.assertRaisesRegex(UserError, "only be registered on an issued notice"):
            notice_b.register_payment(80.0, "2025-03-05")
        cr_b.rollback()

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            notice = env["school.penalty.notice"].browse(self.notice_id)
            invoice = notice.invoice_id
            payments = env["account.payment"].search([("invoice_ids", "in", invoice.ids)])
            self.assertEqual(len(payments), 1)
            self.assertEqual(payments.amount, 80.0)
            self.assertEqual((invoice.state, invoice.residual), ("paid", 0.0))
            self.assertEqual((notice.state, notice.amount_paid), ("paid", 80.0))
