"""Load the demo trust (three schools) into a database, once (a second call changes nothing)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from school_runtime import compat  # noqa: E402

compat.apply()

import odoo  # noqa: E402

from school_runtime import launcher  # noqa: E402


def main(db):
    odoo.tools.config.parse_config(launcher.default_options(["-d", db, "--without-demo=all"]))
    with odoo.api.Environment.manage():
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            if "school.demo" not in env:
                print("[demo] no demo generator in this version of the addons; skipped")
                return
            for line in env["school.demo"].ensure_demo_trust().splitlines():
                print("[demo] %s" % line)


if __name__ == "__main__":
    main(sys.argv[1])
