"""A teacher takes today's register in the web client."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from tests.browser.a11y import assert_accessible
from tests.browser.conftest import TIMEOUT, wait_idle
from tests.harness.rpc import OdooClient

LONDON = ZoneInfo("Europe/London")

pytestmark = pytest.mark.browser


def _school_day(today):
    """Today, or the Friday before it at a weekend (registers are for school days)."""
    return today - datetime.timedelta(days=max(0, today.weekday() - 4))


@pytest.fixture(scope="module")
def school_day(odoo_server):
    """Through XML-RPC, once for the module: a term around today; (admin, the school day)."""
    admin = OdooClient(odoo_server.url, odoo_server.db, "admin", "admin")
    day = _school_day(datetime.date.today())
    year = admin.call(
        "school.academic.year",
        "create",
        {
            "name": "Browser year",
            "date_start": (day - datetime.timedelta(days=60)).isoformat(),
            "date_end": (day + datetime.timedelta(days=60)).isoformat(),
        },
    )
    admin.call(
        "school.term",
        "create",
        {
            "name": "Browser term",
            "academic_year_id": year,
            "date_start": (day - datetime.timedelta(days=14)).isoformat(),
            "date_end": (day + datetime.timedelta(days=14)).isoformat(),
        },
    )
    return admin, day


def _class(admin, day, group_name, teacher, names, photo=None):
    """A class tutored by ``teacher`` (name, login) with ``names`` on roll and today's
    registers; returns (morning register id, {first name: pupil id})."""
    teacher_id = admin.call(
        "res.users",
        "create",
        {
            "name": teacher[0],
            "login": teacher[1],
            "password": teacher[1] + "-pass",
            "groups_id": [(6, 0, [admin.ref("school_attendance.group_attendance_teacher")])],
            # A teacher's first screen, as on the demo.
            "action_id": admin.ref("school_attendance.school_attendance_register_action"),
        },
    )
    group = admin.call(
        "school.group",
        "create",
        {"name": group_name, "year_group": "5", "tutor_ids": [(6, 0, [teacher_id])]},
    )
    pupils = {}
    for first, last in names:
        values = {
            "first_name": first,
            "last_name": last,
            "group_id": group,
            "date_admitted": (day - datetime.timedelta(days=30)).isoformat(),
        }
        if photo and first == photo[0]:
            values["image"] = photo[1]
        pupils[first] = admin.call("school.pupil", "create", values)
    registers = admin.call(
        "school.attendance.register", "generate_registers", day.isoformat(), day.isoformat()
    )
    am = admin.call(
        "school.attendance.register",
        "search",
        [("id", "in", registers), ("group_id", "=", group), ("period", "=", "am")],
    )
    return am[0], pupils


@pytest.fixture
def class_with_register(school_day):
    """A class with its tutor (Hannah Tutor) and three pupils."""
    admin, day = school_day
    names = [("Ava", "Ahmed"), ("Ben", "Brook"), ("Cara", "Cole")]
    register, pupils = _class(admin, day, "Rowan (5)", ("Hannah Tutor", "hannah.tutor"), names)
    return admin, register, pupils


def test_teacher_takes_todays_register(
    login, page, odoo_server, class_with_register, screenshot_path
):
    admin, register_id, pupils = class_with_register
    login("hannah.tutor", "hannah.tutor-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.register&view_type=form"
        % (odoo_server.url, register_id)
    )
    # Nobody marked yet: the arrival column is blank, not 00:00.
    arrival_cells = page.locator(".o_field_one2many tr.o_data_row td.o_school_arrival_time_cell")
    arrival_cells.first.wait_for()
    assert [text.strip() for text in arrival_cells.all_inner_texts()] == ["", "", ""]
    page.screenshot(path=screenshot_path("register_unmarked.png"))
    page.click(".o_form_statusbar button:has-text('Mark all present')")
    page.wait_for_selector(".o_field_widget[name=marked_count]:text-is('3')")

    # Ben arrived at 08:58: the arrival time decides the code (L) and minutes.
    page.click(".o_form_button_edit")
    page.click(".o_field_one2many tr.o_data_row:has-text('Ben Brook') td.o_data_cell >> nth=0")
    arrival = page.locator(".o_field_one2many tr.o_selected_row [name=arrival_time]")
    arrival.fill("08:58")
    page.click(".o_form_button_save")
    page.wait_for_selector(".o_form_button_edit")
    page.screenshot(path=screenshot_path("register_form.png"))
    # Only Ben's arrival time shows; the others stay blank.
    rows = page.locator(".o_field_one2many tr.o_data_row")
    arrivals = {
        rows.nth(i).locator("td.o_data_cell").first.inner_text().strip(): rows.nth(i)
        .locator("td.o_school_arrival_time_cell")
        .inner_text()
        .strip()
        for i in range(rows.count())
    }
    assert arrivals == {"Ava Ahmed": "", "Ben Brook": "08:58", "Cara Cole": ""}
    page.click(".o_form_statusbar button:has-text('Take register')")
    page.wait_for_selector(".o_statusbar_status .btn-primary:has-text('Taken')")

    marks = admin.call(
        "school.attendance.mark",
        "search_read",
        [("register_id", "=", register_id)],
        fields=["pupil_id", "code_id", "minutes_late"],
    )
    by_pupil = {m["pupil_id"][0]: m for m in marks}
    ben = by_pupil[pupils["Ben"]]
    assert ben["code_id"][1].startswith("L") and ben["minutes_late"] == 8
    for name in ("Ava", "Cara"):
        assert by_pupil[pupils[name]]["code_id"][1].startswith("/")
    register = admin.call(
        "school.attendance.register", "read", [register_id], fields=["state", "taken_by"]
    )[0]
    assert register["state"] == "taken" and register["taken_by"][1] == "Hannah Tutor"


#: 29 pupils of Oak (6), in register order (first names, one surname).
OAK = [
    "Abel", "Bea", "Cal", "Dara", "Eli", "Faye", "Gus", "Hana", "Ivo", "Jude",
    "Kit", "Lena", "Milo", "Nia", "Otto", "Pia", "Quin", "Rhys", "Sana", "Theo",
    "Uma", "Vic", "Wren", "Xena", "Yusuf", "Zara", "Aled", "Bryn", "Ceri",
]  # fmt: skip
#: A 1x1 PNG: the photo of one pupil.
PHOTO = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGA"
    "hKmMIQAAAABJRU5ErkJggg=="
)
#: The tests that made an Oak class in this run (each its own class and login).
OAK_CLASSES = []
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}


class Interactions:
    """The teacher's clicks and key presses, counted."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, target):
        """Click a selector or a locator."""
        (self.page.locator(target) if isinstance(target, str) else target).click()
        self.count += 1

    def press(self, key):
        self.page.keyboard.press(key)
        self.count += 1


