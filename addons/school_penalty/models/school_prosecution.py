from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import format_date, to_date
from odoo.exceptions import UserError

PROSECUTION_STATES = [
    ("draft", "Preparing"),
    ("referred", "Referred to LA"),
    ("closed", "Closed"),
]
OUTCOMES = [
    ("convicted", "Convicted"),
    ("acquitted", "Acquitted"),
    ("eso", "Education Supervision Order"),
    ("parenting_order", "Parenting Order"),
    ("not_pursued", "Not Pursued"),
]


class SchoolProsecution(models.Model):
    """A referral to the local authority for prosecution under s444 Education Act 1996.

    Made when a penalty notice is unpaid after 28 days, or instead of a third
    penalty notice within the 3-year period.
    """

    _name = "school.prosecution"
    _description = "Prosecution Referral (s444)"
    _inherit = "school.statutory.document"
    _document_label = "prosecution referral"
    _needs_registration_certificate = True
    _order = "date_referred desc, id desc"

    _server_fields = ("state", "date_referred")
    #: Referred: the local authority's answer is recorded (school.frozen.mixin).
    _frozen_writable_fields = ("user_id", "case_id", "la_reference", "outcome", "outcome_note")

    def _frozen_writable(self, state):
        return set(self._frozen_writable_fields) if state == "referred" else set()

    name = fields.Char(
        compute="_compute_name",
        store=True,
        help="Pupil and referral date.",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "school_prosecution_partner_rel",
        "prosecution_id",
        "partner_id",
        string="Parents",
        help="Parents referred (each a parent in law of the pupil).",
    )
    notice_ids = fields.One2many(
        "school.penalty.notice",
        "prosecution_id",
        string="Penalty Notices",
        readonly=True,
        help="Penalty notices that led to the referral.",
    )
    date_referred = fields.Date(
        string="Referred On",
        readonly=True,
        track_visibility="onchange",
        help="Day the referral was sent to the local authority.",
    )
    la_reference = fields.Char(
        string="LA Reference",
        track_visibility="onchange",
        help="The local authority's reference for the case.",
    )
    evidence_summary = fields.Text(
        help="Summary of the evidence pack (registration certificate, letters, meetings).",
    )
    outcome = fields.Selection(
        OUTCOMES,
        track_visibility="onchange",
        help="Outcome of the proceedings.",
    )
    outcome_note = fields.Text(
        help="Details of the outcome (court, date, fine, order).",
    )
    state = fields.Selection(
        PROSECUTION_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        track_visibility="onchange",
        help="Preparing, referred to the local authority, closed with an outcome.",
    )

    @api.depends("pupil_id", "date_referred")
    def _compute_name(self):
        for prosecution in self:
            prosecution.name = _("s444 referral: %s%s") % (
                prosecution.pupil_id.name or "",
                prosecution.date_referred
                and " (%s)" % format_date(prosecution.date_referred)
                or "",
            )

    @api.constrains("pupil_id", "date_referred")
    def _check_compulsory_school_age(self):
        for prosecution in self:
            prosecution.pupil_id._check_compulsory_school_age(
                prosecution.date_referred or fields.Date.context_today(self),
                _("a referral for prosecution"),
            )

    def _document_partners(self):
        return self.partner_ids

    @api.constrains("pupil_id", "partner_ids")
    def _check_parent(self):
        self._check_document_partners()

    def _issue_checklist(self):
        items = super(SchoolProsecution, self)._issue_checklist()
        items.append(self._check_item_parents(self.partner_ids, _("Named in the referral")))
        return items

    def action_refer(self):
        """Button: the referral is sent to the local authority."""
        for prosecution in self:
            if prosecution.state != "draft":
                raise UserError(_("Only a referral being prepared can be sent."))
            if not prosecution.partner_ids:
                raise UserError(_("Name the parents the referral is about."))
        self._server_write({"state": "referred", "date_referred": fields.Date.context_today(self)})
        return True

    def action_close(self):
        if self.filtered(lambda p: p.state != "referred" or not p.outcome):
            raise UserError(_("Record the outcome of a referred case before closing it."))
        self._server_write({"state": "closed"})
        return True

    def action_print_evidence(self):
        """Button: the evidence pack PDF the local authority acts on."""
        return self.env.ref(
            "school_penalty.action_report_penalty_evidence_prosecution"
        ).report_action(self)

    def _evidence_pack(self):
        """Values of the evidence pack (``school.penalty.evidence``) of the referral.

        The period covers the registration certificates of its notices (their
        10 school weeks up to their issue), or the 10 school weeks before the
        referral when there is no notice (a third notice refused).
        """
        self.ensure_one()
        pupil = self.pupil_id
        notices = self.notice_ids
        windows = [notice._evidence_pack_window() for notice in notices]
        if windows:
            date_from = min(start for start, _end in windows)
            date_to = max(end for _start, end in windows)
        else:
            date_to = to_date(self.date_referred or fields.Date.context_today(self))
            date_from = pupil._penalty_threshold(date_to)["window_start"]
        ntis = self.env["school.notice.to.improve"].search(
            [
                ("pupil_id", "=", pupil.id),
                ("partner_id", "in", self.partner_ids.ids),
                ("state", "!=", "draft"),
            ]
        )
        return self.env["school.penalty.evidence"].build(pupil, date_from, date_to, notices, ntis)

    @api.model
    def create_from_notices(self, notices):
        """A referral for unpaid ``notices`` of one pupil; the notices move to prosecution."""
        pupils = notices.mapped("pupil_id")
        if len(pupils) != 1:
            raise UserError(_("A referral is about one pupil; choose notices for one pupil."))
        if notices.filtered(lambda n: n.state != "unpaid"):
            raise UserError(_("Only unpaid penalty notices can be referred for prosecution."))
        cases = notices.mapped("case_id")
        prosecution = self.create(
            {
                "pupil_id": pupils.id,
                "partner_ids": [(6, 0, notices.mapped("partner_id").ids)],
                "case_id": cases[:1].id if len(cases) == 1 else False,
                # sudo: the referral rests on the notices' sessions, read whatever
                # the officer's rights on marks.
                "mark_ids": [(6, 0, notices.sudo().mapped("mark_ids").ids)],
            }
        )
        notices._server_write({"state": "prosecution", "prosecution_id": prosecution.id})
        return prosecution
