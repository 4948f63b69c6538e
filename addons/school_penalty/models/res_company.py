from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

#: Codes of the accounting records created for a school on first use.
LA_ACCOUNT_CODE = "PN210"
RECEIVABLE_CODE = "PN110"
BANK_CODE = "PN120"
SALE_JOURNAL_CODE = "PEN"
BANK_JOURNAL_CODE = "PENB"

DEFAULT_DISCHARGE = (
    "Paying the penalty in full within the period stated on this notice discharges "
    "your liability to conviction for the offence to which the notice relates: you "
    "will not be prosecuted for that offence."
)
DEFAULT_CONSEQUENCES = (
    "If the penalty is not paid in full by the last day for payment, the local "
    "authority must decide whether to prosecute you under section 444 of the "
    "Education Act 1996 for the offence to which the notice relates (or withdraw "
    "the notice). You may then be fined by the magistrates' court."
)
DEFAULT_WITHDRAWAL = (
    "The notice may be withdrawn by the local authority, or by the person who issued "
    "it, if it ought not to have been issued, if it was issued to the wrong person, or "
    "if it does not contain what the regulations require. Any amount paid is then "
    "refunded."
)


class ResCompany(models.Model):
    """Per-school penalty notice settings and the accounting they invoice with.

    A penalty is paid to the local authority named on the notice (regulation
    6), never to the school: the school names its local authority
    (``penalty_local_authority_id``, with its address) and how to pay it
    (``penalty_payment_methods``). What the school records of a penalty is
    money collected for that authority: the invoice to the parent credits
    PN210 "Penalties collected for the local authority", a current liability
    owed to the authority, and never an income account.

    Invoicing needs a sale journal, a receivable and that liability account,
    and payments a bank journal. A fresh database without a chart of accounts
    has none of them, so :meth:`get_penalty_accounting` creates, per school
    and on first use, a "Penalty notices" sale journal (PEN), a "Penalty
    notice payments" bank journal (PENB), the accounts PN110 (receivable),
    PN120 (bank) and PN210 (owed to the local authority), and a "Penalty
    notice" service product. A school with a chart may set its own journals
    and accounts in the fields below beforehand; they are then used as they are.
    """

    _inherit = "res.company"

    penalty_post_working_days = fields.Integer(
        string="Posted Notice Received After (working days)",
        default=2,
        help="A penalty notice sent by post is taken as received this many "
        "working days after posting (Monday to Friday, England and Wales bank "
        "holidays skipped); a notice handed over is received the day "
        "it is issued. The payment periods run from the day of receipt.",
    )
    penalty_n_settle_school_days = fields.Integer(
        string="N Counts After (school days)",
        default=5,
        help="An N (no reason yet) is left this many school days for its reason to "
        "be found and the code replaced: until then it is shown on proposals but "
        "does not count towards a notice to improve or a penalty notice.",
    )
    penalty_local_authority_id = fields.Many2one(
        "res.partner",
        related="local_authority_id",
        readonly=False,
        string="Local Authority",
        help="The school's local authority (the one its returns go to): the one "
        "the school's penalty notices are paid to and "
        "that takes correspondence about them (regulations 3 and 6): its name and "
        "address are printed on every notice.",
    )
    penalty_payment_methods = fields.Text(
        string="How to Pay the Local Authority",
        help="The methods of payment printed on every penalty notice: e.g. the "
        "local authority's payment website, telephone line and bank details.",
    )
    penalty_issuer_particulars = fields.Char(
        string="Issuer's Official Particulars",
        help="Default official particulars of the person issuing the school's "
        "notices (e.g. 'Headteacher, Example Primary School'); each notice may "
        "say otherwise.",
    )
    penalty_discharge_statement = fields.Text(
        string="Payment Discharges Liability",
        default=DEFAULT_DISCHARGE,
        help="Statement on every penalty notice that payment within the period "
        "discharges liability for the offence.",
    )
    penalty_consequences_statement = fields.Text(
        string="Consequences of Not Paying",
        default=DEFAULT_CONSEQUENCES,
        help="Statement on every penalty notice of what happens if it is not paid.",
    )
    penalty_withdrawal_grounds = fields.Text(
        string="Grounds for Withdrawal",
        default=DEFAULT_WITHDRAWAL,
        help="Statement on every penalty notice of the grounds on which it may be withdrawn.",
    )
    penalty_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Penalty Notice Sequence",
        copy=False,
        help="Numbers this school's penalty notices (created on first use).",
    )
    penalty_journal_id = fields.Many2one(
        "account.journal",
        string="Penalty Notices Journal",
        copy=False,
        domain="[('type', '=', 'sale'), ('company_id', '=', id)]",
        help="Sale journal of the penalty notice invoices.",
    )
    penalty_payment_journal_id = fields.Many2one(
        "account.journal",
        string="Penalty Payments Journal",
        copy=False,
        domain="[('type', 'in', ('bank', 'cash')), ('company_id', '=', id)]",
        help="Bank or cash journal the payments of penalty notices are registered in.",
    )
    penalty_receivable_account_id = fields.Many2one(
        "account.account",
        string="Penalty Receivable Account",
        copy=False,
        help="Receivable account of the penalty notice invoices.",
    )
    penalty_la_account_id = fields.Many2one(
        "account.account",
        string="Owed to the Local Authority",
        copy=False,
        help="Liability account the penalty notice invoice lines credit: money "
        "collected for the local authority, not school income.",
    )
    penalty_product_id = fields.Many2one(
        "product.product",
        string="Penalty Notice Product",
        copy=False,
        help="Product on the penalty notice invoice lines.",
    )

    @api.constrains("penalty_n_settle_school_days")
    def _check_penalty_n_settle_school_days(self):
        for company in self:
            if not 0 <= company.penalty_n_settle_school_days <= 20:
                raise ValidationError(
                    _(
                        "An N mark counts for a penalty proposal 0 to 20 school days "
                        "after its session, not %d."
                    )
                    % company.penalty_n_settle_school_days
                )

    @api.constrains("penalty_post_working_days")
    def _check_penalty_post_working_days(self):
        for company in self:
            if not 0 <= company.penalty_post_working_days <= 10:
                raise ValidationError(
                    _("A posted notice is received 0 to 10 working days after posting.")
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def check_penalty_currency(self):
        """Raise a UserError, saying how to fix it, unless the school's currency is GBP.

        The amounts are set in pounds by the Education (Penalty Notices)
        (England) Regulations. Installing the addon sets GBP on every school
        without journal items (:meth:`_penalty_use_pound_sterling`); this is
        the clear error for a school whose currency was changed or could not be.
        """
        pound = self.env.ref("base.GBP")
        for company in self:
            if company.currency_id != pound:
                raise UserError(
                    _(
                        "Penalty notices are charged in pounds sterling (GBP) by the "
                        "Education (Penalty Notices) (England) Regulations, but the "
                        "currency of %(school)s is %(currency)s. Set the currency of "
                        "%(school)s to GBP in Settings > Companies (Odoo allows it while "
                        "the school has no journal items; activate GBP in Accounting > "
                        "Configuration > Currencies if it is not offered), then issue "
                        "the notice again."
                    )
                    % {"school": company.name, "currency": company.currency_id.name}
                )
        return True

    def _penalty_use_pound_sterling(self):
        """Set GBP on the schools that are not in GBP and have no journal items yet.

        Called when the addon is installed (``post_init_hook``): a new school
        database starts in Odoo's default currency. Schools with journal items
        keep their currency (Odoo refuses the change) and get the error of
        :meth:`check_penalty_currency` on their first notice. Returns the
        schools changed.
        """
        pound = self.env.ref("base.GBP")
        # sudo: whether a company has journal items is read across companies
        # by the install hook, whatever the installing user's accounting rights.
        lines = self.env["account.move.line"].sudo()
        changed = self.filtered(
            lambda c: c.currency_id != pound and not lines.search_count([("company_id", "=", c.id)])
        )
        if changed:
            pound.sudo().active = True
            changed.sudo().write({"currency_id": pound.id})
        return changed

    def get_penalty_sequence(self):
        """The school's penalty notice sequence, created on first use."""
        self.ensure_one()
        if not self.penalty_sequence_id:
            # sudo: numbering is configuration; officers issue notices but do
            # not manage sequences.
            sequence = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": _("Penalty notices - %s") % self.name,
                        "code": "school.penalty.notice",
                        "prefix": "PN/%(year)s/",
                        "padding": 5,
                        "company_id": self.id,
                    }
                )
            )
            # sudo: the school's settings are written by administrators only.
            self.sudo().penalty_sequence_id = sequence
        return self.penalty_sequence_id

    def get_penalty_accounting(self):
        """Journals, accounts and product the school invoices penalty notices with.

        Returns a dict of records (``journal``, ``payment_journal``,
        ``receivable``, ``la_account``, ``product``), creating what is missing
        (see the class docstring). Each is returned in sudo: officers issuing
        a notice and finance users registering a payment need them, but may
        not configure accounting.
        """
        self.ensure_one()
        # sudo: accounting configuration is created once per school by
        # whoever issues the first notice; the user needs no accounting rights.
        company = self.sudo()
        ref = self.env.ref
        if not company.penalty_receivable_account_id:
            company.penalty_receivable_account_id = company._penalty_account(
                RECEIVABLE_CODE,
                _("Penalty notices receivable"),
                ref("account.data_account_type_receivable"),
                reconcile=True,
            )
        if not company.penalty_la_account_id:
            company.penalty_la_account_id = company._penalty_account(
                LA_ACCOUNT_CODE,
                _("Penalties collected for the local authority"),
                ref("account.data_account_type_current_liabilities"),
            )
        if not company.penalty_journal_id:
            company.penalty_journal_id = company._penalty_journal(
                SALE_JOURNAL_CODE, _("Penalty notices"), "sale", company.penalty_la_account_id
            )
        if not company.penalty_payment_journal_id:
            bank = company._penalty_account(
                BANK_CODE, _("Penalty notice payments"), ref("account.data_account_type_liquidity")
            )
            company.penalty_payment_journal_id = company._penalty_journal(
                BANK_JOURNAL_CODE, _("Penalty notice payments"), "bank", bank
            )
        if not company.penalty_product_id:
            # sudo: products are configuration (self is the user's company here).
            company.penalty_product_id = (
                self.env["product.product"]
                .sudo()
                .create(
                    {
                        "name": _("Penalty notice"),
                        "type": "service",
                        "sale_ok": True,
                        "purchase_ok": False,
                        "company_id": company.id,
                        "property_account_income_id": company.penalty_la_account_id.id,
                    }
                )
            )
        return {
            "journal": company.penalty_journal_id,
            "payment_journal": company.penalty_payment_journal_id,
            "receivable": company.penalty_receivable_account_id,
            "la_account": company.penalty_la_account_id,
            "product": company.penalty_product_id,
        }

    def _penalty_account(self, code, name, user_type, reconcile=False):
        account_model = self.env["account.account"]  # self is sudo (get_penalty_accounting)
        account = account_model.search([("code", "=", code), ("company_id", "=", self.id)])
        return account or account_model.create(
            {
                "code": code,
                "name": name,
                "user_type_id": user_type.id,
                "reconcile": reconcile,
                "company_id": self.id,
            }
        )

    def _penalty_journal(self, code, name, journal_type, account):
        journal_model = self.env["account.journal"]  # self is sudo (get_penalty_accounting)
        journal = journal_model.search([("code", "=", code), ("company_id", "=", self.id)])
        return journal or journal_model.create(
            {
                "name": name,
                "code": code,
                "type": journal_type,
                "company_id": self.id,
                "default_debit_account_id": account.id,
                "default_credit_account_id": account.id,
                # The reduced-amount supplement is cancelled when a payment
                # dated within the 21 days is recorded late (see the notice).
                "update_posted": True,
            }
        )