@pytest.fixture
def oak_class(school_day, request):
    """A class of 29 pupils, Abel with a photo, and their tutor Sam Oakley (login
    ``teacher``): ``(admin, day, register id, pupils, group name, login)``."""
    admin, day = school_day
    names = [(first, "Oakes") for first in OAK]
    number = len(OAK_CLASSES) + 1
    OAK_CLASSES.append(request.node.name)
    group, login = "Oak %d" % number, "sam.oakley%d" % number
    register, pupils = _class(
        admin, day, group, ("Sam Oakley", login), names, photo=("Abel", PHOTO)
    )
    return admin, day, register, pupils, group, login


@pytest.fixture
def device(browser, odoo_server, screenshot_path, request):
    """A page of a given size on a school's clock (Europe/London), logged in as ``login``."""
    contexts = []

    def _device(viewport, login):
        context = browser.new_context(viewport=viewport, timezone_id="Europe/London")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.goto(odoo_server.url + "/web/login?db=" + odoo_server.db)
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", login + "-pass")
        page.click("button[type=submit]")
        # The teacher's first screen, Today's Registers (on a phone the app
        # menus that wait_web_client waits for are folded away).
        page.wait_for_selector(".o_kanban_view .o_kanban_record")
        wait_idle(page)
        return page

    yield _device
    for index, context in enumerate(contexts):
        # What the page showed at the end, kept for a failing test's reader.
        for page in context.pages:
            page.screenshot(path=screenshot_path("last-%s-%d.png" % (request.node.name, index)))
        context.close()


def _open_register(page, taps, group):
    """From Today's Registers (the teacher's first screen), one tap on the class's card."""
    page.wait_for_selector(".o_kanban_view .o_kanban_record")
    card = page.locator(".o_kanban_record", has_text=group)
    taps.click(card.filter(has=page.locator(".badge", has_text="AM")))
    page.wait_for_selector(".o_school_register_taking .o_school_rt_row")
    wait_idle(page)


