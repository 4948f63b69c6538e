from .common import SchoolAttendanceCase


class RegisterCase(SchoolAttendanceCase):
    """Autumn term 2024 with two groups: 3B (tutor: teacher) and 4K (tutor: teacher_b)."""

    @classmethod
    def setUpClass(cls):
        super(RegisterCase, cls).setUpClass()
        cls.Register = cls.env["school.attendance.register"]
        cls.Mark = cls.env["school.attendance.mark"]
        cls.Amendment = cls.env["school.attendance.amendment"]
        cls.Session = cls.env["school.session"]
        cls.teacher_b = cls._create_user("sa_teacher_b", cls.group_teacher)
        cls.year = cls._create_year()
        # 2 Sep (Mon) to 20 Dec (Fri) 2024; 14 Sep 2024 is a Saturday.
        cls.term = cls.env["school.term"].create(
            {
                "name": "Autumn 2024",
                "academic_year_id": cls.year.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        group_model = cls.env["school.group"]
        cls.group_3b = group_model.create(
            {
                "name": "3B",
                "year_group": "3",
                "company_id": cls.company.id,
                "tutor_ids": [(6, 0, [cls.teacher.id])],
            }
        )
        cls.group_4k = group_model.create(
            {
                "name": "4K",
                "year_group": "4",
                "company_id": cls.company.id,
                "tutor_ids": [(6, 0, [cls.teacher_b.id])],
            }
        )
        cls.amira = cls._create_pupil("Amira", "Khan", cls.group_3b)
        cls.ben = cls._create_pupil("Ben", "Lee", cls.group_3b)
        cls.cara = cls._create_pupil("Cara", "Moss", cls.group_3b)
        # Joins 3B on Wednesday 11 September.
        cls.dan = cls._create_pupil("Dan", "Nash", cls.group_3b, date_admitted="2024-09-11")
        cls.eve = cls._create_pupil("Eve", "Owen", cls.group_4k)
        code_model = cls.env["school.attendance.code"]
        cls.code = {
            c: code_model.get_code(c)
            for c in ("/", "\\", "L", "U", "N", "I", "M", "G", "H", "Y7", "C")
        }

    @classmethod
    def _create_pupil(cls, first, last, group, date_admitted="2024-09-02", company=None):
        return (
            cls.env["school.pupil"]
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(
                {
                    "first_name": first,
                    "last_name": last,
                    "group_id": group.id,
                    "company_id": (company or cls.company).id,
                    "date_admitted": date_admitted,
                }
            )
        )

    def _session(self, date, period="am"):
        return self.Session.search(
            [("company_id", "=", self.company.id), ("date", "=", date), ("period", "=", period)]
        )

    def _register(self, date, period="am", group=None):
        """The register of ``group`` (default 3B) for a session, created if needed."""
        self.Register.generate_registers(date, date)
        return self.Register.search(
            [
                ("session_id", "=", self._session(date, period).id),
                ("group_id", "=", (group or self.group_3b).id),
            ]
        )

    @staticmethod
    def _line(register, pupil):
        return register.mark_ids.filtered(lambda m: m.pupil_id == pupil)
