from odoo import _, models


class SchoolSubjectAccessRequest(models.Model):
    """Notices, prosecutions, invoices and payments in a subject access bundle."""

    _inherit = "school.subject.access.request"

    def _collect_sections(self):
        sections = super(SchoolSubjectAccessRequest, self)._collect_sections()
        partner = self._subject_partner()
        third = self._third_party_partners()
        domain = self._pupil_domain()
        if partner:
            domain = domain + [("partner_id", "=", partner.id)]

        def to_other(record):
            if record.partner_id in third:
                return _("Addressed to %s, another person: check before release.") % (
                    record.partner_id.name
                )
            return None

        improvement = self.env["school.notice.to.improve"].search(domain)
        notices = self.env["school.penalty.notice"].search(domain)
        prosecutions = self.env["school.prosecution"].search(self._pupil_domain())
        invoices = notices.mapped("invoice_ids")
        payments = [
            {
                _("Invoice"): invoice.number or invoice.display_name,
                _("Paid on"): payment["date"],
                _("Amount"): "%.2f" % payment["amount"],
                _("Reference"): payment.get("ref") or "",
            }
            for invoice in invoices
            for payment in invoice._get_payments_vals()
        ]
        sections += [
            self._section(
                "notices_to_improve", _("Notices to improve"), improvement, None, to_other
            ),
            self._section("penalty_notices", _("Penalty notices"), notices, None, to_other),
            self._section("prosecutions", _("Prosecution referrals"), prosecutions),
            self._section(
                "invoices",
                _("Invoices"),
                invoices,
                [
                    "number",
                    "partner_id",
                    "date_invoice",
                    "date_due",
                    "amount_total",
                    "residual",
                    "state",
                ],
                to_other,
            ),
            {"key": "payments", "title": _("Payments"), "rows": payments},
        ]
        return sections
