from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from .school_letter import format_date


class SchoolLetterSourceMixin(models.AbstractModel):
    """A document that produces letters (a notice, a case, a leave request): logged once each.

    The inheriting model has ``pupil_id`` and ``company_id`` and sets
    ``_letter_kind``; by default its letter goes to its ``partner_id`` (the
    parent served) and is dated ``date_issued``. ``_letter_kind_of``,
    ``_letter_partners`` and ``_letter_date`` say otherwise.
    """

    _name = "school.letter.source.mixin"
    _description = "Document Producing Letters"
    _letter_kind = None

    letter_count = fields.Integer(
        string="Letters",
        compute="_compute_letter_count",
        groups="school_attendance.group_attendance_officer",
        help="Letters produced from this document.",
    )

    def _compute_letter_count(self):
        data = self.env["school.letter"].read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["res_id"]
        )
        counts = {row["res_id"]: row["res_id_count"] for row in data}
        for record in self:
            record.letter_count = counts.get(record.id, 0)

    def _get_letters(self):
        return self.env["school.letter"].search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        )

    def _letter_kind_of(self):
        """Kind of letter the document produces now (e.g. from its state); None: none yet."""
        return self._letter_kind

    def _letter_partners(self):
        """Parents the letter goes to; None: those the template's recipient rule names."""
        return self.partner_id

    def _letter_date(self):
        """Date printed on the letter; its figures are as at this date."""
        return self.date_issued or fields.Date.context_today(self)

    def _letter_date_from(self):
        """First day of the figures the letter quotes; None: the school year's start."""
        return None

    def _letter_values(self):
        """Placeholder values this document gives its letter (e.g. next_step_date)."""
        return {}

    def _letter_extra_html(self):
        """Safe HTML appended to the letter's body (the notice's own content)."""
        return ""

    def create_letters(self, channel="post"):
        """The letter of each document, created once: existing ones are kept.

        Returns the letters (existing and new). Raises a UserError naming the
        reason when the parent cannot get one (no address, no template).
        """
        letter_model = self.env["school.letter"]
        letters = letter_model.browse()
        for record in self:
            kind = record._letter_kind_of()
            if not kind:
                raise UserError(
                    _("%s produces no letter in its current state.") % record.display_name
                )
            partners = record._letter_partners()
            existing = record._get_letters().filtered(
                lambda letter, kind=kind, partners=partners: (
                    letter.kind == kind and (partners is None or letter.partner_id in partners)
                )
            )
            if existing:
                letters |= existing
                continue
            template = self.env["school.letter.template"].get_template(kind, record.company_id)
            if not template:
                raise UserError(_("There is no letter template for %s.") % kind)
            new, _skipped = letter_model._create_for_pupils(
                template,
                record.pupil_id,
                date=record._letter_date(),
                date_from=record._letter_date_from(),
                channel=channel,
                values=record._letter_values(),
                res_model=self._name,
                res_id=record.id,
                partners=partners,
                extra_html=record._letter_extra_html(),
            )
            letters |= new
        return letters

    def _create_letters_on_issue(self):
        """Log the letter of each issued document; never block issuing.

        Without the right to create letters, or when the parent cannot get a
        letter, a note on the document says why; the 'Letter' button creates
        it later.
        """
        if not self.env["school.letter"].check_access_rights("create", raise_exception=False):
            return
        for record in self:
            try:
                with self.env.cr.savepoint():
                    record.create_letters()
            except UserError as exc:
                record.message_post(
                    body=html_escape(_("No letter was produced: %s") % exc.name),
                    subtype="mail.mt_note",
                )

    def action_print_letter(self):
        """Button: print the document's letter (created first if needed).

        Printed as it is, never refreshed: the letter carries the document's own date
        and figures (a notice is dated the day it is issued, a plan the day it is made).
        """
        return self.create_letters().with_context(school_letter_print_as_is=True).action_print()

    def action_view_letters(self):
        action = self.env.ref("school_letters.school_letter_action").read()[0]
        action["domain"] = [("res_model", "=", self._name), ("res_id", "in", self.ids)]
        action["context"] = {}
        return action


def _text_section(title, text):
    if not (text or "").strip():
        return ""
    return "<p><strong>%s</strong><br/>%s</p>" % (
        html_escape(title),
        html_escape(text.strip()).replace("\n", "<br/>"),
    )


class SchoolStatutoryNotice(models.AbstractModel):
    """Every statutory notice produces its letter when issued (logged once)."""

    _name = "school.statutory.notice"
    _inherit = ["school.statutory.notice", "school.letter.source.mixin"]

    def action_issue(self):
        result = super(SchoolStatutoryNotice, self).action_issue()
        self._create_letters_on_issue()
        return result


class SchoolNoticeToImprove(models.Model):
    _inherit = "school.notice.to.improve"
    _letter_kind = "notice_to_improve"

    def _letter_values(self):
        return {"next_step_date": format_date(self.date_end)} if self.date_end else {}

    def _letter_extra_html(self):
        sections = [
            (_("Details of the attendance record and offence"), "offence_details"),
            (_("Support provided so far"), "support_provided"),
            (_("Further support offered"), "support_offered"),
            (_("What sufficient improvement looks like"), "expected_improvement"),
            (_("Grounds for a penalty notice before the end of the period"), "early_issue_grounds"),
            (_("If attendance does not improve"), "consequences"),
        ]
        return "".join(
            _text_section(title, self[name]) for title, name in sections if name in self._fields
        )


class SchoolPenaltyNotice(models.Model):
    _inherit = "school.penalty.notice"
    _letter_kind = "penalty_notice"

    def _letter_values(self):
        return {"next_step_date": format_date(self.date_full_until)} if self.date_full_until else {}

    def _letter_extra_html(self):
        """What the notice says, item by item (regulation 3): the copy issued."""
        return "".join(_text_section(title, text) for title, text in self.regulation3_contents())
