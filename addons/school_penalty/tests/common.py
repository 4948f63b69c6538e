from odoo.tests.common import SavepointCase, at_install, post_install

# Dates of the calendar the tests share (England, school years 2023/24 and 2024/25):
# half-terms and holidays are weeks without sessions.
TERMS = [
    ("2023/24", "Summer 1 2024", "2024-04-15", "2024-05-24"),
    ("2023/24", "Summer 2 2024", "2024-06-03", "2024-07-19"),
    ("2024/25", "Autumn 1 2024", "2024-09-02", "2024-10-25"),
    ("2024/25", "Autumn 2 2024", "2024-11-04", "2024-12-20"),
    ("2024/25", "Spring 1 2025", "2025-01-06", "2025-02-14"),
    ("2024/25", "Spring 2 2025", "2025-02-24", "2025-04-04"),
    ("2024/25", "Summer 1 2025", "2025-04-22", "2025-05-23"),
]
YEARS = {
    "2023/24": ("2023-09-01", "2024-08-31"),
    "2024/25": ("2024-09-01", "2025-08-31"),
}


def set_up_regulation3(env, company):
    """Give ``company`` what its penalty notices must say (regulation 3).

    Its local authority (with an address), how to pay and the issuer's particulars;
    the parent's and the child's addresses are the contacts' own. Returns the local
    authority's partner. For tests outside :class:`PenaltyCase` too.
    """
    authority = env["res.partner"].search([("name", "=", "Leeds City Council")], limit=1) or env[
        "res.partner"
    ].create(
        {
            "name": "Leeds City Council",
            "is_company": True,
            "street": "Civic Hall",
            "city": "Leeds",
            "zip": "LS1 1UR",
        }
    )
    company.write(
        {
            "penalty_local_authority_id": authority.id,
            "penalty_payment_methods": "Online at pay.example.org/penalty or by phone.",
            "penalty_issuer_particulars": "Headteacher, the school",
        }
    )
    return authority


