from odoo.exceptions import AccessError

from .common import PenaltyCase


class TestTrustDashboard(PenaltyCase):
    """Notices and payments per school: the trust sees the money, not the notices.

    The main school (a school of Oak Trust) issued Sara Khan a first notice
    (80, received 3 March 2025), paid in two parts, 50 on 5 March and 30 on
    10 March, and holds a draft to Omar Khan. Birch Academy, the trust's
    other school, holds one draft.
    """

    @classmethod
    def setUpClass(cls):
        super(TestTrustDashboard, cls).setUpClass()
        cls.trust = cls.env["res.company"].create({"name": "Oak Trust"})
        cls.company.parent_id = cls.trust
        cls.birch = cls.env["res.company"].create(
            {"name": "Birch Academy", "parent_id": cls.trust.id}
        )
        group_trust = cls.env.ref("school_attendance.group_attendance_trust")
        cls.trust_user = (
            cls.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Tara Trust",
                    "login": "pn_trust",
                    "company_id": cls.trust.id,
                    "company_ids": [(6, 0, (cls.trust | cls.company | cls.birch).ids)],
                    "groups_id": [(6, 0, group_trust.ids)],
                }
            )
        )
        nti = cls._nti(cls.amira, cls.sara)
        cls.paid = cls.env["school.penalty.notice"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sara.id,
                "date_issued": "2025-03-03",
                "mark_ids": [(6, 0, cls.amira_u.ids)],
                "notice_to_improve_id": nti.id,
            }
        )
        cls.paid.action_issue()
        cls.paid.sudo(cls.finance).register_payment(50.0, "2025-03-05")
        cls.paid.sudo(cls.finance).register_payment(30.0, "2025-03-10")
        cls.env["school.penalty.notice"].create(
            {"pupil_id": cls.amira.id, "partner_id": cls.omar.id}
        )
        pupil_b = cls.env["school.pupil"].create(
            {"first_name": "Bea", "last_name": "Birch", "company_id": cls.birch.id}
        )
        parent_b = cls.env["res.partner"].create({"name": "Bill Birch"})
        cls.env["school.pupil.contact"].create(
            {
                "pupil_id": pupil_b.id,
                "partner_id": parent_b.id,
                "relationship": "other",
                "has_parental_responsibility": True,
            }
        )
        cls.env["school.penalty.notice"].create({"pupil_id": pupil_b.id, "partner_id": parent_b.id})

    def _rows(self, user):
        return {
            (row.company_id.name, row.state): (
                row.notice_count,
                row.amount_invoiced,
                row.amount_paid,
                row.amount_outstanding,
                row.payment_count,
            )
            for row in self.env["school.trust.penalty"].sudo(user).search([])
        }

    def test_trust_sees_notices_and_payments_of_every_school(self):
        self.assertEqual(self.paid.state, "paid")
        school = self.company.name
        self.assertEqual(
            self._rows(self.trust_user),
            {
                (school, "paid"): (1, 80.0, 80.0, 0.0, 2),
                (school, "draft"): (1, 0.0, 0.0, 0.0, 0),
                ("Birch Academy", "draft"): (1, 0.0, 0.0, 0.0, 0),
            },
        )

    def test_trust_sees_money_not_notices_or_cases(self):
        for model in (
            "school.penalty.notice",
            "school.notice.to.improve",
            "school.attendance.case",
            "account.invoice",
        ):
            with self.assertRaises(AccessError, msg=model):
                self.env[model].sudo(self.trust_user).search([])

    def test_finance_sees_its_own_school(self):
        rows = self._rows(self.finance)
        self.assertEqual(set(rows), {(self.company.name, "paid"), (self.company.name, "draft")})
        menu = self.env.ref("school_penalty.school_trust_penalty_finance_menu")
        self.assertIn(menu.id, self.env["ir.ui.menu"].sudo(self.finance)._visible_menu_ids())
        for view_type in ("tree", "pivot", "graph", "search"):
            self.env["school.trust.penalty"].sudo(self.trust_user).fields_view_get(
                view_type=view_type
            )
