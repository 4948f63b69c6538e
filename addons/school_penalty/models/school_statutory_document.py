from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


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
