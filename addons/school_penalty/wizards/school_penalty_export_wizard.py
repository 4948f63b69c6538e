import base64
import io

import xlsxwriter
import xlsxwriter.utility
from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.exceptions import UserError

#: Excel number format of amounts: £1,234.50.
POUNDS = "£#,##0.00"


class SchoolPenaltyExportWizard(models.TransientModel):
    """Trust finance: penalty notices and their payments as one XLSX workbook.

    Two sheets: *Penalty notices* (one row per issued notice: school, pupil,
    parent, dates, state and the amounts due, paid and outstanding, with
    totals) and *Payments* (one row per payment). Draft notices are left out;
    the records are those the user may read (their schools).
    """

    _name = "school.penalty.export.wizard"
    _description = "Export Penalty Notices and Payments"

    date_from = fields.Date(
        string="Issued From", help="First issue date of the notices exported (empty: no limit)."
    )
    date_to = fields.Date(
        string="Issued To", help="Last issue date of the notices exported (empty: no limit)."
    )
    company_ids = fields.Many2many(
        "res.company",
        "school_penalty_export_wizard_company_rel",
        "wizard_id",
        "company_id",
        string="Schools",
        help="Schools to export (empty: every school you can see).",
    )
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from and wizard.date_to and wizard.date_from > wizard.date_to:
                raise UserError(_("The first issue date must be on or before the last one."))

    def action_export(self):
        """Button: build the workbook and show the download link."""
        self.ensure_one()
        notices = self._notices()
        if not notices:
            raise UserError(_("No issued penalty notice matches: change the dates or schools."))
        self.write(
            {
                "file_data": base64.b64encode(self._workbook(notices)),
                "file_name": "penalty_notices_%s.xlsx" % fields.Date.context_today(self),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _notices(self):
        domain = [("state", "!=", "draft")]
        if self.date_from:
            domain.append(("date_issued", ">=", self.date_from))
        if self.date_to:
            domain.append(("date_issued", "<=", self.date_to))
        if self.company_ids:
            domain.append(("company_id", "in", self.company_ids.ids))
        return self.env["school.penalty.notice"].search(
            domain, order="company_id, date_issued, name"
        )

    def _workbook(self, notices):
        """The XLSX file (bytes) of ``notices`` and their payments."""
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        formats = {
            "header": book.add_format({"bold": True}),
            # Pounds and British dates, as the finance team reads them; the
            # cells stay numbers and dates, so sums and filters still work.
            "money": book.add_format({"num_format": POUNDS}),
            "total": book.add_format({"num_format": POUNDS, "bold": True}),
            "date": book.add_format({"num_format": "dd/mm/yyyy"}),
        }
        labels = {
            name: dict(notices._fields[name]._description_selection(self.env))
            for name in ("offence", "ordinal", "state", "payment_state")
        }
        # (header, width, kind, value of a notice). sudo on the pupil: finance
        # sees the pupil's name on the notice, as the list shows it, without
        # any access to pupils' records.
        columns = [
            (_("Number"), 16, "text", lambda n: n.name),
            (_("School"), 24, "text", lambda n: n.company_id.name),
            (_("Pupil"), 22, "text", lambda n: n.pupil_id.sudo().name),
            (_("Parent"), 22, "text", lambda n: n.partner_id.name),
            (_("Offence"), 30, "text", lambda n: labels["offence"].get(n.offence)),
            (_("Ordinal"), 9, "text", lambda n: labels["ordinal"].get(n.ordinal)),
            (_("Issued"), 11, "date", lambda n: n.date_issued),
            (_("Received"), 11, "date", lambda n: n.date_received),
            (_("£80 Payable Until"), 11, "date", lambda n: n.date_reduced_until),
            (_("Payable Until"), 11, "date", lambda n: n.date_full_until),
            (_("Status"), 11, "text", lambda n: labels["state"].get(n.state)),
            (_("Amount Due"), 11, "money", lambda n: n.amount_due),
            (_("Amount Paid"), 11, "money", lambda n: n.amount_paid),
            (_("Outstanding"), 11, "money", lambda n: n.amount_outstanding),
            (_("Payment"), 14, "text", lambda n: labels["payment_state"].get(n.payment_state)),
            (_("Paid On"), 11, "date", lambda n: n.date_paid),
        ]
        sheet = book.add_worksheet(_("Penalty notices"))
        self._write_table(sheet, columns, notices, formats)
        last = len(notices)
        sheet.write(last + 1, 0, _("Total"), formats["header"])
        for col, (_header, _width, kind, value) in enumerate(columns):
            if kind == "money":
                cell = xlsxwriter.utility.xl_col_to_name(col)
                sheet.write_formula(
                    last + 1,
                    col,
                    "=SUM(%s2:%s%d)" % (cell, cell, last + 1),
                    formats["total"],
                    sum(value(notice) for notice in notices),
                )

        payments = self.env["account.payment"].search(
            [("invoice_ids.penalty_notice_id", "in", notices.ids), ("state", "!=", "cancelled")],
            order="payment_date, id",
        )

        def notice_of(payment):
            return payment.invoice_ids.mapped("penalty_notice_id")[:1]

        columns = [
            (_("Date"), 11, "date", lambda p: p.payment_date),
            (_("Payment"), 18, "text", lambda p: p.name),
            (_("Notice"), 16, "text", lambda p: notice_of(p).name),
            (_("School"), 24, "text", lambda p: notice_of(p).company_id.name),
            (_("Parent"), 22, "text", lambda p: p.partner_id.name),
            (_("Journal"), 22, "text", lambda p: p.journal_id.name),
            (_("Amount"), 11, "money", lambda p: p.amount),
        ]
        self._write_table(book.add_worksheet(_("Payments")), columns, payments, formats)
        book.close()
        return output.getvalue()

    @staticmethod
    def _write_table(sheet, columns, records, formats):
        """Header row, then one row per record: dates as dates, amounts as numbers."""
        for col, (header, width, _kind, _value) in enumerate(columns):
            sheet.write(0, col, header, formats["header"])
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        for row, record in enumerate(records, start=1):
            for col, (_header, _width, kind, value) in enumerate(columns):
                data = value(record)
                if kind == "money":
                    sheet.write_number(row, col, data or 0.0, formats["money"])
                elif kind == "date" and data:
                    sheet.write_datetime(row, col, to_date(data), formats["date"])
                else:
                    sheet.write_string(row, col, data or "")
