from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.school_penalty_notice import OFFENCES


class SchoolPenaltyProposeWizard(models.TransientModel):
    """Propose penalty notices for a pupil: one draft per parent, nothing issued.

    Shows the threshold figures and the sessions; a person then opens each
    draft and confirms it (``action_issue``), the professional judgement the
    national framework requires.
    """

    _name = "school.penalty.propose.wizard"
    _description = "Propose Penalty Notices"

    pupil_id = fields.Many2one("school.pupil", string="Pupil", required=True, readonly=True)
    date = fields.Date(string="As At", required=True, help="Day the rolling 10 school weeks end.")
    offence = fields.Selection(OFFENCES, required=True, default="unauthorised_absence")
    sessions = fields.Integer(
        string="Unauthorised Sessions", readonly=True, help="G, N, O and U sessions in the window."
    )
    threshold = fields.Integer(readonly=True)
    is_met = fields.Boolean(string="Threshold Met", readonly=True)
    window_start = fields.Date(readonly=True)
    window_end = fields.Date(readonly=True)
    school_week_count = fields.Integer(string="School Weeks", readonly=True)
    mark_ids = fields.Many2many(
        "school.attendance.mark",
        "school_penalty_propose_wizard_mark_rel",
        "wizard_id",
        "mark_id",
        string="Sessions",
        readonly=True,
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "school_penalty_propose_wizard_partner_rel",
        "wizard_id",
        "partner_id",
        string="Parents",
        readonly=True,
        help="Parents in education law (s576: parental responsibility, or care of "
        "the child): one notice each.",
    )
    parents_explanation = fields.Text(
        string="Who Is a Parent",
        readonly=True,
        help="Each contact of the pupil, and whether and why they get a notice (s576).",
    )

    @api.onchange("date", "pupil_id")
    def _onchange_figures(self):
        if not (self.pupil_id and self.date):
            return
        status = self.pupil_id.get_penalty_threshold_status(self.date)
        self.sessions = status["sessions"]
        self.threshold = status["threshold"]
        self.is_met = status["met"]
        self.window_start = status["window_start"]
        self.window_end = status["window_end"]
        self.school_week_count = len(status["school_weeks"])
        self.mark_ids = [(6, 0, status["mark_ids"])]
        self.partner_ids = [
            (6, 0, self.pupil_id._penalty_parent_contacts().mapped("partner_id").ids)
        ]
        self.parents_explanation = "\n".join(
            "%s: %s" % (contact.partner_id.name, contact.parent_in_law_reason)
            for contact in self.pupil_id.contact_ids
        )

    def action_propose(self):
        self.ensure_one()
        notices = self.pupil_id.propose_penalty_notices(self.date, self.offence)
        if not notices:
            raise UserError(_("No new draft notice: every parent already has one."))
        action = self.env.ref("school_penalty.school_penalty_notice_action").read()[0]
        action["domain"] = [("id", "in", notices.ids)]
        return action
