"""The demo trust: three schools of this school year, with their registers.

``env['school.demo'].ensure_demo_trust()`` builds it once (``scripts/load_demo.py``,
``make run``): Walton Oak Primary (200 pupils) on the main company, a secondary of
600 and a small primary of 60, the schools of one trust. ``ensure_demo_school()``
builds one school. A second call changes nothing. Everything is generated from
fixed random seeds, so two databases get the same schools, pupils and marks.
"""

import base64
import datetime
import io
import math
import random
import time

import pytz
from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError
from PIL import Image, ImageDraw, ImageFont
from psycopg2.extras import execute_values

from ..bulk import bulk_create
from ..rules import lateness
from .res_lang import BRITISH

DEMO_SCHOOL_NAME = "Walton Oak Primary (demo)"
DEMO_PUPILS = 200
DEMO_SEED = 2025
# The external id marking a demo school lives outside any module, so that
# neither an upgrade nor an uninstall of the addon ever touches the company.
DEMO_MARKER_MODULE = "__school_demo__"

# (name, year group): one registration group per year, named after trees.
DEMO_GROUPS = [
    ("Willow (R)", "R"),
    ("Ash (1)", "1"),
    ("Beech (2)", "2"),
    ("Cedar (3)", "3"),
    ("Elm (4)", "4"),
    ("Hazel (5)", "5"),
    ("Oak (6)", "6"),
]
DEMO_TUTORS = [
    "Hannah Whitfield",
    "Daniel Okafor",
    "Rebecca Lloyd",
    "Tom Brennan",
    "Priya Sharma",
    "Gareth Hughes",
    "Claire Donnelly",
]

GIRLS = (
    "Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella "
    "Grace Daisy Sienna Poppy Elsie Emily Ella Evelyn Phoebe Sofia Evie Charlotte Harper "
    "Millie Matilda Ruby Aisha Maryam Zara Amira Hana Maja Zofia Chloe Jessica"
).split()
BOYS = (
    "Muhammad Noah Oliver George Leo Arthur Oscar Theodore Freddie Theo Harry Archie "
    "Henry Jack Alfie Charlie Finley Thomas Isaac Jacob Lucas Joshua Ethan Mason Riley "
    "Harrison Tommy Reggie Ibrahim Yusuf Ali Kacper Jakub Kai Samuel Daniel Max"
).split()
ADULT_WOMEN = (
    "Sarah Laura Emma Rebecca Gemma Hayley Kirsty Nicola Amy Jade Leanne Stacey Fatima "
    "Ayesha Joanna Kate Natalie Rachel"
).split()
ADULT_MEN = (
    "James David Michael Paul Mark Craig Lee Stephen Gary Adam Imran Tariq Piotr Marcin "
    "Ben Chris Richard Andrew"
).split()
SURNAMES = (
    "Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Johnson Roberts "
    "Robinson Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke "
    "Patel Jackson Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker "
    "Harrison Morgan Allen James Scott Phillips Watson Davis Parker Price Bennett Young "
    "Griffiths Mitchell Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy "
    "Miller Cox Richards Khan Ahmed Hussain Begum Ali Nowak Kowalski Okoye Mensah O'Brien "
    "McDonald Kaur Singh"
).split()
STREETS = [
    "Mill Lane",
    "Church Road",
    "Oak Avenue",
    "Station Road",
    "Victoria Street",
    "Park Road",
    "Queens Drive",
    "Elm Grove",
    "Walton Lane",
    "Rice Lane",
    "Cherry Close",
    "Orchard Way",
    "Hawthorn Road",
    "Priory Road",
    "Sandy Lane",
]
DEMO_CITY = "Walton"


def _tutor_names(count, seed):
    """``count`` distinct adult names, always the same for a ``seed``."""
    rng = random.Random(seed)
    names = []
    while len(names) < count:
        name = "%s %s" % (rng.choice(ADULT_WOMEN + ADULT_MEN), rng.choice(SURNAMES))
        if name not in names:
            names.append(name)
    return names


# The schools the demo builds, by kind: name, size, seed, identifiers (the
# establishment number goes into the pupils' UPNs), the staff's email domain,
# and the registration groups (name, year group) with their tutors.
DEMO_TRUST_NAME = "Walton Oak Learning Trust (demo)"
DEMO_LAYOUTS = {
    "primary": {
        "name": DEMO_SCHOOL_NAME,
        "pupils": DEMO_PUPILS,
        "seed": DEMO_SEED,
        "urn": "104567",
        "dfe_number": "340/2101",
        "establishment": 101,
        "domain": "waltonoak.example",
        "groups": DEMO_GROUPS,
        "tutors": DEMO_TUTORS,
    },
    "secondary": {
        "name": "Walton Brook Academy (demo)",
        "pupils": 600,
        "seed": DEMO_SEED + 1,
        "urn": "138912",
        "dfe_number": "340/4012",
        "establishment": 412,
        "domain": "waltonbrook.example",
        "groups": [
            ("%s%s" % (year, form), year) for year in ("7", "8", "9", "10", "11") for form in "ABCD"
        ],
        "tutors": _tutor_names(20, 412),
    },
    "small": {
        "name": "Fazakerley Meadow Primary (demo)",
        "pupils": 60,
        "seed": DEMO_SEED + 2,
        "urn": "104611",
        "dfe_number": "340/2154",
        "establishment": 154,
        "domain": "fazakerleymeadow.example",
        "groups": [
            ("Robins (R)", "R"),
            ("Wrens (1)", "1"),
            ("Finches (2)", "2"),
            ("Swifts (3)", "3"),
            ("Kestrels (4)", "4"),
            ("Owls (5)", "5"),
            ("Herons (6)", "6"),
        ],
        "tutors": _tutor_names(7, 154),
    },
}
#: The trust's schools, in the order they are built (the main company is the primary).
DEMO_TRUST_SCHOOLS = ("primary", "secondary", "small")

