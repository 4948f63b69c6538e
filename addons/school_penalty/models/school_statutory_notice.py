from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.addons.school_attendance.rules import bank_holidays
from odoo.exceptions import ValidationError


class SchoolStatutoryNotice(models.AbstractModel):
    """A statutory notice served on one parent about one pupil.

    Notices to improve and penalty notices: the parent served (a parent in law,
    s576 Education Act 1996), the issue date, how it was delivered and the day
    the parent received it, and the sessions it rests on. The same session never
    supports two notices to the same parent for the same child
    (:meth:`_check_sessions_not_reused`, :meth:`_marks_used_for`). A concrete
    notice sets ``_holding_states`` (the states in which it holds its sessions)
    and implements ``_issue`` (one draft → issued); :meth:`action_issue` is the
    button of them all.
    """

    _name = "school.statutory.notice"
    _description = "Statutory Notice to a Parent"
    _inherit = "school.statutory.document"
    _order = "date_issued desc, id desc"
    #: States in which a notice holds its sessions against other notices.
    _holding_states = ()

    partner_id = fields.Many2one(
        "res.partner",
        string="Parent",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Parent served with the notice: a contact with parental responsibility "
        "or who has care of the child (one notice per parent per child).",
    )
    date_issued = fields.Date(
        string="Issued On",
        readonly=True,
        states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        copy=False,
        help="Day the notice is issued (today when empty on issue).",
    )
    delivery = fields.Selection(
        [("hand", "By hand"), ("post", "By post")],
        required=True,
        default="hand",
        readonly=True,
        states={"draft": [("readonly", False)]},
        help="A notice handed over is received the day it is issued; one "
        "posted, the school's number of working days later.",
    )
    date_received = fields.Date(
        string="Received On",
        readonly=True,
        states={"draft": [("readonly", False)]},
        copy=False,
        help="Day the parent receives the notice. Filled on issue from the delivery when empty.",
    )

    @api.constrains("mark_ids", "partner_id", "state")
    def _check_sessions_not_reused(self):
        # sudo: the other notice to the parent may be one the user cannot read.
        for notice in self.sudo():
            # A draft may not take sessions another notice holds either.
            if notice.state not in notice._live_states() or not notice.mark_ids:
                continue
            for other in notice._other_notices(holding=True):
                shared = notice.mark_ids & other.mark_ids
                if shared:
                    raise ValidationError(
                        _(
                            "These sessions already support %s to %s: %s. The same "
                            "sessions never support two notices to the same parent "
                            "for the same child: remove them from this notice."
                        )
                        % (
                            other.display_name,
                            notice.partner_id.name,
                            ", ".join(shared.mapped("session_id.name")),
                        )
                    )

    @api.constrains("pupil_id", "partner_id")
    def _check_parent(self):
        self._check_document_partners()

    @api.onchange("delivery", "date_issued")
    def _onchange_delivery(self):
        if self.date_issued:
            self.date_received = fields.Date.to_string(self._default_date_received())

    def _document_partners(self):
        return self.partner_id

    def action_issue(self):
        """Button: a person confirms and issues the draft notices (see each ``_issue``).

        Attendance officers only (finance records payments, never issues).
        """
        self._check_user_group("school_attendance.group_attendance_officer")
        for notice in self:
            notice._issue()
        return True

    def _issue(self):
        raise NotImplementedError

    def _issue_checklist(self):
        items = super(SchoolStatutoryNotice, self)._issue_checklist()
        covered = self.partner_id
        # sudo: the document's own sessions (officers only read the checklist, a groups= field).
        marks = self.sudo().mark_ids
        if marks:
            # sudo: the other parents' notices on the same sessions, whoever looks.
            others = (
                self.sudo()
                .search(
                    [
                        ("pupil_id", "=", self.pupil_id.id),
                        ("state", "in", self._live_states()),
                        ("mark_ids", "in", marks.ids),
                    ]
                )
                .mapped("partner_id")
            )
            covered |= others
        items.append(
            self._check_item_parents(
                covered, _("A %s on these sessions for") % _(self._document_label)
            )
        )
        return items

    @api.model
    def _notice_models(self):
        """The concrete statutory notice models (notice to improve, penalty notice)."""
        children = self.env["school.statutory.notice"]._inherit_children
        return [self.env[name] for name in children if not self.env[name]._abstract]

    def _other_notices(self, holding=False):
        """Every other statutory notice to this parent about this pupil, not withdrawn.

        ``holding``: only those in a state that holds their sessions.
        """
        self.ensure_one()
        found = []
        for model in self._notice_models():
            domain = [
                ("pupil_id", "=", self.pupil_id.id),
                ("partner_id", "=", self.partner_id.id),
                ("state", "in", list(model._holding_states) if holding else model._live_states()),
            ]
            if model._name == self._name:
                domain.append(("id", "!=", self.id))
            # sudo: a notice to the same parent the user may not read still holds its sessions.
            found.extend(model.sudo().search(domain))
        return found

    @api.model
    def _live_states(self):
        """States of a notice that is still proposed or in force (all but withdrawn)."""
        return [state for state, _label in self._fields["state"].selection if state != "withdrawn"]

    @api.model
    def _marks_used_for(self, pupil, partner):
        """``{mark id: notice}``: the sessions already supporting a notice to ``partner``.

        Drafts count too (a proposal holds its sessions); withdrawn notices do not.
        """
        used = {}
        for model in self._notice_models():
            # sudo: which sessions are taken decides a proposal, whatever the user may read.
            for notice in model.sudo().search(
                [
                    ("pupil_id", "=", pupil.id),
                    ("partner_id", "=", partner.id),
                    ("state", "in", model._live_states()),
                ]
            ):
                for mark_id in notice.mark_ids.ids:
                    used.setdefault(mark_id, notice)
        return used

    def _default_date_received(self):
        """Issue date by hand; the school's working days after posting by post."""
        issued = to_date(self.date_issued or fields.Date.context_today(self))
        if self.delivery == "post":
            company = self.company_id or self.pupil_id.company_id
            return bank_holidays.working_days_after(issued, company.penalty_post_working_days)
        return issued
