"""Run Odoo's own test runner and record every test's outcome.

Used by the pytest plugin (``tests/harness/odoo_plugin.py``) as::

    python tests/harness/odoo_test_launcher.py RESULTS.jsonl <odoo-bin arguments>

Odoo 11 runs each addon's tests through ``unittest.TextTestRunner`` and only
logs what happened.  This launcher swaps in a runner whose result object
appends one JSON line per test (id, outcome, details) to RESULTS.jsonl, so the
pytest side can report every Odoo test as an item of its own.
"""

import json
import os
import sys
import traceback
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from school_runtime import launcher  # noqa: E402


class RecordingResult(unittest.TextTestResult):
    results_path = None

    def _record(self, test, outcome, details=""):
        entry = {"id": test.id(), "outcome": outcome, "details": details}
        with open(self.results_path, "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")

    def addSuccess(self, test):  # noqa: N802 - unittest's spelling
        super().addSuccess(test)
        self._record(test, "passed")

    def addFailure(self, test, err):  # noqa: N802
        super().addFailure(test, err)
        self._record(test, "failed", "".join(traceback.format_exception(*err)))

    def addError(self, test, err):  # noqa: N802
        super().addError(test, err)
        self._record(test, "error", "".join(traceback.format_exception(*err)))

    def addSkip(self, test, reason):  # noqa: N802
        super().addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addExpectedFailure(self, test, err):  # noqa: N802
        super().addExpectedFailure(test, err)
        self._record(test, "passed")

    def addUnexpectedSuccess(self, test):  # noqa: N802
        super().addUnexpectedSuccess(test)
        self._record(test, "failed", "unexpected success")


class RecordingRunner(unittest.TextTestRunner):
    resultclass = RecordingResult


def close_failed_class_setups():
    """Roll back and close the cursor of a test class whose ``setUpClass`` failed.

    unittest does not call ``tearDownClass`` when ``setUpClass`` raises, so an
    Odoo ``SingleTransactionCase``/``SavepointCase`` that failed after opening
    its cursor kept it open with its locks: the next class waited on them for
    ever and the run hung.  The failure is still reported as an error.
    """
    original = unittest.suite.TestSuite._handleClassSetUp

    def _handleClassSetUp(self, test, result):  # noqa: N802 - unittest's spelling
        original(self, test, result)
        cls = test.__class__
        if getattr(cls, "_classSetupFailed", False) and not getattr(cls, "_school_closed", False):
            cls._school_closed = True
            cursor = cls.__dict__.get("cr")
            if cursor is not None and not getattr(cursor, "_closed", True):
                try:
                    cls.tearDownClass()
                except Exception:  # noqa: BLE001 - cleaning up after a failure already reported
                    traceback.print_exc()

    unittest.suite.TestSuite._handleClassSetUp = _handleClassSetUp


def limit_test_modules(only):
    """Run only the addons' test modules named in ``only`` (comma-separated).

    Set by the pytest plugin when a run selects some addon test files (or none:
    an XML-RPC or browser test alone), so a focused run installs the addons and
    runs just those modules instead of every Odoo test.
    """
    from odoo.modules import module as odoo_module

    wanted = {name for name in only.split(",") if name}
    original = odoo_module.get_test_modules

    def get_test_modules(addon):
        return [mod for mod in original(addon) if mod.__name__.rsplit(".", 1)[-1] in wanted]

    odoo_module.get_test_modules = get_test_modules


def main():
    RecordingResult.results_path = sys.argv[1]
    sys.argv = [sys.argv[0]] + sys.argv[2:]
    unittest.TextTestRunner = RecordingRunner
    close_failed_class_setups()
    if "ODOO_TEST_ONLY" in os.environ:
        from school_runtime import compat

        compat.apply()
        limit_test_modules(os.environ["ODOO_TEST_ONLY"])
    launcher.main()


if __name__ == "__main__":
    main()
