"""Date inputs on Persian pages: a Solar Hijri field and calendar, used with the keyboard
alone, while the form still sends (and the server stores) the Gregorian date."""

from datetime import UTC, date, datetime

import jdatetime

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models import ApiToken
from portfolio_admin.models.base import db
from tests.browser.conftest import screenshot, sign_in_as


def focused_label(page):
    return page.evaluate("document.activeElement.getAttribute('aria-label')")


def test_the_token_expiry_is_picked_in_the_solar_hijri_calendar_by_keyboard(open_page, boss):
    page = open_page("fa-IR")
    sign_in_as(page, "boss")
    page.goto("/admin/account/tokens/")
    field, sent = page.locator("#expires_on"), page.locator("#expires_on-gregorian")
    expect(page.locator("label[for=expires_on]")).to_have_count(1)
    assert sent.get_attribute("type") == "hidden"

    # Typed in Persian digits, sent as the Gregorian ISO date.
    field.focus()
    page.keyboard.type("۱۴۰۵/۹/۲۰")
    page.keyboard.press("Tab")  # to the calendar button; the text is read on leaving
    expect(field).to_have_value("۱۴۰۵/۰۹/۲۰")
    expect(sent).to_have_value(jdatetime.date(1405, 9, 20).togregorian().isoformat())
    toggle = page.get_by_role("button", name="انتخاب از تقویم")
    expect(toggle).to_be_focused()

    # The calendar opens on the chosen day; arrows and Page Down move, Enter chooses.
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    calendar = page.get_by_role("dialog", name="تقویم هجری شمسی")
    expect(calendar.get_by_role("grid", name="آذر ۱۴۰۵")).to_be_visible()
    assert focused_label(page) == "جمعه ۲۰ آذر ۱۴۰۵"
    page.keyboard.press("ArrowLeft")  # right to left: the next day is on the left
    assert focused_label(page) == "شنبه ۲۱ آذر ۱۴۰۵"
    page.keyboard.press("ArrowDown")
    assert focused_label(page) == "شنبه ۲۸ آذر ۱۴۰۵"
    page.keyboard.press("PageDown")
    expect(calendar.get_by_role("grid", name="دی ۱۴۰۵")).to_be_visible()
    assert focused_label(page) == "دوشنبه ۲۸ دی ۱۴۰۵"
    screenshot(page, "jalali-picker")
    page.keyboard.press("Enter")
    expect(calendar).to_have_count(0)
    expect(toggle).to_be_focused()
    expect(field).to_have_value("۱۴۰۵/۱۰/۲۸")
    chosen = jdatetime.date(1405, 10, 28).togregorian()
    expect(sent).to_have_value(chosen.isoformat())

    # Escape closes the calendar without choosing, back on its button.
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    expect(calendar).to_have_count(0)
    expect(toggle).to_be_focused()
    expect(field).to_have_value("۱۴۰۵/۱۰/۲۸")

    # Saved: the token ends when the chosen (Gregorian) day ends.
    page.locator("#name").focus()
    page.keyboard.type("سایت")
    page.keyboard.press("Enter")
    expect(page.get_by_text("سایت").first).to_be_visible()
    page.wait_for_load_state()
    db.session.rollback()
    token = db.session.scalars(db.select(ApiToken)).one()
    assert token.expires_at == datetime.combine(
        date.fromordinal(chosen.toordinal() + 1), datetime.min.time(), UTC
    )


def test_a_date_that_is_not_one_is_sent_as_typed_and_refused_beside_the_field(open_page, boss):
    page = open_page("fa-IR")
    sign_in_as(page, "boss")
    page.goto("/admin/account/tokens/")
    page.locator("#name").fill("سایت")
    page.locator("#expires_on").fill("۱۴۰۵/۱۳/۱")
    page.locator("#name").press("Enter")
    expect(page.locator("#expires_on")).to_have_attribute("aria-invalid", "true")
    assert db.session.scalars(db.select(ApiToken)).first() is None


def test_english_pages_keep_the_browsers_date_input(open_page, boss):
    page = open_page("en-US")
    sign_in_as(page, "boss")
    page.goto("/admin/account/tokens/")
    assert page.locator("#expires_on").get_attribute("type") == "date"
    expect(page.get_by_role("button", name="Choose from the calendar")).to_have_count(0)
