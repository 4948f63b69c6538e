import datetime

from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.addons.school_attendance.rules.report import format_date
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html_escape


class SchoolStatutoryDocument(models.AbstractModel):
    """A statutory step about one pupil's absence: the fields and checks every step shares.

    Notices to improve and penalty notices (``school.statutory.notice``, served on
    one parent) and prosecution referrals (about the parents named) all concern
    one pupil of one school, are handled by an officer, may belong to the pupil's
    attendance case, and rest on sessions of the pupil's register (``mark_ids``,
    with ``evidence_note`` saying which sessions count and which were set aside).
    Each concrete model sets its states (with ``draft`` first) and
    ``_document_label``, and gives the parents concerned (:meth:`_document_partners`).
    """

    _name = "school.statutory.document"
    _description = "Statutory Document about a Pupil"
    _inherit = ["school.frozen.mixin", "mail.thread", "mail.activity.mixin"]
    #: What the document is called in messages ("notice to improve", ...).
    _document_label = "statutory document"
    #: Whether the checklist asks for a registration certificate (the register as evidence).
    _needs_registration_certificate = False

    pupil_id = fields.Many2one(
        "school.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Child whose absence the document is about.",
    )
    case_id = fields.Many2one(
        "school.attendance.case",
        string="Attendance Case",
        index=True,
        ondelete="set null",
        domain="[('pupil_id', '=', pupil_id)]",
        help="Attendance case of the pupil this document belongs to (optional).",
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
    user_id = fields.Many2one(
        "res.users",
        string="Officer",
        default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Authorised officer responsible for the document.",
    )
    mark_ids = fields.Many2many(
        "school.attendance.mark",
        string="Sessions",
        readonly=True,
        states={"draft": [("readonly", False)]},
        groups="school_attendance.group_attendance_officer",
        help="The sessions of unauthorised absence the document rests on; frozen when issued.",
    )
    session_count = fields.Integer(
        string="Session Count",
        compute="_compute_session_count",
        store=True,
        help="Number of sessions the document rests on.",
    )
    evidence_note = fields.Text(
        string="Which Sessions Count",
        readonly=True,
        copy=False,
        groups="school_attendance.group_attendance_officer",
        help="Written when proposed: the sessions counted, and those set aside "
        "(already used for a notice to this parent, outside the improvement period, "
        "or an N mark still too recent to count) with the reason.",
    )

    issue_checklist = fields.Html(
        string="Ready to Issue?",
        compute="_compute_issue_checklist",
        sanitize=False,
        groups="school_attendance.group_attendance_officer",
        help="What the school checks before a notice or a referral for prosecution: each "
        "point done, or what is missing with a link to put it right.",
    )

    @api.depends("mark_ids")
    def _compute_session_count(self):
        # sudo: the count is shown to finance, who may not read the marks
        for document in self:
            document.session_count = len(document.sudo().mark_ids)

    @api.constrains("mark_ids", "pupil_id")
    def _check_marks_of_pupil(self):
        # sudo: the check must see every chosen mark, also one the user cannot read.
        for document in self.sudo():
            if document.mark_ids.filtered(lambda m, p=document.pupil_id: m.pupil_id != p):
                raise ValidationError(
                    _("The sessions of a %s must be %s's own marks.")
                    % (_(document._document_label), document.pupil_id.name)
                )

    # ------------------------------------------------------------------
    # Ready to issue? (a checklist the product checks itself)
    # ------------------------------------------------------------------
    def _compute_issue_checklist(self):
        for document in self:
            items = document._issue_checklist() if document.pupil_id else []
            document.issue_checklist = document._checklist_html(items)

    def get_issue_checklist(self):
        """The points checked before issuing the document, for officers (RPC-callable).

        Returns a list of dicts: ``key``, ``label``, ``ok`` (bool), ``detail`` (what was
        found, in a sentence) and, for a gap, ``fix_model`` with ``fix_res_id`` (a record
        to open) or ``fix_domain`` (a list to open), where the officer puts it right.
        """
        self.ensure_one()
        return self._issue_checklist()

    def _issue_checklist(self):
        """The checklist's points; each concrete document adds its own (call super)."""
        self.ensure_one()
        date_from, date_to = self._checklist_period()
        return [
            self._check_item_support(),
            self._check_item_unresolved_n(date_from, date_to),
            self._check_item_amendments(date_from, date_to),
        ]

    def _checklist_period(self):
        """(first, last day) of the sessions the document rests on; the 10 school weeks
        (70 days) to today when it rests on none yet."""
        # sudo: the period of the document's own sessions, whoever looks at the checklist.
        dates = [to_date(d) for d in self.sudo().mark_ids.mapped("date")]
        if dates:
            return min(dates), max(dates)
        today = to_date(fields.Date.context_today(self))
        return today - datetime.timedelta(days=70), today

    def _check_item_support(self):
        case = self.case_id
        supports = []
        if case:
            if case.contract_ids:
                supports.append(_("%s attendance contract(s) or plan(s)") % len(case.contract_ids))
            if case.referral_ids:
                supports.append(_("%s referral(s)") % len(case.referral_ids))
        item = {"key": "support", "label": _("Support offered and recorded")}
        if supports:
            item.update(ok=True, detail=_("On the attendance case: %s.") % ", ".join(supports))
        elif case:
            item.update(
                ok=False,
                detail=_(
                    "The attendance case records no contract, action plan or referral: "
                    "offer support and record it on the case first."
                ),
                fix_model="school.attendance.case",
                fix_res_id=case.id,
            )
        else:
            item.update(
                ok=False,
                detail=_(
                    "The %s belongs to no attendance case, so no support is recorded: link "
                    "it to the pupil's case, or open one."
                )
                % _(self._document_label),
                fix_model="school.pupil",
                fix_res_id=self.pupil_id.id,
            )
        return item

    def _check_item_unresolved_n(self, date_from, date_to):
        domain = [
            ("pupil_id", "=", self.pupil_id.id),
            ("date", ">=", fields.Date.to_string(date_from)),
            ("date", "<=", fields.Date.to_string(date_to)),
            ("code_id.code", "=", "N"),
        ]
        # sudo: counted for the checklist whatever the viewer's rights on marks.
        n_marks = self.env["school.attendance.mark"].sudo().search(domain)
        item = {"key": "unresolved_n", "label": _("No N (reason not yet provided) left")}
        period = {"from": format_date(date_from), "to": format_date(date_to)}
        if not n_marks:
            item.update(ok=True, detail=_("No N mark from %(from)s to %(to)s.") % period)
        else:
            period["sessions"] = ", ".join(n_marks.mapped("session_id.name"))
            item.update(
                ok=False,
                detail=_(
                    "N marks from %(from)s to %(to)s still wait for a reason: %(sessions)s. "
                    "Find out why and replace each N with the right code."
                )
                % period,
                fix_model="school.attendance.mark",
                fix_domain=domain,
                fix_res_id=n_marks[0].id,
            )
        return item

    def _check_item_amendments(self, date_from, date_to):
        domain = [
            ("pupil_id", "=", self.pupil_id.id),
            ("session_id.date", ">=", fields.Date.to_string(date_from)),
            ("session_id.date", "<=", fields.Date.to_string(date_to)),
        ]
        # sudo: amendments are read by officers; counted here for the checklist.
        amendments = self.env["school.attendance.amendment"].sudo().search(domain)
        unexplained = amendments.filtered(lambda a: len((a.reason or "").strip()) < 10)
        item = {"key": "amendments", "label": _("Amendments in the period explained")}
        if not amendments:
            item.update(ok=True, detail=_("No mark of the period was amended."))
        elif not unexplained:
            item.update(
                ok=True,
                detail=_("%s amendment(s) in the period, each with its reason.") % len(amendments),
            )
        else:
            item.update(
                ok=False,
                detail=_(
                    "%s amendment(s) in the period have no real reason (under 10 characters): "
                    "a court will ask why the register changed."
                )
                % len(unexplained),
                fix_model="school.attendance.amendment",
                fix_domain=[("id", "in", unexplained.ids)],
                fix_res_id=unexplained[0].id,
            )
        return item

    def _check_item_parents(self, covered, what):
        """Every parent in law of the pupil is among ``covered`` (partners)."""
        parents = self.pupil_id._penalty_parent_contacts().mapped("partner_id")
        missing = parents - covered
        item = {"key": "parents", "label": _("Every parent with responsibility or care")}
        if not missing:
            item.update(
                ok=True,
                detail=_("%(what)s: %(names)s.")
                % {"what": what, "names": ", ".join(parents.mapped("name"))},
            )
        else:
            item.update(
                ok=False,
                detail=_(
                    "%(what)s: %(missing)s not included. Each parent with parental "
                    "responsibility or care of the child (s576) needs their own."
                )
                % {"what": what, "missing": ", ".join(missing.mapped("name"))},
                fix_model="school.pupil",
                fix_res_id=self.pupil_id.id,
            )
        return item

    @api.model
    def _checklist_html(self, items):
        if not items:
            return False
        rows = []
        for item in items:
            status = _("Done") if item["ok"] else _("Missing")
            link = ""
            if item.get("fix_res_id"):
                link = ' <a href="/web#model=%s&amp;id=%d&amp;view_type=form">%s</a>' % (
                    html_escape(item["fix_model"]),
                    item["fix_res_id"],
                    html_escape(_("Put it right")),
                )
            rows.append(
                '<li class="%s"><strong>%s: %s.</strong> %s%s</li>'
                % (
                    "text-success" if item["ok"] else "text-danger",
                    html_escape(status),
                    html_escape(item["label"]),
                    html_escape(item["detail"]),
                    link,
                )
            )
        return '<ul class="list-unstyled o_school_issue_checklist">%s</ul>' % "".join(rows)

    def _check_document_partners(self):
        """Each parent concerned must be a parent in law of the pupil (the models' constraint)."""
        for document in self:
            for partner in document._document_partners():
                document.pupil_id._check_penalty_parent(partner)

    def unlink(self):
        # Who may not delete at all is told so first (AccessError), whatever the state.
        self.check_access_rights("unlink")
        if self.filtered(lambda d: d.state != "draft"):
            raise UserError(
                _("A %s that was issued or sent cannot be deleted.") % _(self._document_label)
            )
        return super(SchoolStatutoryDocument, self).unlink()

    def _document_partners(self):
        """The parents the document concerns (each must be a parent in law of the pupil)."""
        raise NotImplementedError

    def _check_state(self, *states):
        """Raise unless every document is in one of ``states``."""
        wrong = self.filtered(lambda d: d.state not in states)
        if wrong:
            labels = dict(self._fields["state"].selection)
            raise UserError(
                _("This can only be done to a %s that is %s (%s is %s).")
                % (
                    _(self._document_label),
                    " / ".join(_(labels[s]) for s in states),
                    wrong[0].display_name,
                    _(labels[wrong[0].state]),
                )
            )