# One login per role on the demo (README "Demo logins"); the password is the
# login. (login, name, group xml id, first screen's action xml id). The teacher
# is the tutor of the first class; the parents are two of the pupils' parents.
# Roles of an addon that is not installed (finance) are left out.
DEMO_STAFF_LOGINS = [
    (
        "teacher",
        None,
        "school_attendance.group_attendance_teacher",
        "school_attendance.school_attendance_register_action",
    ),
    (
        "officer",
        "Joanne Clarke",
        "school_attendance.group_attendance_officer",
        "school_attendance.school_attendance_case_today_action",
    ),
    (
        "manager",
        "Martin Hale",
        "school_attendance.group_attendance_manager",
        "school_attendance.school_attendance_case_action",
    ),
    (
        "trust",
        "Olu Adeyemi",
        "school_attendance.group_attendance_trust",
        "school_attendance.school_trust_attendance_action",
    ),
    (
        "finance",
        "Karen Mills",
        "school_penalty.group_penalty_finance",
        "school_penalty.school_penalty_notice_finance_action",
    ),
]
DEMO_PARENT_LOGINS = ["parent1", "parent2"]
#: Each demo school's own address: its letters print it (not Odoo's "YourCompany").
DEMO_SCHOOL_CONTACTS = {
    "primary": {
        "street": "Walton Oak Lane",
        "city": "Liverpool",
        "zip": "L4 0TH",
        "phone": "0151 496 0000",
        "email": "office@waltonoak.example",
    },
    "secondary": {
        "street": "Brook Road",
        "city": "Liverpool",
        "zip": "L9 7AB",
        "phone": "0151 496 0100",
        "email": "office@waltonbrook.example",
    },
    "small": {
        "street": "Meadow Walk",
        "city": "Liverpool",
        "zip": "L10 1LD",
        "phone": "0151 496 0200",
        "email": "office@fazakerleymeadow.example",
    },
}
#: The colour of each demo school's badge (``demo_logo``).
DEMO_LOGO_COLOURS = {"primary": (46, 125, 50), "secondary": (21, 101, 192), "small": (173, 20, 87)}
DEMO_LOGO_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def demo_logo(name, colour):
    """A school badge (base64 PNG, wide as Odoo's menu shows it): the initials of ``name``
    in white on ``colour``."""
    initials = "".join(word[0] for word in name.split() if word[0].isupper())[:3]
    image = Image.new("RGBA", (420, 140), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 416, 136), radius=32, fill=colour + (255,))
    try:
        font = ImageFont.truetype(DEMO_LOGO_FONT, 84)
    except OSError:  # no DejaVu on this machine: Pillow's own small font
        font = ImageFont.load_default()
    draw.text((210, 70), initials, fill=(255, 255, 255, 255), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return base64.b64encode(out.getvalue())


#: The login holding the headteacher's role: the letters no one else signs are theirs.
DEMO_HEADTEACHER_LOGIN = "manager"
#: The named roles each demo login holds at its school: the ladder's activities for a
#: role go to its holder (never to the administrator).
DEMO_ROLES = {
    DEMO_HEADTEACHER_LOGIN: ("headteacher",),
    "officer": ("attendance_officer", "pupil_support_lead", "admin_officer"),
}
#: The logins whose home is the trust, the parent company of the school (if any).
DEMO_TRUST_LOGINS = ["trust", "finance"]
DEMO_POSTCODES = ["L4 %d%s%s", "L9 %d%s%s"]


def _on_or_after(day, weekday):
    """The first ``weekday`` (0 = Monday) on or after ``day``."""
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


MONDAY, WEDNESDAY, FRIDAY = 0, 2, 4


def _first_school_day(day):
    """``day`` itself on a weekday, else the Monday after it."""
    return day if day.weekday() < 5 else _on_or_after(day, MONDAY)


def demo_calendar(start_year, half_terms=False):
    """An English school year starting in September ``start_year``.

    Term and holiday dates follow the usual pattern (autumn from early
    September with an INSET day and October half term, spring from early
    January with February half term, summer from mid-April with the May bank
    holiday and half term), so the demo always lands on real weekdays.
    Returns a dict: year (name, start, end), terms, closures, trip (year
    group, day) — dates as ``datetime.date``. ``half_terms``: the school
    records six half terms ("Autumn 1 2026" to the Friday before October half
    term, "Autumn 2 2026" from the Monday after it, ...) instead of three terms,
    as many schools do; the half-term weeks then lie between two terms.
    """
    d = datetime.date
    end_year = start_year + 1
    autumn_start = _first_school_day(d(start_year, 9, 1))
    october = _on_or_after(d(start_year, 10, 24), MONDAY)
    february = _on_or_after(d(end_year, 2, 13), MONDAY)
    may_bank_holiday = _on_or_after(d(end_year, 5, 1), MONDAY)
    may_half_term = _on_or_after(d(end_year, 5, 25), MONDAY)
    four_days = datetime.timedelta(days=4)
    terms = [
        ("Autumn %d" % start_year, autumn_start, _on_or_after(d(start_year, 12, 15), FRIDAY)),
        (
            "Spring %d" % end_year,
            _first_school_day(d(end_year, 1, 5)),
            _on_or_after(d(end_year, 3, 25), FRIDAY),
        ),
        (
            "Summer %d" % end_year,
            _on_or_after(d(end_year, 4, 12), MONDAY),
            _on_or_after(d(end_year, 7, 17), FRIDAY),
        ),
    ]
    if half_terms:
        three_days, one_week = datetime.timedelta(days=3), datetime.timedelta(days=7)
        terms = [
            half
            for (name, start, end), holiday in zip(
                terms, (october, february, may_half_term), strict=True
            )
            for half in (
                (name.replace(" ", " 1 "), start, holiday - three_days),
                (name.replace(" ", " 2 "), holiday + one_week, end),
            )
        ]
    return {
        "year": ("%d/%02d" % (start_year, end_year % 100), d(start_year, 9, 1), d(end_year, 8, 31)),
        "terms": terms,
        "closures": [
            ("INSET day", "inset", autumn_start, autumn_start),
            ("October half term", "closure", october, october + four_days),
            ("February half term", "closure", february, february + four_days),
            ("Early May bank holiday", "bank_holiday", may_bank_holiday, may_bank_holiday),
            ("May half term", "closure", may_half_term, may_half_term + four_days),
        ],
        # Year 4's trip: an approved educational activity (V) for those who attend.
        "trip": ("4", _on_or_after(d(start_year, 10, 13), WEDNESDAY)),
    }


def demo_dates(today):
    """(school year start, last day to take registers for) for ``today``.

    Registers are taken up to the day before ``today``; today's are left for
    the teachers. Before the autumn term starts, the previous year is used.
    """
    until = today - datetime.timedelta(days=1)
    start_year = until.year if until.month >= 9 else until.year - 1
    if until < demo_calendar(start_year)["terms"][0][1]:
        start_year -= 1
    return start_year, until


_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_with_check_letter(digits):
    """A UPN: the DfE check letter (weights 2-13, mod 23) followed by 12 digits."""
    total = sum(int(d) * w for d, w in zip(digits, range(2, 14), strict=True))
    return _UPN_LETTERS[total % 23] + digits


def _pick_days(rng, days, count, max_run=3):
    """``count`` days of ``days`` (sorted list), in episodes of 1 to ``max_run`` days."""
    chosen = set()
    count = min(count, len(days))
    while len(chosen) < count:
        start = rng.randrange(len(days))
        run = rng.randint(1, max_run)
        for day in days[start : start + run]:
            if len(chosen) < count:
                chosen.add(day)
    return chosen


#: Profiles whose absences are counted to the session (no late arrivals or N added).
EXACT_PROFILES = ("declining", "near_threshold")


def _plan_exact(rng, profile, days, term_start):
    """The absences of a ``declining`` or ``near_threshold`` pupil (see ``plan_absences``)."""
    plan = {}
    if profile == "declining":
        # The most sessions of absence that keep the year strictly above 90%.
        absences = 2 * len(days) - (9 * 2 * len(days)) // 10 - 1
        recent = [d for d in days if term_start and d >= term_start] or days[-10:]
        for day in _pick_days(rng, recent, absences // 2, 2):
            plan[(day, "am")] = plan[(day, "pm")] = ("I", 0)
        spare = [d for d in recent if (d, "am") not in plan]
        if absences % 2 and spare:
            plan[(rng.choice(spare), "am")] = ("I", 0)
    else:
        # The last 10 school weeks are 50 school days: 10 left for the window's edge.
        for day in _pick_days(rng, days[-40:], 4, 1):
            plan[(day, "am")] = plan[(day, "pm")] = ("O", 0)
    return plan


def plan_absences(rng, profile, days, term_start=None):
    """Marks other than plain presence for one pupil: {(day, period): (code, minutes)}.

    ``days`` are the pupil's school days (``datetime.date``, sorted) in the demo period.
    Profiles: ``good`` (about 98-100%), ``fair`` (93-97%), ``illness``, ``unauthorised`` and
    ``holiday`` (persistent absentees: absence of 11% or more, a one-week term-time
    holiday for the last), ``severe`` (absent for 55% or more of the sessions),
    ``declining`` (present until the term holding the last day, which starts on
    ``term_start``, then as many sessions of illness as keep the year above 90%: at this
    term's rate the pupil is at risk of persistent absence) and ``near_threshold``
    (4 days of unauthorised absence, 8 sessions, in the last 10 school weeks: one or two
    more sessions from the penalty threshold).
    """
    plan = {}
    total = len(days)
    if not total:
        return plan

    def whole_days(selected, code):
        for day in selected:
            plan[(day, "am")] = (code, 0)
            plan[(day, "pm")] = (code, 0)

    if profile == "good":
        whole_days(_pick_days(rng, days, int(total * rng.uniform(0.0, 0.025)), 2), "I")
    elif profile == "fair":
        whole_days(_pick_days(rng, days, math.ceil(total * rng.uniform(0.03, 0.085)), 3), "I")
    elif profile == "illness":
        whole_days(_pick_days(rng, days, math.ceil(total * rng.uniform(0.11, 0.18)), 4), "I")
    elif profile == "unauthorised":
        absent = _pick_days(rng, days, math.ceil(total * rng.uniform(0.11, 0.16)), 2)
        illness = set(rng.sample(sorted(absent), len(absent) // 4))
        whole_days(absent - illness, "O")
        whole_days(illness, "I")
    elif profile == "holiday":
        # A week's term-time holiday the school refused (G), plus some illness.
        mondays = [d for d in days if d.weekday() == 0] or days[:1]
        monday = rng.choice(mondays)
        week = [d for d in days if monday <= d < monday + datetime.timedelta(days=7)]
        whole_days(week, "G")
        rest = [d for d in days if d not in week]
        missing = max(0, math.ceil(total * 0.11) - len(week))
        whole_days(_pick_days(rng, rest, missing + rng.randint(0, 2), 2), "I")
    elif profile in EXACT_PROFILES:
        plan.update(_plan_exact(rng, profile, days, term_start))
    elif profile == "severe":
        absent = _pick_days(rng, days, math.ceil(total * rng.uniform(0.55, 0.7)), 5)
        for day in absent:
            code = "O" if rng.random() < 0.6 else "I"
            plan[(day, "am")] = (code, 0)
            plan[(day, "pm")] = (code, 0)
    # A medical appointment (M) for some: one session.
    if profile in ("good", "fair") and rng.random() < 0.3:
        day = rng.choice(days)
        plan.setdefault((day, rng.choice(("am", "pm"))), ("M", 0))
    return plan


def plan_lates(rng, days, plan, often):
    """Add late arrivals (L, or U after the register closed) on mornings the pupil came."""
    register_time, register_close = lateness.DEFAULT_REGISTER_TIMES[lateness.AM]
    rate = 0.08 if often else 0.01
    for day in days:
        if (day, "am") in plan or rng.random() >= rate:
            continue
        minutes = rng.choice((3, 5, 7, 10, 12, 15, 20, 25)) if rng.random() < 0.85 else 40
        arrival = register_time + minutes / 60.0
        code, minutes_late = lateness.classify_arrival(
            arrival, register_time, register_close, lateness.AM
        )
        plan[(day, "am")] = (code, minutes_late)
    return plan


#: The earlier day the demo's escalation runs, in school days before its last day: six
#: school weeks, so its steps have four school weeks after them (a half term may fall
#: between) and four before.
DEMO_EFFECT_DAYS = 30


class SchoolDemo(models.AbstractModel):
    """Builds the demo school. Not a store of data: only ``ensure_demo_school``."""

    _name = "school.demo"
    _description = "Demo School Generator"

    @api.model
    def ensure_demo_trust(self, until=None, pupils=None):
        """Build the demo trust once: its three schools (``DEMO_TRUST_SCHOOLS``).

        The main company is the primary; the trust is the parent company of the
        three, so that the trust and finance logins see every school. The first
        parent login (``parent1``) also has a child at the secondary. A school
        already built is left as it is. ``until``: as for ``ensure_demo_school``;
        ``pupils``: {kind: number of pupils} instead of the layouts' (tests).
        Returns one line per school.
        """
        self._check_demo_loader()
        trust = self._demo_marked_company("demo_trust_company") or self._demo_new_company(
            {"name": DEMO_TRUST_NAME}, "demo_trust_company"
        )
        lines = []
        schools = self.env["res.company"]
        for kind in DEMO_TRUST_SCHOOLS:
            layout = DEMO_LAYOUTS[kind]
            if kind == "primary":
                company = self.env.ref("base.main_company")
            else:
                company = self._demo_marked_company("demo_trust_%s" % kind) or (
                    self._demo_new_company(
                        {
                            "name": layout["name"],
                            "urn": layout["urn"],
                            "dfe_number": layout["dfe_number"],
                        },
                        "demo_trust_%s" % kind,
                    )
                )
            if company.parent_id != trust:
                company.parent_id = trust
            schools |= company
            families = self._demo_trust_families() if kind == "secondary" else ()
            lines.append(
                self.ensure_demo_school(
                    pupils=(pupils or {}).get(kind),
                    until=until,
                    company=company,
                    kind=kind,
                    logins=kind == "primary",
                    families=families,
                )
            )
        # The trust's own staff work across its schools.
        for login in DEMO_TRUST_LOGINS:
            user = self.env["res.users"].search([("login", "=", login)])
            if user:
                user.write({"company_id": trust.id, "company_ids": [(6, 0, (trust | schools).ids)]})
        return "\n".join(lines)

    @api.model
    def _check_demo_loader(self):
        if not (self.env.uid == SUPERUSER_ID or self.env.user.has_group("base.group_system")):
            raise AccessError(_("Only an administrator can load the demo school."))

    @api.model
    def _demo_marked_company(self, marker):
        """The company marked ``__school_demo__.<marker>``, if any."""
        data = self.env["ir.model.data"].search(
            [("module", "=", DEMO_MARKER_MODULE), ("name", "=", marker)], limit=1
        )
        return self.env["res.company"].browse(data.res_id).exists()

    @api.model
    def _demo_new_company(self, vals, marker):
        """A company of the demo trust, in pounds and the UK, marked ``marker``."""
        pound = self.env.ref("base.GBP")
        pound.active = True
        company = self.env["res.company"].create(
            dict(vals, currency_id=pound.id, country_id=self.env.ref("base.uk").id)
        )
        self.env["ir.model.data"].create(
            {
                "module": DEMO_MARKER_MODULE,
                "name": marker,
                "model": "res.company",
                "res_id": company.id,
                "noupdate": True,
            }
        )
        # The administrator may switch to every school of the demo.
        self.env.ref("base.user_root").company_ids = [(4, company.id)]
        return company

    @api.model
    def _demo_trust_families(self):
        """The family of the first parent login, whose next child goes to the secondary.

        [(last name, [(partner, relationship, lives with)])], or none when that
        login does not exist.
        """
        user = self.env["res.users"].search([("login", "=", DEMO_PARENT_LOGINS[0])], limit=1)
        contact = self.env["school.pupil.contact"].search(
            [("partner_id", "=", user.partner_id.id)], order="id", limit=1
        )
        if not user or not contact:
            return ()
        parents = [
            (other.partner_id, other.relationship, other.lives_with_pupil)
            for other in contact.pupil_id.contact_ids.sorted("sequence")
            if other.has_parental_responsibility
        ]
        return [(contact.pupil_id.last_name, parents)]

    @api.model
    def ensure_demo_school(
        self,
        pupils=None,
        until=None,
        company=None,
        seed=None,
        kind="primary",
        logins=True,
        families=(),
    ):
        """Build a demo school of ``kind`` (``DEMO_LAYOUTS``) on ``company`` once.

        ``company`` defaults to the main company. Does nothing when that
        company already holds a demo school (it is marked by the external id
        ``__school_demo__.demo_school_company_<id>``). ``pupils`` pupils
        (default: the layout's) are put on roll and every register of the
        school year up to ``until`` (a 'YYYY-MM-DD' string; default:
        yesterday) is taken; today's registers, if today is a school day, are
        created for the teachers to take. The escalation policy opens cases,
        which are found at every stage; the addons add their own history
        (``_demo_school_extras``). ``logins``: a login per role (prefixed
        ``c<company id>.`` outside the main company). ``families``: families
        of another school, [(last name, [(partner, relationship, lives
        with)])], whose next children are the first pupils of this one.
        Returns a one-line summary.
        """
        self._check_demo_loader()
        layout = DEMO_LAYOUTS[kind]
        pupils = layout["pupils"] if pupils is None else pupils
        seed = layout["seed"] if seed is None else seed
        if isinstance(company, int):  # over XML-RPC
            company = self.env["res.company"].browse(company)
        company = company or self.env.ref("base.main_company")
        marker = "demo_school_company_%d" % company.id
        if self.env["ir.model.data"].search_count(
            [("module", "=", DEMO_MARKER_MODULE), ("name", "=", marker)]
        ):
            return "demo school already loaded on %s; nothing to do" % company.name
        started = time.time()
        rng = random.Random(seed)
        if company == self.env.ref("base.main_company"):
            company.write(
                {
                    "name": layout["name"],
                    "urn": layout["urn"],
                    "dfe_number": layout["dfe_number"],
                }
            )
        # An English school: pounds (before anything is invoiced) and the UK.
        pound = self.env.ref("base.GBP")
        pound.active = True
        company.write({"currency_id": pound.id, "country_id": self.env.ref("base.uk").id})
        if not company.street or company.email in (False, "info@yourcompany.com"):
            company.write(DEMO_SCHOOL_CONTACTS[kind])
        # The school's own badge, not Odoo's logo or its "Your logo" placeholder.
        company.logo = demo_logo(layout["name"], DEMO_LOGO_COLOURS[kind])
        self.env["ir.model.data"].create(
            {
                "module": DEMO_MARKER_MODULE,
                "name": marker,
                "model": "res.company",
                "res_id": company.id,
                "noupdate": True,
            }
        )
        # No chatter messages or followers for thousands of generated records.
        env_ctx = self.with_context(
            tracking_disable=True,
            mail_create_nolog=True,
            mail_create_nosubscribe=True,
            mail_notrack=True,
            no_reset_password=True,
        )
        today = fields.Date.from_string(fields.Date.context_today(self))
        if until:
            until_date = fields.Date.from_string(until)
            start_year = until_date.year if until_date.month >= 9 else until_date.year - 1
        else:
            start_year, until_date = demo_dates(today)
            until = fields.Date.to_string(until_date)
        # Half terms: "this term's rate" of the risk of persistent absence is then
        # this half term's, as at schools that record them.
        calendar = demo_calendar(start_year, half_terms=True)
        terms = env_ctx._demo_calendar(company, calendar)
        groups = env_ctx._demo_groups(company, layout)
        pupil_records = env_ctx._demo_pupils(
            company, groups, pupils, rng, start_year, layout, families
        )
        # The new pupil returns of the pupils who joined this school year went to
        # the local authority at the time (the others joined before the product).
        joined = pupil_records.filtered(
            lambda p: p.date_admitted >= fields.Date.to_string(calendar["year"][1])
        )
        env_ctx.env["school.la.return"]._create_new_pupil_returns(joined).action_mark_sent()
        registers, marks = env_ctx._demo_registers(
            company,
            terms,
            pupil_records,
            until_date,
            rng,
            calendar["trip"],
            below_90=pupil_records[: len(families)],
        )
        if until_date < today:
            env_ctx.env["school.attendance.register"].generate_registers(
                today, today, company=company
            )
        # Staff first: the escalation's letters are signed by the demo's headteacher.
        users = env_ctx._demo_logins(company, groups) if logins else None
        cases = env_ctx._demo_escalation(company, until_date)
        if users:
            env_ctx._demo_give_cases(company, users)
        env_ctx._demo_case_stages(company)
        extras = env_ctx._demo_school_extras(company, until_date, rng)
        if company == self.env.ref("base.main_company"):
            # The demo's administrator reads British dates too.
            self.env.ref("base.user_root").lang = BRITISH
        return (
            "demo school %s: %d groups, %d pupils, %d registers, %d marks up to %s, "
            "%d open cases%s (%.1fs)"
            % (
                company.name,
                len(groups),
                len(pupil_records),
                registers,
                marks,
                until,
                cases,
                "".join(", %s" % extra for extra in extras),
                time.time() - started,
            )
        )

    @api.model
    def _demo_school_extras(self, company, until, rng):
        """What the other addons add to a demo school (notices, letters printed, ...).

        Called once the registers are taken and the cases opened; each addon
        extends it and appends a few words saying what it added.
        """
        return []

    # ------------------------------------------------------------------
    # Builders
    # ------------------------------------------------------------------
    @api.model
    def _demo_escalation(self, company, until):
        """Follow the seed 000 ladder on one day six school weeks back and over the last
        school days up to ``until``.

        The officer then finds cases at several stages on the board, as the
        daily job would have left them, and *Does the Work Help?* has steps with
        four school weeks before and after them to compare. Returns the number of
        open cases.
        """
        policy = self.env.ref("school_attendance.attendance_policy_seed000")
        company.attendance_policy_id = policy
        school_days = sorted(
            {
                fields.Date.from_string(day)
                for day in self.env["school.session"]
                .search(
                    [("company_id", "=", company.id), ("date", "<=", fields.Date.to_string(until))]
                )
                .mapped("date")
            }
        )
        days = school_days[-5:]
        if len(school_days) > 2 * DEMO_EFFECT_DAYS:
            days.insert(0, school_days[-DEMO_EFFECT_DAYS])
        for day in days:
            policy._escalate(company, day)
        return self.env["school.attendance.case"].search_count(
            [("company_id", "=", company.id), ("date_closed", "=", False)]
        )

    @api.model
    def _demo_case_stages(self, company):
        """Take some cases further than the last days' escalation did, to every stage.

        The school has used the product for a while: the worst open cases are
        where a few weeks of meetings and notices would have taken them (one per
        stage no case has reached, latest stage for the lowest attendance), and
        the case of the best attendance has been closed as improved. A stage
        that the only case of another one would have to leave stays empty (a
        small school has few cases).
        """
        case_model = self.env["school.attendance.case"]
        stages = self.env["school.attendance.case.stage"].search([], order="sequence, id")
        cases = case_model.search(
            [
                ("company_id", "=", company.id),
                ("date_closed", "=", False),
                ("concern", "!=", "first_day"),
            ],
            order="attendance_pct, id",
        )
        first_day = case_model.search(
            [("company_id", "=", company.id), ("concern", "=", "first_day")]
        ).mapped("stage_id")
        reached = {
            stage: len(cases.filtered(lambda c, s=stage: c.stage_id == s)) for stage in stages
        }
        candidates = list(cases)
        for stage in reversed(stages.filtered(lambda s: not s.is_closed)):
            if reached[stage] or stage in (first_day or stages[:1]):
                continue
            case = next((c for c in candidates if reached[c.stage_id] > 1), None)
            if not case:
                break
            candidates.remove(case)
            reached[case.stage_id] -= 1
            reached[stage] += 1
            case.stage_id = stage
        best = [c for c in reversed(candidates) if reached[c.stage_id] > 1]
        if best:
            best[0].action_close()

    @api.model
    def _demo_login(self, company, login):
        """The demo login for ``login`` at ``company`` (prefixed outside the main company)."""
        if company != self.env.ref("base.main_company"):
            return "c%d.%s" % (company.id, login)
        return login

    @api.model
    def _demo_logins(self, company, groups):
        """A login per role, each opening on its own first screen (DEMO_STAFF_LOGINS).

        The manager holds the headteacher's role (Named Professionals), who
        signs the letters no one else does. Returns the users.
        """
        users = self.env["res.users"]
        for login, name, group_xmlid, action_xmlid in DEMO_STAFF_LOGINS:
            group = self.env.ref(group_xmlid, raise_if_not_found=False)
            if not group:
                continue
            vals = {
                "login": self._demo_login(company, login),
                "password": login,
                "action_id": self.env.ref(action_xmlid).id,
                "lang": BRITISH,
            }
            if name is None:
                user = groups[:1].tutor_ids[:1]
                user.write(vals)
            else:
                home = (login in DEMO_TRUST_LOGINS and company.parent_id) or company
                vals.update(
                    name=name,
                    email="%s@waltonoak.example" % name.lower().replace(" ", "."),
                    company_id=home.id,
                    company_ids=[(6, 0, home.ids)],
                    groups_id=[(6, 0, group.ids)],
                )
                user = self.env["res.users"].create(vals)
            users |= user
            for role in DEMO_ROLES.get(login, ()):
                self.env["school.staff.role"].create(
                    {"company_id": company.id, "role": role, "user_id": user.id}
                )
        return users | self._demo_parent_logins(company)

    @api.model
    def _demo_give_cases(self, company, users):
        """The officer owns the open cases and their activities (*My Cases Today*)."""
        officer = users.filtered(lambda u: u.login == self._demo_login(company, "officer"))
        cases = self.env["school.attendance.case"].search(
            [("company_id", "=", company.id), ("date_closed", "=", False)]
        )
        cases.write({"user_id": officer.id})
        cases.mapped("activity_ids").write({"user_id": officer.id})

    @api.model
    def _demo_parent_logins(self, company):
        """Portal logins for two parents: the first with two children at the school."""
        contacts = self.env["school.pupil.contact"].search(
            [("pupil_id.company_id", "=", company.id), ("has_parental_responsibility", "=", True)],
            order="id",
        )
        by_partner = {}
        for contact in contacts:
            by_partner.setdefault(contact.partner_id, []).append(contact)
        partners = sorted(by_partner, key=lambda partner: (-len(by_partner[partner]), partner.id))
        portal = self.env.ref("base.group_portal")
        users = self.env["res.users"]
        for login, partner in zip(DEMO_PARENT_LOGINS, partners, strict=False):
            users |= self.env["res.users"].create(
                {
                    "login": self._demo_login(company, login),
                    "password": login,
                    "partner_id": partner.id,
                    "lang": BRITISH,
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, portal.ids)],
                }
            )
        return users

    @api.model
    def _demo_calendar(self, company, calendar):
        to_string = fields.Date.to_string
        name, date_start, date_end = calendar["year"]
        date_start, date_end = to_string(date_start), to_string(date_end)
        year = self.env["school.academic.year"].search(
            [("company_id", "=", company.id), ("name", "=", name)], limit=1
        ) or self.env["school.academic.year"].create(
            {"name": name, "date_start": date_start, "date_end": date_end, "company_id": company.id}
        )
        # Closures first: each term then generates its sessions once. A
        # calendar the school already has for these dates is kept as it is.
        closure_model = self.env["school.closure"]
        for closure_name, kind, day_from, day_to in calendar["closures"]:
            date_from, date_to = to_string(day_from), to_string(day_to)
            if closure_model.search_count(
                [
                    ("company_id", "=", company.id),
                    ("date_from", "<=", date_to),
                    ("date_to", ">=", date_from),
                ]
            ):
                continue
            closure_model.create(
                {
                    "name": closure_name,
                    "kind": kind,
                    "date_from": date_from,
                    "date_to": date_to,
                    "company_id": company.id,
                }
            )
        terms = self.env["school.term"]
        for term_name, day_start, day_end in calendar["terms"]:
            term_start, term_end = to_string(day_start), to_string(day_end)
            existing = terms.search(
                [
                    ("company_id", "=", company.id),
                    ("date_start", "<=", term_end),
                    ("date_end", ">=", term_start),
                ]
            )
            if existing:
                terms |= existing
                continue
            terms |= self.env["school.term"].create(
                {
                    "name": term_name,
                    "academic_year_id": year.id,
                    "date_start": term_start,
                    "date_end": term_end,
                }
            )
        return terms

    @api.model
    def _demo_groups(self, company, layout):
        teacher_group = self.env.ref("school_attendance.group_attendance_teacher")
        groups = self.env["school.group"]
        for (name, year_group), tutor_name in zip(layout["groups"], layout["tutors"], strict=True):
            login = "%s@%s" % (
                tutor_name.lower().replace(" ", ".").replace("'", ""),
                layout["domain"],
            )
            if company != self.env.ref("base.main_company"):
                login = "c%d.%s" % (company.id, login)
            user = self.env["res.users"].search([("login", "=", login)], limit=1)
            if not user:
                user = self.env["res.users"].create(
                    {
                        "name": tutor_name,
                        "login": login,
                        "email": login,
                        "company_id": company.id,
                        "company_ids": [(6, 0, [company.id])],
                        "groups_id": [(6, 0, [teacher_group.id])],
                    }
                )
            groups |= self.env["school.group"].create(
                {
                    "name": name,
                    "year_group": year_group,
                    "company_id": company.id,
                    "tutor_ids": [(6, 0, user.ids)],
                }
            )
        return groups

    @api.model
    def _demo_pupils(self, company, groups, count, rng, start_year, layout, families=()):
        """``count`` pupils spread over ``groups``, with parents and needs flags.

        Pupils, parents and contacts go in with one INSERT each (``bulk_create``).
        The first pupils are the next children of ``families`` (see
        ``ensure_demo_school``); other pupils have a sibling at the school now and then.
        """
        first_year = min(0 if g.year_group == "R" else int(g.year_group) for g in groups)
        # A family: [last name, [(partner or None, vals, relationship, lives with)]].
        families = [
            [
                last_name,
                [(partner, None, relationship, lives) for partner, relationship, lives in p],
            ]
            for last_name, p in families
        ]
        outside = len(families)
        vals_list, family_of = [], []
        for index in range(count):
            group = groups[index % len(groups)]
            year_index = 0 if group.year_group == "R" else int(group.year_group)
            gender = "female" if rng.random() < 0.5 else "male"
            first_name = rng.choice(GIRLS if gender == "female" else BOYS)
            if index < outside:
                family = index
            elif len(families) > outside and rng.random() < 0.12:
                family = rng.randrange(outside, len(families))
            else:
                family = None
            last_name = families[family][0] if family is not None else rng.choice(SURNAMES)
            if family is None:
                parents = self._demo_parent_vals(last_name, rng)
                family = len(families)
                families.append([last_name, [(None, v, r, lw) for v, r, lw in parents]])
            family_of.append(family)
            # Born between 1 Sep and 31 Aug of the cohort's school year.
            born_from = datetime.date(start_year - 5 - year_index, 9, 1)
            dob = born_from + datetime.timedelta(days=rng.randrange(365))
            admitted = datetime.date(start_year - year_index + first_year, 9, 1)
            if count >= 100 and index in (count - 2, count - 3):
                # joined this term, on the first Monday of October
                admitted = _on_or_after(datetime.date(start_year, 10, 1), MONDAY)
            serial = "340%03d%02d%04d" % (
                layout["establishment"],
                (start_year - year_index) % 100,
                index + 1,
            )
            disadvantaged = rng.random()
            vals = {
                "first_name": first_name,
                "last_name": last_name,
                "gender": gender,
                "date_of_birth": fields.Date.to_string(dob),
                "upn": upn_with_check_letter(serial),
                "group_id": group.id,
                "company_id": company.id,
                "date_admitted": fields.Date.to_string(admitted),
                "is_fsm": disadvantaged < 0.24,
                "is_pupil_premium": disadvantaged < 0.27,
                "is_sen": rng.random() < 0.13,
                "is_eal": rng.random() < 0.2,
                "is_looked_after": rng.random() < 0.01,
                "is_child_in_need": rng.random() < 0.03,
                "has_child_protection_plan": rng.random() < 0.01,
                # Stored computes, as _compute_name and the related year group give them.
                "name": "%s %s" % (first_name, last_name),
                "year_group": group.year_group,
            }
            vals["is_ehcp"] = not vals["is_sen"] and rng.random() < 0.03
            if vals["is_looked_after"]:
                vals["is_pupil_premium"] = True
            vals_list.append(vals)
        pupils = bulk_create(self.env["school.pupil"], vals_list, computed=("name", "year_group"))
        new_parents = [
            parent for family in families[outside:] for parent in family[1] if parent[0] is None
        ]
        partners = iter(bulk_create(self.env["res.partner"], [p[1] for p in new_parents]))
        for family in families[outside:]:
            family[1] = [(next(partners), None, r, lw) for _p, _v, r, lw in family[1]]
        contacts = []
        for pupil, family in zip(pupils, family_of, strict=True):
            for position, (partner, _vals, relationship, lives_with) in enumerate(
                families[family][1]
            ):
                contacts.append(
                    {
                        "pupil_id": pupil.id,
                        "partner_id": partner.id,
                        "sequence": position + 1,
                        "relationship": relationship,
                        "has_parental_responsibility": True,
                        "lives_with_pupil": lives_with,
                        "is_priority_contact": position == 0,
                        "receives_post": True,
                    }
                )
        contacts = bulk_create(self.env["school.pupil.contact"], contacts)
        # A parent of another school who has a portal login now sees this school too.
        contacts.filtered(lambda c: c.pupil_id in pupils[:outside])._refresh_portal_schools()
        return pupils

    @api.model
    def _demo_parent_vals(self, last_name, rng):
        """Values of one or two parents with an address: [(vals, relationship, lives with)]."""
        street = "%d %s" % (rng.randint(1, 180), rng.choice(STREETS))
        postcode = rng.choice(DEMO_POSTCODES) % (
            rng.randint(1, 9),
            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
            rng.choice("ABDEFGHJLNPQRSTUWXYZ"),
        )
        address = {"street": street, "city": DEMO_CITY, "zip": postcode}
        country = self.env.ref("base.uk", raise_if_not_found=False)
        if country:
            address["country_id"] = country.id
        result = []
        mother = rng.choice(ADULT_WOMEN)
        result.append((mother, "mother", True))
        if rng.random() < 0.7:
            result.append((rng.choice(ADULT_MEN), "father", rng.random() < 0.85))
        parents = []
        for first, relationship, lives_with in result:
            email_name = "%s.%s" % (first.lower(), last_name.lower().replace("'", ""))
            vals = dict(
                address,
                name="%s %s" % (first, last_name),
                email="%s%d@example.com" % (email_name, rng.randint(1, 99)),
                mobile="07700 900%03d" % rng.randint(0, 999),
                customer=False,
            )
            if not lives_with:
                vals.update(street="%d %s" % (rng.randint(1, 180), rng.choice(STREETS)))
            parents.append((vals, relationship, lives_with))
        return parents

    @api.model
    def _demo_registers(self, company, terms, pupils, until, rng, trip, below_90=None):
        """Take every register from the start of the year up to ``until``.

        Registers and their blank lines come from ``generate_registers`` (the
        same call the daily job makes); the codes then go in with one UPDATE
        per table, as a term of registers is tens of thousands of entries.
        Every value respects the mark constraints: pupils on roll that day,
        / only in the morning and \\ only in the afternoon, late codes and
        minutes from ``rules.lateness``, no retired code. Returns the counts
        of registers and marks.
        """
        register_model = self.env["school.attendance.register"]
        mark_model = self.env["school.attendance.mark"]
        date_from = min(terms.mapped("date_start"))
        registers = register_model.generate_registers(date_from, until, company=company)
        if not registers:
            return 0, 0
        mark_model.recompute()  # flush pending computations before raw SQL
        self.env.cr.execute(
            """
            SELECT id, pupil_id, date, period FROM school_attendance_mark
            WHERE register_id IN %s
            """,
            (tuple(registers.ids),),
        )
        marks = {}  # pupil id -> {(date, period): mark id}
        for mark_id, pupil_id, mark_date, period in self.env.cr.fetchall():
            day = fields.Date.from_string(mark_date) if isinstance(mark_date, str) else mark_date
            marks.setdefault(pupil_id, {})[(day, period)] = mark_id
        term_start = max(
            (fields.Date.from_string(t.date_start) for t in terms if t.date_start <= str(until)),
            default=None,
        )
        plans = self._demo_plans(pupils, marks, until, rng, trip, term_start, below_90)
        codes = {
            code.code: code
            for code in self.env["school.attendance.code"].search(
                [("code", "in", ["/", "\\", "L", "U", "I", "M", "O", "G", "N", "V"])]
            )
        }
        register_time, _close = lateness.DEFAULT_REGISTER_TIMES[lateness.AM]
        rows = []
        for pupil_id, slots in marks.items():
            plan = plans.get(pupil_id, {})
            for key, mark_id in slots.items():
                code, minutes = plan.get(key, (lateness.PRESENT_CODES[key[1]], 0))
                arrival = register_time + minutes / 60.0 if code in ("L", "U") else None
                comment = None
                if code == "N":
                    comment = "No reason yet: first-day call made"
                elif code == "G":
                    comment = "Term-time holiday; leave of absence refused"
                rows.append(
                    (mark_id, codes[code].id, codes[code].category, minutes, arrival, comment)
                )
        execute_values(
            self.env.cr,
            """
            UPDATE school_attendance_mark AS m
            SET code_id = v.code_id, category = v.category, minutes_late = v.minutes,
                arrival_time = v.arrival, comment = v.comment
            FROM (VALUES %s) AS v (id, code_id, category, minutes, arrival, comment)
            WHERE m.id = v.id
            """,
            rows,
            template="(%s::int, %s::int, %s::varchar, %s::int, %s::float, %s::varchar)",
            page_size=2000,
        )
        # Registers: taken by the group's tutor at the register time; those of
        # earlier weeks have also been checked and closed by the office.
        london = pytz.timezone("Europe/London")
        last_week = until - datetime.timedelta(days=until.weekday())
        register_rows = []
        for register in registers:
            day = fields.Date.from_string(register.date)
            hour, minute = (8, 55) if register.period == "am" else (13, 5)
            local = london.localize(datetime.datetime.combine(day, datetime.time(hour, minute)))
            taken_at = local.astimezone(pytz.utc).replace(tzinfo=None)
            register_rows.append(
                (
                    register.id,
                    "closed" if day < last_week else "taken",
                    register.teacher_id.id or self.env.uid,
                    fields.Datetime.to_string(taken_at),
                )
            )
        execute_values(
            self.env.cr,
            """
            UPDATE school_attendance_register AS r
            SET state = v.state, taken_by = v.taken_by, taken_at = v.taken_at
            FROM (VALUES %s) AS v (id, state, taken_by, taken_at)
            WHERE r.id = v.id
            """,
            register_rows,
            template="(%s::int, %s::varchar, %s::int, %s::timestamp)",
            page_size=2000,
        )
        mark_model.invalidate_cache()
        register_model.invalidate_cache()
        # Fresh planner statistics: the tables grew by tens of thousands of rows in
        # this transaction, and the cases and notices built next query them.
        self.env.cr.execute("ANALYZE school_attendance_mark")
        self.env.cr.execute("ANALYZE school_attendance_register")
        return len(registers), len(rows)

    @api.model
    def _demo_plans(self, pupils, marks, until, rng, trip, term_start=None, below_90=None):
        """{pupil id: {(date, period): (code, minutes)}} for everything but plain presence.

        Every school has pupils of each profile of ``plan_absences``, at least one at
        risk of persistent absence (``declining``) and one near the penalty threshold
        (the foresight pages show something). ``below_90``: pupils who are persistently
        absent (the parent login's child at the secondary: the portal's sentence about
        coming back above 90%).
        """
        count = len(pupils)
        severe = round(count * 0.01)
        persistent = max(1, round(count * 0.08)) - severe
        holiday = max(1 if persistent >= 2 else 0, round(count * 0.02))
        others = max(0, persistent - holiday)
        illness = (others + 1) // 2
        profiles = (
            ["severe"] * severe
            + ["holiday"] * holiday
            + ["illness"] * illness
            + ["unauthorised"] * (others - illness)
            + ["fair"] * round(count * 0.12)
            + ["declining"] * max(1, round(count * 0.01))
            + ["near_threshold"] * max(1, round(count * 0.005))
        )
        profiles = profiles[:count] + ["good"] * (count - len(profiles))
        rng.shuffle(profiles)
        persistent_profiles = ("illness", "unauthorised", "holiday", "severe")
        for pupil in below_90 or ():
            index = list(pupils).index(pupil)
            if profiles[index] not in persistent_profiles and "illness" in profiles:
                other = profiles.index("illness")
                profiles[index], profiles[other] = profiles[other], profiles[index]
        trip_year, trip_day = trip
        plans, exact = {}, set()
        for pupil, profile in zip(pupils, profiles, strict=True):
            slots = marks.get(pupil.id, {})
            days = sorted({day for day, _period in slots})
            plan = plan_absences(rng, profile, days, term_start)
            often = rng.random() < 0.15 or profile == "unauthorised"
            if profile not in EXACT_PROFILES:
                plan_lates(rng, days, plan, often=often)
            if pupil.year_group == trip_year:
                for period in ("am", "pm"):
                    if (trip_day, period) in slots and (trip_day, period) not in plan:
                        plan[(trip_day, period)] = ("V", 0)
            plans[pupil.id] = plan
            if profile in EXACT_PROFILES:
                exact.add(pupil.id)
        # Today's unexplained absences: the office is still phoning home (N).
        present_today = [
            pupil
            for pupil in pupils
            if (until, "am") in marks.get(pupil.id, {})
            and pupil.id not in exact
            and (until, "am") not in plans[pupil.id]
            and (until, "pm") not in plans[pupil.id]
        ]
        for pupil in rng.sample(present_today, min(len(present_today), max(1, count // 50))):
            plans[pupil.id][(until, "am")] = ("N", 0)
            plans[pupil.id][(until, "pm")] = ("N", 0)
        return plans
