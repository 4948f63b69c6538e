"""A model of an addon is defined in one file of that addon: another file of the same
addon may not extend it (``_inherit`` of the model without a new ``_name``). Shared
behaviour goes in named mixins (abstract models in their own files); another addon
extending a model (school_penalty, school_letters) is fine."""

import ast
import os

from odoo.tests.common import TransactionCase

ADDONS = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

#: Extensions not folded yet, each to fold into its model's file or to turn into a
#: named mixin: (addon, file, model). Empty: keep it so.
NOT_FOLDED_YET = set()


def _string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _class_models(tree):
    """``[(_name or None, [inherited names])]`` of the classes of a module."""
    result = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        name, inherit = None, []
        for statement in node.body:
            if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
                continue
            target = statement.targets[0]
            if not isinstance(target, ast.Name):
                continue
            if target.id == "_name":
                name = _string(statement.value)
            elif target.id == "_inherit":
                values = statement.value
                items = values.elts if isinstance(values, ast.List | ast.Tuple) else [values]
                inherit = [value for value in map(_string, items) if value]
        result.append((name, inherit))
    return result


def model_extensions():
    """``{(addon, file, model)}``: files extending a ``school.*`` model defined in
    another file of the same addon."""
    found = set()
    for addon in sorted(os.listdir(ADDONS)):
        folder = os.path.join(ADDONS, addon, "models")
        if not os.path.isdir(folder):
            continue
        defined, extended = {}, []
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".py"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                tree = ast.parse(handle.read(), name)
            for model, inherit in _class_models(tree):
                if model and model not in inherit:
                    defined[model] = name
                for parent in inherit:
                    if parent.startswith("school.") and model in (None, parent):
                        extended.append((name, parent))
        for name, model in extended:
            if model in defined and defined[model] != name:
                found.add((addon, name, model))
    return found


class TestModelFiles(TransactionCase):
    def test_each_model_is_defined_in_one_file_of_its_addon(self):
        found = model_extensions()
        self.assertEqual(
            sorted(found - NOT_FOLDED_YET),
            [],
            "fold these into the model's file, or make them a named mixin",
        )
        self.assertEqual(
            sorted(NOT_FOLDED_YET - found), [], "folded: remove them from NOT_FOLDED_YET"
        )
