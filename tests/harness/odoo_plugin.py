"""pytest plugin: every Odoo addon test is a pytest item.

The addons' ``tests/test_*.py`` files cannot be imported by pytest (they need a
running Odoo registry), so they are read as text: each ``test_*`` method of a
class becomes an item.  The first item that runs installs all our addons into
a throw-away database with Odoo's test runner (once per session, through
``odoo_test_launcher.py``, which records each test's outcome).  Each item then
reports its own recorded outcome; a test that never ran — for instance
because its ``tests`` package failed to import, which Odoo only logs — fails.
One more item fails when the Odoo log holds an ERROR or CRITICAL line outside
a test's own output, or when the Odoo process exits non-zero.
"""

import ast
import json
import os

import pytest

from tests.harness import odoo_env

ADDONS_DIR = os.path.join(odoo_env.ROOT, "addons")


class OdooRun:
    """The single Odoo test run of this session (lazy)."""

    def __init__(self, config):
        self.config = config
        self.db = None
        self.only = None  # addon test modules to run; None: all of them
        self.returncode = None
        self.results = None
        self.log_path = os.path.join(odoo_env.LOG_DIR, "odoo-tests.log")
        self.results_path = os.path.join(odoo_env.LOG_DIR, "odoo-tests.jsonl")

    def ensure(self):
        if self.results is not None:
            return self
        os.makedirs(odoo_env.LOG_DIR, exist_ok=True)
        self.db = odoo_env.new_db_name()
        self.returncode = odoo_env.run_odoo_tests(
            self.db, odoo_env.OUR_ADDONS, self.results_path, self.log_path, only=self.only
        )
        self.results = {}
        if os.path.exists(self.results_path):
            with open(self.results_path, encoding="utf-8") as lines:
                for line in lines:
                    entry = json.loads(line)
                    self.results[entry["id"]] = entry
        return self

    def log_errors(self):
        """ERROR/CRITICAL log records that are not a test's own failure report."""
        errors = []
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            for line in log:
                parts = line.split(" ", 5)
                if len(parts) > 4 and parts[3] in ("ERROR", "CRITICAL"):
                    errors.append(line.rstrip())
        return errors

    def cleanup(self):
        if self.db and not os.environ.get("KEEP_TEST_DB"):
            odoo_env.drop_db(self.db)


def _odoo_run(config):
    return config._odoo_run


class OdooTestFile(pytest.File):
    def collect(self):
        rel = os.path.relpath(str(self.path), ADDONS_DIR)
        module = "odoo.addons." + rel[:-3].replace(os.sep, ".")
        tree = ast.parse(self.path.read_text(encoding="utf-8"), filename=str(self.path))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name.startswith("test"):
                    yield OdooTestItem.from_parent(
                        self,
                        name="%s::%s" % (node.name, item.name),
                        test_id="%s.%s.%s" % (module, node.name, item.name),
                    )


class OdooTestError(Exception):
    pass


class OdooTestItem(pytest.Item):
    def __init__(self, *, test_id, **kwargs):
        super().__init__(**kwargs)
        self.test_id = test_id

    def runtest(self):
        run = _odoo_run(self.config).ensure()
        entry = run.results.get(self.test_id)
        if entry is None:
            raise OdooTestError(
                "%s did not run: its module failed to import or its addon failed to "
                "install (see %s)" % (self.test_id, run.log_path)
            )
        if entry["outcome"] == "skipped":
            pytest.skip(entry["details"])
        if entry["outcome"] != "passed":
            raise OdooTestError(entry["details"])

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, OdooTestError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, "odoo: %s" % self.test_id


class OdooLogItem(pytest.Item):
    """Fails when the Odoo run exited non-zero or logged an error."""

    def runtest(self):
        run = _odoo_run(self.config).ensure()
        errors = run.log_errors()
        if run.returncode or errors:
            raise OdooTestError(
                "Odoo exited with %s and logged %d error line(s) (full log: %s):\n%s"
                % (run.returncode, len(errors), run.log_path, "\n".join(errors[:40]))
            )

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, OdooTestError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, "odoo: install and test log is clean"


class OdooLogFile(pytest.File):
    def collect(self):
        yield OdooLogItem.from_parent(self, name="odoo_log_is_clean")


def _is_addon_test(path):
    parts = os.path.relpath(str(path), ADDONS_DIR).split(os.sep)
    return (
        len(parts) == 3
        and not parts[0].startswith("..")
        and parts[1] == "tests"
        and parts[2].startswith("test_")
        and parts[2].endswith(".py")
    )


def pytest_configure(config):
    config._odoo_run = OdooRun(config)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    # A focused run (some addon test files, or only XML-RPC/browser tests)
    # runs only the Odoo test modules it selected; the whole suite runs all.
    selected = {str(item.path) for item in items if isinstance(item, OdooTestItem)}
    every = {
        os.path.join(root, name)
        for root, _dirs, names in os.walk(ADDONS_DIR)
        for name in names
        if _is_addon_test(os.path.join(root, name))
    }
    if selected != every:
        config._odoo_run.only = {os.path.basename(path)[:-3] for path in selected}


def pytest_unconfigure(config):
    run = getattr(config, "_odoo_run", None)
    if run is not None:
        run.cleanup()


def pytest_collect_directory(path, parent):
    # Addon folders are Python packages that only import inside Odoo: collect
    # them as plain folders so pytest never imports their ``__init__.py``.
    rel = os.path.relpath(str(path), ADDONS_DIR)
    if not rel.startswith(".."):
        return pytest.Dir.from_parent(parent, path=path)
    return None


def pytest_pycollect_makemodule(module_path, parent):
    if _is_addon_test(module_path):
        return OdooTestFile.from_parent(parent, path=module_path)
    return None


def pytest_collect_file(file_path, parent):
    # The manifest of the first addon carries the "log is clean" check.
    if file_path.name == "__manifest__.py" and file_path.parent.name == odoo_env.OUR_ADDONS[0]:
        return OdooLogFile.from_parent(parent, path=file_path)
    return None


@pytest.fixture(scope="session")
def odoo_db(request):
    """The database all our addons were installed (and Odoo-tested) in."""
    return _odoo_run(request.config).ensure().db


@pytest.fixture(scope="session")
def odoo_server(odoo_db):
    """A running Odoo server on a free port, serving ``odoo_db``."""
    log_path = os.path.join(odoo_env.LOG_DIR, "odoo-server.log")
    server = odoo_env.OdooServer(odoo_db, log_path).start()
    yield server
    server.stop()
