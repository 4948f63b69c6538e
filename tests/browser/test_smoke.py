"""The web client as a person sees it, in headless Chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_admin_opens_the_attendance_app(login, screenshot_path):
    page = login()
    page.click(".o_main_navbar a[data-menu-xmlid='school_attendance.menu_school_attendance_root']")
    secondary = page.locator(".o_sub_menu .oe_secondary_menu:visible")
    secondary.wait_for()
    text = secondary.inner_text()
    assert "Pupils" in text and "Registers" in text
    page.wait_for_selector(".o_control_panel .breadcrumb")
    page.screenshot(path=screenshot_path("attendance_app.png"))
