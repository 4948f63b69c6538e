import base64
import logging

from odoo import _, api, fields, models
from odoo.addons.school_attendance import locks
from odoo.addons.school_attendance.dates import to_date, to_string
from odoo.exceptions import UserError

from .school_letter import format_date

_logger = logging.getLogger(__name__)


class SchoolLetterPrint(models.Model):
    """One print run: the letters due on a day at one school, as one PDF in postal order."""

    _name = "school.letter.print"
    _description = "Letter Print Run"
    _order = "date desc, id desc"

    name = fields.Char(required=True, readonly=True, help="What was printed, and when.")
    date = fields.Date(
        required=True,
        readonly=True,
        index=True,
        help="Day the letters were due: every draft letter by post dated on or before it.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        help="School whose letters were printed.",
    )
    letter_ids = fields.Many2many(
        "school.letter",
        string="Letters",
        readonly=True,
        help="The letters of the PDF, in postal order.",
    )
    letter_count = fields.Integer(
        string="Letters",
        compute="_compute_letter_count",
        help="Number of letters in the PDF.",
    )
    pdf_file = fields.Binary(
        string="PDF",
        attachment=True,
        readonly=True,
        help="Every letter of the run, one after the other, ready to print and post.",
    )
    pdf_name = fields.Char(readonly=True, help="File name of the PDF.")
    user_id = fields.Many2one(
        "res.users",
        string="Printed By",
        readonly=True,
        default=lambda self: self.env.user,
        help="User (or scheduled action) who printed the letters.",
    )

    @api.depends("letter_ids")
    def _compute_letter_count(self):
        for run in self:
            run.letter_count = len(run.letter_ids)

    def action_view_letters(self):
        action = self.env.ref("school_letters.school_letter_action").read()[0]
        action["domain"] = [("id", "in", self.mapped("letter_ids").ids)]
        action["context"] = {}
        return action

    @api.model
    def _cron_print_due_letters(self, on_date=None):
        """Daily job: print every letter due on ``on_date`` (default today): one run per school.

        Only the job runs it, for today (``on_date`` is for tests): a user
        cannot print letters dated later before their day.

        Due: draft letters by post dated on or before ``on_date`` (those the
        escalation steps, notices and decisions created and nobody printed
        yet). Each school's letters are printed in one wkhtmltopdf run, in
        postal order, each logged and attached (``school.letter.print_letters``).
        A school whose letters cannot be rendered is logged and skipped; the
        others are printed. A school whose letters another server is printing
        at the same moment (the job started on two servers of one database)
        is left to it: its letters are printed once. Returns the print runs created.
        """
        on_date = to_string(to_date(on_date)) or fields.Date.context_today(self)
        letters = self.env["school.letter"].search(self.env["school.letter"]._due_domain(on_date))
        runs = self.browse()
        for company in letters.mapped("company_id"):
            if not locks.try_school_lock(self.env, locks.LETTERS_PRINT_LOCK, company):
                _logger.info(
                    "Letters due on %s for %s: printed by another server.", on_date, company.name
                )
                continue
            school_letters = letters.filtered(lambda letter, c=company: letter.company_id == c)
            try:
                with self.env.cr.savepoint():
                    runs |= self._print_run(school_letters, company, on_date)
            except UserError:  # one school's failure must not stop the others
                _logger.exception(
                    "Letters due on %s for %s could not be printed.", on_date, company.name
                )
        return runs

    @api.model
    def _print_letters_now(self, letters):
        """Print ``letters`` today, one run (one PDF) per school; returns the runs."""
        today = fields.Date.context_today(self)
        runs = self.browse()
        for company in letters.mapped("company_id"):
            school_letters = letters.filtered(lambda letter, c=company: letter.company_id == c)
            # sudo: a print run is only ever written by printing, never by hand;
            # the letters themselves are printed (and written) as the user.
            runs |= self.sudo()._print_run(school_letters, company, today, due=False)
        return self.browse(runs.ids)

    @api.model
    def _print_run(self, letters, company, on_date, due=True):
        pdf = letters.print_letters()
        if due:
            name = _("Letters due %s - %s") % (format_date(on_date), company.name)
            pdf_name = "letters-due-%s-%d.pdf" % (on_date, company.id)
        else:
            name = _("Letters printed %s - %s") % (format_date(on_date), company.name)
            pdf_name = "letters-%s-%d.pdf" % (on_date, company.id)
        return self.create(
            {
                "name": name,
                "date": on_date,
                "company_id": company.id,
                "letter_ids": [(6, 0, letters.sorted_postal().ids)],
                "pdf_file": base64.b64encode(pdf),
                "pdf_name": pdf_name,
                "user_id": letters.env.uid,
            }
        )

    def _download_url(self):
        """The URL that downloads the run's PDF; it checks access to the run."""
        self.ensure_one()
        return "/web/content/%s/%d/pdf_file/%s?download=true" % (
            self._name,
            self.id,
            self.pdf_name,
        )
