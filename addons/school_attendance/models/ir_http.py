import werkzeug.exceptions
from odoo import models
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


class IrHttp(models.AbstractModel):
    """A page or file the user may not see answers 403 (404 when it does not exist).

    Odoo 11 (without the website addon) lets an ``AccessError`` raised by an
    HTTP route (a report at ``/report/pdf/...``, a download) end as a 500
    server error with a traceback page. JSON requests keep Odoo's error
    dialog.
    """

    _inherit = "ir.http"

    @classmethod
    def _handle_exception(cls, exception):
        if getattr(request, "_request_type", None) == "http":
            if isinstance(exception, MissingError):
                exception = werkzeug.exceptions.NotFound()
            elif isinstance(exception, AccessError):
                exception = werkzeug.exceptions.Forbidden()
        return super(IrHttp, cls)._handle_exception(exception)
