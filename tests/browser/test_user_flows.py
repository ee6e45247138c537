"""Users and tokens in a real browser: an admin gives a new staff member two codes and
that member sees only what they may; a user's token works against the API until it is
revoked in the browser."""

import urllib.error
import urllib.request

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.auth.permissions import PORTFOLIO, TAG
from portfolio_admin.services import users
from tests.browser.conftest import DESKTOP, screenshot, sign_in
from tests.factories import make_portfolio, make_user


def api_status(base_url: str, path: str, key: str) -> int:
    """The status of a GET to the API with ``key``, over HTTP like any client."""
    request = urllib.request.Request(base_url + path, headers={"Authorization": f"Token {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_an_admin_creates_staff_with_two_codes_who_then_sees_only_portfolios(
    page, browser, live_server, boss
):
    make_portfolio("Visible work")
    sign_in(page)
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    page.get_by_role("link", name="New user").click()
    page.get_by_label("Username").fill("nazanin")
    page.get_by_label("Password", exact=True).fill("nazanin")
    expect(page.locator("[data-strength-text]")).to_have_text("Too weak")
    page.get_by_label("Password", exact=True).fill("copper-window-27")
    expect(page.locator("[data-strength-text]")).not_to_have_text("Too weak")

    portfolios = page.get_by_role("group", name="Portfolios")
    portfolios.get_by_label("List").check()
    portfolios.get_by_label("View").check()
    # The "all" box follows its codes and sets them all (then clear it again).
    employers = page.get_by_role("group", name="Employers")
    employers.get_by_label("All of this resource").focus()  # from the keyboard
    page.keyboard.press("Space")
    expect(employers.locator("[data-permission-code]:checked")).to_have_count(5)
    screenshot(page, "user-form")
    employers.get_by_label("All of this resource").uncheck()
    expect(employers.locator("[data-permission-code]:checked")).to_have_count(0)
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text("User “nazanin” added.")).to_be_visible()
    assert users.get_user_by_username("nazanin").permissions == {PORTFOLIO.list, PORTFOLIO.retrieve}
    edit_url = page.url

    page.goto("/admin/users/")
    expect(page.get_by_role("link", name="nazanin")).to_be_visible()
    screenshot(page, "users-list")

    context = browser.new_context(base_url=live_server, viewport=DESKTOP)
    try:
        member = context.new_page()
        sign_in(member, "nazanin", "copper-window-27")
        nav = member.get_by_role("navigation", name="Sections")
        expect(nav.get_by_role("link")).to_have_count(1)
        expect(nav.get_by_role("link", name="Portfolios")).to_be_visible()
        member.goto("/admin/portfolios/")
        expect(member.get_by_role("link", name="Visible work")).to_be_visible()
        assert member.goto("/admin/employers/").status == 403
        assert member.goto("/admin/users/").status == 403

        # Deactivated by the admin, the member's next page asks them to sign in.
        page.goto(edit_url)
        screenshot(page, "user-edit")
        page.get_by_role("link", name="Deactivate").click()
        screenshot(page, "user-deactivate")
        page.get_by_role("button", name="Yes, deactivate").click()
        expect(page.get_by_text("User “nazanin” deactivated.")).to_be_visible()
        member.goto("/admin/portfolios/")
        expect(member.get_by_role("heading", name="Sign in")).to_be_visible()
    finally:
        context.close()


def test_a_token_made_in_the_browser_works_until_revoked_there(page, live_server):
    make_user("clerk", is_staff=True, permissions=[TAG.list])
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "clerk")
    page.get_by_role("link", name="clerk").click()
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    screenshot(page, "my-account")
    page.get_by_role("link", name="My API tokens").click()
    page.get_by_label("Name").fill("public site")
    page.get_by_role("button", name="Create token").click()

    key_box = page.get_by_label("Key")
    expect(key_box).to_be_focused()
    key = key_box.input_value()
    assert key.startswith("pa_")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_text("Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == key
    screenshot(page, "token-created")
    assert api_status(live_server, "/api/portfolios/tags/", key) == 200

    page.get_by_role("link", name="Done").click()
    assert key not in page.content()
    screenshot(page, "tokens-list")
    page.get_by_role("button", name="Revoke public site").click()
    expect(page.get_by_text("Token “public site” revoked.")).to_be_visible()
    assert api_status(live_server, "/api/portfolios/tags/", key) == 401
