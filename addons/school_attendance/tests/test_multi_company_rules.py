"""Every model that holds a school's data has a multi-company rule: a new model
without one (as the case step history once was) fails here."""

from .common import SchoolAttendanceCase

#: Shared by every school: national codes and the stages of the cases board.
SHARED_MODELS = {"school.attendance.code", "school.attendance.case.stage"}


class TestMultiCompanyRules(SchoolAttendanceCase):
    def test_every_school_model_has_a_multi_company_rule(self):
        ruled = {
            rule.model_id.model
            for rule in self.env["ir.rule"].search([])
            if "school_company_ids" in (rule.domain_force or "") and not rule.groups
        }
        missing = sorted(
            name
            for name, model in self.env.registry.items()
            if name.startswith("school.")
            and not model._abstract
            and not model._transient
            and name not in SHARED_MODELS
            and name not in ruled
        )
        self.assertEqual(missing, [])
