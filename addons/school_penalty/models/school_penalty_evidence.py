from odoo import _, api, fields, models
from odoo.addons.school_attendance.dates import to_date
from odoo.addons.school_attendance.rules import escalation


def _fmt(day):
    """'3 Mar 2025' from a date or an ISO string; '' when empty."""
    return escalation.format_date(to_date(day)) if day else ""


class SchoolPenaltyEvidence(models.AbstractModel):
    """The evidence pack of a penalty notice or a prosecution referral (seed 002).

    One document the local authority can act on: the registration
    certificate (every session of the period, its code and minutes late), the
    notices to improve and penalty notices with their dates, the chronology
    of the pupil's cases (steps fired, contracts and plans with their review
    meetings, referrals, letters sent) and the payments. Built as plain
    values by :meth:`build` for the QWeb report ``report_penalty_evidence``.
    """

    _name = "school.penalty.evidence"
    _description = "Penalty Evidence Pack"

    @api.model
    def build(self, pupil, date_from, date_to, notices, ntis):
        """Values of the pack for ``pupil`` over ``date_from``..``date_to`` (dates).

        ``notices`` and ``ntis``: the penalty notices and notices to improve
        it is about. Needs read access to marks and cases (officers).
        """
        date_from, date_to = to_date(date_from), to_date(date_to)
        marks = self.env["school.attendance.mark"].search(
            [
                ("pupil_id", "=", pupil.id),
                ("date", ">=", fields.Date.to_string(date_from)),
                ("date", "<=", fields.Date.to_string(date_to)),
            ],
            order="date, period",
        )
        counted = set(notices.sudo().mapped("mark_ids").ids)
        periods = dict(marks._fields["period"]._description_selection(self.env))
        certificate = [
            {
                "date": escalation.format_date(to_date(mark.date)),
                "period": periods.get(mark.period, mark.period or ""),
                "code": mark.code_id.code or "",
                "meaning": mark.code_id.name or "",
                "minutes_late": mark.minutes_late or "",
                "in_notice": mark.id in counted,
            }
            for mark in marks
        ]
        by_code = {}
        for mark in marks:
            code = mark.code_id.code or "-"
            by_code[code] = by_code.get(code, 0) + 1
        return {
            "pupil": pupil,
            "parents": pupil._penalty_parent_contacts().mapped("partner_id"),
            "date_from": escalation.format_date(date_from),
            "date_to": escalation.format_date(date_to),
            "certificate": certificate,
            "code_totals": sorted(by_code.items()),
            "ntis": ntis.sorted(lambda n: (n.date_issued or "", n.id)),
            "notices": notices.sorted(lambda n: (n.date_issued or "", n.id)),
            "chronology": self._chronology(pupil, date_to, notices, ntis),
            "payments": self._payments(notices),
            "format_date": _fmt,
        }

    def _chronology(self, pupil, date_to, notices, ntis):
        """``[{'date', 'what'}]`` by date: what the school did, up to ``date_to``."""
        events = []

        def state_label(record):
            return dict(record._fields["state"]._description_selection(self.env))[record.state]

        def add(day, what):
            if day and to_date(day) <= date_to:
                events.append((to_date(day), what))

        for case in pupil.case_ids:
            add(case.date_opened, _("Attendance case opened: %s") % case.name)
            for log in case.step_log_ids:
                add(log.date, log.message or log.step_id.name)
            for contract in case.contract_ids:
                add(
                    contract.date_start,
                    _("%s started (target %.1f%%, %s)")
                    % (
                        dict(contract._fields["kind"]._description_selection(self.env)).get(
                            contract.kind, ""
                        ),
                        contract.target_pct,
                        state_label(contract),
                    ),
                )
                for review in contract.review_ids:
                    add(
                        review.date_held or review.date_planned,
                        _("Review meeting %s: %s")
                        % (
                            review.name,
                            dict(review._fields["outcome"]._description_selection(self.env)).get(
                                review.outcome, _("planned")
                            ),
                        ),
                    )
            for referral in case.referral_ids:
                add(referral.date_sent, _("Referral sent: %s") % referral.name)
        for nti in ntis.filtered(lambda n: n.state != "draft"):
            add(
                nti.date_issued,
                _("Notice to improve to %s; improvement period to %s (%s)")
                % (nti.partner_id.name, _fmt(nti.date_end), state_label(nti)),
            )
        for notice in notices.filtered(lambda n: n.state != "draft"):
            add(
                notice.date_issued,
                _("Penalty notice %s (%s notice) to %s, received %s")
                % (notice.name, notice.ordinal, notice.partner_id.name, _fmt(notice.date_received)),
            )
        for letter in self._letters(pupil):
            add(
                letter.date,
                _("Letter %s to %s (%s)")
                % (letter.subject or letter.name, letter.partner_id.name or "", letter.channel),
            )
        events.sort(key=lambda event: event[0])
        return [{"date": escalation.format_date(day), "what": what} for day, what in events]

    def _letters(self, pupil):
        """Letters printed or sent about the pupil.

        ``school_letters`` (which depends on this addon) keeps the letter log;
        when it is not installed there are no letters to show.
        """
        if "school.letter" not in self.env:
            return []
        return self.env["school.letter"].search(
            [("pupil_id", "=", pupil.id), ("state", "in", ("printed", "sent"))], order="date, id"
        )

    def _payments(self, notices):
        """``[{'notice', 'date', 'amount', 'what'}]``: invoices and payments of ``notices``."""
        rows = []
        # sudo: the officer printing the pack shows the payments; reading the
        # reconciliation of the invoices needs accounting rights they lack.
        for notice in notices.sudo():
            for invoice in notice.invoice_ids.filtered(lambda i: i.state in ("open", "paid")):
                rows.append(
                    {
                        "notice": notice.name,
                        "date": invoice.date_invoice,
                        "amount": invoice.amount_total,
                        "what": _("Invoiced (%s), due %s")
                        % (invoice.number, _fmt(invoice.date_due)),
                    }
                )
                for payment in invoice._get_payments_vals():
                    rows.append(
                        {
                            "notice": notice.name,
                            "date": payment["date"],
                            "amount": payment["amount"],
                            "what": _("Paid"),
                        }
                    )
        rows.sort(key=lambda row: (row["date"] or "", row["notice"]))
        for row in rows:
            row["date"] = _fmt(row["date"])
        return rows
