from odoo import _, fields, models
from odoo.addons.school_attendance.rules import escalation
from odoo.exceptions import UserError, ValidationError


class SchoolAttendancePolicyStep(models.Model):
    _inherit = "school.attendance.policy.step"

    action = fields.Selection(selection_add=[("penalty", "Propose penalty notices")])

    def _action_penalty(self, case, ctx):
        """Propose (draft) penalty notices when the national threshold is met.

        One draft per parent with parental responsibility, linked to the case;
        nothing is issued. Under the threshold, nothing is proposed: the
        step's activity ('consider a penalty notice') is what staff get.
        """
        self.ensure_one()
        pupil = case.pupil_id
        status = pupil._penalty_threshold(ctx.on_date)
        window = _("%d unauthorised session(s) in the 10 school weeks to %s") % (
            status["sessions"],
            escalation.format_date(ctx.on_date),
        )
        if not status["met"]:
            return _(
                "penalty notice threshold not met (%s, %d needed): consider a penalty notice"
            ) % (
                window,
                status["threshold"],
            )
        try:
            with self.env.cr.savepoint():
                notices = pupil.propose_penalty_notices(on_date=ctx.on_date)
                notices.write({"case_id": case.id})
        except (UserError, ValidationError) as exc:
            return _("no penalty notice proposed: %s") % exc.name
        if not notices:
            return _("penalty notices already proposed (%s)") % window
        return _("draft penalty notice(s) proposed to %s (%s)") % (
            ", ".join(notices.mapped("partner_id.name")),
            window,
        )
