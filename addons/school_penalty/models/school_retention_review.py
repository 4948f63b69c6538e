from odoo import api, models
from odoo.addons.school_attendance.dates import to_date, to_string

from .school_retention_rule import NOTICE_TEXT_FIELDS

#: Notices that are over: nothing more can happen to them.
CLOSED_NOTICE_STATES = ("paid", "unpaid", "prosecution", "withdrawn")


class SchoolRetentionReview(models.Model):
    """Notices in the retention review: their free text goes, dates and amounts stay."""

    _inherit = "school.retention.review"

    @api.model
    def _find_expired(self, kind, company, cutoff):
        if kind != "notice":
            return super(SchoolRetentionReview, self)._find_expired(kind, company, cutoff)
        found = []
        for model, states in (
            ("school.notice.to.improve", None),
            ("school.penalty.notice", CLOSED_NOTICE_STATES),
        ):
            domain = [
                ("pupil_id.company_id", "=", company.id),
                ("date_issued", "!=", False),
                ("date_issued", "<", to_string(cutoff)),
                "|",
                (NOTICE_TEXT_FIELDS[model][-1], "=", False),
                (NOTICE_TEXT_FIELDS[model][-1], "!=", "(removed after retention)"),
            ]
            if states:
                domain.append(("state", "in", states))
            else:
                domain.append(("state", "!=", "draft"))
            for notice in self.env[model].search(domain):
                found.append((notice, to_date(notice.date_issued)))
        return found

    @api.model
    def _anonymise(self, kind, records):
        if kind != "notice":
            return super(SchoolRetentionReview, self)._anonymise(kind, records)
        fields = [name for name in NOTICE_TEXT_FIELDS[records._name] if name in records._fields]
        records._server_write({name: "(removed after retention)" for name in fields})
        self._delete_threads(records)
        return True
