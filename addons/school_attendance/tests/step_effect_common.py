"""Does the work help? A school with hand-made registers (also used by school_letters and
school_penalty for their step types).

Autumn 2025 from Monday 1 September, October half term (27-31 October) closed; registers
taken up to Friday 14 November; figures read on Monday 10 November (``AS_AT``). A step on
Wednesday 1 October (the week of 29 September, left out of both periods) compares the
school weeks of 1, 8, 15 and 22 September with those of 6, 13 and 20 October and
3 November (half term is no school week); that last week ends on Friday 7 November,
before ``AS_AT``.

* Amira: absent all the week of 8 September and 15-17 September (8 days), then 7 October
  and 5 November (2 days): 24/40 = 60% before, 36/40 = 90% after.
* Ben: present before (40/40, 100%), absent all the week of 6 October: 30/40 = 75% after.
* Cleo and Dan: always present.
"""

import datetime

from odoo import fields

from ..models.school_attendance_case import CASE_OPENING_KEY, ENGINE_OPENS
from .common import SchoolAttendanceCase

D = datetime.date
AS_AT = "2025-11-10"
STEP_DAY = "2025-10-01"


def weekdays(start, count=5):
    return [start + datetime.timedelta(days=i) for i in range(count)]


class StepEffectCase(SchoolAttendanceCase):
    @classmethod
    def setUpClass(cls):
        super(StepEffectCase, cls).setUpClass()
        cls.Effect = cls.env["school.step.effect"]
        cls.code = cls.env["school.attendance.code"].get_code
        cls.company.name = "Oakfield Primary School"
        cls.company_b.name = "Riverside Academy"
        cls.amira, cls.ben, cls.cleo, cls.dan = cls._school(
            cls.company, ("Amira", "Ben", "Cleo", "Dan")
        )
        (cls.eve,) = cls._school(cls.company_b, ("Eve",))
        cls._absent(cls.amira, weekdays(D(2025, 9, 8)) + weekdays(D(2025, 9, 15), 3))
        cls._absent(cls.amira, [D(2025, 10, 7), D(2025, 11, 5)])
        cls._absent(cls.ben, weekdays(D(2025, 10, 6)))

    @classmethod
    def _school(cls, company, first_names):
        """The school's autumn term, one group of ``first_names``, registers taken with
        everyone present up to 14 November."""
        year = cls._create_year(
            company, name="2025/26", date_start="2025-09-01", date_end="2026-08-31"
        )
        term = cls.env["school.term"].create(
            {
                "name": "Autumn 2025",
                "academic_year_id": year.id,
                "date_start": "2025-09-01",
                "date_end": "2025-12-19",
            }
        )
        cls.env["school.closure"].create(
            {
                "name": "October half term",
                "kind": "closure",
                "term_id": term.id,
                "company_id": company.id,
                "date_from": "2025-10-27",
                "date_to": "2025-10-31",
            }
        )
        group = cls.env["school.group"].create(
            {"name": "4K", "year_group": "4", "company_id": company.id}
        )
        pupils = cls.env["school.pupil"]
        for first in first_names:
            pupils |= pupils.with_context(tracking_disable=True).create(
                {
                    "first_name": first,
                    "last_name": "Test",
                    "group_id": group.id,
                    "company_id": company.id,
                    "date_admitted": "2025-09-01",
                }
            )
        cls.env["school.attendance.register"].generate_registers(
            "2025-09-01", "2025-11-14", company=company
        )
        marks = cls.env["school.attendance.mark"].search([("pupil_id", "in", pupils.ids)])
        marks.filtered(lambda m: m.period == "am").write({"code_id": cls.code("/").id})
        marks.filtered(lambda m: m.period == "pm").write({"code_id": cls.code("\\").id})
        return list(pupils)

    @classmethod
    def _absent(cls, pupil, days):
        cls.env["school.attendance.mark"].search(
            [
                ("pupil_id", "=", pupil.id),
                ("date", "in", [fields.Date.to_string(day) for day in days]),
            ]
        ).write({"code_id": cls.code("O").id})

    @classmethod
    def _case(cls, pupil, concern="low_attendance"):
        return (
            cls.env["school.attendance.case"]
            .with_context(**{CASE_OPENING_KEY: ENGINE_OPENS})
            .create({"pupil_id": pupil.id, "company_id": pupil.company_id.id, "concern": concern})
        )

    @classmethod
    def _contract(cls, pupil, date_start=STEP_DAY, start=True):
        contract = cls.env["school.attendance.contract"].create(
            {"pupil_id": pupil.id, "kind": "action_plan", "date_start": date_start}
        )
        if start:
            contract.action_start()
        return contract

    def figures(self, user=None, **kwargs):
        """``{step type key: figures}`` as ``user`` (default: the officer) reads them."""
        kwargs.setdefault("date_from", "2025-09-01")
        kwargs.setdefault("date_to", AS_AT)
        kwargs.setdefault("as_at", AS_AT)
        result = self.Effect.sudo(user or self.officer).get_step_effect(**kwargs)
        return {step["key"]: step for step in result["steps"]}
