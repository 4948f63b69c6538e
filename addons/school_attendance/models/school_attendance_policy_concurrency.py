from odoo import _, models
from odoo.exceptions import UserError

#: First key of the PostgreSQL advisory locks of the escalation (the second is
#: the school's id): one full run per school at a time.
ESCALATION_LOCK = 0x5C4E


class SchoolAttendancePolicy(models.Model):
    """One escalation run per school at a time.

    Two runs of the same day (the daily job started twice, or an officer's
    run over XML-RPC while the job runs) would each read the cases before the
    other committed. The open-case index and the once-per-case step log then
    refuse the duplicates, but with a database error in the middle of a run.
    A transaction-level advisory lock per school refuses the second run up
    front instead, with a message saying so; it ends with the transaction.
    """

    _inherit = "school.attendance.policy"

    def _escalate(self, company, on_date, pupils=None, concerns=None):
        if pupils is None and concerns is None:
            self._lock_escalation(company)
        return super(SchoolAttendancePolicy, self)._escalate(
            company, on_date, pupils=pupils, concerns=concerns
        )

    def _lock_escalation(self, company):
        """Hold the school's escalation lock for this transaction, or say who has it."""
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", (ESCALATION_LOCK, company.id)
        )
        if not self.env.cr.fetchone()[0]:
            raise UserError(
                _(
                    "The attendance escalation of %s is already running (the daily job "
                    "or another user). Nothing was changed: wait until it has finished; "
                    "running it again for the same day then adds only what is missing."
                )
                % company.name
            )
