"""The web client as a person sees it, in headless Chromium."""

import pytest

pytestmark = pytest.mark.browser


def test_admin_opens_the_attendance_app(login, screenshot_path):
    page = login()
    page.click(".oe_application_menu_placeholder .oe_menu_text:text-is('Attendance')")
    secondary = page.locator(".o_sub_menu .oe_secondary_menu:visible")
    secondary.wait_for()
    text = secondary.inner_text()
    assert "Pupils" in text and "Registers" in text
    # The app's first menu opens a window action (with view switcher) in place of Discuss.
    page.wait_for_selector(".o_control_panel .o_cp_switch_buttons button")
    page.wait_for_selector(".o_loading", state="hidden")
    assert not page.locator(".o_mail_chat").is_visible()
    page.screenshot(path=screenshot_path("attendance_app.png"))
