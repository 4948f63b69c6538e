import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..dates import format_date, to_date, to_string
from .school_session import PERIODS

REPORT_STATES = [
    ("new", "To Process"),
    ("confirmed", "Confirmed"),
    ("rejected", "Rejected"),
]
#: Codes a report replaces when the office confirms it: not marked yet, or
#: absent for a reason not yet known (N).
REPLACEABLE_CODES = ("N",)


class SchoolAbsenceReport(models.Model):
    """A parent's report that their child is absent today or on the next school day.

    Until the office confirms it, the absence is unexplained: the register
    shows what the teacher saw (N when the pupil is missing). Confirming
    writes the code the office chooses (I for illness by default) on the
    pupil's marks of those sessions, amending taken registers.
    """

    _name = "school.absence.report"
    _description = "Absence Report from a Parent"
    _inherit = ["school.portal.create.mixin", "mail.thread"]
    _order = "date desc, id desc"

    #: A parent reports these; the office decides the rest (school.portal.create.mixin).
    _portal_create_fields = ("pupil_id", "partner_id", "date", "period", "reason")

    def _default_code(self):
        return self.env["school.attendance.code"].get_code("I")

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: _("New"),
        help="Reference of the report, given when it is saved.",
    )
    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        help="Pupil reported absent.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="pupil_id.company_id",
        store=True,
        readonly=True,
        index=True,
        help="School of the pupil.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Reported By",
        required=True,
        index=True,
        ondelete="restrict",
        default=lambda self: self.env.user.partner_id,
        help="Parent who reported the absence: a contact of the pupil with parental "
        "responsibility.",
    )
    date = fields.Date(
        string="Day of Absence",
        required=True,
        index=True,
        help="Day the pupil will be absent: today or the next school day.",
    )
    period = fields.Selection(
        PERIODS,
        string="Session",
        help="Only this session of the day; empty: the whole day.",
    )
    session_ids = fields.Many2many(
        "school.session",
        string="Sessions",
        compute="_compute_session_ids",
        help="School sessions the report covers.",
    )
    reason = fields.Text(
        required=True,
        help="Reason the parent gives (e.g. the illness); the office decides the code.",
    )
    date_reported = fields.Datetime(
        string="Reported On",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        help="When the parent reported the absence.",
    )
    state = fields.Selection(
        REPORT_STATES,
        string="Status",
        required=True,
        default="new",
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
        help="To Process: the absence is still unexplained. Confirmed: the code is "
        "on the register. Rejected: the office did not accept the reason; the "
        "register keeps its code.",
    )
    code_id = fields.Many2one(
        "school.attendance.code",
        string="Code",
        default=_default_code,
        ondelete="restrict",
        domain=[("counts_as_authorised", "=", True), ("is_retired", "=", False)],
        track_visibility="onchange",
        help="Authorised absence code written on the marks when the report is confirmed "
        "(I: illness, M: medical or dental appointment, ...).",
    )
    mark_ids = fields.Many2many(
        "school.attendance.mark",
        string="Marks",
        readonly=True,
        copy=False,
        help="Marks the confirmation wrote the code on.",
    )
    decided_by = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        help="Member of the office who confirmed or rejected the report.",
    )
    decision_date = fields.Date(
        readonly=True,
        copy=False,
        help="Day the report was confirmed or rejected.",
    )
    rejection_reason = fields.Text(
        copy=False,
        help="Why the reason was not accepted (required to reject).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("date", "period", "company_id")
    def _compute_session_ids(self):
        for report in self:
            report.session_ids = report._get_sessions()

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("pupil_id", "partner_id")
    def _check_partner(self):
        for report in self:
            contact = report._parent_contact()
            if not contact:
                raise ValidationError(
                    _(
                        "%s cannot report an absence of %s: only a contact with "
                        "parental responsibility for the pupil can."
                    )
                    % (report.partner_id.name, report.pupil_id.name)
                )

    @api.constrains("pupil_id", "date", "period")
    def _check_sessions(self):
        for report in self:
            if not report._get_sessions():
                raise ValidationError(
                    _(
                        "There is no school session for %s on %s: report an absence "
                        "for a school day."
                    )
                    % (report.pupil_id.name, format_date(report.date))
                )
            if not report.pupil_id.is_on_roll(report.date):
                raise ValidationError(
                    _("%s is not on the school's roll on %s.")
                    % (report.pupil_id.name, format_date(report.date))
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def create(self, vals):
        vals = dict(vals)
        if not self._is_office():
            self._check_parent_vals(vals)
        if vals.get("name", _("New")) == _("New"):
            # sudo: parents (portal) have no access to sequences; the reference
            # is the one thing taken from it.
            sequence = self.env["ir.sequence"].sudo()
            vals["name"] = sequence.next_by_code("school.absence.report") or _("New")
        return super(SchoolAbsenceReport, self).create(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Accept the reason: write the report's code on the pupil's marks.

        Sessions without a mark get one in advance (it joins the register
        when it is created); marks of registers not yet taken are set
        directly; marks of taken registers are amended with the reason
        "Absence reported by parent: <reference>" (closed registers only by
        a manager, as for any amendment). A session where the pupil was
        marked with another code than N (e.g. present) is left as it is.
        """
        self._check_office()
        self._check_state(_("confirmed"))
        Mark = self.env["school.attendance.mark"]
        for report in self:
            if not report.code_id.counts_as_authorised or report.code_id.is_retired:
                raise UserError(
                    _("%s: choose an authorised absence code (e.g. I for illness) to confirm.")
                    % report.name
                )
            marks = Mark.search(
                [
                    ("pupil_id", "=", report.pupil_id.id),
                    ("session_id", "in", report.session_ids.ids),
                ]
            )
            new_marks = Mark
            for session in report.session_ids - marks.mapped("session_id"):
                new_marks |= Mark.create(
                    {
                        "pupil_id": report.pupil_id.id,
                        "session_id": session.id,
                        "code_id": report.code_id.id,
                    }
                )
            todo = marks.filtered(lambda m: not m.code_id or m.code_id.code in REPLACEABLE_CODES)
            todo.with_context(
                amendment_reason=_("Absence reported by parent: %s") % report.name
            ).write({"code_id": report.code_id.id})
            kept = marks - todo
            if kept:
                report.message_post(
                    body=_("Left as registered: %s.")
                    % ", ".join(
                        "%s (%s)" % (mark.session_id.name, mark.code_id.code) for mark in kept
                    )
                )
            report.write(
                {
                    "state": "confirmed",
                    "mark_ids": [(6, 0, (new_marks | todo).ids)],
                    "decided_by": self.env.uid,
                    "decision_date": fields.Date.context_today(self),
                }
            )
        return True

    def action_reject(self):
        """Do not accept the reason: the register keeps its codes."""
        self._check_office()
        self._check_state(_("rejected"))
        missing = self.filtered(lambda r: not (r.rejection_reason or "").strip())
        if missing:
            raise UserError(
                _("Give the reason for rejecting %s.") % ", ".join(missing.mapped("name"))
            )
        self.write(
            {
                "state": "rejected",
                "decided_by": self.env.uid,
                "decision_date": fields.Date.context_today(self),
            }
        )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def get_reportable_dates(self, pupil, today=None):
        """Days a parent may report for ``pupil``: today and the next school day.

        Only days with a session of the pupil's school count ('YYYY-MM-DD'
        strings, at most two).
        """
        today = to_date(today or fields.Date.context_today(self))
        sessions = self.env["school.session"].get_sessions(
            today, today + datetime.timedelta(days=14), company=pupil.company_id
        )
        days = sorted(set(sessions.mapped("date")))
        result = [day for day in days if day == to_string(today)]
        later = [day for day in days if day > to_string(today)]
        if later:
            result.append(later[0])
        return result

    def _parent_contact(self):
        self.ensure_one()
        return self.pupil_id.contact_ids.filtered(
            lambda c: c.partner_id == self.partner_id and c.has_parental_responsibility
        )

    def _get_sessions(self):
        self.ensure_one()
        Session = self.env["school.session"]
        if not (self.date and self.company_id):
            return Session
        sessions = Session.get_sessions(self.date, self.date, company=self.company_id)
        if self.period:
            sessions = sessions.filtered(lambda s: s.period == self.period)
        return sessions

    @api.model
    def _check_parent_vals(self, vals):
        """A parent reports for themselves, today or the next school day; the office decides."""
        self._check_portal_create_vals(vals)
        partner = vals.get("partner_id") or self.env.user.partner_id.id
        if partner != self.env.user.partner_id.id:
            raise AccessError(_("You can only report an absence in your own name."))
        vals["partner_id"] = partner
        pupil = self.env["school.pupil"].browse(vals.get("pupil_id"))
        if pupil and vals.get("date"):
            allowed = self.get_reportable_dates(pupil)
            if to_string(vals["date"]) not in allowed:
                raise ValidationError(
                    _(
                        "An absence can be reported for today or the next school day "
                        "(%s). For a later absence, request a leave of absence or "
                        "contact the school office."
                    )
                    % (" or ".join(allowed) or _("none this fortnight"))
                )

    def _is_office(self):
        return self.env.user.has_group("school_attendance.group_attendance_officer")

    def _check_office(self):
        if not self._is_office():
            raise AccessError(
                _("Only the school office (attendance officers) can confirm or reject reports.")
            )

    def _check_state(self, target):
        wrong = self.filtered(lambda r: r.state != "new")
        if wrong:
            raise UserError(
                _("%s cannot be %s: it was already processed.")
                % (", ".join(wrong.mapped("name")), target)
            )
