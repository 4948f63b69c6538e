"""Print the fingerprints of a database's presets as JSON (``{xmlid: [source, value]}``).

``python scripts/preset_fingerprints.py DB [ADDONS_DIR]``: run on a fresh
database of a release, with ``ADDONS_DIR`` that release's addons, it gives the
file a migration seeds when the release kept no fingerprints of its own
(11.0.1.0.0: ``school_attendance/migrations/11.0.1.1.0/presets-11.0.1.0.0.json``).

``python scripts/preset_fingerprints.py --fields ADDONS_DIR`` prints the fields each
preset's ``<record>``s set in that release's addons (``{xmlid: [field]}``, no
database): what an upgrade compares when a release changes those fields
(11.0.1.1.0: ``school_attendance/migrations/11.0.1.2.0/preset-fields-11.0.1.1.0.json``).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from school_runtime import compat  # noqa: E402

compat.apply()

import odoo  # noqa: E402

from school_runtime import launcher  # noqa: E402


def fields(addons_dir):
    odoo.tools.config.parse_config(launcher.default_options(["--without-demo=all"]))
    from odoo.addons.school_attendance import presets

    names = presets.preset_field_names(addons_dir)
    lines = ["%s: %s" % (json.dumps(xmlid), json.dumps(names[xmlid])) for xmlid in sorted(names)]
    print("{\n%s\n}" % ",\n".join(lines))


def main(db, addons_dir=None):
    odoo.tools.config.parse_config(launcher.default_options(["-d", db, "--without-demo=all"]))
    from odoo.addons.school_attendance import presets

    with odoo.api.Environment.manage():
        registry = odoo.registry(db)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            snapshot = presets.snapshot(env, addons_dir)
    lines = [
        "%s: %s" % (json.dumps(xmlid), json.dumps(list(pair)))
        for xmlid, pair in sorted(snapshot.items())
    ]
    print("{\n%s\n}" % ",\n".join(lines))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fields"]:
        fields(*sys.argv[2:])
    else:
        main(*sys.argv[1:])
