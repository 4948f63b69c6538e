"""Anonymous and portal/public users cannot reach school data."""

import json
import urllib.error
import urllib.request
import xmlrpc.client

import pytest

from tests.harness.rpc import OdooClient

pytestmark = pytest.mark.rpc


def _admin(odoo_server):
    return OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")


def test_xmlrpc_with_wrong_credentials_reads_no_pupil(odoo_server):
    common = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/common")
    assert common.authenticate(odoo_server.db, "admin", "guess", {}) is False
    assert common.authenticate(odoo_server.db, "nobody", "", {}) is False
    models = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/object", allow_none=True)
    for uid, password in ((2, "guess"), (2, ""), (0, ""), (4, "public")):
        with pytest.raises(xmlrpc.client.Fault) as fault:
            models.execute_kw(
                odoo_server.db, uid, password, "school.pupil", "search_read", [[]], {}
            )
        assert fault.value.faultString.lower().replace(" ", "").startswith("accessdenied")


def _post_json(url, route, params, headers=None):
    body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}).encode()
    request = urllib.request.Request(
        url + route,
        data=body,
        headers=dict({"Content-Type": "application/json"}, **(headers or {})),
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.geturl(), response.read().decode("utf-8", "replace")


def test_web_dataset_without_session_is_refused(odoo_server):
    _url, text = _post_json(
        odoo_server.url,
        "/web/dataset/search_read",
        {"model": "school.pupil", "fields": ["name", "upn"], "domain": []},
    )
    reply = json.loads(text)
    assert "result" not in reply, reply
    assert reply["error"]["data"]["name"] == "odoo.http.SessionExpiredException"
    assert "Session Expired" in reply["error"]["message"]


def test_web_dataset_call_kw_without_session_is_refused(odoo_server):
    _url, text = _post_json(
        odoo_server.url,
        "/web/dataset/call_kw/school.pupil/search_read",
        {"model": "school.pupil", "method": "search_read", "args": [[]], "kwargs": {}},
    )
    reply = json.loads(text)
    assert "result" not in reply and "SessionExpired" in reply["error"]["data"]["name"]


def test_web_client_pages_redirect_to_login(odoo_server):
    for route in ("/web", "/web?db=%s#model=school.pupil" % odoo_server.db):
        with urllib.request.urlopen(odoo_server.url + route, timeout=30) as response:
            assert "/web/login" in response.geturl()
            page = response.read().decode("utf-8", "replace")
        assert 'name="login"' in page and "Badinput" not in page


def test_public_and_portal_users_cannot_read_pupils(odoo_server):
    admin = _admin(odoo_server)
    public_uid = admin.ref("base.public_user")
    portal = admin.call(
        "res.users",
        "create",
        {
            "name": "Pat Portal",
            "login": "pat.portal",
            "password": "portal-pass",
            "groups_id": [(6, 0, [admin.ref("base.group_portal")])],
        },
    )
    client = OdooClient(odoo_server.url, odoo_server.db, "pat.portal", "portal-pass")
    assert client.uid == portal
    # A portal user who is nobody's parent reads no pupil (parents' portal
    # record rules), and never cases, amendments or registers.
    for model in ("school.pupil", "school.attendance.mark", "school.pupil.contact"):
        assert client.call(model, "search_read", [], fields=["display_name"]) == []
    for model in (
        "school.attendance.case",
        "school.attendance.amendment",
        "school.attendance.register",
    ):
        with pytest.raises(xmlrpc.client.Fault) as fault:
            client.call(model, "search_read", [], fields=["display_name"])
        assert "not allowed to access" in fault.value.faultString
    # The public user (the identity of anonymous web visitors) has no password
    # and no access to school models either.
    access = admin.call(
        "ir.model.access",
        "search_read",
        [
            ("model_id.model", "like", "school."),
            ("perm_read", "=", True),
            "|",
            ("group_id", "=", False),
            ("group_id", "=", admin.ref("base.group_public")),
        ],
        fields=["name"],
    )
    assert access == []
    public = admin.call("res.users", "read", [public_uid], ["groups_id"])[0]
    assert admin.ref("school_attendance.group_attendance_teacher") not in public["groups_id"]
