"""Roles in a real browser, in both languages: an admin makes a role, gives it to a
staff member, who then sees what it allows; the code grid says where each code comes
from; a token is limited to one code and given an expiry day."""

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.auth.permissions import TAG
from tests.browser.conftest import screenshot, sign_in_as
from tests.factories import make_user

WORDS = {
    "fa": {"save": "افزودن نقش", "tags": "برچسب‌ها", "from": "از نگهبان برچسب"},
    "en": {"save": "Add role", "tags": "Tags", "from": "from Tag keeper"},
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_role_made_in_the_browser_gives_its_members_access(open_page, language):
    words = WORDS[language]
    make_user("sara", is_admin=True)
    clerk = make_user("clerk", is_staff=True)
    page = open_page(language)
    sign_in_as(page, "sara")
    page.goto("/admin/roles/new")
    page.locator("#name").fill("نگهبان برچسب" if language == "fa" else "Tag keeper")
    page.locator(f"input[name=permissions][value='{TAG.list}']").check()
    screenshot(page, f"roles-{language}-form")
    page.get_by_role("button", name=words["save"]).click()
    page.wait_for_url("**/admin/roles/")
    screenshot(page, f"roles-{language}-list")

    page.goto(f"/admin/users/{clerk.id}/")
    page.locator("input[name=roles]").first.check()
    page.locator(".edit-form button[type=submit]").first.click()
    expect(page.locator(".code-source").first).to_have_text(words["from"])
    screenshot(page, f"roles-{language}-user")

    page.goto("/admin/account/tokens/")
    page.locator("#name").fill("site")
    page.locator(f"input[name=scope][value='{TAG.list}']").check()
    page.locator("#expires_on").fill("2099-01-31")
    screenshot(page, f"roles-{language}-token-form")

    other = open_page(language)
    sign_in_as(other, "clerk")
    expect(other.get_by_role("link", name=words["tags"]).first).to_be_visible()
    assert other.goto("/admin/tags/").status == 200
