"""One method opens attendance cases (``school.attendance.policy._open_case``): a case
opened by hand goes through it too, and no code creates a case around it."""

import ast
import os

import odoo

from .case_common import D, EscalationCase

ADDONS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
#: The engine's permission to create a case (``school_attendance_case.ENGINE_OPENS``):
#: defined in the case's file, used by the one method that opens cases.
KEY_NAMES = ("ENGINE_OPENS", "CASE_OPENING_KEY")
CASE_FILE = "school_attendance/models/school_attendance_case.py"
OPENING_METHOD = ("school_attendance/models/school_attendance_policy.py", "_open_case")


class TestCaseEngine(EscalationCase):
    POLICY = "school_attendance.attendance_policy_seed000"
    REGISTERS_TO = "2024-09-13"

    def test_case_opened_by_hand_is_opened_by_the_engine(self):
        """A manager's ``create`` (the form, RPC): the engine opens the case, with its
        figures, its owner following it (not the manager) and why it was opened."""
        for day in self.days(D(2024, 9, 2), D(2024, 9, 13)):
            self.mark_day(day, {self.amira: ("O", "O")} if day.weekday() == 0 else {})
        # As a client calls it (the form, XML-RPC): the new case's id comes back.
        case_id = odoo.api.call_kw(
            self.Case.sudo(self.manager),
            "create",
            [{"pupil_id": self.amira.id, "concern": "lateness", "date_opened": "2024-09-13"}],
            {},
        )
        case = self.Case.browse(case_id)
        self.assertEqual(case.user_id, self.officer)
        self.assertEqual(case.policy_id, self.policy)
        self.assertEqual(case.message_partner_ids, self.officer.partner_id)
        self.assertEqual((case.opening_possible, case.opening_unauthorised), (20, 4))
        self.assertEqual(case.opening_attendance_pct, 80.0)
        (log,) = case.step_log_ids
        self.assertIn("opened by hand by %s" % self.manager.name, log.message)
        self.assertIn(log.message, case.message_ids[0].body)
        # The opening line is no step: the ladder's first step is still to come.
        self.assertFalse(case.last_step_id)

    def test_no_code_creates_a_case_outside_the_one_opening_method(self):
        """The engine's permission to create a case is named only where it is defined
        (the case's file) and in the one opening method: any other ``create`` of a
        case, in any addon, is a case opened by hand, which the engine opens."""
        users = []
        for root, _dirs, files in os.walk(ADDONS):
            if "/tests" in root:
                continue
            for name in files:
                if not name.endswith(".py"):
                    continue
                path = os.path.join(root, name)
                relative = os.path.relpath(path, ADDONS)
                with open(path, encoding="utf-8") as handle:
                    tree = ast.parse(handle.read(), path)
                users += _key_uses(tree, relative)
        # The case's file defines the key and lets ``create`` through with it.
        elsewhere = {use for use in users if use[0] != CASE_FILE}
        self.assertEqual(elsewhere, {OPENING_METHOD}, "cases created outside _open_case")


def _key_uses(tree, relative):
    """``[(file, enclosing function or None)]`` of every use of the engine's key
    (its import is no use)."""
    uses = []

    def visit(node, function):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Name) and node.id in KEY_NAMES:
            uses.append((relative, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return uses
