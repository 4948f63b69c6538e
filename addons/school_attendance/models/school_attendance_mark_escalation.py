import threading

from odoo import api, fields, models

# Set while the first-day escalation runs in this thread: the writes it causes
# (stored fields recomputed on the same marks) must not start it again.
_RUNNING = threading.local()


class SchoolAttendanceMark(models.Model):
    """First-day escalation straight from the register save."""

    _inherit = "school.attendance.mark"

    # The hook lives in create()/write() rather than in a base.automation record:
    # an automated action on marks costs 3-4 queries on every write of a mark
    # (action search, filters, old values), which took the 30-pupil register
    # save from 58 to 95+ queries (bound: 60, test_registers). This costs one
    # code read, and only when a code is written.
    @api.model
    def create(self, vals):
        mark = super(SchoolAttendanceMark, self).create(vals)
        if vals.get("code_id"):
            mark._escalate_unexplained()
        return mark

    def write(self, vals):
        res = super(SchoolAttendanceMark, self).write(vals)
        if vals.get("code_id"):
            self._escalate_unexplained()
        return res

    def _escalate_unexplained(self):
        """First-day escalation for the morning marks just given an unexplained code."""
        marks = self.filtered(lambda m: m.period == "am" and m.code_id.is_temporary)
        if marks:
            marks.escalate_first_day()

    @api.multi
    def escalate_first_day(self):
        """Run the first-day steps of the school's policy for the pupils of these marks.

        Called when an unexplained absence (N) is entered on the morning
        register: the first-day call activity exists as soon as the register is
        saved, instead of waiting for the nightly run. Public so that an
        automated action or a script can call it too. Idempotent like
        ``school.attendance.policy.run_escalation``.
        """
        if getattr(_RUNNING, "active", False):
            return True
        _RUNNING.active = True
        try:
            self._escalate_first_day()
        finally:
            _RUNNING.active = False
        return True

    def _escalate_first_day(self):
        groups = {}
        for mark in self.filtered(lambda m: m.code_id and m.pupil_id):
            groups.setdefault((mark.company_id, mark.date), self.browse())
            groups[(mark.company_id, mark.date)] |= mark
        for (company, date), marks in groups.items():
            policy = company.attendance_policy_id
            if not policy:
                continue
            # sudo: teachers take the registers but may not read cases; the
            # first-day call must be scheduled for the office whoever saves.
            policy.sudo()._escalate(
                company.sudo(),
                fields.Date.from_string(date),
                pupils=marks.sudo().mapped("pupil_id"),
                concerns=("first_day",),
            )
