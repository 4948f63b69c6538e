"""Penalty notices are in pounds: GBP set at install where possible, else a clear error."""

from odoo.exceptions import UserError

from .common import PenaltyCase


class TestCurrency(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super(TestCurrency, cls).setUpClass()
        cls.pound = cls.env.ref("base.GBP")
        cls.euro = cls.env.ref("base.EUR")
        cls.euro.active = True

    def _draft(self):
        return self._notice(
            self.amira,
            self.sara,
            self.amira_u,
            notice_to_improve_id=self._nti(self.amira, self.sara).id,
        )

    def test_install_sets_pounds_on_schools_without_journal_items(self):
        self.assertEqual(self.company.currency_id, self.pound)
        new_school = self.env["res.company"].create(
            {"name": "Elm Academy", "currency_id": self.euro.id}
        )
        changed = self.env["res.company"].search([])._penalty_use_pound_sterling()
        self.assertEqual(changed, new_school)
        self.assertEqual(new_school.currency_id, self.pound)

    def test_first_notice_in_another_currency_says_how_to_fix_it(self):
        self.company.currency_id = self.euro  # no journal items yet: Odoo allows it
        notice = self._draft()
        with self.assertRaises(UserError) as error:
            notice.sudo(self.officer).action_issue()
        message = error.exception.name
        self.assertIn("pounds sterling (GBP)", message)
        self.assertIn("currency of %s is EUR" % self.company.name, message)
        self.assertIn("Settings > Companies", message)
        # Nothing half-done: still a draft, no number, no invoice.
        self.assertEqual(notice.state, "draft")
        self.assertFalse(notice.invoice_id)
        # Fixed as the message says, the same notice is issued at 80.
        self.company.currency_id = self.pound
        notice.sudo(self.officer).action_issue()
        self.assertEqual(notice.state, "issued")
        self.assertEqual(notice.amount_due, 80.0)
        self.assertEqual(notice.invoice_id.currency_id, self.pound)

    def test_school_with_journal_items_keeps_its_currency(self):
        school = self.env["res.company"].create(
            {"name": "Ash Academy", "currency_id": self.euro.id}
        )
        accounting = school.get_penalty_accounting()
        self.env["account.move"].create(
            {
                "journal_id": accounting["journal"].id,
                "date": "2025-03-03",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Opening",
                            "account_id": accounting["receivable"].id,
                            "debit": 10.0,
                            "credit": 0.0,
                            "partner_id": self.sara.id,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Opening",
                            "account_id": accounting["la_account"].id,
                            "debit": 0.0,
                            "credit": 10.0,
                        },
                    ),
                ],
            }
        ).post()
        self.assertFalse(school._penalty_use_pound_sterling())
        self.assertEqual(school.currency_id, self.euro)
        with self.assertRaises(UserError) as error:
            school.check_penalty_currency()
        self.assertIn("currency of Ash Academy is EUR", error.exception.name)
