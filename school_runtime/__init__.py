"""Our runtime around Odoo 11: Python 3.11 fixes and the launcher."""
