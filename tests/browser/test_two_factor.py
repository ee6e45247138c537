"""Two-factor sign-in in a real browser, in both languages: forced enrolment with an
authenticator app (the codes computed with pyotp from the secret the page shows), the
second step with a code and with a recovery code; passkeys made and used with Chromium's
virtual authenticator, on http://localhost (a secure context with a domain for the RP ID)."""

import time

import pyotp
import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models import Passkey
from tests.browser.conftest import fresh, screenshot, virtual_authenticator
from tests.factories import make_user

WORDS = {
    "fa": {"turn_on": "روشن کردن", "verify": "تأیید", "second_step": "مرحله‌ی دوم"},
    "en": {"turn_on": "Turn on", "verify": "Verify", "second_step": "Second step"},
}


def code_at(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enter_password(page, username="sara", password="secret-pass"):
    page.goto("/admin/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()


@pytest.mark.parametrize("language", ["fa", "en"])
def test_forced_enrolment_then_code_and_recovery_code_sign_in(app, open_page, language):
    words = WORDS[language]
    app.config["REQUIRE_2FA_FOR"] = "admins"
    make_user("sara", is_admin=True)

    page = open_page(language)
    enter_password(page)
    page.wait_for_url("**/admin/account/two-factor/")
    expect(page.locator(".qr-code svg")).to_be_visible()
    page.goto("/admin/portfolios/")  # nothing else until a second factor is set up
    page.wait_for_url("**/admin/account/two-factor/")
    screenshot(page, f"two-factor-{language}-enrol")
    secret = page.locator("[data-totp-secret]").inner_text().strip()
    page.locator("#code").fill(code_at(secret))
    page.get_by_role("button", name=words["turn_on"]).click()
    listed = page.locator(".recovery-code-list code")
    expect(listed).to_have_count(10)  # waits for the page after the click
    codes = listed.all_inner_texts()
    screenshot(page, f"two-factor-{language}-recovery-codes")
    page.goto("/admin/portfolios/")
    assert page.url.endswith("/admin/portfolios/")

    with_code = open_page(language)
    enter_password(with_code)
    with_code.wait_for_url("**/admin/login/second-step")
    expect(with_code.get_by_role("heading", name=words["second_step"])).to_be_visible()
    with_code.locator("#code").fill("000000")
    with_code.get_by_role("button", name=words["verify"]).click()
    expect(with_code.locator("#code-errors")).to_be_visible()
    screenshot(with_code, f"two-factor-{language}-second-step-error")
    with_code.locator("#code").fill(code_at(secret, 1))
    with_code.get_by_role("button", name=words["verify"]).click()
    with_code.wait_for_url("**/admin/")

    with_recovery = open_page(language)
    enter_password(with_recovery)
    with_recovery.wait_for_url("**/admin/login/second-step")
    with_recovery.locator("#code").fill(codes[0])
    with_recovery.locator("#remember_browser").check()
    with_recovery.get_by_role("button", name=words["verify"]).click()
    with_recovery.wait_for_url("**/admin/")
    # Remembered: the password alone signs this browser in again.
    with_recovery.context.clear_cookies(name="session")
    enter_password(with_recovery)
    with_recovery.wait_for_url("**/admin/")


PASSKEY_WORDS = {
    "fa": {"add": "افزودن گذرکلید", "sign_in": "ورود با گذرکلید", "use": "استفاده از گذرکلید"},
    "en": {"add": "Add a passkey", "sign_in": "Sign in with a passkey", "use": "Use a passkey"},
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_passkey_added_then_used_without_a_password_and_as_second_step(open_page, language):
    words = PASSKEY_WORDS[language]
    user = make_user("sara", is_admin=True)
    page = open_page(language, host="localhost")
    cdp, authenticator = virtual_authenticator(page)
    enter_password(page)
    page.wait_for_url("**/admin/")
    page.goto("/admin/account/two-factor/")
    page.locator("#passkey-name").fill("لپ‌تاپ کار" if language == "fa" else "Work laptop")
    page.get_by_role("button", name=words["add"]).click()
    expect(page.locator(".passkey-table tbody tr")).to_have_count(1)
    screenshot(page, f"passkeys-{language}-account")
    stored = fresh(Passkey, 1)
    assert stored.user_id == user.id and stored.last_used_at is None
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert credentials["credentials"][0]["isResidentCredential"] is True

    # Password-less: the discoverable credential names its user.
    page.locator(".signout button").click()
    page.wait_for_url("**/admin/login")
    screenshot(page, f"passkeys-{language}-login")
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url("**/admin/")
    assert fresh(Passkey, 1).last_used_at is not None

    # As the second step after the password.
    page.locator(".signout button").click()
    page.wait_for_url("**/admin/login")
    enter_password(page)
    page.wait_for_url("**/admin/login/second-step")
    expect(page.locator("#code")).to_have_count(0)  # no app set up: only the passkey
    page.get_by_role("button", name=words["use"]).click()
    page.wait_for_url("**/admin/")


def test_several_passkeys_are_named_and_one_is_removed(open_page):
    make_user("sara", is_admin=True)
    page = open_page("en", host="localhost")
    cdp, laptop = virtual_authenticator(page)
    enter_password(page)
    page.wait_for_url("**/admin/")
    page.goto("/admin/account/two-factor/")
    rows = page.locator(".passkey-table tbody tr")
    page.locator("#passkey-name").fill("Laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(rows).to_have_count(1)
    # The same authenticator is refused a second passkey for the same account.
    page.locator("#passkey-name").fill("Laptop again")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page.locator("[data-passkeys] [data-passkey-status]")).to_contain_text("not made")
    expect(rows).to_have_count(1)

    cdp.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": laptop})
    virtual_authenticator(page)  # another device
    page.locator("#passkey-name").fill("Phone")
    page.get_by_role("button", name="Add a passkey").click()
    expect(rows).to_have_count(2)
    page.get_by_role("button", name="Remove Laptop").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Phone")
