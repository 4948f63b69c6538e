from odoo import models


class SchoolScreenMixin(models.AbstractModel):
    """A transient model opened as a page of its own (target current), e.g. a
    report with its criteria: its breadcrumb reads as the page's title instead
    of "school.absentee.wizard,1"."""

    _name = "school.screen.mixin"
    _description = "Report Page"

    def _reopen(self, title):
        """The action showing this page again, as a page of its own, under ``title``
        (e.g. once its lines are worked out). Opened from a menu, it takes the place of
        the empty page (one breadcrumb, not the title twice); opened from a record (a
        policy's *Dry Run*: the web client gives its ``active_model``), the way back to
        that record is kept."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current" if self.env.context.get("active_model") else "main",
        }

    def name_get(self):
        title = self.env["ir.model"]._get(self._name).name
        return [(record.id, title) for record in self]
