from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from .school_attendance_contract import render_plan
from .school_letter import format_date

# The letter source mixin must be defined before the review inherits it.
from . import school_letter_source  # noqa: F401  # isort: skip


class SchoolAttendanceContractReview(models.Model):
    """Review outcomes are written to the parents (seed 004: a hard copy and a
    covering letter with the next review date after each review): the ``review``
    letter, created when the review is held, with its outcome and the plan."""

    _name = "school.attendance.contract.review"
    _inherit = ["school.attendance.contract.review", "school.letter.source.mixin"]
    _letter_kind = "review"

    def _letter_kind_of(self):
        return self._letter_kind if self.state == "held" else None

    def _letter_partners(self):
        return self.contract_id.partner_ids or None

    def _letter_date(self):
        return self.date_held

    def _letter_date_from(self):
        return self.contract_id.date_start

    def _letter_values(self):
        following = self.contract_id.review_ids.filtered(lambda r: r.state == "planned")
        if following:
            date = format_date(following[0].date_planned)
            return {
                "next_step_date": date,
                "next_step": _(
                    "The next review is on %s. If you cannot attend, please contact us to "
                    "arrange another appointment; otherwise the review will take place in "
                    "your absence."
                )
                % date,
            }
        return {
            "next_step_date": "",
            "next_step": _(
                "This was the last review of the plan: we will keep a close eye on %s's "
                "attendance and stay in touch with you."
            )
            % self.pupil_id.first_name,
        }

    def _letter_extra_html(self):
        contract = self.contract_id
        outcome = dict(self._fields["outcome"].selection).get(self.outcome, "")
        lines = [
            _("%s held on %s: attendance %.1f%% since %s, target %.1f%%. Outcome: %s.")
            % (
                self.name,
                format_date(self.date_held),
                self.attendance_pct,
                format_date(contract.date_start),
                contract.target_pct,
                outcome,
            )
        ]
        if self.notes:
            lines.append(self.notes)
        section = "<p><strong>%s</strong><br/>%s</p>" % (
            html_escape(_("Outcome of the review")),
            "<br/>".join(html_escape(line).replace("\n", "<br/>") for line in lines),
        )
        return section + render_plan(contract)

    def action_hold(self, date_held=None, outcome=None, notes=None):
        result = super(SchoolAttendanceContractReview, self).action_hold(
            date_held=date_held, outcome=outcome, notes=notes
        )
        self._create_letters_on_issue()
        return result

    def _create_letters_on_issue(self):
        """As for any document, but a review has no chatter: its plan says why no
        letter could be written."""
        if not self.env["school.letter"].check_access_rights("create", raise_exception=False):
            return
        for review in self:
            try:
                with self.env.cr.savepoint():
                    review.create_letters()
            except UserError as exc:
                review.contract_id.message_post(
                    body=html_escape(_("%s: no letter was produced: %s") % (review.name, exc.name)),
                    subtype="mail.mt_note",
                )
