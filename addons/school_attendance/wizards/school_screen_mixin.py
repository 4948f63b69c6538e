from odoo import models


class SchoolScreenMixin(models.AbstractModel):
    """A transient model opened as a page of its own (target current), e.g. a
    report with its criteria: its breadcrumb reads as the page's title instead
    of "school.absentee.wizard,1"."""

    _name = "school.screen.mixin"
    _description = "Report Page"

    def name_get(self):
        title = self.env["ir.model"]._get(self._name).name
        return [(record.id, title) for record in self]
