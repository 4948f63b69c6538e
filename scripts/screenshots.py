"""`make screenshots`: the README's pictures, taken from a running demo trust.

Start the demo first (``make run``, or ``DB=... PORT=... bash scripts/run.sh``), then::

    make screenshots [DB=school_demo] [PORT=8069] [ONLY="near_threshold.png ..."]
    python scripts/screenshots.py --url http://localhost:8069 --db school_demo [names...]

Each entry of ``SHOTS`` is one picture in ``docs/images/``: which demo login takes it
(the password is the login), how it is opened (a menu, a window action, a record found
by a domain, or a portal page), what is pressed once it is open, and what must show
before the picture is taken. To add a picture, add a ``Shot`` to ``SHOTS``. The browser
is driven as in the browser tests (``tests/browser/conftest.py``): every wait is on what
the page shows or on the web client being idle, never on time. A picture that cannot be
taken (no record found, the page showed an error) stops the run with a message; the
pictures already taken are kept.
"""

import argparse
import datetime
import os
import sys
from dataclasses import dataclass, field

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT,
    wait_idle,
    wait_web_client,
)
from tests.harness.rpc import OdooClient  # noqa: E402

IMAGES = os.path.join(ROOT, "docs", "images")
#: Every picture has the same size: a laptop screen.
VIEWPORT = {"width": 1366, "height": 800}
#: What must never be in a picture: an error, Odoo's defaults instead of a school's.
FORBIDDEN = ("Administrator", "YourCompany", "Odoo Server Error", "Traceback")
#: The text the picture holds: text nodes drawn inside the viewport (or anywhere, for a
#: full page) — the chatter below a form is not in the picture.
VISIBLE_TEXT = """(fullPage) => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width && box.height && (fullPage || (box.bottom > 0 && box.top < innerHeight
                && box.right > 0 && box.left < innerWidth))) {
            seen.push(node.textContent);
        }
    }
    return seen.join(' ');
}"""
ERROR_DIALOGS = ".o_dialog_warning, .o_error_dialog, .modal .alert-danger"


@dataclass
class Shot:
    """One picture: ``file`` in docs/images, taken as the demo login ``login``.

    Opened by one of: ``menu`` (xml id of a menu item: its action), ``action`` (xml
    id of a window action), ``model`` + ``domain`` (the form of the first record
    found, as ``login`` sees them, in ``order``; ``pick`` (client, ids) -> id chooses
    among them instead), or ``url`` (a page of the portal; ``{id}`` is the record
    found as above). Then each of ``steps`` is done in order — ``("click",
    selector)``, ``("tab", label)`` (a page of the form's notebook), ``("fill",
    selector, value)`` (``value`` or what ``value()`` returns, then Tab) — and the
    picture is taken once ``wait`` (a selector) shows and the web client is idle.
    ``scroll_to``: a selector brought to the top first; ``full_page``: the whole page,
    not only the viewport.
    """

    file: str
    login: str
    alt: str
    menu: str = None
    action: str = None
    model: str = None
    domain: list = field(default_factory=list)
    order: str = None
    pick: object = None
    url: str = None
    steps: tuple = ()
    wait: str = None
    scroll_to: str = None
    full_page: bool = False


def lowest_attendance_below_90(client, ids):
    """Of the pupils ``ids``, the one below 90% closest to it (most pictures read well)."""
    rows = client.call("school.pupil", "read", ids, fields=["attendance_pct_year"])
    below = [row for row in rows if 0 < row["attendance_pct_year"] < 90]
    rows = below or rows
    return max(rows, key=lambda row: (row["attendance_pct_year"], -row["id"]))["id"]


def with_most_patterns(client, ids):
    """Of the pupils ``ids``, the one with the most kinds of pattern of absence, a
    weekday or long weekends before illness alone (then the lowest id)."""
    rows = client.call("school.pupil", "get_attendance_patterns", ids)
    rows = [row for row in rows if row["patterns"]]
    if not rows:
        return None
    return max(
        rows,
        key=lambda row: (
            len(row["patterns"]),
            any(p["kind"] != "illness" for p in row["patterns"]),
            -row["pupil_id"],
        ),
    )["pupil_id"]


def school_policy(client, ids):
    """The escalation policy of the login's school."""
    (user,) = client.call("res.users", "read", [client.uid], fields=["company_id"])
    (company,) = client.call(
        "res.company", "read", [user["company_id"][0]], fields=["attendance_policy_id"]
    )
    return company["attendance_policy_id"][0] if company["attendance_policy_id"] else None


