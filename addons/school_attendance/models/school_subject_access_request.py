"""Subject access requests: everything the product holds about one person, in one bundle.

A pupil (or a parent, or an older pupil for themselves) may ask the school for
every piece of personal data it holds about them; the school answers within one
calendar month of receiving the request (UK GDPR article 12(3), article 15).
The officer logs the request, builds the bundle with one button and releases
it after reviewing what is marked for review.

The bundle is made of *sections* (:meth:`_collect_sections`), one per kind of
record; the letters and penalty addons add theirs by extending that method.
Each section lists rows (plain values, as a person reads them) and may mark
rows *for review*: other people's data (another parent) that the officer
checks, and redacts if needed, before release. Staff notes marked confidential
are left out altogether. The bundle is stored twice, as attachments bound to
the request (which only the school's officers read): a PDF to read (the
letters' own PDFs appended, as sent) and a zip of JSON and CSV files.
"""

import base64
import csv
import io
import json
import zipfile

import pytz
from dateutil.relativedelta import relativedelta
from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..dates import format_date, to_date, to_string

OFFICER_GROUP = "school_attendance.group_attendance_officer"

SAR_STATES = [
    ("received", "Received"),
    ("bundled", "Bundle Ready"),
    ("released", "Released"),
    ("cancelled", "Cancelled"),
]
SUBJECT_KINDS = [("pupil", "A pupil"), ("contact", "A parent or contact")]

#: Columns never shown in a bundle: the ORM's bookkeeping, not data about a person.
SKIPPED_FIELDS = {
    "id",
    "display_name",
    "__last_update",
    "create_uid",
    "write_uid",
    "write_date",
    "message_ids",
    "message_follower_ids",
    "message_partner_ids",
    "message_channel_ids",
    "message_unread",
    "message_unread_counter",
    "message_needaction",
    "message_needaction_counter",
    "message_has_error",
    "message_is_follower",
    "message_last_post",
    "website_message_ids",
    "activity_ids",
    "activity_state",
    "activity_user_id",
    "activity_type_id",
    "activity_date_deadline",
    "activity_summary",
    "color",
    # Staff notes the school marked confidential: never in a bundle.
    "confidential_note",
}


def sar_due_date(received):
    """The legal deadline (``datetime.date``): one calendar month after ``received``.

    The same day of the next month, or its last day when that month is shorter
    (a request received on 31 January is due on 28 or 29 February).
    """
    return received + relativedelta(months=1)


