from odoo import _, fields, models
from odoo.tools import html_escape

from .school_letter import format_date
from .school_letter_source import _text_section

#: The letter answering a decided request, by the request's state.
DECISION_KINDS = {"approved": "leave_approved", "refused": "leave_refused"}


class SchoolLeaveRequest(models.Model):
    """The head's decision on a leave request is answered by letter, once per parent."""

    _name = "school.leave.request"
    _inherit = ["school.leave.request", "school.letter.source.mixin"]

    def action_approve(self):
        result = super(SchoolLeaveRequest, self).action_approve()
        self._create_letters_on_issue()
        return result

    def action_refuse(self):
        result = super(SchoolLeaveRequest, self).action_refuse()
        self._create_letters_on_issue()
        return result

    def _letter_kind_of(self):
        return DECISION_KINDS.get(self.state)

    def _letter_partners(self):
        # Every parent with parental responsibility who receives post, not
        # only the one who asked: both must know the leave is (not) authorised.
        return None

    def _letter_date(self):
        return self.decision_date or fields.Date.context_today(self)

    def _letter_values(self):
        """An approved leave: the next step is the pupil's return, the first
        school day after the leave (holidays and closures skipped)."""
        if self.state != "approved":
            return {}
        back = self.env["school.session"].get_school_day_after(self.date_to, 1, self.company_id)
        return {"next_step_date": format_date(back)}

    def _letter_extra_html(self):
        leave = _("Leave requested from %s to %s: %d session(s) of school.") % (
            format_date(self.date_from),
            format_date(self.date_to),
            self.session_count,
        )
        return "<p>%s</p>%s" % (
            html_escape(leave),
            _text_section(_("Reason for the decision"), self.decision_reason),
        )
