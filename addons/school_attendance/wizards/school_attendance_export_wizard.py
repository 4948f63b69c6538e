import base64
import bisect
import csv
import io
import re

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..dates import format_date, to_date, to_string
from ..rules import census

EXPORT_TYPES = [
    ("census", "School census attendance (per pupil, per term)"),
    ("daily", "Daily attendance extract (every mark of a day)"),
]
_SEX = {"female": "F", "male": "M"}


def _slug(text):
    return re.sub(r"[^A-Za-z0-9]+", "_", text or "").strip("_") or "school"


def _csv_text(columns, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


class SchoolAttendanceExportWizard(models.TransientModel):
    """Attendance data out: the census attendance CSV and the daily extract.

    The two public methods ``census_csv`` and ``daily_csv`` are what the
    wizard calls, and what an integration calls over XML-RPC.
    """

    _name = "school.attendance.export.wizard"
    _description = "Export Attendance Data"

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.user.company_id,
        help="School whose attendance is exported.",
    )
    export_type = fields.Selection(
        EXPORT_TYPES,
        string="Export",
        required=True,
        default="census",
        help="Census: one row per pupil with the term's possible sessions and the sessions "
        "of each absence reason and category. Daily extract: every mark of one day, for "
        "the local authority.",
    )
    term_id = fields.Many2one(
        "school.term",
        string="Term",
        help="Term counted in the census export.",
    )
    date = fields.Date(
        string="Day",
        default=fields.Date.context_today,
        help="Day whose marks the daily extract lists.",
    )
    all_ages = fields.Boolean(
        string="All Pupils",
        help="List every pupil on roll in the term. Unticked, only pupils aged 5 to 15 at "
        "the start of the school year (the census attendance module) and pupils with no "
        "date of birth are listed.",
    )
    export_id = fields.Many2one(
        "school.attendance.export",
        string="Export",
        readonly=True,
        help="The export made, which holds the CSV file.",
    )

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.term_id and self.term_id.company_id != self.company_id:
            self.term_id = False

    def action_export(self):
        """Make the CSV, keep it on an export record (officers of the school only) and
        download it."""
        self.ensure_one()
        if self.export_type == "census":
            if not self.term_id:
                raise UserError(_("Choose the term to export."))
            content = self.census_csv(self.company_id.id, self.term_id.id, self.all_ages)
            filename = "census_attendance_%s_%s.csv" % (
                _slug(self.company_id.urn or self.company_id.name),
                _slug(self.term_id.name),
            )
        else:
            if not self.date:
                raise UserError(_("Choose the day to export."))
            content = self.daily_csv(self.company_id.id, self.date)
            filename = "attendance_%s_%s.csv" % (
                _slug(self.company_id.urn or self.company_id.name),
                self.date,
            )
        # sudo: the export log is written only here, after census_csv/daily_csv
        # checked the user may export this school (nobody creates or edits one
        # by hand). The file is bound to it, which only the school's officers
        # and managers read (never the school or the term).
        self.export_id = (
            self.env["school.attendance.export"]
            .sudo()
            .create(
                {
                    "user_id": self.env.uid,
                    "name": filename,
                    "company_id": self.company_id.id,
                    "export_type": self.export_type,
                    "term_id": self.term_id.id if self.export_type == "census" else False,
                    "date": self.date if self.export_type == "daily" else False,
                    "csv_file": base64.b64encode(content.encode("utf-8")),
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": self.export_id._download_url(),
            "target": "self",
        }

    # ------------------------------------------------------------------
    # Public (RPC) API
    # ------------------------------------------------------------------
    @api.model
    def census_csv(self, company_id, term_id, all_ages=False):
        """CSV text (UTF-8, comma separated, CRLF lines) of the census attendance export.

        One row per pupil of ``company_id`` on roll during ``term_id``, with the columns
        of ``rules.census.CENSUS_COLUMNS`` (see the README); dates are 'YYYY-MM-DD'.
        Marks are counted up to the term's end, or today while the term runs. Pupils
        outside the census ages (5 to 15 at the start of the school year) are left out
        unless ``all_ages``.
        """
        company = self._export_company(company_id)
        rows = self._census_rows(company, self._export_term(company, term_id), all_ages)
        return _csv_text(census.CENSUS_COLUMNS, rows)

    @api.model
    def daily_csv(self, company_id, date):
        """CSV text of every mark of ``date`` ('YYYY-MM-DD') at ``company_id``.

        One row per mark, morning first, then by group and name, with the columns of
        ``rules.census.DAILY_COLUMNS`` (see the README). A pupil not marked yet has an
        empty code and the category ``unmarked``.
        """
        company = self._export_company(company_id)
        return _csv_text(census.DAILY_COLUMNS, self._daily_rows(company, date))

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _export_company(self, company_id):
        """The school to export, after checking the user may export its data."""
        if not self.env.user.has_group("school_attendance.group_attendance_officer"):
            raise AccessError(
                _("Only attendance officers and managers can export attendance data.")
            )
        company = self.env["res.company"].browse(int(company_id or 0)).exists()
        if not company:
            raise UserError(_("There is no school with the id %r.") % (company_id,))
        if company.id not in self.env.user.company_ids.ids:
            # sudo: the record rules hide other schools; their name is not confidential.
            raise AccessError(
                _("You cannot export the attendance of %s: it is not one of your schools.")
                % company.sudo().name
            )
        return company

    @api.model
    def _export_term(self, company, term_id):
        term = self.env["school.term"].browse(int(term_id or 0)).exists()
        if not term:
            raise UserError(_("There is no term with the id %r.") % (term_id,))
        # sudo: only to name the term in the message when it is another school's,
        # which the record rules would otherwise hide behind a bare access error.
        if term.sudo().company_id != company:
            raise UserError(
                _("The term %s is not a term of %s: choose one of the terms of %s.")
                % (term.sudo().name, company.name, company.name)
            )
        return term

    @api.model
    def _census_rows(self, company, term, all_ages):
        today = fields.Date.context_today(self)
        if term.date_start > today:
            raise UserError(
                _("The term %s starts on %s: there is no attendance to export yet.")
                % (term.name, format_date(term.date_start))
            )
        cutoff = min(term.date_end, today)
        sessions = self.env["school.session"].search(
            [("term_id", "=", term.id), ("date", "<=", cutoff)]
        )
        if not sessions:
            raise UserError(
                _(
                    "The term %s has no school sessions up to %s: generate its sessions "
                    "(Configuration > Terms) before exporting."
                )
                % (term.name, cutoff)
            )
        session_dates = sorted(sessions.mapped("date"))
        pupils = (
            self.env["school.pupil"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("date_admitted", "<=", cutoff),
                    "|",
                    ("date_left", "=", False),
                    ("date_left", ">=", term.date_start),
                ],
                order="last_name, first_name, upn, id",
            )
        )
        age_date = census.census_age_date(to_date(term.academic_year_id.date_start))
        counts = pupils._read_mark_counts(term.date_start, cutoff)
        flags = self.env["school.attendance.code"].get_flags()
        code_names = self.env["school.attendance.code"].get_code_names()
        rows = []
        for pupil in pupils:
            try:
                age = census.age_on(to_date(pupil.date_of_birth), age_date)
            except ValueError:
                age = None  # born after the start of the year: listed, age left empty
            if not all_ages and not census.in_census_age_range(age):
                continue
            code_counts, minutes_late = {}, 0
            for code_id, count, minutes in counts.get(pupil.id, ()):
                code = code_names[code_id]
                code_counts[code] = code_counts.get(code, 0) + count
                minutes_late += minutes
            # Sessions of the term the pupil was on the admission register for.
            first = bisect.bisect_left(session_dates, pupil.date_admitted)
            last = bisect.bisect_right(session_dates, pupil.date_left or cutoff)
            try:
                figures = census.pupil_counts(
                    code_counts, flags, minutes_late, sessions_on_roll=max(0, last - first)
                )
            except ValueError as exc:
                raise UserError(
                    _("The marks of %s cannot be counted: %s.") % (pupil.name, exc)
                ) from exc
            figures.update(
                UPN=pupil.upn or "",
                Surname=pupil.last_name,
                Forename=pupil.first_name,
                DOB=pupil.date_of_birth or "",
                Sex=_SEX.get(pupil.gender, ""),
                NCYearActual=pupil.year_group or "",
                RegGroup=pupil.group_id.name or "",
                AgeAtStartOfYear="" if age is None else age,
                EntryDate=pupil.date_admitted,
                LeavingDate=pupil.date_left or "",
            )
            rows.append(figures)
        return rows

    @api.model
    def _daily_rows(self, company, date):
        try:
            day = to_date(date)
        except (TypeError, ValueError):
            day = None
        if not day:
            raise UserError(_("%r is not a day: give the date as YYYY-MM-DD.") % (date,))
        sessions = self.env["school.session"].search(
            [("company_id", "=", company.id), ("date", "=", to_string(day))]
        )
        if not sessions:
            raise UserError(
                _(
                    "%s has no school session on %s (a weekend, holiday or closure): "
                    "there are no marks to export."
                )
                % (company.name, format_date(day))
            )
        marks = self.env["school.attendance.mark"].search([("session_id", "in", sessions.ids)])
        flags = self.env["school.attendance.code"].get_flags()
        rows = []
        for mark in marks:
            pupil = mark.pupil_id
            group = mark.register_id.group_id or pupil.group_id
            code = mark.code_id.code or ""
            rows.append(
                {
                    "URN": company.urn or "",
                    "LAESTAB": company.dfe_number or "",
                    "Date": mark.date,
                    "Session": mark.period.upper(),
                    "UPN": pupil.upn or "",
                    "Surname": pupil.last_name,
                    "Forename": pupil.first_name,
                    "RegGroup": group.name or "",
                    "NCYearActual": group.year_group or "",
                    "Code": code,
                    "CodeMeaning": mark.code_id.name or "",
                    "Category": census.statistical_category(code, flags),
                    "MinutesLate": mark.minutes_late,
                }
            )
        rows.sort(
            key=lambda r: (r["Session"], r["RegGroup"], r["Surname"], r["Forename"], r["UPN"])
        )
        return rows
