"""Start the Odoo of a checkout inside a script of the upgrade tests (no server).

``build_history.py`` runs with the earlier release and ``inspect_db.py`` with
whichever checkout reads the database: both load that checkout's runtime fixes
and addons the same way, here.
"""

import os
import sys


def load_odoo(root, db, data_dir):
    """The ``odoo`` package with ``root``'s runtime fixes, configured for ``db``.

    Its addons path is Odoo's own addons then ``root/addons``; the file store is
    in ``data_dir``; demo data stays off.
    """
    sys.path.insert(0, root)
    from school_runtime import compat

    compat.apply()
    import odoo

    core = os.path.join(os.path.dirname(odoo.__file__), "addons")
    odoo.tools.config.parse_config(
        [
            "-d",
            db,
            "--addons-path=%s,%s" % (core, os.path.join(root, "addons")),
            "--data-dir=%s" % data_dir,
            "--without-demo=all",
        ]
    )
    return odoo
