from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def report_action(self, docids, data=None, config=True):
        """The report's action, also over XML-RPC: no ``None`` in it.

        Odoo puts ``data=None`` in the action, which XML-RPC cannot carry (a
        print button called over XML-RPC failed with "cannot marshal None");
        the web client reads an empty ``data`` as no data.
        """
        action = super(IrActionsReport, self).report_action(docids, data=data, config=config)
        if isinstance(action, dict) and action.get("data") is None:
            action["data"] = {}
        return action
