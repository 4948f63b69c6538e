from odoo import models


class SchoolScreenMixin(models.AbstractModel):
    """A transient model opened as a page of its own (target current), e.g. a
    report with its criteria: its breadcrumb reads as the page's title instead
    of "school.absentee.wizard,1"."""

    _name = "school.screen.mixin"
    _description = "Report Page"

    def _reopen(self, title):
        """The action showing this page again, as a page of its own, under ``title``
        (e.g. once its lines are worked out)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def name_get(self):
        title = self.env["ir.model"]._get(self._name).name
        return [(record.id, title) for record in self]