class SchoolSubjectAccessRequest(models.Model):
    _name = "school.subject.access.request"
    _description = "Subject Access Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "school.guarded.mixin"]
    _order = "state, date_due, id desc"
    _server_fields = (
        "state",
        "date_due",
        "pdf_attachment_id",
        "zip_attachment_id",
        "review_summary",
        "date_bundled",
        "date_released",
    )
    _fixed_fields = ("company_id", "subject_kind", "pupil_id", "contact_id")

    name = fields.Char(compute="_compute_name", store=True, help="Whose data is asked for.")
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="The school holding the data (the data controller answering).",
    )
    subject_kind = fields.Selection(
        SUBJECT_KINDS,
        string="About",
        required=True,
        default="pupil",
        help="Whose data: a pupil's, or a parent's or other contact's.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        index=True,
        ondelete="restrict",
        help="The pupil whose data is asked for.",
    )
    contact_id = fields.Many2one(
        "school.pupil.contact",
        string="Contact",
        index=True,
        ondelete="restrict",
        help="The parent or contact whose data is asked for (all their links to "
        "pupils of the school are covered).",
    )
    requested_by = fields.Char(
        help="Who made the request (the person themselves, a parent for a young "
        "child, a solicitor...) and how their identity was checked.",
    )
    date_received = fields.Date(
        string="Received",
        required=True,
        default=fields.Date.context_today,
        help="Day the school received the request: the month to answer runs from it.",
    )
    date_due = fields.Date(
        string="Answer By",
        readonly=True,
        index=True,
        track_visibility="onchange",
        help="One calendar month after the request was received (the same day of the "
        "next month, or its last day).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        default=lambda self: self.env.user,
        help="Officer answering the request: the activity to answer it is theirs.",
    )
    state = fields.Selection(
        SAR_STATES,
        required=True,
        default="received",
        readonly=True,
        index=True,
        track_visibility="onchange",
        help="Received: logged, bundle still to build. Bundle Ready: built, to review. "
        "Released: sent to the person. Cancelled: withdrawn or not valid.",
    )
    pdf_attachment_id = fields.Many2one(
        "ir.attachment", string="Bundle (PDF)", readonly=True, copy=False
    )
    zip_attachment_id = fields.Many2one(
        "ir.attachment", string="Bundle (JSON and CSV)", readonly=True, copy=False
    )
    review_summary = fields.Text(
        string="To Review Before Release",
        readonly=True,
        copy=False,
        help="Entries of the bundle holding other people's data: check and redact them "
        "before release.",
    )
    date_bundled = fields.Datetime(readonly=True, copy=False)
    date_released = fields.Date(readonly=True, copy=False)
    note = fields.Text(help="What was released, redacted or withheld, and why.")
    is_overdue = fields.Boolean(compute="_compute_is_overdue", help="Not answered in time.")

    @api.depends("subject_kind", "pupil_id.name", "contact_id.partner_id.name")
    def _compute_name(self):
        for record in self:
            subject = record._subject_name()
            record.name = _("Subject access: %s") % subject if subject else False

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_overdue = (
                record.state in ("received", "bundled") and (record.date_due or today) < today
            )

    def _subject_name(self):
        if self.subject_kind == "pupil":
            return self.pupil_id.name
        return self.contact_id.partner_id.name

    @api.constrains("subject_kind", "pupil_id", "contact_id", "company_id")
    def _check_subject(self):
        for record in self:
            subject = record.pupil_id if record.subject_kind == "pupil" else record.contact_id
            if not subject:
                raise UserError(
                    _("Choose the %s whose data is asked for.")
                    % (_("pupil") if record.subject_kind == "pupil" else _("contact"))
                )
            if subject.company_id != record.company_id:
                raise UserError(
                    _("%s is not on the roll of %s: log the request at their school.")
                    % (record._subject_name(), record.company_id.name)
                )

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if vals.get("pupil_id") and vals.get("subject_kind", "pupil") == "pupil":
            vals["company_id"] = self.env["school.pupil"].browse(vals["pupil_id"]).company_id.id
        elif vals.get("contact_id"):
            contact = self.env["school.pupil.contact"].browse(vals["contact_id"])
            vals["company_id"] = contact.company_id.id
        received = to_date(vals.get("date_received") or fields.Date.context_today(self))
        record = super(SchoolSubjectAccessRequest, self).create(vals)
        record._server_write({"date_due": to_string(sar_due_date(received))})
        record._schedule_answer_activity()
        return record

    def write(self, vals):
        result = super(SchoolSubjectAccessRequest, self).write(vals)
        if "date_received" in vals and not self._is_server_write():
            for record in self:
                due = sar_due_date(to_date(record.date_received))
                record._server_write({"date_due": to_string(due)})
        return result

    def _schedule_answer_activity(self):
        """The officer's to-do, due on the legal deadline."""
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        for record in self:
            # sudo: the officer's reminder on a request they read; ir.model is
            # read to name the request's model.
            self.env["mail.activity"].sudo().create(
                {
                    "res_model_id": self.env["ir.model"].sudo()._get(self._name).id,
                    "res_id": record.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": _("Answer the subject access request by %s")
                    % format_date(record.date_due),
                    "date_deadline": record.date_due,
                    "user_id": (record.user_id or self.env.user).id,
                }
            )

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_build_bundle(self):
        """Collect everything held about the person into the PDF and the zip."""
        self._check_user_group(OFFICER_GROUP)
        for record in self:
            if record.state not in ("received", "bundled"):
                raise UserError(
                    _("%s is %s: only a request not yet released gets a new bundle.")
                    % (record.name, dict(SAR_STATES)[record.state])
                )
            record._build_bundle()
        return True

    def action_release(self):
        """The bundle went to the person: the request is answered."""
        self._check_user_group(OFFICER_GROUP)
        for record in self:
            if record.state != "bundled":
                raise UserError(
                    _("Build and review the bundle of %s before releasing it.") % record.name
                )
            record._server_write(
                {"state": "released", "date_released": fields.Date.context_today(record)}
            )
            record.activity_ids.action_feedback(_("Bundle released."))
        return True

    def action_cancel(self):
        """Withdrawn, or not a valid request (say why in the note)."""
        self._check_user_group(OFFICER_GROUP)
        if self.filtered(lambda r: r.state == "released"):
            raise UserError(_("A released request is a record: it cannot be cancelled."))
        self._server_write({"state": "cancelled"})
        self.mapped("activity_ids").unlink()
        return True

    # ------------------------------------------------------------------
    # The bundle
    # ------------------------------------------------------------------
    def _build_bundle(self):
        self.ensure_one()
        # The caller is an officer of this school (checked by the button and the
        # record rule on this request); the collection reads under sudo every kind
        # of record held about the person, whoever's list it is on.
        bundle = self.sudo()
        sections = bundle._collect_sections()
        files = bundle._collect_files()
        review = [
            "%s: %s" % (section["title"], row["_review"])
            for section in sections
            for row in section["rows"]
            if row.get("_review")
        ]
        stem = "subject-access-%d" % self.id
        pdf = bundle._render_pdf(sections, files)
        archive = bundle._render_zip(sections, files)
        old = self.pdf_attachment_id | self.zip_attachment_id
        vals = {
            "pdf_attachment_id": self._attach(stem + ".pdf", pdf, "application/pdf").id,
            "zip_attachment_id": self._attach(stem + ".zip", archive, "application/zip").id,
            "review_summary": "\n".join(review) or _("Nothing marked for review."),
            "date_bundled": fields.Datetime.now(),
            "state": "bundled",
        }
        self._server_write(vals)
        # sudo: the old bundle's files are bound to this request; replaced, they go.
        old.sudo().unlink()
        self.message_post(
            body=_("Bundle built: %d sections, %d entries marked for review.")
            % (len(sections), len(review))
        )

    def _attach(self, name, content, mimetype):
        # Bound to the request: only the school's officers read it.
        return self.env["ir.attachment"].create(
            {
                "name": name,
                "datas_fname": name,
                "datas": base64.b64encode(content),
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
        )

    def _subject_pupils(self):
        """The pupils the bundle covers: the pupil, or the contact's children at this school."""
        if self.subject_kind == "pupil":
            return self.pupil_id
        return self._subject_contacts().mapped("pupil_id")

    def _subject_contacts(self):
        """The contact's links to pupils of this school (one person, several children)."""
        if self.subject_kind != "contact":
            return self.env["school.pupil.contact"]
        return self.env["school.pupil.contact"].search(
            [
                ("partner_id", "=", self.contact_id.partner_id.id),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def _subject_partner(self):
        return self.contact_id.partner_id if self.subject_kind == "contact" else None

    def _pupil_domain(self):
        return [("pupil_id", "in", self._subject_pupils().ids)]

    def _third_party_partners(self):
        """People other than the subject whose data shows in the pupil's records."""
        partner = self._subject_partner()
        contacts = self.env["school.pupil.contact"].search(self._pupil_domain())
        others = contacts.mapped("partner_id")
        return others - partner if partner else others

    def _section(self, key, title, records, field_names=None, review=None):
        """One section: ``records`` as rows of readable values.

        ``review(record)`` returns why a row holds another person's data (or None).
        """
        rows = []
        for record in records:
            row = self._row(record, field_names)
            reason = review(record) if review else None
            if reason:
                row["_review"] = reason
            rows.append(row)
        return {"key": key, "title": title, "rows": rows}

    def _format_datetime(self, value):
        """'3 December 2026 at 06:55': a stored (UTC) date and time, as the school's clock
        read it."""
        school_tz = pytz.timezone(self.company_id.school_tz or "Europe/London")
        local = pytz.utc.localize(fields.Datetime.from_string(value)).astimezone(school_tz)
        return _("%(date)s at %(time)s") % {
            "date": format_date(local.date()),
            "time": local.strftime("%H:%M"),
        }

    def _row(self, record, field_names=None):
        """``record`` as ``{label: text}``: every stored field a person can read."""
        row = {}
        names = field_names or [
            name
            for name, field in record._fields.items()
            if field.store and name not in SKIPPED_FIELDS and field.type not in ("binary",)
        ]
        for name in names:
            field = record._fields[name]
            value = record[name]
            if field.type == "one2many":
                continue  # the records it lists have their own section
            if field.type == "many2many":
                text = ", ".join(value.mapped("display_name"))
            elif field.type == "many2one":
                text = value.display_name or ""
            elif field.type == "selection":
                text = dict(field._description_selection(record.env)).get(value, "") or ""
            elif field.type == "html":
                text = html2plaintext(value or "").strip()
            elif field.type == "boolean":
                text = _("Yes") if value else _("No")
            elif field.type == "date":
                text = format_date(value) if value else ""
            elif field.type == "datetime":
                text = self._format_datetime(value) if value else ""
            elif value is False or value is None:
                text = ""
            else:
                text = str(value)
            row[field.string or name] = text
        return row

    def _collect_sections(self):
        """Every kind of record held about the person; other addons add theirs."""
        pupils = self._subject_pupils()
        domain = self._pupil_domain()
        partner = self._subject_partner()
        third = self._third_party_partners()
        env = self.env
        sections = []
        if self.subject_kind == "contact":
            sections.append(
                self._section(
                    "identity",
                    _("Identity and contact details"),
                    partner,
                    ["name", "street", "street2", "city", "zip", "email", "phone", "mobile"],
                )
            )
        sections.append(self._section("pupils", _("Pupil records"), pupils))

        def other_contact(contact):
            if contact.partner_id in third:
                return _("%s is another person: check before release.") % contact.partner_id.name
            return None

        contacts = env["school.pupil.contact"].search(domain)
        sections.append(self._section("contacts", _("Contacts"), contacts, review=other_contact))
        marks = env["school.attendance.mark"].with_context(active_test=False).search(domain)
        sections.append(
            self._section(
                "register",
                _("Register entries"),
                marks,
                ["date", "period", "code_id", "minutes_late", "comment"],
            )
        )
        amendments = (
            env["school.attendance.amendment"].with_context(active_test=False).search(domain)
        )
        sections.append(self._section("amendments", _("Register amendments"), amendments))
        cases = env["school.attendance.case"].with_context(active_test=False).search(domain)
        sections.append(self._section("cases", _("Attendance cases"), cases))
        steps = env["school.attendance.case.step.log"].search([("case_id", "in", cases.ids)])
        sections.append(self._section("case_steps", _("Case steps"), steps))
        sections.append(self._notes_section(cases, third))
        contracts = env["school.attendance.contract"].search(domain)
        sections.append(self._section("contracts", _("Contracts and action plans"), contracts))
        reviews = env["school.attendance.contract.review"].search(
            [("contract_id", "in", contracts.ids)]
        )
        sections.append(self._section("reviews", _("Contract reviews"), reviews))
        referrals = env["school.attendance.referral"].search(domain)
        sections.append(self._section("referrals", _("Referrals"), referrals))

        def requester(record):
            if record._name == "school.leave.request":
                return record.requested_by_id.partner_id
            return record.partner_id

        def by_other(record):
            who = requester(record)
            if who and who in third:
                return _("Made by %s, another person: check before release.") % who.name
            return None

        absence = env["school.absence.report"].search(domain)
        leave = env["school.leave.request"].search(domain)
        if partner:
            absence = absence.filtered(lambda r: requester(r) == partner)
            leave = leave.filtered(lambda r: requester(r) == partner)
        sections.append(
            self._section("absence_reports", _("Absence reports"), absence, None, by_other)
        )
        sections.append(self._section("leave_requests", _("Leave requests"), leave, None, by_other))
        sections.append(self._logins_section(partner))
        return sections

    def _notes_section(self, cases, third):
        """The messages and notes on the cases; confidential staff notes left out."""
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "school.attendance.case"),
                ("res_id", "in", cases.ids),
                ("message_type", "in", ("comment", "email")),
            ],
            order="date, id",
        )

        def from_other(message):
            if message.author_id in third:
                return _("Written by %s, another person: check before release.") % (
                    message.author_id.name
                )
            return None

        return self._section(
            "case_notes",
            _("Case notes and messages"),
            messages,
            ["date", "author_id", "subject", "body"],
            from_other,
        )

    def _logins_section(self, partner):
        """When the person logged in to the portal (their own logins only)."""
        users = partner.with_context(active_test=False).user_ids if partner else None
        logs = self.env["res.users.log"].search(
            [("create_uid", "in", users.ids if users else [])], order="create_date"
        )
        rows = [{_("Portal login"): log.create_date} for log in logs]
        for user in users or []:
            rows.insert(
                0,
                {
                    _("Login"): user.login,
                    _("Portal access"): _("Yes") if user.active else _("No"),
                },
            )
        return {"key": "portal_logins", "title": _("Portal logins"), "rows": rows}

    def _collect_files(self):
        """``[(path in the zip, bytes)]``: documents as they were sent (the letters addon's)."""
        return []

    def _render_pdf(self, sections, files):
        report = self.env.ref("school_attendance.action_report_subject_access")
        values = {
            "sections": sections,
            "subject": self._subject_name(),
            "received": format_date(self.date_received),
            "built": format_date(fields.Date.context_today(self)),
            "files": [path for path, _content in files],
        }
        pdf, _kind = report.render_qweb_pdf(self.ids, data=values)
        pdfs = [content for path, content in files if path.endswith(".pdf")]
        if not pdfs:
            return pdf
        from PyPDF2 import PdfFileReader, PdfFileWriter

        writer = PdfFileWriter()
        for content in [pdf] + pdfs:
            reader = PdfFileReader(io.BytesIO(content))
            for number in range(reader.getNumPages()):
                writer.addPage(reader.getPage(number))
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def _render_zip(self, sections, files):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "bundle.json",
                json.dumps(
                    {
                        "subject": self._subject_name(),
                        "school": self.company_id.name,
                        "received": self.date_received,
                        "sections": sections,
                    },
                    indent=2,
                    ensure_ascii=False,
                    default=str,
                ),
            )
            for section in sections:
                columns = []
                for row in section["rows"]:
                    columns += [key for key in row if key not in columns]
                text = io.StringIO()
                writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\r\n")
                writer.writeheader()
                writer.writerows(section["rows"])
                archive.writestr("%s.csv" % section["key"], text.getvalue())
            for path, content in files:
                archive.writestr(path, content)
        return buffer.getvalue()