def test_teacher_takes_a_29_pupil_register_in_a_dozen_interactions(
    device, oak_class, screenshot_path
):
    admin, day, register_id, pupils, group, login = oak_class
    page = device(TABLET, login)
    taps = Interactions(page)
    _open_register(page, taps, group)
    rows = page.locator(".o_school_rt_row")
    assert rows.count() == 29
    # Abel's photo; the others show their initials.
    assert page.locator(".o_school_rt_row:has-text('Abel Oakes') img.o_school_rt_photo").count()
    assert page.inner_text(".o_school_rt_row:has-text('Bea Oakes') .o_school_rt_initials") == "BO"

    # Abel (first, current) is ill: typed on the keyboard, Enter moves on to Bea.
    taps.press("I")
    taps.press("Enter")
    assert "o_school_rt_current" in rows.nth(1).get_attribute("class")
    # Everyone else present, then the exceptions: one tap makes Milo absent (N).
    taps.click(".o_school_rt_all_present")
    taps.click(".o_school_rt_row:has-text('Milo Oakes')")
    # Yusuf walks in at 09:05: tap him, then "Late - arrived now".
    page.clock.set_fixed_time(datetime.datetime(day.year, day.month, day.day, 9, 5, tzinfo=LONDON))
    taps.click(".o_school_rt_row:has-text('Yusuf Oakes')")
    taps.click(".o_school_rt_late")
    assert page.inner_text(".o_school_rt_row:has-text('Yusuf Oakes') .o_school_rt_mark") == (
        "L 09:05"
    )
    assert page.inner_text(".o_school_rt_count") == "29 of 29 marked"
    page.screenshot(path=screenshot_path("register_taking.png"))
    taps.click(".o_school_rt_take")
    taken = page.locator(".o_school_rt_taken")
    taken.wait_for()
    assert re.match(
        r"Taken at \d\d:\d\d on \d{1,2} [A-Z][a-z]+ \d{4} by Sam Oakley", taken.inner_text().strip()
    )
    assert taps.count <= 12, "%d interactions" % taps.count

    marks = admin.call(
        "school.attendance.mark",
        "search_read",
        [("register_id", "=", register_id)],
        fields=["pupil_id", "code_id", "minutes_late", "arrival_time"],
    )
    codes = {m["pupil_id"][0]: m["code_id"][1].split(" ")[0] for m in marks}
    assert codes.pop(pupils["Abel"]) == "I"
    assert codes.pop(pupils["Milo"]) == "N"
    assert codes.pop(pupils["Yusuf"]) == "L"
    assert set(codes.values()) == {"/"} and len(codes) == 26
    yusuf = next(m for m in marks if m["pupil_id"][0] == pupils["Yusuf"])
    # Registers are marked at 08:50 (the school's default): 15 minutes late.
    assert yusuf["minutes_late"] == 15
    assert abs(yusuf["arrival_time"] - (9 + 5 / 60.0)) < 1 / 120.0
    register = admin.call(
        "school.attendance.register", "read", [register_id], fields=["state", "taken_by"]
    )[0]
    assert register["state"] == "taken" and register["taken_by"][1] == "Sam Oakley"


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["tablet-portrait", "phone"])
def test_register_fits_tablet_and_phone_and_shows_who_is_unmarked(
    device, oak_class, screenshot_path, viewport
):
    admin, _day, register_id, _pupils, group, login = oak_class
    page = device(viewport, login)
    taps = Interactions(page)
    _open_register(page, taps, group)
    # The list takes the screen's width: no sidebar beside it.
    box = page.locator(".o_school_rt_list").bounding_box()
    assert box["x"] <= 16 and box["x"] + box["width"] >= viewport["width"] - 16, box
    for name in page.locator(".o_school_rt_row .o_school_rt_name").all():
        name_box = name.bounding_box()
        assert name_box["x"] >= 0 and name_box["x"] + name_box["width"] <= viewport["width"]
        assert name_box["width"] >= 80, "a pupil's name is squeezed: %s" % name_box
    assert page.locator(".o_school_rt_palette [data-code]:visible").count() >= 6
    # Taking it unmarked: nothing is saved, every pupil is highlighted.
    taps.click(".o_school_rt_row:has-text('Abel Oakes')")
    taps.click(".o_school_rt_take")
    page.wait_for_selector(".o_school_rt_message:has-text('28 pupil(s) still need a code')")
    assert page.locator(".o_school_rt_row.o_school_rt_unmarked").count() == 28
    # Abel is present: the first pupil still to mark (in name order) is current.
    assert page.locator(".o_school_rt_row.o_school_rt_current:has-text('Aled Oakes')").count()
    page.screenshot(path=screenshot_path("register_unmarked_%d.png" % viewport["width"]))
    register = admin.call("school.attendance.register", "read", [register_id], fields=["state"])
    assert register[0]["state"] == "draft"


def test_register_screens_pass_the_accessibility_check(
    login, page, odoo_server, device, school_day
):
    """WCAG 2.2 AA (axe-core, serious and critical): the register form and the touch screen."""
    admin, day = school_day
    names = [("Dara", "Dunn"), ("Eli", "Eames")]
    register_id, _pupils = _class(admin, day, "Hazel (4)", ("Iris Tutor", "iris.tutor"), names)
    login("iris.tutor", "iris.tutor-pass")
    page.goto(
        "%s/web#id=%d&model=school.attendance.register&view_type=form"
        % (odoo_server.url, register_id)
    )
    page.locator(".o_field_one2many tr.o_data_row").first.wait_for()
    # The register form is ours; the web client's menus around it are Odoo's own.
    assert_accessible(page, ".o_form_view")
    page.click(".o_form_button_edit")
    page.wait_for_selector(".o_form_view.o_form_editable")
    assert_accessible(page, ".o_form_view")

    tablet = device(TABLET, "iris.tutor")
    _open_register(tablet, Interactions(tablet), "Hazel (4)")
    assert_accessible(tablet, ".o_school_register_taking")
