from odoo import _, api, fields, models
from odoo.addons.base.ir.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError

CATEGORIES = [
    ("present", "Present"),
    ("approved_activity", "Attending approved educational activity"),
    ("leave", "Leave of absence"),
    ("authorised_other", "Other authorised absence"),
    ("exceptional", "Unable to attend: exceptional circumstances"),
    ("unauthorised", "Unauthorised absence"),
    ("administrative", "Administrative"),
]


class SchoolAttendanceCode(models.Model):
    _name = "school.attendance.code"
    _description = "Attendance Code"
    _order = "sequence, code"
    _rec_name = "code"

    sequence = fields.Integer(
        default=10,
        help="Order of the codes in registers and lists.",
    )
    code = fields.Char(
        required=True,
        index=True,
        help="National attendance code as entered in the register, e.g. / or I.",
    )
    name = fields.Char(
        required=True,
        translate=True,
        help="Short label shown next to the code, e.g. 'Illness'.",
    )
    meaning = fields.Text(
        translate=True,
        help="Full meaning of the code from the DfE guidance (August 2024).",
    )
    category = fields.Selection(
        CATEGORIES,
        required=True,
        help="DfE category of the code.",
    )
    counts_as_possible = fields.Boolean(
        string="Possible Session",
        help="Counts as a possible session in the attendance statistics.",
    )
    counts_as_present = fields.Boolean(
        string="Attendance",
        help="Counts as attendance (present or approved educational activity).",
    )
    counts_as_authorised = fields.Boolean(
        string="Authorised Absence",
        help="Counts as an authorised absence.",
    )
    counts_as_unauthorised = fields.Boolean(
        string="Unauthorised Absence",
        help="Counts as an unauthorised absence (counts towards the penalty notice threshold).",
    )
    is_late = fields.Boolean(
        string="Late",
        help="The pupil arrived late: L (before the register closed) or U (after it closed).",
    )
    requires_reason = fields.Boolean(
        help="A written reason must be recorded with the mark (Y7).",
    )
    is_temporary = fields.Boolean(
        help="Temporary code to be replaced once the reason is known (N).",
    )
    period_restriction = fields.Selection(
        [("am", "Morning only"), ("pm", "Afternoon only"), ("any", "Any session")],
        required=True,
        default="any",
        help="Sessions the code may be used in: / is morning only, \\ is afternoon only.",
    )
    is_retired = fields.Boolean(
        string="Retired",
        help="Withdrawn on 19 August 2024: kept, archived, so that older marks "
        "still reference it; not offered for new marks.",
    )
    colour = fields.Integer(
        string="Colour",
        help="Colour index used in kanban views.",
    )
    active = fields.Boolean(
        default=True,
        help="Archive a code instead of deleting it; codes are never deleted.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "This attendance code already exists."),
    ]

    @api.constrains(
        "counts_as_possible", "counts_as_present", "counts_as_authorised", "counts_as_unauthorised"
    )
    def _check_counting_flags(self):
        for code in self:
            flags = [code.counts_as_present, code.counts_as_authorised, code.counts_as_unauthorised]
            if code.counts_as_possible and flags.count(True) != 1:
                raise ValidationError(
                    _(
                        "The code %s counts as a possible session, so it must count "
                        "as exactly one of attendance, authorised absence or "
                        "unauthorised absence."
                    )
                    % code.code
                )
            if not code.counts_as_possible and any(flags):
                raise ValidationError(
                    _(
                        "The code %s is not a possible session, so it cannot count "
                        "as attendance or absence."
                    )
                    % code.code
                )

    def unlink(self):
        # Uninstalling the module is the one place codes may go: the flag is
        # honoured from administrators only (any client can send a context key).
        if not (self.env.context.get(MODULE_UNINSTALL_FLAG) and self.env.user._is_admin()):
            raise UserError(
                _(
                    "Attendance codes cannot be deleted: marks refer to them. "
                    "Archive the code instead."
                )
            )
        return super(SchoolAttendanceCode, self).unlink()

    def name_get(self):
        return [(code.id, "%s - %s" % (code.code, code.name)) for code in self]

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        args = list(args or [])
        if name:
            exact = self.search([("code", "=", name)] + args, limit=limit)
            if exact:
                return exact.name_get()
            args = ["|", ("code", operator, name), ("name", operator, name)] + args
            return self.search(args, limit=limit).name_get()
        return super(SchoolAttendanceCode, self).name_search(
            name=name, args=args, operator=operator, limit=limit
        )

    @api.model
    def get_code(self, code):
        """The code record for the register symbol ``code`` (archived too)."""
        return self.with_context(active_test=False).search([("code", "=", code)], limit=1)

    @api.model
    def get_count_rows(self, counts):
        """Printable rows for ``counts`` ({code: sessions}), in the codes' order.

        Each row: ``code``, ``name``, ``meaning``, ``category`` (its label),
        ``count`` and the counting flags ``possible``, ``present``,
        ``authorised``, ``unauthorised``. Archived and retired codes are
        included: old registers may hold them.
        """
        if not counts:
            return []
        codes = self.with_context(active_test=False).search([("code", "in", list(counts))])
        categories = dict(self._fields["category"]._description_selection(self.env))
        return [
            {
                "code": code.code,
                "name": code.name,
                "meaning": code.meaning or code.name,
                "category": categories.get(code.category, ""),
                "count": counts[code.code],
                "possible": code.counts_as_possible,
                "present": code.counts_as_present,
                "authorised": code.counts_as_authorised,
                "unauthorised": code.counts_as_unauthorised,
            }
            for code in codes
        ]

    @api.model
    def get_flags(self):
        """``{code: flags}`` of every code (archived too), as ``rules.statistics`` takes them."""
        return self.with_context(active_test=False).search([])._flags()

    def _flags(self):
        """``{code: flags}`` of these codes, as ``rules.statistics`` takes them."""
        return {
            code.code: {
                "possible": code.counts_as_possible,
                "present": code.counts_as_present,
                "authorised": code.counts_as_authorised,
                "unauthorised": code.counts_as_unauthorised,
                "late": code.is_late,
            }
            for code in self
        }

    @api.model
    def get_code_names(self):
        """``{code id: register symbol}`` of every code (archived too)."""
        codes = self.with_context(active_test=False).search([])
        return {code.id: code.code for code in codes}
