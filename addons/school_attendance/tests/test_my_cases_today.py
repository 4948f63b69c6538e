"""*My Cases Today*: the cases the officer owns AND that have an activity due today or
overdue (issue 17 item 12) - not every officer's due cases, nor every case of mine.

The list is what the web client shows: the action's domain and its default filters,
filters of one group of the search view OR'ed, groups AND'ed (as Odoo 11 does).
"""

import datetime

from lxml import etree
from odoo.tools.safe_eval import safe_eval

from .case_common import EscalationCase


def _filter_groups(arch):
    """[[filter element]]: the search view's filters, split at each <separator/>."""
    groups, current = [], []
    for node in etree.fromstring(arch):
        if node.tag in ("separator", "group"):
            groups.append(current)
            current = []
        elif node.tag == "filter":
            current.append(node)
    groups.append(current)
    return [group for group in groups if group]


class TestMyCasesToday(EscalationCase):
    def _shown_to(self, user, action):
        """Cases the action lists for ``user`` with its default filters on."""
        today = datetime.date.today()
        eval_ctx = {
            "uid": user.id,
            "context_today": lambda: today,
            "datetime": datetime,
        }
        context = safe_eval(action.context or "{}", eval_ctx)
        domain = list(safe_eval(action.domain or "[]", eval_ctx))
        Case = self.Case.sudo(user)
        view = Case.fields_view_get(view_id=action.search_view_id.id or None, view_type="search")
        for group in _filter_groups(view["arch"]):
            chosen = [node for node in group if context.get("search_default_%s" % node.get("name"))]
            if not chosen:
                continue
            parts = [safe_eval(node.get("domain") or "[]", eval_ctx) for node in chosen]
            domain += ["|"] * (len(parts) - 1) + [term for part in parts for term in part]
        return Case.search(domain)

    def test_only_my_cases_that_are_due(self):
        other = self._create_user("sa_officer_other", self.group_officer)
        today = datetime.date.today()
        mine_due = self.Case.create({"pupil_id": self.amira.id, "user_id": self.officer.id})
        mine_later = self.Case.create({"pupil_id": self.ben.id, "user_id": self.officer.id})
        theirs_due = self.Case.create({"pupil_id": self.cara.id, "user_id": other.id})
        call = self.env.ref("school_attendance.mail_activity_type_attendance_call")
        for case, user, days in (
            (mine_due, self.officer, 0),
            (mine_later, self.officer, 7),
            (theirs_due, other, -1),
        ):
            self.Activity.create(
                {
                    "res_model_id": self.env["ir.model"]._get(case._name).id,
                    "res_id": case.id,
                    "activity_type_id": call.id,
                    "summary": "Call",
                    "date_deadline": str(today + datetime.timedelta(days=days)),
                    "user_id": user.id,
                }
            )
        action = self.env.ref("school_attendance.school_attendance_case_today_action")
        self.assertEqual(self._shown_to(self.officer, action), mine_due)
        self.assertEqual(self._shown_to(other, action), theirs_due)
