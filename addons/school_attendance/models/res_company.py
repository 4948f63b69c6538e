import datetime
import re

import pytz
from odoo import _, api, fields, models
from odoo.addons.base.res.res_partner import _tz_get
from odoo.exceptions import ValidationError

from ..rules import patterns

# Statutory minimum (2024 regulations): every register entry is kept 6 years.
MIN_RETENTION_YEARS = 6
# A register stays open for the same period each session, at most 30 minutes.
MAX_REGISTER_OPEN_HOURS = 0.5


class ResCompany(models.Model):
    _inherit = "res.company"

    def _default_attendance_policy(self):
        # A new school follows the most complete preset, the seed 000 ladder (first
        # day to legal action), until a manager chooses another or clears it.
        # Schools that existed when the addon was installed get it from the
        # post_init_hook (_set_default_attendance_policy); a school whose manager
        # clears it is told so on its cases board (get_empty_list_help).
        return self.env.ref("school_attendance.attendance_policy_seed000", raise_if_not_found=False)

    school_doors_open = fields.Float(
        string="Doors Open",
        default=8.5,
        help="Time pupils may arrive from (hours, 8:30 = 8.5).",
    )
    register_am_time = fields.Float(
        string="Morning Register",
        default=8 + 50 / 60.0,
        help="Time the morning register is taken; pupils arriving after it "
        "are late (L) until it closes.",
    )
    register_am_close = fields.Float(
        string="Morning Register Closes",
        default=9 + 20 / 60.0,
        help="Time the morning register closes; arriving after it is U (unauthorised absence).",
    )
    register_pm_time = fields.Float(
        string="Afternoon Register",
        default=13.0,
        help="Time the afternoon register is taken.",
    )
    register_pm_close = fields.Float(
        string="Afternoon Register Closes",
        default=13.5,
        help="Time the afternoon register closes.",
    )
    registers_closing_time = fields.Float(
        string="Registers Complete By",
        default=13.5,
        help="Time of day by which all of the day's registers must be taken "
        "and submitted; registers still open then are flagged to the "
        "attendance officer.",
    )
    retention_years = fields.Integer(
        string="Keep Register Entries (years)",
        default=MIN_RETENTION_YEARS,
        help="Years every register entry is kept from the date it was "
        "entered: at least 6 (2024 regulations).",
    )
    urn = fields.Char(
        string="URN",
        help="Unique Reference Number of the school (6 digits, Get Information About Schools).",
    )
    dfe_number = fields.Char(
        string="DfE Number",
        help="DfE establishment number, LA code and establishment (LAESTAB), e.g. 936/2001.",
    )
    school_tz = fields.Selection(
        _tz_get,
        string="School Timezone",
        required=True,
        default="Europe/London",
        help="Timezone of the school's clock: today's registers, the missing "
        "registers flag (closing time) and the daily jobs use the school's "
        "local date and time, whatever the timezone of the user or of the "
        "server's scheduled jobs.",
    )
    attendance_policy_id = fields.Many2one(
        "school.attendance.policy",
        string="Attendance Policy",
        default=_default_attendance_policy,
        help="Escalation policy the school follows: the daily run and first-day "
        "absence open and advance attendance cases by its steps. A new school "
        "starts with the seed 000 preset; empty: no case is opened.",
    )

    local_authority_id = fields.Many2one(
        "res.partner",
        string="Local Authority",
        help="The school's local authority: its returns (new pupils, deletions, "
        "absences) are addressed to it.",
    )
    la_returns_user_id = fields.Many2one(
        "res.users",
        string="Returns Officer",
        help="Who gets the activity when a return to the local authority falls due "
        "(empty: the school's first attendance officer).",
    )
    la_youngest_year_returns = fields.Boolean(
        string="New Pupil Returns for the Youngest Year",
        help="The local authority asks for a new pupil return also for pupils starting "
        "in the school's youngest year on the first day of the school year.",
    )
    la_transition_deletion_returns = fields.Boolean(
        string="Deletion Returns at Transition Points",
        help="The local authority asks for a deletion return also when a pupil leaves "
        "after nursery (ground B) or at the end of compulsory school age (ground L).",
    )
    la_absence_return_school_days = fields.Integer(
        string="Absence Returns Due (school days)",
        default=5,
        help="School days, agreed with the local authority, between the 10th school "
        "day of a pupil's continuous absence without permission and the return.",
    )
    pattern_min_days = fields.Integer(
        string="Days Behind a Pattern",
        default=patterns.MIN_DAYS,
        help="Patterns of absence: a pattern on one weekday or next to weekends and "
        "holidays needs at least this many days of absence this school year (default 3).",
    )
    pattern_weekday_share = fields.Float(
        string="Share on One Weekday",
        digits=(3, 2),
        default=patterns.WEEKDAY_SHARE,
        help="Patterns of absence: absence is concentrated on one weekday when that "
        "weekday holds at least this share of the pupil's days of absence (0.5 = half, "
        "the default; 1 = all of them).",
    )
    pattern_break_share = fields.Float(
        string="Share Next to Weekends and Holidays",
        digits=(3, 2),
        default=patterns.BREAK_SHARE,
        help="Patterns of absence: long weekends when at least this share of the pupil's "
        "days of absence are next to a weekend or a holiday (0.75 = three quarters, the "
        "default; Mondays and Fridays alone are 40% of school days).",
    )
    pattern_illness_spells = fields.Integer(
        string="Spells of Illness",
        default=patterns.MIN_ILLNESS_SPELLS,
        help="Patterns of absence: repeated illness from this many separate spells of "
        "illness (I) this school year (default 3).",
    )

    def _set_default_attendance_policy(self):
        """Give the schools without an escalation policy the one a new school starts with.

        Called once when the addon is installed (post_init_hook): the column is
        created before the seed 000 policy exists, so schools already in the
        database would otherwise follow none. A school with a policy keeps it.
        Returns the schools that got the default.
        """
        policy = self._default_attendance_policy()
        without = self.filtered(lambda company: not company.attendance_policy_id)
        if policy and without:
            without.write({"attendance_policy_id": policy.id})
        return without

    @api.constrains("retention_years")
    def _check_retention_years(self):
        for company in self:
            if company.retention_years < MIN_RETENTION_YEARS:
                raise ValidationError(
                    _(
                        "Register entries must be kept for at least %d years "
                        "(School Attendance (Pupil Registration) (England) "
                        "Regulations 2024)."
                    )
                    % MIN_RETENTION_YEARS
                )

    @api.constrains("la_absence_return_school_days")
    def _check_la_absence_return_school_days(self):
        for company in self:
            if company.la_absence_return_school_days < 0:
                raise ValidationError(
                    _(
                        "The school days between a 10-day absence and its return to the "
                        "local authority cannot be negative (%d)."
                    )
                    % company.la_absence_return_school_days
                )

    @api.constrains(
        "pattern_min_days",
        "pattern_weekday_share",
        "pattern_break_share",
        "pattern_illness_spells",
    )
    def _check_pattern_thresholds(self):
        for company in self:
            if company.pattern_min_days < 1:
                raise ValidationError(
                    _(
                        "Days behind a pattern of absence must be at least 1 (you entered "
                        "%s); the default is %s."
                    )
                    % (company.pattern_min_days, patterns.MIN_DAYS)
                )
            if company.pattern_illness_spells < 1:
                raise ValidationError(
                    _(
                        "Spells of illness behind a pattern must be at least 1 (you entered "
                        "%s); the default is %s."
                    )
                    % (company.pattern_illness_spells, patterns.MIN_ILLNESS_SPELLS)
                )
            shares = (
                (_("Share on One Weekday"), company.pattern_weekday_share),
                (_("Share Next to Weekends and Holidays"), company.pattern_break_share),
            )
            for label, share in shares:
                if not 0 < share <= 1:
                    raise ValidationError(
                        _(
                            "%(label)s is a share of the days of absence: more than 0 and at "
                            "most 1 (0.5 = half, 1 = all of them); you entered %(share)s."
                        )
                        % {"label": label, "share": share}
                    )

    def _pattern_thresholds(self):
        """The school's thresholds of the patterns of absence, as keyword arguments of
        ``rules.patterns.find_patterns``."""
        self.ensure_one()
        return {
            "min_days": self.pattern_min_days,
            "weekday_share": self.pattern_weekday_share,
            "break_share": self.pattern_break_share,
            "min_illness_spells": self.pattern_illness_spells,
        }

    @api.constrains(
        "register_am_time", "register_am_close", "register_pm_time", "register_pm_close"
    )
    def _check_register_times(self):
        for company in self:
            am = company.register_am_close - company.register_am_time
            pm = company.register_pm_close - company.register_pm_time
            if am <= 0 or pm <= 0:
                raise ValidationError(_("A register must close after it is taken."))
            if max(am, pm) > MAX_REGISTER_OPEN_HOURS + 1e-6:
                raise ValidationError(_("A register may stay open for at most 30 minutes."))
            if abs(am - pm) > 1 / 120.0:
                raise ValidationError(
                    _("The morning and afternoon registers must stay open for the same period.")
                )

    @api.constrains("urn", "dfe_number")
    def _check_school_numbers(self):
        for company in self:
            if company.urn and not re.match(r"^\d{6}$", company.urn):
                raise ValidationError(_("The URN is 6 digits."))
            if company.dfe_number and not re.match(r"^\d{3}/?\d{4}$", company.dfe_number):
                raise ValidationError(
                    _(
                        "The DfE number is the 3-digit LA code and the 4-digit "
                        "establishment number, e.g. 936/2001."
                    )
                )

    # ------------------------------------------------------------------
    # The school's clock
    # ------------------------------------------------------------------
    @api.model
    def _utc_now(self):
        """The current UTC time (naive). One method, so tests can fix the clock."""
        return datetime.datetime.utcnow()

    def get_school_now(self):
        """The school's local date and time now (naive ``datetime``), in its timezone."""
        self.ensure_one()
        local = pytz.utc.localize(self._utc_now()).astimezone(
            pytz.timezone(self.school_tz or "Europe/London")
        )
        return local.replace(tzinfo=None)

    def _la_returns_user(self):
        """Who is reminded of this school's returns to the local authority."""
        self.ensure_one()
        if self.la_returns_user_id:
            return self.la_returns_user_id
        officers = self.env.ref("school_attendance.group_attendance_officer").users
        return officers.filtered(lambda u: u.company_id == self)[:1] or self.env.user

    def get_school_today(self):
        """The school's local date today (``datetime.date``)."""
        return self.get_school_now().date()

    # ------------------------------------------------------------------
    # Printed documents
    # ------------------------------------------------------------------
    def get_report_logo_src(self):
        """The school's logo as a data URI (no file or URL for wkhtmltopdf to fetch)."""
        self.ensure_one()
        logo = self.logo
        if not logo:
            return False
        if isinstance(logo, bytes):
            logo = logo.decode("ascii")
        return "data:image/png;base64,%s" % logo

    def get_report_address_lines(self):
        """The school's postal address, one printed line each."""
        self.ensure_one()
        return [line for line in (self.street, self.street2, self.city, self.zip) if line]
