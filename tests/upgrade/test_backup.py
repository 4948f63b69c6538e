"""make backup / make restore: a restored school serves what the original held, PDFs too.

The school is the upgraded database of ``conftest.py`` (registers, letters with
their PDFs in the file store, a paid penalty notice). It is backed up and
restored under another name with ``scripts/backup.sh`` (what the Makefile
runs); both are then read, and a server on the restored one hands out every
letter's PDF over XML-RPC.
"""

import base64
import hashlib
import os
import shutil
import subprocess

import pytest

from school_runtime import launcher
from tests.harness import odoo_env
from tests.harness.rpc import OdooClient

from .common import inspect_db

pytestmark = pytest.mark.rpc


def _backup_script(action, db, backup, log_name):
    log_path = os.path.join(odoo_env.LOG_DIR, log_name)
    with open(log_path, "w") as log:
        result = subprocess.run(
            ["bash", "scripts/backup.sh", action],
            cwd=odoo_env.ROOT,
            env=dict(os.environ, DB=db, FILE=backup),
            stdout=log,
            stderr=subprocess.STDOUT,
            check=False,
        )
    assert result.returncode == 0, "make %s failed; see %s" % (action, log_path)


@pytest.fixture(scope="module")
def restored(upgrade, tmp_path_factory):
    assert upgrade["after"] is not None, "the upgraded school is missing; see test_upgrade.py"
    backup = str(tmp_path_factory.mktemp("backup") / "school.zip")
    copy = odoo_env.new_db_name("school_restored")
    _backup_script("backup", upgrade["db"], backup, "backup-1-backup.log")
    try:
        _backup_script("restore", copy, backup, "backup-2-restore.log")
        yield copy
    finally:
        if not os.environ.get("KEEP_TEST_DB"):
            odoo_env.drop_db(copy)
            shutil.rmtree(os.path.join(launcher.DATA_DIR, "filestore", copy), ignore_errors=True)


def test_restored_database_holds_the_same_registers_letters_and_notices(upgrade, restored):
    original = inspect_db(odoo_env.ROOT, upgrade["db"], launcher.DATA_DIR, "backup-3-original.log")
    copy = inspect_db(odoo_env.ROOT, restored, launcher.DATA_DIR, "backup-4-restored.log")
    assert original["letter_pdfs"] and original["notices"]
    for part in ("counts", "registers", "letter_pdfs", "notices", "summaries"):
        assert copy[part] == original[part], "the restored database's %s differ" % part


def test_server_on_the_restored_database_hands_out_every_letter_pdf(upgrade, restored):
    pdfs = upgrade["after"]["letter_pdfs"]
    server = odoo_env.OdooServer(restored, os.path.join(odoo_env.LOG_DIR, "backup-5-server.log"))
    server.start()
    try:
        admin = OdooClient(server.url, restored, "admin", "admin")
        letters = admin.call(
            "school.letter", "search_read", [("attachment_id", "!=", False)], fields=["name"]
        )
        served = {}
        for letter in letters:
            attachment = admin.call(
                "school.letter", "read", [letter["id"]], fields=["attachment_id"]
            )[0]["attachment_id"][0]
            data = admin.call("ir.attachment", "read", [attachment], fields=["datas"])[0]["datas"]
            served["%s/%d" % (letter["name"], letter["id"])] = hashlib.sha1(
                base64.b64decode(data)
            ).hexdigest()
        assert served == pdfs
        assert admin.call("school.penalty.notice", "search_count", []) == len(
            upgrade["after"]["notices"]
        )
    finally:
        server.stop()