# Odoo 11 runs at_install tests only with demo data; post_install tests always
# run (the 11 spelling of tagged("post_install", "-at_install")).
@at_install(False)
@post_install(True)
class PenaltyCase(SavepointCase):
    """A school calendar across two school years, pupils, parents and users.

    Amira Khan has two parents with parental responsibility (Sara and Omar)
    and a grandmother without it; her 4 G (holiday in term time, 3-4 Feb
    2025) and 6 U (24-26 Feb 2025, after the February half-term) are the
    seed's "4 + 6" example.
    """

    @classmethod
    def _create_calendar(cls, company):
        """The school years ``YEARS`` and terms ``TERMS`` of ``company``.

        The school also names its local authority (every school's notices must).
        """
        cls._set_up_regulation3(company)
        years = {
            name: cls.env["school.academic.year"].create(
                {"name": name, "date_start": start, "date_end": end, "company_id": company.id}
            )
            for name, (start, end) in YEARS.items()
        }
        for year, name, start, end in TERMS:
            cls.env["school.term"].create(
                {
                    "name": name,
                    "academic_year_id": years[year].id,
                    "date_start": start,
                    "date_end": end,
                }
            )

    @classmethod
    def setUpClass(cls):
        super(PenaltyCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.ref("base.main_company")
        cls.Notice = cls.env["school.penalty.notice"]
        cls.Nti = cls.env["school.notice.to.improve"]
        cls.Mark = cls.env["school.attendance.mark"]
        cls.Session = cls.env["school.session"]
        cls.officer = cls._create_user("pn_officer", "school_attendance.group_attendance_officer")
        cls.finance = cls._create_user("pn_finance", "school_penalty.group_penalty_finance")
        cls._create_calendar(cls.company)
        cls.group = cls.env["school.group"].create(
            {"name": "5R", "year_group": "5", "company_id": cls.company.id}
        )
        cls.code = {
            c: cls.env["school.attendance.code"].get_code(c) for c in ("/", "G", "N", "O", "U", "I")
        }
        Partner = cls.env["res.partner"]
        home = {"street": "12 Mill Lane", "city": "Leeds", "zip": "LS1 4AB"}
        cls.sara = Partner.create(dict(home, name="Sara Khan", email="sara@example.org"))
        cls.omar = Partner.create(dict(home, name="Omar Khan", email="omar@example.org"))
        cls.nana = Partner.create({"name": "Nana Khan"})
        cls.amira = cls._create_pupil(
            "Amira", "Khan", [(cls.sara, True), (cls.omar, True), (cls.nana, False)]
        )
        # The seed's 4 + 6: 4 sessions of term-time holiday and 6 of U.
        cls.amira_g = cls._marks(cls.amira, ["2025-02-03", "2025-02-04"], "G")
        cls.amira_u = cls._marks(cls.amira, ["2025-02-24", "2025-02-25", "2025-02-26"], "U")

    @classmethod
    def _set_up_regulation3(cls, company):
        """What a school must say on its penalty notices: its local authority and how to pay."""
        cls.local_authority = set_up_regulation3(cls.env, company)

    @classmethod
    def _create_user(cls, login, group_xmlid):
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "email": "%s@example.org" % login,
                    "company_id": cls.company.id,
                    "company_ids": [(6, 0, [cls.company.id])],
                    "groups_id": [(6, 0, [cls.env.ref(group_xmlid).id])],
                }
            )
        )

    @classmethod
    def _create_pupil(
        cls, first, last, parents=(), date_admitted="2024-04-15", date_of_birth="2015-05-14"
    ):
        # Born 14 May 2015: of compulsory school age from 31 Aug 2020 to 26 Jun 2031.
        pupil = cls.env["school.pupil"].create(
            {
                "first_name": first,
                "last_name": last,
                "date_of_birth": date_of_birth,
                "group_id": cls.group.id,
                "company_id": cls.company.id,
                "date_admitted": date_admitted,
            }
        )
        for partner, responsible in parents:
            if responsible and not partner.street:
                # The child's and the parent's addresses go on a penalty notice.
                partner.write({"street": "3 Park Road", "city": "Leeds", "zip": "LS2 9JT"})
            cls.env["school.pupil.contact"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": partner.id,
                    "relationship": "other",
                    "has_parental_responsibility": responsible,
                    "lives_with_pupil": responsible,
                    "receives_post": True,
                }
            )
        return pupil

    @classmethod
    def _marks(cls, pupil, dates, code, periods=("am", "pm")):
        """Marks of ``code`` for ``pupil`` on each date, one per period."""
        marks = cls.env["school.attendance.mark"]
        for date in dates:
            for period in periods:
                session = cls.env["school.session"].search(
                    [
                        ("company_id", "=", cls.company.id),
                        ("date", "=", date),
                        ("period", "=", period),
                    ]
                )
                assert session, "no session on %s %s" % (date, period)
                marks |= cls.env["school.attendance.mark"].create(
                    {
                        "pupil_id": pupil.id,
                        "session_id": session.id,
                        "code_id": cls.code[code].id,
                    }
                )
        return marks

    @classmethod
    def _nti(cls, pupil, partner, date="2025-02-07", weeks=3, issue=True):
        nti = cls.env["school.notice.to.improve"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": partner.id,
                "date_issued": date,
                "weeks": weeks,
                "offence_details": "Unauthorised absence since January.",
                "support_provided": "Meetings with the attendance officer.",
                "support_offered": "Early help referral; breakfast club.",
                "expected_improvement": "No unauthorised absence in the period.",
            }
        )
        if issue:
            nti.action_issue()
        return nti

    def _notice(self, pupil, partner, marks, date="2025-03-03", **vals):
        values = {
            "pupil_id": pupil.id,
            "partner_id": partner.id,
            "date_issued": date,
            "mark_ids": [(6, 0, marks.ids)],
        }
        values.update(vals)
        return self.Notice.create(values)
