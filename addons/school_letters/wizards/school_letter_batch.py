import base64
import datetime

from odoo import _, fields, models
from odoo.exceptions import UserError

from ..models.school_letter import CHANNELS


class SchoolLetterBatch(models.TransientModel):
    """Create, print or email letters in one go: one PDF in postal order."""

    _name = "school.letter.batch"
    _description = "Print or Send Letters"

    def _default_mode(self):
        if self.env.context.get("active_model") == "school.letter":
            return "letters"
        return "pupils"

    def _default_pupils(self):
        if self.env.context.get("active_model") == "school.pupil":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return False

    def _default_letters(self):
        if self.env.context.get("active_model") == "school.letter":
            return [(6, 0, self.env.context.get("active_ids") or [])]
        return False

    mode = fields.Selection(
        [
            ("pupils", "New letters for pupils"),
            ("letters", "Existing letters"),
            ("due", "All draft letters due today"),
        ],
        required=True,
        default=_default_mode,
        help="New letters: one per recipient of each pupil from a template. "
        "Existing letters: print or email the selected letters again (their "
        "frozen figures). Due today: every draft letter dated today or before.",
    )
    template_id = fields.Many2one(
        "school.letter.template", string="Template", help="Wording of the new letters."
    )
    pupil_ids = fields.Many2many(
        "school.pupil", string="Pupils", default=_default_pupils, help="Pupils to write about."
    )
    group_ids = fields.Many2many(
        "school.group",
        string="Groups",
        help="Select only pupils of these registration groups, e.g. to print the end-of-term "
        "certificates class by class. Empty: the whole school.",
    )
    letter_ids = fields.Many2many(
        "school.letter",
        string="Letters",
        default=_default_letters,
        help="Letters to print or email.",
    )
    term_id = fields.Many2one(
        "school.term",
        string="Term",
        help="Term of the end-of-term certificates: its first and last day are the period.",
    )
    min_pct = fields.Float(
        string="Certificate From (%)",
        default=96.0,
        digits=(5, 1),
        help="Attendance over the term that earns the end-of-term certificate (seed 003: 96%).",
    )
    date = fields.Date(
        default=fields.Date.context_today,
        help="Date of the new letters; figures are as at this date.",
    )
    date_from = fields.Date(
        string="Figures From",
        help="Start of the period the figures cover. Empty: the start of the academic year.",
    )
    date_to = fields.Date(
        string="Figures To", help="End of the period the figures cover. Empty: the letter's date."
    )
    channel = fields.Selection(
        CHANNELS, required=True, default="post", help="Print for posting, or email with the PDF."
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    skipped_note = fields.Text(
        string="Skipped", readonly=True, help="Contacts who got no letter, and why."
    )
    result_note = fields.Text(string="Result", readonly=True, help="What was done.")
    pdf_file = fields.Binary(string="PDF", readonly=True, attachment=True)
    pdf_name = fields.Char(readonly=True)

    def action_run(self):
        """Create (if needed), print or email the letters; show the result."""
        self.ensure_one()
        skipped = []
        if self.mode == "pupils":
            if not self.template_id or not self.pupil_ids:
                raise UserError(_("Choose a template and at least one pupil."))
            letters, skipped = self.env["school.letter"].create_for_pupils(
                self.template_id,
                self.pupil_ids,
                date=self.date,
                channel=self.channel,
                date_from=self.date_from,
                date_to=self.date_to,
            )
        elif self.mode == "due":
            letter_model = self.env["school.letter"]
            letters = letter_model.search(
                letter_model._due_domain(fields.Date.context_today(self), self.channel)
            )
        else:
            letters = self.letter_ids.filtered(lambda letter: letter.channel == self.channel)
        if not letters:
            raise UserError(
                _("There is no letter to %s.")
                % (_("print") if self.channel == "post" else _("email"))
            )
        vals = {
            "state": "done",
            "letter_ids": [(6, 0, letters.ids)],
            "skipped_note": self.env["school.letter"].format_skipped(skipped) or False,
        }
        if self.channel == "post":
            pdf = letters.print_letters()
            vals.update(
                pdf_file=base64.b64encode(pdf),
                pdf_name="letters-%s.pdf" % (self.date or fields.Date.context_today(self)),
                result_note=_("%d letters printed in postal order.") % len(letters),
            )
        else:
            letters.send_email()
            vals["result_note"] = _("%d letters emailed.") % len(letters)
        self.write(vals)
        return self._reopen()

    def action_select_full_attendance(self):
        """Pupils on roll with 100% attendance in the period (certificates)."""
        self.ensure_one()
        self.pupil_ids = self.select_pupils("full")
        return self._reopen()

    def action_select_term_certificates(self):
        """End-of-term certificates: every pupil on roll at ``min_pct`` or more over the term,
        with the term certificate's wording (seed 003)."""
        self.ensure_one()
        if not self.term_id:
            raise UserError(_("Choose the term of the certificates first."))
        template = self.env["school.letter.template"].get_template(
            "certificate_term", self.term_id.company_id or self.env.user.company_id
        )
        if not template:
            raise UserError(_("There is no template for the end-of-term certificate."))
        self.write(
            {
                "mode": "pupils",
                "template_id": template.id,
                "date_from": self.term_id.date_start,
                "date_to": self.term_id.date_end,
                "pupil_ids": [(5, 0, 0)],
            }
        )
        self.pupil_ids = self.select_pupils("term")
        return self._reopen()

    def action_select_improvers(self):
        """Pupils on roll whose attendance improved on the previous period of equal length."""
        self.ensure_one()
        self.pupil_ids = self.select_pupils("improved")
        return self._reopen()

    def select_pupils(self, rule):
        """Pupils of the user's school on roll at the period's end who qualify
        (of ``group_ids`` only, when groups are given).

        ``full``: attended every possible session of the period (at least
        one). ``term``: attendance at ``min_pct`` or more. ``improved``:
        attendance higher than in the period of the same length just before.
        The period is ``date_from`` to ``date_to``.
        """
        if not (self.date_from and self.date_to):
            raise UserError(_("Give the period (Figures From and Figures To) first."))
        pupils = self.env["school.pupil"].search_on_roll(self.date_to)
        if self.group_ids:
            pupils = pupils.filtered(lambda p: p.group_id in self.group_ids)
        if self.pupil_ids:
            pupils &= self.pupil_ids
        rows = {
            r["pupil_id"]: r for r in pupils.get_attendance_summary(self.date_from, self.date_to)
        }
        if rule in ("full", "term"):
            least = 100.0 if rule == "full" else self.min_pct
            return pupils.filtered(
                lambda p: rows[p.id]["possible"] and rows[p.id]["attendance_pct"] >= least
            )
        start = fields.Date.from_string(self.date_from)
        length = fields.Date.from_string(self.date_to) - start
        before_to = start - datetime.timedelta(days=1)
        before = {
            r["pupil_id"]: r for r in pupils.get_attendance_summary(before_to - length, before_to)
        }
        return pupils.filtered(
            lambda p: (
                rows[p.id]["possible"]
                and before[p.id]["possible"]
                and rows[p.id]["attendance_pct"] > before[p.id]["attendance_pct"]
            )
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Print or Send Letters"),
        }

    def action_view_letters(self):
        action = self.env.ref("school_letters.school_letter_action").read()[0]
        action["domain"] = [("id", "in", self.letter_ids.ids)]
        return action
