"""Start Odoo 11 the same way everywhere (``bin/odoo``, the test harness, bench).

Applies the Python 3.11 fixes before ``odoo`` is imported, then adds the
options every command of ours needs unless the caller gave them:
the addons path (Odoo's own addons from the installed wheels, then ours) and a
data directory inside the repository.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = os.path.join(ROOT, "addons")
DATA_DIR = os.path.join(ROOT, "var", "data")


def _has_option(argv, name):
    return any(arg == name or arg.startswith(name + "=") for arg in argv)


def default_options(argv):
    """Return ``argv`` with our addons path and data dir added where missing."""
    import odoo

    options = list(argv)
    extra = []
    if not _has_option(options, "--addons-path"):
        core = os.path.join(os.path.dirname(odoo.__file__), "addons")
        extra.append("--addons-path=%s,%s" % (core, ADDONS))
    if not _has_option(options, "--data-dir") and not _has_option(options, "-D"):
        extra.append("--data-dir=%s" % DATA_DIR)
    if not options or options[0].startswith("-"):
        return extra + options
    # A sub-command (shell, scaffold...) comes first; its options follow it.
    return options[:1] + extra + options[1:]


def prepare_data_dir():
    """Create our data dir's sessions folder before Odoo serves a request.

    Odoo 11 creates it lazily on the first request with an unguarded
    check-then-makedirs, so parallel first requests (wkhtmltopdf fetching a
    report's stylesheets) race and one fails with FileExistsError.
    """
    os.makedirs(os.path.join(DATA_DIR, "sessions"), mode=0o700, exist_ok=True)


def main(argv=None):
    from school_runtime import compat

    compat.apply()
    import odoo

    sys.argv = [sys.argv[0]] + default_options(sys.argv[1:] if argv is None else argv)
    prepare_data_dir()
    odoo.cli.main()


def click_odoo_main(argv=None):
    """A click-odoo-contrib command with our fixes and defaults (``bin/click-odoo``).

    ``bin/click-odoo COMMAND ARGS``: ``update`` (click-odoo-update: ``-u`` only
    for the addons whose files changed since the database stored their
    checksums, in the database itself, so a restored copy knows what it holds;
    Odoo's own addons, installed by pip, are left out), ``backupdb`` and
    ``restoredb`` (database and file store together). click-odoo reads the data
    dir and addons path only from a configuration file: one is written under
    ``var/``.
    """
    from school_runtime import compat

    compat.apply()
    import importlib

    import odoo

    argv = list(sys.argv[1:] if argv is None else argv)
    command, args = argv[0], argv[1:]
    config = os.path.join(ROOT, "var", "click-odoo.conf")
    os.makedirs(os.path.dirname(config), exist_ok=True)
    core = os.path.join(os.path.dirname(odoo.__file__), "addons")
    with open(config, "w", encoding="utf-8") as conf:
        conf.write("[options]\naddons_path = %s,%s\ndata_dir = %s\n" % (core, ADDONS, DATA_DIR))
    options = ["-c", config]
    if command == "update":
        options.append("--ignore-core-addons")
    prepare_data_dir()
    module = importlib.import_module("click_odoo_contrib.%s" % command)
    module.main(args=options + args, prog_name="click-odoo-%s" % command)
