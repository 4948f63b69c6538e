from odoo.exceptions import AccessError, UserError

from .common import PenaltyCase


class TestAccess(PenaltyCase):
    """Officers manage notices; trust finance sees notices and money, never registers."""

    @classmethod
    def setUpClass(cls):
        super(TestAccess, cls).setUpClass()
        nti = cls._nti(cls.amira, cls.sara)
        cls.notice = cls.env["school.penalty.notice"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.sara.id,
                "date_issued": "2025-03-03",
                "mark_ids": [(6, 0, cls.amira_u.ids)],
                "notice_to_improve_id": nti.id,
            }
        )

    def test_finance_is_an_invoicing_user(self):
        self.assertTrue(self.finance.has_group("account.group_account_invoice"))
        self.assertFalse(self.finance.has_group("school_attendance.group_attendance_officer"))

    def test_finance_cannot_read_registers_or_marks(self):
        Mark = self.env["school.attendance.mark"].sudo(self.finance)
        with self.assertRaises(AccessError):
            Mark.search([])
        with self.assertRaises(AccessError):
            Mark.browse(self.amira_u[0].id).read(["code_id"])
        with self.assertRaises(AccessError):
            self.env["school.attendance.register"].sudo(self.finance).search([])
        with self.assertRaises(AccessError):
            self.amira.sudo(self.finance).get_penalty_threshold_status("2025-02-28")
        with self.assertRaises(AccessError):
            self.env["school.notice.to.improve"].sudo(self.finance).search([])

    def test_finance_reads_notice_parent_and_amounts_not_sessions(self):
        self.notice.sudo(self.officer).action_issue()
        notice = self.notice.sudo(self.finance)
        data = notice.read(
            ["name", "partner_id", "pupil_id", "amount_due", "amount_outstanding", "state"]
        )[0]
        self.assertEqual(data["partner_id"][0], self.sara.id)
        self.assertEqual(data["amount_due"], 80.0)
        self.assertEqual(notice.session_count, 6)
        with self.assertRaises(AccessError):
            notice.read(["mark_ids"])
        # Finance sees the invoice and registers the payment.
        self.assertEqual(notice.invoice_id.sudo(self.finance).amount_total, 80.0)
        notice.register_payment(80.0, "2025-03-05")
        self.assertEqual(notice.state, "paid")
        # ... but creates no notice and deletes nothing.
        with self.assertRaises(AccessError):
            self.env["school.penalty.notice"].sudo(self.finance).create(
                {"pupil_id": self.amira.id, "partner_id": self.omar.id}
            )
        with self.assertRaises(AccessError):
            notice.unlink()

    def test_finance_views_load_without_sessions(self):
        Notice = self.env["school.penalty.notice"].sudo(self.finance)
        form = Notice.fields_view_get(view_type="form")
        self.assertNotIn("mark_ids", form["fields"])
        for view_type in ("kanban", "tree", "pivot", "search"):
            Notice.fields_view_get(view_type=view_type)
        menu = self.env.ref("school_penalty.menu_school_penalty_finance_root")
        visible = self.env["ir.ui.menu"].sudo(self.finance)._visible_menu_ids()
        self.assertIn(menu.id, visible)

    def test_officer_issues_but_nobody_deletes_issued_notices(self):
        notice = self.notice.sudo(self.officer)
        notice.action_issue()
        self.assertEqual(notice.state, "issued")
        # The officer sees the amount and that it is unpaid; the invoice is finance's.
        self.assertEqual((notice.amount_due, notice.payment_state), (80.0, "not_paid"))
        with self.assertRaises(AccessError):
            notice.read(["invoice_id"])
        self.assertEqual(self.notice.invoice_id.state, "open")
        with self.assertRaises(UserError):
            notice.unlink()
        with self.assertRaises(UserError):
            self.notice.unlink()  # not even the administrator
        with self.assertRaises(UserError):
            notice.write({"partner_id": self.omar.id})

    def test_officer_cannot_touch_accounting(self):
        with self.assertRaises(AccessError):
            self.env["account.invoice"].sudo(self.officer).search([])

    def _officer_of_another_school(self):
        other = self.env["res.company"].create({"name": "Other Academy"})
        user = self._create_user("pn_officer_b", "school_attendance.group_attendance_officer")
        user.write({"company_ids": [(6, 0, other.ids)], "company_id": other.id})
        return user

    def test_nobody_else_learns_what_a_family_paid(self):
        self.notice.sudo(self.officer).action_issue()
        self.notice.sudo(self.finance).register_payment(80.0, "2025-03-05")
        outsiders = (
            self._create_user("pn_teacher", "school_attendance.group_attendance_teacher"),
            self._create_user("pn_parent", "base.group_portal"),
            self._officer_of_another_school(),
        )
        for user in outsiders:
            with self.assertRaises(AccessError, msg=user.login):
                self.notice.sudo(user).amount_paid_on("2025-03-31")
        for user in (self.officer, self.finance):
            self.assertEqual(self.notice.sudo(user).amount_paid_on("2025-03-31"), 80.0)

    def test_officer_opens_an_issued_notice_form(self):
        """The form as the web client loads it: the view, then every field in it."""
        self.notice.sudo(self.officer).action_issue()
        self.notice.sudo(self.finance).register_payment(80.0, "2025-03-05")
        for user in (self.officer, self.finance):
            notice = self.notice.sudo(user)
            view = notice.fields_view_get(view_type="form")
            values = notice.read(list(view["fields"]))[0]
            self.assertEqual(values["amount_paid"], 80.0, user.login)
            self.assertEqual(values["payment_state"], "paid", user.login)
            for name, description in view["fields"].items():
                if description["type"] in ("one2many", "many2many") and values[name]:
                    subfields = description.get("views", {}).get("tree", {}).get("fields", {})
                    self.env[description["relation"]].sudo(user).browse(values[name]).read(
                        list(subfields) or ["display_name"]
                    )
            # The list of notices too.
            tree = notice.fields_view_get(view_type="tree")
            notice.search_read([("id", "=", notice.id)], list(tree["fields"]))
