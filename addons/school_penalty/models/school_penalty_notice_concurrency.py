import psycopg2
from odoo import _, models
from odoo.exceptions import UserError


class SchoolPenaltyNotice(models.Model):
    """One payment registration per notice at a time.

    Two finance users registering the same payment at once would each see the
    notice unpaid and post a payment each. The notice's row is locked (and
    touched, so that a transaction that started before the other one committed
    cannot lock it afterwards either); the second user is told to reload.
    """

    _inherit = "school.penalty.notice"

    def register_payment(self, amount, payment_date):
        self._lock_for_payment()
        return super(SchoolPenaltyNotice, self).register_payment(amount, payment_date)

    def _lock_for_payment(self):
        if not self.ids:
            return
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "SELECT id FROM school_penalty_notice WHERE id IN %s FOR UPDATE NOWAIT",
                    (tuple(self.ids),),
                    log_exceptions=False,
                )
                self.env.cr.execute(
                    "UPDATE school_penalty_notice SET write_uid = %s, "
                    "write_date = (now() at time zone 'UTC') WHERE id IN %s",
                    (self.env.uid, tuple(self.ids)),
                    log_exceptions=False,
                )
            self.invalidate_cache(["write_uid", "write_date"], self.ids)
        except psycopg2.OperationalError:
            raise UserError(
                _(
                    "A payment of %s is being registered by someone else at this moment, "
                    "or was registered since you opened it. Nothing was saved: reload "
                    "the notice and check what is still due."
                )
                % ", ".join(self.mapped("name"))
            )
