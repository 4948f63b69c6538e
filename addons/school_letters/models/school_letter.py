import base64
import io
import json
import logging
import re
from email.utils import formataddr

from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.addons.school_attendance.dates import to_date, to_string
from odoo.addons.school_attendance.models.school_staff_role import STAFF_ROLES
from odoo.addons.school_attendance.rules import foresight
from odoo.addons.school_attendance.rules.report import format_date, format_pct, session_days
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..rules import placeholders
from .school_letter_template import LETTER_KINDS, PLACEHOLDER_NAMES

_logger = logging.getLogger(__name__)

LETTER_STATES = [("draft", "Draft"), ("printed", "Printed"), ("sent", "Sent")]
CHANNELS = [("post", "Post"), ("email", "Email")]

#: Placeholders worked out from the school's calendar: only for templates that use them.
FORESIGHT_PLACEHOLDERS = (
    "absences_to_90",
    "date_back_above_90",
    "absences_to_96",
    "date_back_above_96",
)


def _uses_foresight(template):
    """Whether the template's subject, body or next step quotes a foresight placeholder."""
    text = "".join((template.subject or "", template.body or "", template.next_step or ""))
    return any("${%s}" % name in text for name in FORESIGHT_PLACEHOLDERS)


#: Each letter's first page carries a link to its record; the batch PDF is
#: split into one PDF per letter at the pages holding such a link.
_MARKER = re.compile(r"[#&?]id=(\d+)&model=school\.letter\b")


def postcode_key(postcode):
    """Sort key of a UK postcode: upper case without spaces; none sorts last."""
    postcode = re.sub(r"\s+", "", postcode or "").upper()
    return (not postcode, postcode)


def _date_string(value):
    """'YYYY-MM-DD' (or None) from a date, a datetime or a string."""
    return to_string(to_date(value))


#: Placeholder values a caller of ``create_for_pupils`` may give: what the next step is
#: and when. Figures, names, the signer and the school come from the records.
CLIENT_VALUES = frozenset({"next_step", "next_step_date"})


