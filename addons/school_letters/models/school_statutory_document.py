from odoo import _, fields, models
from odoo.addons.school_attendance.rules.report import format_date


class SchoolStatutoryDocument(models.AbstractModel):
    """The checklist of a penalty notice or a prosecution referral asks for the register."""

    _inherit = "school.statutory.document"

    def _issue_checklist(self):
        items = super(SchoolStatutoryDocument, self)._issue_checklist()
        if self._needs_registration_certificate:
            items.append(self._check_item_registration_certificate())
        return items

    def _check_item_registration_certificate(self):
        """A registration certificate of the pupil, printed or sent, covering the period."""
        date_from, date_to = self._checklist_period()
        domain = [
            ("pupil_id", "=", self.pupil_id.id),
            ("kind", "=", "registration_certificate"),
            ("state", "in", ("printed", "sent")),
            ("date_from", "<=", fields.Date.to_string(date_from)),
            ("date_to", ">=", fields.Date.to_string(date_to)),
        ]
        # sudo: whether the certificate exists, whoever looks at the checklist.
        letter = self.env["school.letter"].sudo().search(domain, order="date desc", limit=1)
        item = {"key": "registration_certificate", "label": _("Registration certificate")}
        period = {"from": format_date(date_from), "to": format_date(date_to)}
        if letter:
            period["date"] = format_date(letter.date)
            item.update(
                ok=True,
                detail=_("Printed on %(date)s, covering %(from)s to %(to)s.") % period,
            )
        else:
            item.update(
                ok=False,
                detail=_(
                    "No printed registration certificate covers %(from)s to %(to)s: print "
                    "one from the pupil's letters (Registration certificate)."
                )
                % period,
                fix_model="school.pupil",
                fix_res_id=self.pupil_id.id,
            )
        return item
