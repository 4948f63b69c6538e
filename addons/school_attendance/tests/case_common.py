import datetime

from odoo import fields

from .common import SchoolAttendanceCase

D = datetime.date


class EscalationCase(SchoolAttendanceCase):
    """A school year with real registers: autumn 2024 (October half term closed) and
    the start of spring 2025; group 5A with Amira (the pupil the tests drive), Ben
    (child protection plan) and Cara (always present). The school follows ``POLICY``,
    whose cases the attendance officer owns."""

    POLICY = "school_attendance.attendance_policy_seed000"
    REGISTERS_TO = "2025-01-31"

    @classmethod
    def setUpClass(cls):
        super(EscalationCase, cls).setUpClass()
        cls.Case = cls.env["school.attendance.case"]
        cls.Log = cls.env["school.attendance.case.step.log"]
        cls.Mark = cls.env["school.attendance.mark"]
        cls.Activity = cls.env["mail.activity"]
        cls.Contract = cls.env["school.attendance.contract"]
        cls.Review = cls.env["school.attendance.contract.review"]
        cls.Referral = cls.env["school.attendance.referral"]
        cls.Policy = cls.env["school.attendance.policy"]
        cls.year = cls._create_year()  # 1 Sep 2024 to 31 Aug 2025
        cls.autumn = cls.env["school.term"].create(
            {
                "name": "Autumn 2024",
                "academic_year_id": cls.year.id,
                "date_start": "2024-09-02",
                "date_end": "2024-12-20",
            }
        )
        cls.env["school.closure"].create(
            {
                "name": "October half term",
                "kind": "closure",
                "term_id": cls.autumn.id,
                "company_id": cls.company.id,
                "date_from": "2024-10-28",
                "date_to": "2024-11-01",
            }
        )
        cls.spring = cls.env["school.term"].create(
            {
                "name": "Spring 2025",
                "academic_year_id": cls.year.id,
                "date_start": "2025-01-06",
                "date_end": "2025-04-04",
            }
        )
        cls.group = cls.env["school.group"].create(
            {
                "name": "5A",
                "year_group": "5",
                "company_id": cls.company.id,
                "tutor_ids": [(6, 0, [cls.teacher.id])],
            }
        )
        cls.amira = cls._pupil("Amira", "Khan")
        cls.ben = cls._pupil("Ben", "Lee", has_child_protection_plan=True)
        cls.cara = cls._pupil("Cara", "Moss")
        cls.mother = cls.env["res.partner"].create(
            {"name": "Sara Khan", "street": "1 High Street", "phone": "01234 567890"}
        )
        cls.env["school.pupil.contact"].create(
            {
                "pupil_id": cls.amira.id,
                "partner_id": cls.mother.id,
                "relationship": "mother",
                "has_parental_responsibility": True,
                "lives_with_pupil": True,
                "receives_post": True,
            }
        )
        cls.policy = cls.env.ref(cls.POLICY)
        cls.policy.default_user_id = cls.officer
        cls.company.attendance_policy_id = cls.policy
        cls.env["school.attendance.register"].generate_registers(
            "2024-09-02", cls.REGISTERS_TO, company=cls.company
        )
        code_model = cls.env["school.attendance.code"]
        cls.code = {c: code_model.get_code(c) for c in ("/", "\\", "N", "I", "O", "G", "L")}
        cls.school_days = sorted(
            {
                fields.Date.from_string(d)
                for d in cls.env["school.session"]
                .search(
                    [
                        ("company_id", "=", cls.company.id),
                        ("date", "<=", cls.REGISTERS_TO),
                    ]
                )
                .mapped("date")
            }
        )

    @classmethod
    def _pupil(cls, first, last, **flags):
        vals = {
            "first_name": first,
            "last_name": last,
            "group_id": cls.group.id,
            "company_id": cls.company.id,
            "date_admitted": "2024-09-02",
        }
        vals.update(flags)
        return (
            cls.env["school.pupil"]
            .with_context(tracking_disable=True, mail_create_nolog=True)
            .create(vals)
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def mark_day(self, day, codes=None, user=None):
        """Enter the day's marks: every pupil present (/ and \\) except ``codes``,
        ``{pupil: (am code, pm code)}``. Written like the register does, one
        write per code, as ``user`` (default: the attendance officer)."""
        codes = codes or {}
        day = fields.Date.to_string(day) if isinstance(day, datetime.date) else day
        marks = self.Mark.sudo(user or self.officer).search([("date", "=", day)])
        by_code = {}
        for mark in marks:
            am, pm = codes.get(mark.pupil_id, ("/", "\\"))
            code = am if mark.period == "am" else pm
            if mark.code_id != self.code[code]:
                by_code.setdefault(code, marks.browse())
                by_code[code] |= mark
        # Morning marks first, as the registers are taken during the day.
        for code in sorted(by_code, key=lambda c: c in ("\\",)):
            by_code[code].write({"code_id": self.code[code].id})

    def escalate(self, day, user=None):
        """The nightly escalation run for ``day``, as ``user`` (default: the officer)."""
        day = fields.Date.to_string(day) if isinstance(day, datetime.date) else day
        return self.Policy.sudo(user or self.officer).run_escalation(day)

    def snapshot(self):
        """Counts of everything escalation may create."""
        case_ids = self.Case.search([]).ids
        return {
            "cases": len(case_ids),
            "closed": self.Case.search_count([("date_closed", "!=", False)]),
            "logs": self.Log.search_count([]),
            "activities": self.Activity.search_count(
                [("res_model", "in", ("school.attendance.case", "school.attendance.contract"))]
            ),
            "contracts": self.Contract.search_count([]),
            "reviews": self.Review.search_count([]),
            "referrals": self.Referral.search_count([]),
            "messages": self.env["mail.message"].search_count(
                [("model", "=", "school.attendance.case"), ("res_id", "in", case_ids)]
            ),
        }

    def case_of(self, pupil, concern):
        return self.Case.search(
            [("pupil_id", "=", pupil.id), ("concern", "=", concern)], order="id desc", limit=1
        )

    def steps_of(self, case):
        return (
            case.step_log_ids.filtered("step_id")
            .sorted(lambda log: (log.date, log.id))
            .mapped("step_id.name")
        )

    def activities_of(self, case):
        return self.Activity.search(
            [("res_model", "=", "school.attendance.case"), ("res_id", "=", case.id)], order="id"
        )

    def stage(self, xmlid):
        return self.env.ref("school_attendance.case_stage_%s" % xmlid)

    def days(self, date_from, date_to):
        """School days (with sessions) from ``date_from`` to ``date_to`` inclusive."""
        return [d for d in self.school_days if date_from <= d <= date_to]
