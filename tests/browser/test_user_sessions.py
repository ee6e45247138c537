"""Your sessions in a real browser: signed in from two browsers, the first signs the
other out and the other's next page asks it to sign in; the page in English and Persian
at desktop and phone width (``tests/artifacts/my-sessions-*.png``)."""

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from tests.browser.conftest import DESKTOP, PHONE, screenshot, sign_in
from tests.factories import make_user

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def phone(browser, live_server):
    """A second browser: an iPhone's Safari, as far as the server can tell."""
    context = browser.new_context(base_url=live_server, viewport=PHONE, user_agent=IPHONE)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_signing_out_the_other_browser_sends_it_to_sign_in(page, phone, boss):
    sign_in(page)
    sign_in(phone)
    page.get_by_role("link", name="boss").click()
    sessions = page.get_by_role("region", name="Your sessions")
    rows = sessions.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(sessions.locator("tr.is-current")).to_contain_text("HeadlessChrome")
    expect(sessions.locator("tr.is-current")).to_contain_text("This browser")
    expect(sessions.get_by_text("Mobile Safari 17 on iOS 17", exact=True)).to_be_visible()
    screenshot(page, "my-sessions")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)

    sessions.get_by_role("button", name=re.compile(r"^Sign out Mobile Safari")).click()
    expect(page.get_by_text("That session has been signed out.")).to_be_visible()
    expect(rows).to_have_count(1)

    phone.goto("/admin/portfolios/")
    expect(phone.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto("/admin/portfolios/")
    expect(page.get_by_role("heading", name="Portfolios")).to_be_visible()


def test_your_sessions_in_persian_read_right_to_left_with_jalali_dates(browser, live_server):
    make_user("boss", is_admin=True)
    pages = []
    for user_agent in (IPHONE, None):
        context = browser.new_context(
            base_url=live_server, viewport=DESKTOP, locale="fa-IR", user_agent=user_agent
        )
        context.set_default_timeout(10_000)
        pages.append(context.new_page())
    other, page = pages
    try:
        for each in pages:
            each.goto("/admin/login")
            each.locator("#username").fill("boss")
            each.locator("#password").fill("secret-pass")
            each.locator("#remember").check()
            each.locator("form button[type=submit]").click()
            each.wait_for_url("**/admin/")
        page.goto("/admin/account/")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        sessions = page.get_by_role("region", name="نشست‌های شما")
        expect(sessions.locator("tbody tr")).to_have_count(2)
        expect(sessions.locator("tr.is-current")).to_contain_text("همین مرورگر")
        expect(sessions.get_by_text("Mobile Safari 17 روی iOS 17", exact=True)).to_be_visible()
        # Dates read in Persian digits with the Jalali month, the Gregorian date beside.
        expect(sessions.locator("tbody time").first).to_have_text(re.compile(r"[۰-۹]+ \S+ ۱۴"))
        screenshot(page, "my-sessions-fa")
        page.set_viewport_size(PHONE)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        for each in pages:
            each.context.close()
