from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .school_group import YEAR_GROUPS

#: Closures that take the school's sessions out of the calendar: planned ones of
#: the whole school. The others keep the sessions and code the pupils concerned.
PLANNED_KINDS = ("bank_holiday", "inset", "closure")
SCOPES = [
    ("school", "Whole school"),
    ("year_groups", "Some year groups"),
    ("groups", "Some groups"),
]
#: Codes an unexpected closure can write: pupils unable to attend (not a possible session).
UNEXPECTED_CODES = ("Y1", "Y2", "Y3", "Y4", "Y5", "Y6", "Y7")
#: Code of a pupil whose group is not due to attend in a planned partial closure.
PLANNED_CLOSURE_CODE = "#"
#: Fields that decide which register entries a partial or unexpected closure codes.
CODED_FIELDS = frozenset(
    {"date_from", "date_to", "period", "kind", "scope", "year_groups", "group_ids", "code_id"}
)


class SchoolClosure(models.Model):
    _name = "school.closure"
    _description = "School Closure"
    _order = "date_from desc"

    name = fields.Char(
        required=True,
        help="What the closure is, e.g. 'October half term' or 'INSET day'.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        help="First day of the closure.",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        help="Last day of the closure (the same as 'From' for one day).",
    )
    period = fields.Selection(
        [("am", "Morning"), ("pm", "Afternoon"), ("both", "Whole day")],
        required=True,
        default="both",
        help="Sessions the closure removes on each of its days.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.user.company_id,
        help="School that is closed.",
    )
    term_id = fields.Many2one(
        "school.term",
        string="Term",
        ondelete="cascade",
        index=True,
        help="Term the closure lies in (optional). When set, the closure must lie inside the term.",
    )
    kind = fields.Selection(
        [
            ("bank_holiday", "Bank holiday"),
            ("inset", "INSET day"),
            ("closure", "Closure / holiday"),
            ("unexpected", "Unexpected closure"),
        ],
        required=True,
        default="closure",
        help="Bank holiday, staff training (INSET) day or other planned "
        "closure such as a half term; or an unexpected closure (snow, heating "
        "failure) that writes a Y code on the registers of the pupils concerned.",
    )
    scope = fields.Selection(
        SCOPES,
        required=True,
        default="school",
        help="Whole school: a planned closure removes the sessions from the calendar. "
        "Some year groups or groups: the sessions stay for the other pupils and the "
        "pupils concerned get # (planned) or the closure's Y code (unexpected).",
    )
    year_groups = fields.Char(
        help="Year groups the closure is for, separated by commas, e.g. 'R, 1' "
        "(Reception and Year 1).",
    )
    group_ids = fields.Many2many(
        "school.group",
        "school_closure_group_rel",
        "closure_id",
        "group_id",
        string="Groups",
        help="Registration groups the closure is for.",
    )
    code_id = fields.Many2one(
        "school.attendance.code",
        string="Code",
        domain=[("code", "in", UNEXPECTED_CODES)],
        help="Code an unexpected closure writes: Y4 whole school site closed, Y3 part "
        "of the premises closed, Y1 transport not available, Y2 travel disruption, "
        "Y7 other unavoidable cause (give the reason).",
    )
    reason = fields.Char(
        help="What happened (written in the register entries' comment; needed for Y7).",
    )

    @api.constrains("date_from", "date_to", "term_id", "company_id")
    def _check_dates(self):
        for closure in self:
            if closure.date_to < closure.date_from:
                raise ValidationError(
                    _("The closure %s must end on or after the day it starts.") % closure.name
                )
            term = closure.term_id
            if not term:
                continue
            if term.company_id != closure.company_id:
                raise ValidationError(
                    _("The closure %s and its term %s belong to different schools.")
                    % (closure.name, term.name)
                )
            if closure.date_from < term.date_start or closure.date_to > term.date_end:
                raise ValidationError(
                    _("The closure %s (%s to %s) lies outside its term %s (%s to %s).")
                    % (
                        closure.name,
                        closure.date_from,
                        closure.date_to,
                        term.name,
                        term.date_start,
                        term.date_end,
                    )
                )

    @api.constrains("kind", "scope", "year_groups", "group_ids", "code_id", "reason")
    def _check_scope(self):
        valid = {key for key, _label in YEAR_GROUPS}
        for closure in self:
            if closure.scope == "year_groups":
                wrong = [y for y in closure._year_group_keys() if y not in valid]
                if wrong or not closure._year_group_keys():
                    raise ValidationError(
                        _(
                            "The closure %s needs its year groups, separated by commas: R "
                            "for Reception, 1 to 13 for the years (not understood: %s)."
                        )
                        % (closure.name, ", ".join(wrong) or _("none given"))
                    )
            if closure.scope == "groups":
                if not closure.group_ids:
                    raise ValidationError(
                        _("Choose the groups the closure %s is for.") % closure.name
                    )
                if closure.group_ids.filtered(lambda g, c=closure: g.company_id != c.company_id):
                    raise ValidationError(
                        _("The groups of the closure %s must be of its school.") % closure.name
                    )
            if closure.kind == "unexpected":
                if closure.code_id.code not in UNEXPECTED_CODES:
                    raise ValidationError(
                        _(
                            "The unexpected closure %s needs a Y code (Y1 to Y7), e.g. Y4 "
                            "when the whole school site closed."
                        )
                        % closure.name
                    )
                if closure.code_id.requires_reason and not (closure.reason or "").strip():
                    raise ValidationError(
                        _("The code %s needs the reason for the closure %s.")
                        % (closure.code_id.code, closure.name)
                    )

    @api.constrains("date_from", "date_to", "kind", "scope", "company_id")
    def _check_in_term(self):
        for closure in self.filtered(lambda c: not c._removes_sessions()):
            if not closure._sessions():
                raise ValidationError(
                    _(
                        "The closure %s (%s to %s) holds no session of the school: a "
                        "partial or unexpected closure must lie within a term, on school days."
                    )
                    % (closure.name, closure.date_from, closure.date_to)
                )

    @api.onchange("term_id")
    def _onchange_term_id(self):
        if self.term_id:
            self.company_id = self.term_id.company_id

    @api.onchange("kind", "scope")
    def _onchange_kind(self):
        if self.kind == "unexpected" and not self.code_id:
            code = "Y4" if self.scope == "school" else "Y3"
            self.code_id = self.env["school.attendance.code"].get_code(code)

    @api.model
    def create(self, vals):
        closure = super(SchoolClosure, self).create(vals)
        closure._get_affected_terms()._generate_sessions()
        closure._apply_codes()
        return closure

    def write(self, vals):
        terms = self._get_affected_terms()
        recode = bool(CODED_FIELDS & set(vals))
        if recode:
            coded = self.filtered(lambda c: not c._removes_sessions())
            coded._check_not_begun()
            coded._clear_codes()
        res = super(SchoolClosure, self).write(vals)
        (terms | self._get_affected_terms())._generate_sessions()
        if recode:
            self._apply_codes()
        return res

    def unlink(self):
        terms = self._get_affected_terms()
        coded = self.filtered(lambda c: not c._removes_sessions())
        coded._check_not_begun()
        coded._clear_codes()
        res = super(SchoolClosure, self).unlink()
        # The sessions the closures covered come back.
        terms.exists()._generate_sessions()
        return res

    def _covers(self, date, period):
        """Whether this closure covers the session ``date`` (string), ``period``."""
        self.ensure_one()
        return self.date_from <= date <= self.date_to and self.period in ("both", period)

    def _removes_sessions(self):
        """Whether the closure takes its sessions out of the calendar: a planned
        closure of the whole school. Partial and unexpected closures keep them."""
        self.ensure_one()
        return self.kind in PLANNED_KINDS and self.scope == "school"

    def _year_group_keys(self):
        self.ensure_one()
        return [y.strip().upper() for y in (self.year_groups or "").split(",") if y.strip()]

    def _code(self):
        """The code the closure writes for the pupils concerned."""
        self.ensure_one()
        if self.kind == "unexpected":
            return self.code_id
        return self.env["school.attendance.code"].get_code(PLANNED_CLOSURE_CODE)

    def _sessions(self):
        """The school's sessions the closure covers."""
        self.ensure_one()
        sessions = self.env["school.session"].get_sessions(
            self.date_from, self.date_to, company=self.company_id
        )
        return sessions.filtered(lambda s: self._covers(s.date, s.period))

    def _concerns(self, pupil):
        """Whether ``pupil`` (on the school's roll) is one of the pupils concerned."""
        self.ensure_one()
        if self.scope == "groups":
            return pupil.group_id in self.group_ids
        if self.scope == "year_groups":
            return pupil.year_group in self._year_group_keys()
        return True

    def _apply_codes(self):
        """Write the closure's code for the pupils concerned on its sessions.

        Planned partial closure: ``#`` on the register lines that exist (the
        lines of registers created later get it when they are created).
        Unexpected closure: the registers of its sessions are created if
        needed, and every pupil concerned gets the Y code, as an amendment
        where the register was already taken.
        """
        mark_model = self.env["school.attendance.mark"]
        for closure in self.filtered(lambda c: not c._removes_sessions()):
            sessions = closure._sessions()
            if closure.kind == "unexpected":
                self.env["school.attendance.register"].generate_registers(
                    closure.date_from, closure.date_to, company=closure.company_id
                )
            pupils = (
                self.env["school.pupil"]
                .search(
                    [
                        ("company_id", "=", closure.company_id.id),
                        ("date_admitted", "<=", closure.date_to),
                        "|",
                        ("date_left", "=", False),
                        ("date_left", ">=", closure.date_from),
                    ]
                )
                .filtered(closure._concerns)
            )
            mark_model._record_session_codes(
                pupils,
                sessions,
                closure._code(),
                _("Closure: %s") % closure.name,
                comment=closure.reason or closure.name,
                create_missing=closure.kind == "unexpected",
            )
        return True

    @api.model
    def _apply_to_new_lines(self, registers):
        """Give the lines without code of ``registers`` (just created) the code of the
        partial or unexpected closures covering them."""
        dates = registers.mapped("date")
        closures = self.search(
            [
                ("company_id", "in", registers.mapped("company_id").ids),
                ("date_from", "<=", max(dates)),
                ("date_to", ">=", min(dates)),
                "|",
                ("kind", "=", "unexpected"),
                ("scope", "!=", "school"),
            ]
        )
        if not closures:
            return
        marks = self.env["school.attendance.mark"].search(
            [("register_id", "in", registers.ids), ("code_id", "=", False)]
        )
        for closure in closures:
            covered = marks.filtered(
                lambda m, c=closure: (
                    m.company_id == c.company_id
                    and c._covers(m.date, m.period)
                    and c._concerns(m.pupil_id)
                )
            )
            if covered:
                code = closure._code()
                covered.write({"code_id": code.id, "comment": closure.reason or closure.name})

    def _check_not_begun(self):
        today = fields.Date.context_today(self)
        begun = self.filtered(lambda c: c.date_from <= today)
        if begun:
            raise UserError(
                _(
                    "The closure %s has begun: its codes are in the registers. Amend the "
                    "register entries instead of changing or deleting the closure."
                )
                % ", ".join(begun.mapped("name"))
            )

    def _clear_codes(self):
        """Take a future partial closure's code off the lines of registers not yet taken."""
        for closure in self:
            marks = self.env["school.attendance.mark"].search(
                [
                    ("session_id", "in", closure._sessions().ids),
                    ("code_id", "=", closure._code().id),
                    ("register_id.state", "=", "draft"),
                ]
            )
            marks.write({"code_id": False, "comment": False})

    def _get_affected_terms(self):
        """Terms whose sessions these closures can change."""
        terms = self.env["school.term"]
        for closure in self:
            terms |= terms.search(
                [
                    ("company_id", "=", closure.company_id.id),
                    ("date_start", "<=", closure.date_to),
                    ("date_end", ">=", closure.date_from),
                ]
            )
        return terms
