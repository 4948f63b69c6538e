from odoo import api, models

#: English (UK): the language of an English school's users.
BRITISH = "en_GB"
#: What the web client and the reports read from the language: 25/11/2026, 08:52,
#: 1,234.50. The week starts on Monday in the web client's calendars and date
#: pickers because it loads the moment.js locale of the language (en-gb).
BRITISH_FORMATS = {
    "name": "English (UK)",
    "iso_code": "en_GB",
    "date_format": "%d/%m/%Y",
    "time_format": "%H:%M:%S",
    "decimal_point": ".",
    "thousands_sep": ",",
    "grouping": "[3,0]",
    "direction": "ltr",
}
#: Odoo's fallback when the server has no locale for a language it loads.
US_DATE_FORMAT = "%m/%d/%Y"


class ResLang(models.Model):
    _inherit = "res.lang"

    @api.model
    def _install_british_english(self):
        """Make English (UK) active and the language of every user created from now on.

        Run at every install and upgrade of the addon (data file): the language
        is created with British formats if missing (never from the server's
        locale, which may lack it) and activated; new partners and users get it
        by default unless a language other than Odoo's en_US was made the
        default. Existing users keep theirs.
        """
        lang = self.with_context(active_test=False).search([("code", "=", BRITISH)], limit=1)
        if lang:
            lang.active = True
            if lang.date_format == US_DATE_FORMAT:
                # Loaded from a server without the en_GB locale, which gives
                # Odoo's American fallback: 12/03/2026 would read as 3 December.
                lang.date_format = BRITISH_FORMATS["date_format"]
        else:
            lang = self.create(dict(BRITISH_FORMATS, code=BRITISH, active=True))
        defaults = self.env["ir.default"]
        if defaults.get("res.partner", "lang") in (None, False, "en_US"):
            defaults.set("res.partner", "lang", BRITISH)
        return lang


def british_unless_chosen(code):
    """The language for a login the school creates: en_GB, unless the person chose another.

    Odoo's own en_US counts as not chosen (it is what every partner created
    before the addon was installed carries).
    """
    return code if code and code != "en_US" else BRITISH
