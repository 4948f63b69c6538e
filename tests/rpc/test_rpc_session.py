"""XML-RPC clients against a real server with our addons installed."""

import xmlrpc.client

import pytest

pytestmark = pytest.mark.rpc


def test_admin_logs_in_and_sees_our_addons_installed(odoo_server):
    common = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/common")
    uid = common.authenticate(odoo_server.db, "admin", "admin", {})
    assert uid, "admin/admin must log in over XML-RPC"
    models = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/object", allow_none=True)
    states = models.execute_kw(
        odoo_server.db,
        uid,
        "admin",
        "ir.module.module",
        "search_read",
        [[["name", "in", ["school_attendance", "school_penalty", "school_letters"]]]],
        {"fields": ["name", "state"]},
    )
    assert {m["name"]: m["state"] for m in states} == {
        "school_attendance": "installed",
        "school_penalty": "installed",
        "school_letters": "installed",
    }


def test_wrong_password_is_refused(odoo_server):
    common = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/common")
    assert common.authenticate(odoo_server.db, "admin", "not-the-password", {}) is False
    models = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault) as fault:
        models.execute_kw(odoo_server.db, 2, "wrong", "res.partner", "search", [[]])
    assert "AccessDenied" in fault.value.faultString or "Access" in fault.value.faultString