def days_ago(days):
    """A date typed the British way: ``days`` days before today."""
    return lambda: (datetime.date.today() - datetime.timedelta(days=days)).strftime("%d/%m/%Y")


#: The pictures, in the order the README shows them. The integrator adds new ones here.
#: A report page's button that works out its lines, and its lines once shown.
COMPUTE = (("click", "button[name=action_compute]"),)
LINES_SHOWN = ".o_field_widget[name=line_ids] tr.o_data_row"

SHOTS = [
    Shot(
        file="cases_board.png",
        login="officer",
        alt="The attendance cases board of the demo primary: a column per stage, each card a "
        "pupil with their attendance and what is due next",
        action="school_attendance.school_attendance_case_action",
        wait=".o_kanban_view .o_kanban_record",
    ),
    Shot(
        file="foresight_pupil.png",
        login="officer",
        alt="A pupil below 90% on the Attendance page of the pupil form: how many absences "
        "take them below each line, and the date full attendance brings them back above it",
        model="school.pupil",
        domain=[("is_persistent_absentee", "=", True)],
        order="id",
        pick=lowest_attendance_below_90,
        steps=(("tab", "Attendance"),),
        wait=".o_field_widget[name=attendance_foresight]",
        scroll_to=".o_notebook",
    ),
    Shot(
        file="foresight_portal.png",
        login="parent1",
        alt="A parent's page for their child at the demo secondary in the portal: attendance "
        "this year and when full attendance brings her back above 90%",
        model="school.pupil",
        pick=lowest_attendance_below_90,
        url="/my/children/{id}",
        wait=".o_school_portal_foresight li",
    ),
    Shot(
        file="near_threshold.png",
        login="officer",
        alt="Penalty Notices, Near the Threshold: pupils one or two unauthorised sessions from "
        "10 in the rolling 10 school weeks, and the day each count falls by itself",
        menu="school_penalty.school_penalty_window_wizard_menu",
        steps=COMPUTE,
        wait=LINES_SHOWN,
    ),
    Shot(
        file="patterns.png",
        login="officer",
        alt="A pupil's patterns of absence on the pupil form, each a sentence with the days "
        "behind it",
        model="school.pupil",
        order="id",
        pick=with_most_patterns,
        steps=(("tab", "Attendance"),),
        wait=".o_field_widget[name=attendance_patterns]",
        scroll_to=".o_notebook",
    ),
    Shot(
        file="at_risk.png",
        login="officer",
        alt="Reporting, At Risk of Persistent Absence: pupils above 90% who will be below it "
        "by the end of the term at this half term's rate, with the figures behind each",
        menu="school_attendance.school_attendance_risk_wizard_menu",
        steps=COMPUTE,
        wait=LINES_SHOWN,
    ),
    Shot(
        file="dry_run.png",
        login="officer",
        alt="Dry Run of a Policy: the steps the ladder would have taken day by day over the "
        "last weeks, and how many letters, plans, referrals and notices, with nothing written",
        model="school.attendance.policy",
        pick=school_policy,
        steps=(
            ("click", ".o_statusbar_buttons button:has-text('Dry Run')"),
            ("fill", ".o_field_widget[name=date_from] input", days_ago(28)),
            ("fill", ".o_field_widget[name=date_to] input", days_ago(1)),
            ("click", "button[name=action_run]"),
        ),
        wait=LINES_SHOWN,
    ),
    Shot(
        file="step_effect.png",
        login="officer",
        alt="Reporting, Does the Work Help?: for each step type, the attendance of the pupils "
        "it was done for in the four school weeks before and after it, in a sentence",
        menu="school_attendance.school_step_effect_menu",
        steps=COMPUTE,
        wait=LINES_SHOWN,
    ),
    Shot(
        file="ready_to_issue.png",
        login="officer",
        alt="The Ready to Issue? checklist of a draft penalty notice: each point the product "
        "checks, done or named as a gap with a link to put it right",
        model="school.penalty.notice",
        domain=[("state", "=", "draft")],
        order="id",
        steps=(("tab", "Ready to Issue?"),),
        wait=".o_field_widget[name=issue_checklist]",
        scroll_to=".o_notebook",
    ),
]


class Camera:
    """A Chromium page logged in as one demo login after another."""

    def __init__(self, browser, url, db):
        self.browser, self.url, self.db = browser, url, db
        self.context = self.page = None
        self.login = None

    def log_in(self, login):
        if login == self.login:
            return self.page
        if self.context:
            self.context.close()
        self.context = self.browser.new_context(viewport=VIEWPORT, locale="en-GB")
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT)
        self.page.goto("%s/web/login?db=%s" % (self.url, self.db))
        self.page.fill("input[name=login]", login)
        self.page.fill("input[name=password]", login)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(lambda url: "/web/login" not in url)
        if "/web" in self.page.url:
            wait_web_client(self.page)
        self.login = login
        return self.page

    def close(self):
        if self.context:
            self.context.close()