class SchoolLetter(models.Model):
    """The letter log: one letter, notice or certificate to one recipient.

    Everything a letter quotes (figures, address, rendered text) is frozen
    when it is created, so a reprint shows what was sent, not today's figures.
    """

    _name = "school.letter"
    _description = "Letter"
    _inherit = ["school.frozen.mixin", "mail.thread"]
    _order = "date desc, id desc"

    #: Printing and sending set these (school.frozen.mixin); once printed or
    #: sent nothing of the letter changes: a reprint shows what was sent. What a
    #: letter says, to whom, about whom and from which document is the server's
    #: too (``create_for_pupils``, *Refresh*): a client that may create or write
    #: letters never sets it, so no letter quotes figures or a source it made up.
    _server_fields = (
        "state",
        "print_count",
        "sent_by_id",
        "date_sent",
        "attachment_id",
        "template_id",
        "kind",
        "pupil_id",
        "partner_id",
        "res_model",
        "res_id",
        "date",
        "date_from",
        "date_to",
        "channel",
        "subject",
        "body_html",
        "figures",
        "user_id",
    )
    _fixed_fields = ("company_id",)

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default="/",
        index=True,
        help="Reference printed on the letter.",
    )
    template_id = fields.Many2one(
        "school.letter.template",
        string="Template",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Wording the letter was created from.",
    )
    kind = fields.Selection(
        LETTER_KINDS,
        related="template_id.kind",
        store=True,
        readonly=True,
        help="Step of the attendance procedure the letter belongs to.",
    )
    layout = fields.Selection(
        related="template_id.layout",
        readonly=True,
        help="Layout the letter is printed with.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Pupil the letter is about.",
    )
    group_id = fields.Many2one(
        "school.group",
        string="Group",
        readonly=True,
        ondelete="set null",
        help="Registration group of the pupil when the letter was created.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Recipient",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Parent or carer the letter is addressed to.",
    )
    res_model = fields.Char(
        string="Source Model",
        readonly=True,
        index=True,
        help="Model of the document that produced the letter (case, notice...).",
    )
    res_id = fields.Integer(
        string="Source ID",
        readonly=True,
        index=True,
        help="Id of the document that produced the letter.",
    )
    case_id = fields.Many2one(
        "school.attendance.case",
        string="Attendance Case",
        compute="_compute_case_id",
        store=True,
        index=True,
        help="Attendance case that produced the letter (from its source document).",
    )
    source_name = fields.Char(
        string="Source",
        compute="_compute_source_name",
        help="Document that produced the letter.",
    )
    date = fields.Date(
        required=True,
        readonly=True,
        index=True,
        default=fields.Date.context_today,
        help="Date printed on the letter; its figures are as at this date.",
    )
    date_from = fields.Date(
        string="Figures From",
        readonly=True,
        help="First day of the period the quoted figures cover.",
    )
    date_to = fields.Date(
        string="Figures To",
        readonly=True,
        help="Last day of the period the quoted figures cover.",
    )
    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="post",
        readonly=True,
        help="Post: printed and posted. Email: sent with the PDF attached.",
    )
    state = fields.Selection(
        LETTER_STATES,
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
        help="Draft: created, not yet printed or sent. Printed: the PDF was "
        "produced for posting. Sent: emailed. Printed or sent letters cannot "
        "be deleted.",
    )
    subject = fields.Char(readonly=True, help="Subject as rendered when the letter was created.")
    body_html = fields.Html(
        string="Body",
        readonly=True,
        help="Text as rendered when the letter was created, with the figures it quoted.",
    )
    figures = fields.Text(
        string="Frozen Figures",
        readonly=True,
        help="The figures, address and values the letter quoted (JSON), "
        "frozen when it was created.",
    )
    attachment_id = fields.Many2one(
        "ir.attachment",
        string="PDF",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="PDF of the letter as last printed or sent.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Created By",
        readonly=True,
        default=lambda self: self.env.user,
        help="Member of staff who created the letter.",
    )
    sent_by_id = fields.Many2one(
        "res.users",
        string="Printed/Sent By",
        readonly=True,
        copy=False,
        help="Member of staff who printed or sent the letter.",
    )
    date_sent = fields.Datetime(
        string="Printed/Sent On",
        readonly=True,
        copy=False,
        help="When the letter was last printed or sent.",
    )
    print_count = fields.Integer(
        readonly=True, copy=False, help="How many times the letter was printed."
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School that sent the letter.",
    )
    postcode = fields.Char(
        readonly=True,
        index=True,
        help="Postcode of the recipient when the letter was created (postal order).",
    )

    @api.depends("res_model", "res_id")
    def _compute_case_id(self):
        for letter in self:
            is_case = letter.res_model == "school.attendance.case" and letter.res_id
            letter.case_id = letter.res_id if is_case else False

    @api.depends("res_model", "res_id", "company_id")
    def _compute_source_name(self):
        for letter in self:
            name = False
            if letter.res_model and letter.res_id and letter.res_model in self.env:
                source = self.env[letter.res_model].browse(letter.res_id).sudo().exists()
                # sudo: the log names its source (a case, a notice) also to users who
                # may not open it, e.g. finance reading a letter - only a source of the
                # letter's own school (the server alone sets the source).
                if (
                    source
                    and source._fields.get("company_id")
                    and (source.company_id == letter.company_id)
                ):
                    name = source.display_name
            letter.source_name = name

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        if vals.get("name", "/") == "/":
            vals = dict(vals, name=self.env["ir.sequence"].next_by_code("school.letter") or "/")
        return super(SchoolLetter, self).create(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_print(self):
        """Print the letters into one PDF per school (postal order) and download it.

        The PDF is kept on a print run of the school (``school.letter.print``),
        which only the school's officers read: never as a loose attachment.
        Drafts dated before today first open a warning that offers to refresh
        their date and figures (``school.letter.refresh``), unless the context
        says ``school_letter_print_as_is``.
        """
        stale = self.get_stale_drafts()
        if stale and not self.env.context.get("school_letter_print_as_is"):
            return self.env["school.letter.refresh"].open_for(self, stale)
        runs = self.env["school.letter.print"]._print_letters_now(self)
        if len(runs) == 1:
            return {
                "type": "ir.actions.act_url",
                "url": runs._download_url(),
                "target": "self",
            }
        action = self.env.ref("school_letters.school_letter_print_action").read()[0]
        action["domain"] = [("id", "in", runs.ids)]
        return action

    def action_refresh(self):
        """Button: date the draft letters today and quote today's figures."""
        self.refresh_drafts()
        return True

    def action_send_email(self):
        """Email the letters, each with its PDF attached."""
        self.send_email()
        return True

    def action_open_source(self):
        self.ensure_one()
        if not (self.res_model and self.res_id):
            raise UserError(_("This letter was not produced from another document."))
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods: creating letters
    # ------------------------------------------------------------------
    @api.model
    def create_for_pupils(
        self,
        template,
        pupils,
        date=None,
        channel="post",
        values=None,
        date_from=None,
        date_to=None,
        partners=None,
    ):
        """Create one draft letter per recipient of each pupil; return ``(letters, skipped)``.

        Recipients are the contacts with parental responsibility who receive
        post (or all of them, as the template says) for ``post``; those with
        an email address for ``email``. A contact without a postal address
        (post) or email (email) is skipped: ``skipped`` lists dicts with
        ``pupil_id``, ``pupil``, ``partner_id``, ``contact`` and ``reason``.
        If no letter at all can be created, a UserError lists who was skipped
        and why, and nothing is created.

        Figures are the pupil's attendance from ``date_from`` (default: the
        start of the academic year holding ``date``) to ``date_to`` (default:
        ``date``); ``values`` gives placeholder values, only those of
        ``CLIENT_VALUES`` (next_step, next_step_date): the figures, names and
        signer come from the records. ``partners`` restricts the recipients to
        these contacts (e.g. the parent a notice is served on).

        Over XML-RPC ``template``, ``pupils`` and ``partners`` are ids and the
        letters come back as ids. What only the server may give - the source
        document, HTML added to the body, figures already read - is an argument
        of :meth:`_create_for_pupils` alone, never taken from a client.
        """
        not_given = set(values or {}) - CLIENT_VALUES
        if not_given:
            raise UserError(
                _(
                    "A letter's %s come from the school's records and cannot be given; you may "
                    "give: %s."
                )
                % (", ".join(sorted(not_given)), ", ".join(sorted(CLIENT_VALUES)))
            )
        template = self._as_records("school.letter.template", template)
        pupils = self._as_records("school.pupil", pupils)
        if partners is not None:
            partners = self._as_records("res.partner", partners)
        return self._create_for_pupils(
            template,
            pupils,
            date=date,
            channel=channel,
            values=values,
            date_from=date_from,
            date_to=date_to,
            partners=partners,
        )

    @api.model
    def _as_records(self, model, value):
        """``value`` (records of ``model``, an id or a list of ids) as records of ``model``;
        ids that do not exist are refused."""
        if isinstance(value, models.BaseModel):
            return value
        ids = [value] if isinstance(value, int) else list(value or [])
        if not all(isinstance(record_id, int) for record_id in ids):
            raise UserError(_("Give %s as record ids.") % self.env[model]._description)
        records = self.env[model].browse(ids)
        if len(records.exists()) != len(records):
            raise UserError(_("No such %s: %s.") % (self.env[model]._description, ids))
        return records

    @api.model
    def _create_for_pupils(
        self,
        template,
        pupils,
        date=None,
        channel="post",
        values=None,
        date_from=None,
        date_to=None,
        res_model=None,
        res_id=None,
        partners=None,
        extra_html=None,
        summaries=None,
        memo=None,
    ):
        """:meth:`create_for_pupils`, with what only the server gives: ``res_model``/``res_id``
        name the source document; ``extra_html`` (safe HTML, built by the caller) is
        appended to the body and frozen with it; ``summaries`` (``{pupil_id:
        get_attendance_summary row}`` for the same period) are figures the caller already
        read, e.g. an escalation run, quoted instead of read again; ``memo`` (a dict) keeps
        what one letter looked up (signer, dates, the school's calendar) for the next ones,
        e.g. across the cases of one escalation run."""
        template.ensure_one()
        template.check_placeholders()
        if channel not in dict(CHANNELS):
            raise UserError(_("Unknown channel %r: use post or email.") % channel)
        unknown = set(values or {}) - PLACEHOLDER_NAMES
        if unknown:
            raise UserError(_("Unknown placeholder values: %s.") % ", ".join(sorted(unknown)))
        date = _date_string(date) or fields.Date.context_today(self)
        figures_by_pupil = self._collect_figures(
            pupils,
            date,
            _date_string(date_from),
            _date_string(date_to),
            with_sessions=template.layout == "register",
            summaries=summaries,
        )
        letter_vals, skipped = [], []
        memo = {} if memo is None else memo
        owner = self._source_owner(res_model, res_id)
        for pupil in pupils:
            recipients, pupil_skipped = self._get_recipients(template, pupil, channel, partners)
            skipped.extend(pupil_skipped)
            for partner in recipients:
                letter_vals.append(
                    self._prepare_letter_vals(
                        template,
                        pupil,
                        partner,
                        date,
                        channel,
                        figures_by_pupil[pupil.id],
                        values or {},
                        res_model,
                        res_id,
                        extra_html,
                        memo,
                        owner,
                    )
                )
        if not letter_vals:
            raise UserError(
                _("No letter could be created:\n%s") % self.format_skipped(skipped)
                if skipped
                else _("No letter could be created: no pupil was given.")
            )
        letters = self.browse()
        # Not tracked: the letter log is its own record of what was produced.
        create_model = self.with_context(tracking_disable=True)
        for vals in letter_vals:
            letters |= create_model._server_create(vals)
        return letters, skipped

    @api.model
    def _source_owner(self, res_model, res_id):
        """The member of staff owning the source document (a case's owner), if any.

        Not the system user: a case opened by the nightly run without an
        owner is signed by the school's headteacher instead.
        """
        if not (res_model and res_id and res_model in self.env):
            return self.env["res.users"]
        source = self.env[res_model].browse(res_id)
        if "user_id" not in source._fields or source._fields["user_id"].comodel_name != "res.users":
            return self.env["res.users"]
        owner = source.sudo().user_id  # sudo: only whose name signs the letter is read
        return owner if owner.id != SUPERUSER_ID else self.env["res.users"]

    @api.model
    def _due_domain(self, on_date, channel="post"):
        """Letters due on ``on_date``: drafts of ``channel`` dated on or before it."""
        return [
            ("state", "=", "draft"),
            ("channel", "=", channel),
            ("date", "<=", _date_string(on_date)),
        ]

    @api.model
    def format_skipped(self, skipped):
        """One line per skipped contact: 'Pupil - Contact: reason'."""
        return "\n".join(
            "%s - %s: %s" % (item["pupil"], item["contact"] or _("(nobody)"), item["reason"])
            for item in skipped
        )

    @api.model
    def _get_recipients(self, template, pupil, channel, only_partners=None):
        """``(partners, skipped)`` the letter about ``pupil`` goes to by ``channel``."""
        contacts = pupil.contact_ids.filtered("has_parental_responsibility")
        if only_partners is not None:
            # A notice's letter goes to the parent it is served on, who may be a
            # parent through having care of the child (s576), not through PR.
            contacts = pupil._penalty_parent_contacts().filtered(
                lambda c: c.partner_id in only_partners
            )
        elif channel == "post" and template.recipient_rule == "receives_post":
            contacts = contacts.filtered("receives_post")
        if not contacts:
            reason = (
                _("no contact with parental responsibility who receives post")
                if channel == "post"
                and template.recipient_rule == "receives_post"
                and only_partners is None
                else _("no contact with parental responsibility")
            )
            return self.env["res.partner"], [self._skip(pupil, None, reason)]
        partners, skipped = self.env["res.partner"], []
        for contact in contacts:
            partner = contact.partner_id
            if channel == "post" and not self._has_postal_address(partner):
                skipped.append(
                    self._skip(pupil, partner, _("no postal address (street and postcode or town)"))
                )
            elif channel == "email" and not partner.email:
                skipped.append(self._skip(pupil, partner, _("no email address")))
            elif partner not in partners:
                partners |= partner
        return partners, skipped

    @staticmethod
    def _has_postal_address(partner):
        return bool(partner.street and (partner.zip or partner.city))

    @staticmethod
    def _skip(pupil, partner, reason):
        return {
            "pupil_id": pupil.id,
            "pupil": pupil.name,
            "partner_id": partner.id if partner else False,
            "contact": partner.name if partner else False,
            "reason": reason,
        }

    @api.model
    def _collect_figures(
        self, pupils, date, date_from=None, date_to=None, with_sessions=False, summaries=None
    ):
        """``{pupil_id: figures}``: the pupils' attendance for the letter's period.

        One summary query per school (none when ``summaries`` already hold
        every pupil's row); ``with_sessions`` adds every session and code of
        the period (registration certificate).
        """
        date_to = date_to or date
        result = {}
        year_model = self.env["school.academic.year"]
        for company in pupils.mapped("company_id"):
            company_pupils = pupils.filtered(lambda p, c=company: p.company_id == c)
            period_from = date_from or year_model.find_year(company, date_to).date_start or False
            if summaries and all(pupil.id in summaries for pupil in company_pupils):
                rows = [summaries[pupil.id] for pupil in company_pupils]
            else:
                rows = company_pupils.get_attendance_summary(period_from, date_to)
            for row in rows:
                result[row["pupil_id"]] = self._figures_from_summary(row, period_from, date_to)
            if with_sessions:
                sessions = company_pupils._read_session_marks(period_from, date_to)
                for pupil in company_pupils:
                    result[pupil.id]["sessions"] = [list(entry) for entry in sessions[pupil.id]]
        return result

    @api.model
    def _figures_from_summary(self, row, date_from, date_to):
        absences = [
            {
                "code": code_row["code"],
                "name": code_row["name"],
                "authorised": bool(code_row["authorised"]),
                "count": code_row["count"],
            }
            for code_row in self.env["school.attendance.code"].get_count_rows(
                row.get("codes") or {}
            )
            if code_row["authorised"] or code_row["unauthorised"]
        ]
        authorised = row.get("authorised", 0)
        unauthorised = row.get("unauthorised", 0)
        return {
            "date_from": date_from or False,
            "date_to": date_to,
            "possible": row.get("possible", 0),
            "present": row.get("present", 0),
            "authorised": authorised,
            "unauthorised": unauthorised,
            "sessions_missed": authorised + unauthorised,
            "attendance_pct": row.get("attendance_pct") or 0.0,
            "absence_pct": row.get("absence_pct") or 0.0,
            "band": row.get("band") or "",
            "absences": absences,
        }

    @api.model
    @api.model
    def _next_step_date(self, template, company, date, memo=None):
        """'30 October 2024': ``next_step_days`` school days after ``date`` ('' for none).

        School days come from the school's calendar (holidays and closures
        skipped). ``memo`` (a dict) keeps the dates already worked out, so a
        batch asks the calendar once per school.
        """
        if not template.next_step_days:
            return ""
        key = (company.id, date, template.next_step_days)
        if memo is None or key not in memo:
            day = self.env["school.session"].get_school_day_after(
                date, template.next_step_days, company
            )
            if memo is None:
                return format_date(day)
            memo[key] = format_date(day)
        return memo[key]

    @api.model
    def _prepare_values(
        self, template, pupil, partner, date, figures, overrides, memo=None, owner=None
    ):
        """Placeholder values of one letter (printable strings).

        ``owner``: the user owning the document the letter comes from (signer).
        """
        company = pupil.company_id
        signer = self._signer_values(template, pupil, owner or self.env["res.users"], memo)
        next_step_date = ""
        if "next_step_date" not in overrides:
            next_step_date = self._next_step_date(template, company, date, memo)
        group = pupil.group_id
        values = {
            "school_name": company.name or "",
            "school_address": ", ".join(
                part
                for part in (company.street, company.street2, company.city, company.zip)
                if part
            ),
            "school_phone": company.phone or "",
            "school_email": company.email or "",
            "date": format_date(date),
            "pupil_name": pupil.name or "",
            "pupil_first_name": pupil.first_name or "",
            "group": group.name or "",
            "year_group": dict(group._fields["year_group"].selection).get(group.year_group, "")
            if group
            else "",
            "parent_name": partner.name or "",
            "period_from": format_date(figures.get("date_from")),
            "period_to": format_date(figures.get("date_to")),
            "possible": figures["possible"],
            "present": figures["present"],
            "sessions_missed": figures["sessions_missed"],
            "authorised": figures["authorised"],
            "unauthorised": figures["unauthorised"],
            "attendance_pct": format_pct(figures["attendance_pct"]),
            "absence_pct": format_pct(figures["absence_pct"]),
            "band": figures["band"],
            "next_step": template.next_step or "",
            "next_step_date": next_step_date,
            "signatory": signer["signatory"],
            "signatory_role": signer["signatory_role"],
        }
        if _uses_foresight(template):
            values.update(self._foresight_values(pupil, date, figures, memo))
        else:
            values.update(dict.fromkeys(FORESIGHT_PLACEHOLDERS, ""))
        if template.next_step:
            values["next_step"] = placeholders.render(template.next_step, values)
        values.update(overrides)
        return values

    @api.model
    def _foresight_values(self, pupil, date, figures, memo=None):
        """The ``absences_to_*`` and ``date_back_above_*`` placeholders of one letter.

        From the letter's own figures and the school's sessions after the letter's date to
        the end of its academic year (read once per school and date when ``memo`` is
        given). A date back above a line is '' when the pupil is not below it, and 'not
        this school year' when the sessions left are too few.
        """
        key = ("foresight_sessions", pupil.company_id.id, date)
        if memo is None or key not in memo:
            (school,) = pupil._school_contexts(date)
            sessions = school.future_sessions()
            if memo is None:
                memo = {}
            memo[key] = sessions
        lines = {
            line["line"]: line
            for line in foresight.line_distances(figures["present"], figures["possible"], memo[key])
        }
        values = {}
        for key_line in ("90", "96"):
            line = lines[key_line]
            values["absences_to_" + key_line] = line["absences"]
            back = ""
            if line["below"]:
                back = format_date(line["back_above_on"]) or _("not this school year")
            values["date_back_above_" + key_line] = back
        return values

    @api.model
    def _signer_values(self, template, pupil, owner=None, memo=None):
        """``{"signatory", "signatory_role"}``: the named person who signs the letter.

        In order: the template's named signatory; the holder of the role it
        names (e.g. Headteacher, Pupil Support Lead) in the school's Named
        Professionals; ``owner`` (the owner of the case the letter comes
        from, see ``_source_owner``); the school's headteacher; the
        member of staff creating it. Never the system user who runs the
        nightly escalation ("Administrator"): then the role alone is printed.
        ``memo`` (a dict) keeps what a batch already looked up.
        """
        key = ("signer", template.id, pupil.company_id.id, pupil.group_id.year_group, owner.id)
        if memo is not None and key in memo:
            return memo[key]
        company = pupil.company_id
        roles = self.env["school.staff.role"].sudo()  # sudo: who holds a role is printed
        by_label = {label.lower(): key for key, label in STAFF_ROLES}
        template_role = by_label.get((template.signatory_role or "").strip().lower())
        year_group = pupil.group_id.year_group
        role_label = template.signatory_role or ""
        user = template.signatory_id
        if not user and template_role:
            user = roles.find_user(template_role, company, year_group)
        if not user and owner:
            user = owner
            held = roles.search(
                [("user_id", "=", owner.id), ("company_id", "=", company.id)], limit=1
            )
            role_label = dict(STAFF_ROLES)[held.role] if held else role_label
        if not user:
            user = roles.find_user("headteacher", company)
            role_label = dict(STAFF_ROLES)["headteacher"] if user else role_label
        if not user and self.env.uid != SUPERUSER_ID:
            user = self.env.user
        result = {
            # sudo: the signer is printed on the letter; the user printing it may not
            # read a colleague of another school (a trust's head, a moved officer).
            "signatory": user.sudo().name or "" if user else "",
            "signatory_role": role_label,
        }
        if memo is not None:
            memo[key] = result
        return result

    @api.model
    def _prepare_letter_vals(
        self,
        template,
        pupil,
        partner,
        date,
        channel,
        figures,
        overrides,
        res_model,
        res_id,
        extra_html=None,
        memo=None,
        owner=None,
    ):
        values = self._prepare_values(
            template, pupil, partner, date, figures, overrides, memo, owner
        )
        subject, body = template.render(values)
        if extra_html:
            body += extra_html
        frozen = dict(
            figures,
            values=values,
            recipient=partner.name or "",
            address=self._address_lines(partner),
            email=partner.email or "",
        )
        return {
            "template_id": template.id,
            "pupil_id": pupil.id,
            "group_id": pupil.group_id.id,
            "partner_id": partner.id,
            "date": date,
            "date_from": figures.get("date_from") or False,
            "date_to": figures.get("date_to"),
            "channel": channel,
            "subject": subject,
            "body_html": body,
            "figures": json.dumps(frozen, sort_keys=True),
            "company_id": pupil.company_id.id,
            "postcode": partner.zip or False,
            "res_model": res_model or False,
            "res_id": res_id or False,
        }

    def get_stale_drafts(self):
        """The draft letters dated before today: their date and figures are old."""
        today = fields.Date.context_today(self)
        return self.filtered(lambda letter: letter.state == "draft" and letter.date < today)

    def refresh_drafts(self):
        """Date the draft letters today and render them again with today's figures.

        A draft only: a printed or sent letter never changes (a UserError
        names them and nothing is refreshed). The wording, recipient and
        source stay; the figures run to today when they ran to the letter's
        date (a certificate's fixed period is kept), and the values the source
        document gives (a notice's dates) are read from it again.
        """
        done = self.filtered(lambda letter: letter.state != "draft")
        if done:
            raise UserError(
                _(
                    "Only draft letters can be refreshed: %s was printed or sent and "
                    "shows what went out. Create a new letter instead."
                )
                % ", ".join(done.mapped("name"))
            )
        today = fields.Date.context_today(self)
        memo = {}
        # An internal note, sent to nobody: staff without an email address refresh
        # letters too (message_post would ask for a sender).
        user = self.env.user
        email_from = formataddr((user.name, user.email)) if user.email else False
        for letter in self:
            vals = letter._refreshed_vals(today, memo)
            letter.with_context(tracking_disable=True)._server_write(vals)
            letter.message_post(
                body=_("Refreshed: dated %s with the figures as at that day.") % format_date(today),
                subtype="mail.mt_note",
                email_from=email_from,
            )
        return True

    def _refreshed_vals(self, today, memo):
        self.ensure_one()
        template, pupil = self.template_id, self.pupil_id
        date_to = today if (not self.date_to or self.date_to == self.date) else self.date_to
        figures = self._collect_figures(
            pupil, today, self.date_from, date_to, with_sessions=template.layout == "register"
        )[pupil.id]
        source = (
            self.env[self.res_model].browse(self.res_id).exists()
            if self.res_model in self.env and self.res_id
            else None
        )
        values, extra_html = {}, None
        if source is not None and hasattr(source, "_letter_values"):
            values, extra_html = source._letter_values(), source._letter_extra_html() or None
        vals = self._prepare_letter_vals(
            template,
            pupil,
            self.partner_id,
            today,
            self.channel,
            figures,
            values,
            self.res_model,
            self.res_id,
            extra_html,
            memo,
            self._source_owner(self.res_model, self.res_id),
        )
        keep = ("date", "date_from", "date_to", "subject", "body_html", "figures", "postcode")
        return {name: vals[name] for name in keep}

    @staticmethod
    def _address_lines(partner):
        """Postal address of ``partner`` without the name, one line per element."""
        lines = [partner.street, partner.street2, partner.city, partner.state_id.name, partner.zip]
        if partner.country_id and partner.country_id.code != "GB":
            lines.append(partner.country_id.name)
        return [line for line in lines if line]

    # ------------------------------------------------------------------
    # Business methods: reading, printing, sending
    # ------------------------------------------------------------------
    def get_figures(self):
        """The frozen figures, address and values of the letter (a dict)."""
        self.ensure_one()
        return json.loads(self.figures or "{}")

    def sorted_postal(self):
        """The letters in postal order: by postcode, recipient, pupil."""
        return self.sorted(
            lambda letter: (
                postcode_key(letter.postcode),
                letter.partner_id.name or "",
                letter.pupil_id.name or "",
                letter.id,
            )
        )

    def get_marker_url(self, base_url=None):
        """The URL of the letter in the back office, linked from its first page.

        ``base_url``: the server's address, read once for a whole batch.
        """
        self.ensure_one()
        if base_url is None:
            base_url = self.get_base_url()
        return "%s/web#id=%d&model=school.letter&view_type=form" % (base_url, self.id)

    def get_base_url(self):
        """The server's address (``web.base.url``), as the letters link to it."""
        # sudo: a system parameter, read for the link printed on the letter
        return self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""

    def render_pdf(self):
        """One PDF of all the letters, in the order of ``self``: one wkhtmltopdf run."""
        if not self:
            raise UserError(_("There is no letter to print."))
        report = self.env.ref("school_letters.action_report_school_letter")
        content, content_type = report.render_qweb_pdf(self.ids)
        if content_type != "pdf":
            raise UserError(_("The letters could not be rendered to PDF (%s).") % content_type)
        return content

    def print_letters(self):
        """Render the letters in postal order into one PDF; log and attach each.

        One wkhtmltopdf run for the whole batch; the PDF is then split into
        one attachment per letter. Draft letters become printed. Returns the
        batch PDF (bytes).
        """
        letters = self.sorted_postal()
        pdf = letters.render_pdf()
        letters._attach_pdfs(pdf)
        now = fields.Datetime.now()
        # One write per state and print count (one for a new batch): a write
        # per letter would re-read the whole batch after each one. Each print
        # is noted on the pupil (below), not tracked again on every letter.
        groups = {}
        for letter in letters:
            groups.setdefault((letter.state, letter.print_count), []).append(letter.id)
        untracked = self.with_context(tracking_disable=True)
        for (state, count), ids in groups.items():
            vals = {"print_count": count + 1, "date_sent": now, "sent_by_id": self.env.uid}
            if state == "draft":
                vals["state"] = "printed"
            untracked.browse(ids)._server_write(vals)
        letters._log_on_pupils(_("printed"))
        return pdf

    def send_email(self):
        """Email each letter to its recipient with its PDF attached (mail.template).

        All or nothing: letters that are not by email or whose recipient has
        no email address stop the whole batch with a message listing them.
        """
        wrong = self.filtered(
            lambda letter: letter.channel != "email" or not letter.partner_id.email
        )
        if wrong:
            raise UserError(
                _("These letters cannot be emailed (not by email, or no email address): %s.")
                % ", ".join("%s (%s)" % (letter.name, letter.partner_id.name) for letter in wrong)
            )
        letters = self.sorted_postal()
        missing = letters.filtered(lambda letter: not letter.attachment_id)
        if missing:
            missing._attach_pdfs(missing.render_pdf())
        mail_template = self.env.ref("school_letters.mail_template_school_letter")
        now = fields.Datetime.now()
        for letter_id, attachment_id in [(x.id, x.attachment_id.id) for x in letters]:
            mail_template.send_mail(letter_id, email_values={"attachment_ids": [attachment_id]})
        letters.with_context(tracking_disable=True)._server_write(
            {"state": "sent", "date_sent": now, "sent_by_id": self.env.uid}
        )
        letters._log_on_pupils(_("emailed"))
        return True

    def _attach_pdfs(self, pdf):
        """Split the batch ``pdf`` (letters of ``self`` in order) and attach each part."""
        parts = self._split_pdf(pdf)
        attachment_model = self.env["ir.attachment"]
        # Each letter on its own: the writes below invalidate the cache, and a
        # record of the batch would then re-read every letter of it each time.
        untracked = self.with_context(tracking_disable=True)
        for letter in [untracked.browse(letter_id) for letter_id in self.ids]:
            content = parts.get(letter.id)
            if content is None:
                # Should not happen: every letter's first page carries its marker.
                _logger.warning(
                    "Letter %s not found in the batch PDF; rendered alone.", letter.name
                )
                content = letter.render_pdf()
            vals = {
                "name": "%s.pdf" % letter.name.replace("/", "-"),
                "datas_fname": "%s.pdf" % letter.name.replace("/", "-"),
                "datas": base64.b64encode(content),
                "res_model": self._name,
                "res_id": letter.id,
                "mimetype": "application/pdf",
            }
            if letter.attachment_id:
                letter.attachment_id.write(vals)
            else:
                letter._server_write({"attachment_id": attachment_model.create(vals).id})

    @api.model
    def _split_pdf(self, pdf):
        """``{letter_id: pdf bytes}``: the pages of each letter of a batch PDF.

        A letter starts on the page holding the link to its record
        (``get_marker_url``) and runs to the page before the next one.
        """
        from PyPDF2 import PdfFileReader, PdfFileWriter

        reader = PdfFileReader(io.BytesIO(pdf))
        starts = []
        for index in range(reader.getNumPages()):
            annots = reader.getPage(index).get("/Annots")
            for annot in annots.getObject() if annots else []:
                action = annot.getObject().get("/A") or {}
                match = _MARKER.search(str(action.get("/URI") or ""))
                if match:
                    starts.append((index, int(match.group(1))))
                    break
        parts = {}
        for position, (start, letter_id) in enumerate(starts):
            end = starts[position + 1][0] if position + 1 < len(starts) else reader.getNumPages()
            writer = PdfFileWriter()
            for index in range(start, end):
                writer.addPage(reader.getPage(index))
            stream = io.BytesIO()
            writer.write(stream)
            parts[letter_id] = stream.getvalue()
        return parts

    def _log_on_pupils(self, verb):
        """A note on each pupil's chatter: the letter's chronology."""
        # Read first, post after: each post invalidates the cache.
        notes = [
            (
                letter.pupil_id.id,
                _("Letter %s (%s) %s to %s.")
                % (
                    html_escape(letter.name),
                    html_escape(letter.template_id.name),
                    verb,
                    html_escape(letter.partner_id.name),
                ),
            )
            for letter in self
        ]
        pupil_model = self.env["school.pupil"]
        # An internal note, sent to nobody: staff without an email address
        # may print letters too (message_post would ask for a sender).
        user = self.env.user
        email_from = formataddr((user.name, user.email)) if user.email else False
        for pupil_id, body in notes:
            pupil_model.browse(pupil_id).message_post(
                body=body, subtype="mail.mt_note", email_from=email_from
            )

    # ------------------------------------------------------------------
    # Helpers for the report
    # ------------------------------------------------------------------
    def get_school(self):
        """The letter's school, browsed alone: its address and logo are its
        partner's, and reading them through the letter would read every
        recipient of the batch (and their images) with them."""
        self.ensure_one()
        return self.env["res.company"].browse(self.company_id.id)

    def get_session_days(self):
        """Day rows of the frozen sessions (registration certificate), see ``session_days``."""
        self.ensure_one()
        return session_days(self.get_figures().get("sessions") or [])
