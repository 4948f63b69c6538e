"""A small XML-RPC client, as an integration partner would write one; a web session."""

import http.cookiejar
import json
import urllib.error
import urllib.request
import xmlrpc.client


class OdooClient:
    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        common = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common")
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise PermissionError("%s could not log in to %s" % (login, db))
        self.models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return rows[0]["res_id"]


def name_local_authority(client, company, name="City Council"):
    """Give ``company`` what its penalty notices must say (regulation 3): its LA and how to pay.

    Returns the local authority's partner id.
    """
    authority = client.call(
        "res.partner",
        "create",
        {"name": name, "street": "Town Hall", "city": "Leeds", "zip": "LS1 1UR"},
    )
    client.call(
        "res.company",
        "write",
        [company],
        {
            "penalty_local_authority_id": authority,
            "penalty_payment_methods": "Online at pay.example.org",
            "penalty_issuer_particulars": "Headteacher",
        },
    )
    return authority


def web_session(url, db, login, password):
    """An HTTP client logged in to the web client as ``login`` (a session cookie)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": login, "password": password},
        }
    ).encode()
    request = urllib.request.Request(
        url + "/web/session/authenticate", data=body, headers={"Content-Type": "application/json"}
    )
    with opener.open(request, timeout=60) as response:
        reply = json.loads(response.read().decode())
    assert reply.get("result", {}).get("uid"), reply
    return opener


def http_status(opener, url):
    """The HTTP status of a GET of ``url`` (an error status too)."""
    try:
        with opener.open(url, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