def find_record(shot, client):
    ids = client.call(shot.model, "search", shot.domain, order=shot.order or "id")
    if ids and shot.pick:
        return shot.pick(client, ids)
    return ids[0] if ids else None


def open_shot(shot, camera, admin):
    """Open what ``shot`` shows; returns the page."""
    page = camera.log_in(shot.login)
    record = None
    if shot.model:
        client = OdooClient(camera.url, camera.db, shot.login, shot.login)
        record = find_record(shot, client)
        if not record:
            raise SystemExit(
                "%s: no %s found for %s as %s; is this the demo trust?"
                % (shot.file, shot.model, shot.domain, shot.login)
            )
    if shot.url:
        page.goto(camera.url + shot.url.format(id=record))
        return page
    if shot.menu:
        menu_id = admin.ref(shot.menu)
        (menu,) = admin.call("ir.ui.menu", "read", [menu_id], fields=["action"])
        action_id = int(menu["action"].split(",")[1])
        page.goto("%s/web#menu_id=%d&action=%d" % (camera.url, menu_id, action_id))
    elif shot.action:
        page.goto("%s/web#action=%d" % (camera.url, admin.ref(shot.action)))
    else:
        page.goto("%s/web#id=%d&model=%s&view_type=form" % (camera.url, record, shot.model))
    page.wait_for_selector(".o_main_content .o_content > .o_view_manager_content > *")
    wait_idle(page)
    return page


def take(shot, camera, admin):
    page = open_shot(shot, camera, admin)
    web_client = "/web" in page.url
    for step in shot.steps:
        if step[0] == "click":
            page.click(step[1])
        elif step[0] == "tab":
            page.click(".o_notebook .nav-tabs a:has-text(%r)" % step[1])
        elif step[0] == "fill":
            value = step[2]() if callable(step[2]) else step[2]
            page.fill(step[1], value)
            page.press(step[1], "Tab")
        else:
            raise ValueError("%s: unknown step %r" % (shot.file, step))
        if web_client:
            wait_idle(page)
    if shot.wait:
        page.wait_for_selector(shot.wait)
    if web_client:
        wait_idle(page)
        # Odoo's "Loading" notice at the top fades out after the last call.
        page.wait_for_selector(".o_loading", state="hidden")
    if shot.scroll_to:
        page.locator(shot.scroll_to).first.evaluate("e => e.scrollIntoView({block: 'start'})")
    if page.query_selector(ERROR_DIALOGS):
        raise SystemExit("%s: the page shows an error: %s" % (shot.file, page.inner_text("body")))
    text = page.evaluate(VISIBLE_TEXT, shot.full_page)
    shown = [
        "%r in '... %s ...'" % (word, text[max(0, at - 80) : at + 80].replace("\n", " | "))
        for word, at in ((word, text.find(word)) for word in FORBIDDEN)
        if at >= 0
    ]
    if shown:
        raise SystemExit("%s: the page shows %s" % (shot.file, "; ".join(shown)))
    path = os.path.join(IMAGES, shot.file)
    page.screenshot(path=path, full_page=shot.full_page)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url",
        default=os.environ.get("SHOTS_URL")
        or "http://localhost:%s" % (os.environ.get("PORT") or "8069"),
        help="the demo server (default http://localhost:$PORT, PORT 8069)",
    )
    parser.add_argument(
        "--db",
        default=os.environ.get("DB") or "school_demo",
        help="the demo database (default $DB, school_demo)",
    )
    parser.add_argument("names", nargs="*", help="only these pictures (file names)")
    args = parser.parse_args(argv)
    names = set(args.names or (os.environ.get("ONLY") or "").split())
    shots = [shot for shot in SHOTS if not names or shot.file in names]
    unknown = names - {shot.file for shot in SHOTS}
    if unknown:
        raise SystemExit("no such picture: %s" % ", ".join(sorted(unknown)))
    from playwright.sync_api import sync_playwright

    admin = OdooClient(args.url, args.db, "admin", "admin")
    os.makedirs(IMAGES, exist_ok=True)
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        camera = Camera(browser, args.url, args.db)
        try:
            for shot in shots:
                print("[shots] %s" % os.path.relpath(take(shot, camera, admin), ROOT))
        finally:
            camera.close()
            browser.close()


if __name__ == "__main__":
    main()
