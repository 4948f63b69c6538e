import base64
import csv
import datetime
import io

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..dates import to_date, to_string
from ..rules import registration
from .school_pupil import LEAVING_GROUNDS

RETURN_KINDS = [
    ("new_pupil", "New pupil"),
    ("deletion", "Deletion from the admission register"),
    ("absence", "Absent without permission for 10 school days"),
    ("long_absence", "Likely to be away 15 school days or more"),
]
RETURN_STATES = [("due", "Due"), ("sent", "Sent"), ("cancelled", "Cancelled")]
CSV_COLUMNS = [
    "return",
    "school",
    "urn",
    "upn",
    "surname",
    "forename",
    "date_of_birth",
    "gender",
    "year_group",
    "date_admitted",
    "date_left",
    "leaving_ground",
    "first_day",
    "last_day",
    "school_days",
    "due",
    "state",
    "sent_by",
    "sent_at",
    "note",
]


class SchoolLaReturn(models.Model):
    """A return to the local authority (regulation 13, 2024 regulations).

    New pupil returns and deletion returns are made when a pupil is added to
    or deleted from the admission register (``school.pupil``); absence returns
    by the daily job (:meth:`_cron_la_returns`); the long absence notice (seed
    002) by the officer. The officer sends them from one list, as CSV or as a
    letter to the local authority, and marks them sent.
    """

    _name = "school.la.return"
    _description = "Return to the Local Authority"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, due_date, id"

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Kind of return and pupil.",
    )
    kind = fields.Selection(
        RETURN_KINDS,
        required=True,
        readonly=True,
        states={"due": [("readonly", False)]},
        help="New pupil: within 5 school days of the admission. Deletion: when the "
        "pupil's name is deleted, with the ground. Absence: pupils absent without "
        "permission for 10 school days in a row. Long absence: a pupil likely to be "
        "away 15 school days or more (e.g. illness).",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        states={"due": [("readonly", False)]},
        help="Pupil the return is about (a pupil deleted as entered by mistake takes "
        "their returns with them).",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School making the return: the pupil's.",
    )
    date_event = fields.Date(
        string="From",
        required=True,
        readonly=True,
        states={"due": [("readonly", False)]},
        help="Admission date (new pupil), leaving date (deletion), first day of the "
        "absence (absence), or first day the pupil is expected to be away (long absence).",
    )
    date_event_end = fields.Date(
        string="To",
        readonly=True,
        states={"due": [("readonly", False)]},
        help="Last day of the absence found (absence) or expected (long absence).",
    )
    school_days = fields.Integer(
        readonly=True,
        help="School days of the absence when the return was made.",
    )
    leaving_ground = fields.Selection(
        LEAVING_GROUNDS,
        readonly=True,
        help="Regulation 9 ground of a deletion.",
    )
    due_date = fields.Date(
        string="Due",
        required=True,
        index=True,
        readonly=True,
        track_visibility="onchange",
        help="Day by which the return must reach the local authority, counted in the "
        "school's days (see the README).",
    )
    state = fields.Selection(
        RETURN_STATES,
        required=True,
        default="due",
        readonly=True,
        index=True,
        track_visibility="onchange",
        help="Due: still to send. Sent: the local authority has it. Cancelled: not needed.",
    )
    sent_by = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Who sent the return.",
    )
    sent_at = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the return was marked sent.",
    )
    note = fields.Text(help="What the local authority should know (e.g. the new school).")
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Still due after its due date.",
    )
    has_reminder = fields.Boolean(
        readonly=True,
        copy=False,
        help="The daily job scheduled the officer's activity for this return.",
    )

    _sql_constraints = [
        (
            "kind_pupil_date_uniq",
            "unique(kind, pupil_id, date_event)",
            "This pupil already has this return for that day.",
        ),
    ]

    @api.depends("kind", "pupil_id.name")
    def _compute_name(self):
        labels = dict(RETURN_KINDS)
        for record in self:
            record.name = "%s - %s" % (labels.get(record.kind, ""), record.pupil_id.name or "")

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_overdue = record.state == "due" and record.due_date < today

    def _search_is_overdue(self, operator, value):
        domain = [("state", "=", "due"), ("due_date", "<", fields.Date.context_today(self))]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&"] + domain

    @api.constrains("kind", "date_event", "date_event_end")
    def _check_long_absence(self):
        for record in self.filtered(lambda r: r.kind == "long_absence"):
            if not record.date_event_end or record.date_event_end < record.date_event:
                raise ValidationError(
                    _(
                        "Give the days %s is expected to be away: the last day must be on "
                        "or after the first."
                    )
                    % record.pupil_id.name
                )
            days = record._school_days(record.date_event, record.date_event_end)
            if days < registration.LONG_ABSENCE_MIN_DAYS:
                raise ValidationError(
                    _(
                        "%s would be away %d school day(s) from %s to %s: the local "
                        "authority is told of absences of %d school days or more."
                    )
                    % (
                        record.pupil_id.name,
                        days,
                        record.date_event,
                        record.date_event_end,
                        registration.LONG_ABSENCE_MIN_DAYS,
                    )
                )

    @api.model
    def create(self, vals):
        vals = dict(vals)
        pupil = self.env["school.pupil"].browse(vals.get("pupil_id"))
        vals["company_id"] = pupil.company_id.id
        if not vals.get("due_date"):
            vals["due_date"] = self._due_date(vals.get("kind"), pupil, vals.get("date_event"))
        record = super(SchoolLaReturn, self).create(vals)
        if record.kind == "long_absence":
            record.school_days = record._school_days(record.date_event, record.date_event_end)
        return record

    def unlink(self):
        if self.filtered(lambda r: r.state == "sent"):
            raise UserError(_("A return sent to the local authority is a record: it stays."))
        return super(SchoolLaReturn, self).unlink()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_mark_sent(self):
        """The returns reached the local authority: record who sent them and when."""
        not_due = self.filtered(lambda r: r.state != "due")
        if not_due:
            raise UserError(
                _("Only due returns can be marked sent: %s.") % ", ".join(not_due.mapped("name"))
            )
        self.write({"state": "sent", "sent_by": self.env.uid, "sent_at": fields.Datetime.now()})
        self._close_reminders()
        return True

    def action_cancel(self):
        """Not needed after all (e.g. an admission entered by mistake)."""
        if self.filtered(lambda r: r.state == "sent"):
            raise UserError(_("A return already sent cannot be cancelled."))
        self.write({"state": "cancelled"})
        self._close_reminders()
        return True

    def action_reset_due(self):
        self.filtered(lambda r: r.state == "cancelled").write({"state": "due"})
        return True

    def action_export_csv(self):
        """Download the selected returns as one CSV file for the local authority."""
        if not self:
            raise UserError(_("Select the returns to export."))
        content = self.csv_text()
        filename = "la_returns_%s.csv" % fields.Date.context_today(self)
        # The file lists pupils: it is bound to a return (read by the school's
        # officers only), never to the school, which every user of it may read.
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "datas_fname": filename,
                "datas": base64.b64encode(content.encode("utf-8")),
                "mimetype": "text/csv",
                "res_model": self._name,
                "res_id": self[0].id,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%d?download=true" % attachment.id,
            "target": "self",
        }

    def action_print_letter(self):
        """The letter to the local authority listing the selected returns."""
        if not self:
            raise UserError(_("Select the returns to print."))
        if len(self.mapped("company_id")) > 1:
            raise UserError(_("Print the returns of one school at a time."))
        return self.env.ref("school_attendance.action_report_la_return").report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def csv_text(self):
        """The returns as CSV text, one row each (columns: ``CSV_COLUMNS``)."""
        kinds = dict(RETURN_KINDS)
        states = dict(RETURN_STATES)
        grounds = dict(LEAVING_GROUNDS)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        for record in self:
            pupil = record.pupil_id
            writer.writerow(
                {
                    "return": kinds[record.kind],
                    "school": record.company_id.name,
                    "urn": record.company_id.urn or "",
                    "upn": pupil.upn or "",
                    "surname": pupil.last_name,
                    "forename": pupil.first_name,
                    "date_of_birth": pupil.date_of_birth or "",
                    "gender": pupil.gender or "",
                    "year_group": pupil.year_group or "",
                    "date_admitted": pupil.date_admitted or "",
                    "date_left": pupil.date_left or "",
                    "leaving_ground": grounds.get(record.leaving_ground, ""),
                    "first_day": record.date_event,
                    "last_day": record.date_event_end or "",
                    "school_days": record.school_days or "",
                    "due": record.due_date,
                    "state": states[record.state],
                    # sudo: only the sender's name is printed; the reader may not read
                    # that user (a colleague since moved to another school, the demo's
                    # administrator), which was a bare "security restrictions" error.
                    "sent_by": record.sudo().sent_by.name or "",
                    "sent_at": record.sent_at or "",
                    "note": record.note or "",
                }
            )
        return buffer.getvalue()

    @api.model
    def _due_date(self, kind, pupil, date_event):
        """Due date ('YYYY-MM-DD') of a return of ``kind`` about ``pupil``.

        New pupil: the 5th school day after the admission. Deletion: the leaving
        day (the return is made no later than the deletion). Absence: the school's
        agreed number of school days after the 10th day absent (``date_event`` is
        then that 10th day). Long absence: today, as soon as it is known.
        """
        company = pupil.company_id
        sessions = self.env["school.session"]
        if kind == "new_pupil":
            due = sessions.get_school_day_after(
                date_event, registration.NEW_PUPIL_RETURN_SCHOOL_DAYS, company
            )
        elif kind == "absence":
            due = sessions.get_school_day_after(
                date_event, company.la_absence_return_school_days, company
            )
        elif kind == "long_absence":
            due = fields.Date.context_today(self)
        else:
            due = date_event
        return to_string(due)

    def _school_days(self, date_from, date_to):
        """School days (days with a session) of the pupil's school between two dates."""
        self.ensure_one()
        sessions = self.env["school.session"].get_sessions(
            date_from, date_to, company=self.pupil_id.company_id
        )
        return len(set(sessions.mapped("date")))

    @api.model
    def _create_new_pupil_returns(self, pupils):
        """The new pupil returns of ``pupils`` just added to the admission register.

        None for a pupil starting in the school's youngest year on the first day
        of the school year, unless the local authority asks for those too.
        """
        created = self.browse()
        for pupil in pupils:
            if pupil._starts_youngest_year() and not pupil.company_id.la_youngest_year_returns:
                continue
            created |= self.create(
                {"kind": "new_pupil", "pupil_id": pupil.id, "date_event": pupil.date_admitted}
            )
        return created

    @api.model
    def _create_deletion_returns(self, pupils):
        """The deletion returns of ``pupils`` whose name is deleted, when the ground needs
        one. A later correction of the ground or date updates the pupil's deletion return
        not yet sent (cancelled when the new ground needs none); one already sent gets a
        note in its history that the local authority must be told."""
        created = self.browse()
        for pupil in pupils:
            wanted = pupil.company_id.la_transition_deletion_returns
            due = registration.deletion_return_due(pupil.leaving_ground, wanted)
            known = self.search(
                [("kind", "=", "deletion"), ("pupil_id", "=", pupil.id)], order="id desc", limit=1
            )
            vals = {"date_event": pupil.date_left, "leaving_ground": pupil.leaving_ground}
            if known.state == "sent":
                known.message_post(
                    body=_("Leaving corrected after this return was sent: %s on %s. Tell the LA.")
                    % (dict(LEAVING_GROUNDS)[pupil.leaving_ground], pupil.date_left)
                )
            elif known and not due:
                known.filtered(lambda r: r.state == "due").action_cancel()
            elif known:
                known.write(dict(vals, due_date=pupil.date_left, state="due"))
            elif due:
                created |= self.create(dict(vals, kind="deletion", pupil_id=pupil.id))
        return created

    @api.model
    def _create_absence_returns(self, company, today):
        """Absence returns for the pupils of ``company`` whose absence without permission
        reached 10 school days in a row by ``today``; one per continuous absence."""
        today = to_date(today)
        pupils = self._absence_candidates(company, today)
        if not pupils:
            return self.browse()
        code_model = self.env["school.attendance.code"].with_context(active_test=False)
        counted = set(code_model.search([("counts_as_possible", "=", True)]).mapped("code"))
        codes = code_model.get_code_names()
        # A continuous absence older than a year is long past its return.
        date_from = to_string(today - datetime.timedelta(days=366))
        marks = self.env["school.attendance.mark"].search_read(
            [
                ("pupil_id", "in", pupils.ids),
                ("date", ">=", date_from),
                ("date", "<=", to_string(today)),
                ("code_id", "!=", False),
            ],
            ["pupil_id", "date", "code_id"],
            order="date",
        )
        days_by_pupil = {}
        for mark in marks:
            days = days_by_pupil.setdefault(mark["pupil_id"][0], {})
            days.setdefault(mark["date"], []).append(codes[mark["code_id"][0]])
        created = self.browse()
        for pupil in pupils:
            days = sorted(days_by_pupil.get(pupil.id, {}).items())
            for first, tenth, last, count in registration.continuous_absences(days, counted):
                known = [
                    ("kind", "=", "absence"),
                    ("pupil_id", "=", pupil.id),
                    ("date_event", "=", first),
                ]
                if self.search_count(known):
                    continue
                created |= self.create(
                    {
                        "kind": "absence",
                        "pupil_id": pupil.id,
                        "date_event": first,
                        "date_event_end": last,
                        "school_days": count,
                        "due_date": self._due_date("absence", pupil, tenth),
                    }
                )
        return created

    @api.model
    def _absence_candidates(self, company, today):
        """Pupils of ``company`` with at least 10 marks of absence without permission in
        the last 20 school days: the only ones whose absence can have reached 10 days."""
        session_dates = sorted(
            set(
                self.env["school.session"]
                .search(
                    [("company_id", "=", company.id), ("date", "<=", to_string(today))],
                    order="date desc",
                    limit=4 * registration.ABSENCE_RETURN_MIN_DAYS,
                )
                .mapped("date")
            )
        )
        if not session_dates:
            return self.env["school.pupil"]
        data = self.env["school.attendance.mark"].read_group(
            [
                ("company_id", "=", company.id),
                ("date", ">=", session_dates[0]),
                ("date", "<=", to_string(today)),
                ("code_id.code", "in", sorted(registration.ABSENT_WITHOUT_PERMISSION_CODES)),
            ],
            ["pupil_id"],
            ["pupil_id"],
        )
        return self.env["school.pupil"].browse(
            [
                row["pupil_id"][0]
                for row in data
                if row["pupil_id_count"] >= registration.ABSENCE_RETURN_MIN_DAYS
            ]
        )

    @api.model
    def _cron_la_returns(self, today=None):
        """Daily job: find new absence returns, and give the officer an activity for
        each due return that has none yet (each return gets one, once)."""
        for company in self.env["res.company"].search([]):
            day = to_date(today) or company.get_school_today()
            self._create_absence_returns(company, day)
        todo = self.search([("state", "=", "due"), ("has_reminder", "=", False)])
        activity_type = self.env.ref("school_attendance.mail_activity_type_la_return")
        for record in todo:
            user = record.company_id._la_returns_user()
            record._activity_schedule_la_return(activity_type, user)
        todo.write({"has_reminder": True})
        return True

    def _activity_schedule_la_return(self, activity_type, user):
        """The officer's to-do: send this return by its due date."""
        self.ensure_one()
        self.env["mail.activity"].create(
            {
                "res_model_id": self.env["ir.model"]._get(self._name).id,
                "res_id": self.id,
                "activity_type_id": activity_type.id,
                "summary": _("Send the return to the local authority: %s") % self.name,
                "date_deadline": self.due_date,
                "user_id": user.id,
            }
        )

    def _close_reminders(self):
        self.mapped("activity_ids").action_feedback(_("Return sent or cancelled."))
