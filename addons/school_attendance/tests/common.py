from odoo.tests.common import SavepointCase, at_install, post_install


# Odoo 11 runs at_install tests only when demo data is loaded; post_install
# tests always run (the 11 spelling of tagged("post_install", "-at_install")).
@at_install(False)
@post_install(True)
class SchoolAttendanceCase(SavepointCase):
    """Fixture shared by the addon's tests: users of each group."""

    @classmethod
    def setUpClass(cls):
        super(SchoolAttendanceCase, cls).setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.company_b = cls.env["res.company"].create({"name": "Other Academy"})
        cls.group_teacher = cls.env.ref("school_attendance.group_attendance_teacher")
        cls.group_officer = cls.env.ref("school_attendance.group_attendance_officer")
        cls.group_manager = cls.env.ref("school_attendance.group_attendance_manager")
        cls.teacher = cls._create_user("sa_teacher", cls.group_teacher)
        cls.officer = cls._create_user("sa_officer", cls.group_officer)
        cls.manager = cls._create_user("sa_manager", cls.group_manager)
        cls.officer_b = cls._create_user("sa_officer_b", cls.group_officer, company=cls.company_b)

    @classmethod
    def _create_user(cls, login, group, company=None):
        company = company or cls.company
        return (
            cls.env["res.users"]
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(
                {
                    "name": login.replace("_", " ").title(),
                    "login": login,
                    "email": "%s@example.org" % login,
                    "company_id": company.id,
                    "company_ids": [(6, 0, [company.id])],
                    "groups_id": [(6, 0, [group.id])],
                }
            )
        )

    @classmethod
    def _create_year(
        cls, company=None, name="2024/25", date_start="2024-09-01", date_end="2025-08-31"
    ):
        return cls.env["school.academic.year"].create(
            {
                "name": name,
                "date_start": date_start,
                "date_end": date_end,
                "company_id": (company or cls.company).id,
            }
        )

    @classmethod
    def _create_autumn_2025(cls, company=None):
        """The 2025/26 school year and its autumn term (1 September - 19 December 2025),
        one term record as a school recording three terms has; returns the term."""
        year = cls._create_year(
            company, name="2025/26", date_start="2025-09-01", date_end="2026-08-31"
        )
        return cls.env["school.term"].create(
            {
                "name": "Autumn 2025",
                "academic_year_id": year.id,
                "date_start": "2025-09-01",
                "date_end": "2025-12-19",
            }
        )

    @classmethod
    def _create_class(cls, name, year_group, names, admitted="2025-09-01", company=None):
        """A registration group ``name`` of ``year_group`` and its pupils, one per
        ``(first name, last name)`` of ``names``, admitted on ``admitted``; returns the
        pupils in that order."""
        company = company or cls.company
        group = cls.env["school.group"].create(
            {"name": name, "year_group": year_group, "company_id": company.id}
        )
        pupils = cls.env["school.pupil"]
        for first, last in names:
            pupils |= pupils.create(
                {
                    "first_name": first,
                    "last_name": last,
                    "group_id": group.id,
                    "company_id": company.id,
                    "date_admitted": admitted,
                }
            )
        return pupils
