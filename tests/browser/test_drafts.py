"""Drafts in a real browser, in both languages: Save draft leaves the live portfolio as it
is while the form shows the draft, Preview shows it, Publish makes it live."""

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models import Link, Portfolio, PortfolioDraft
from portfolio_admin.models.base import db
from tests.browser.conftest import fresh, screenshot, sign_in_as, stored_image
from tests.factories import make_portfolio, make_token, make_user

WORDS = {
    "fa": {"draft": "ذخیرهٔ پیش‌نویس", "publish": "انتشار", "preview": "پیش‌نمایش"},
    "en": {"draft": "Save draft", "publish": "Publish", "preview": "Preview"},
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_save_a_draft_preview_it_then_publish(open_page, language):
    words = WORDS[language]
    make_user("sara", is_admin=True)
    cover = stored_image("cover")
    portfolio = make_portfolio("Sample site", slug="sample", image=cover.id)
    pk = portfolio.id
    page = open_page(language)
    sign_in_as(page, "sara")
    page.goto(f"/admin/portfolios/{pk}/")
    page.locator("#title").fill("سایت نمونه" if language == "fa" else "Next site")
    page.locator("#excerpt").fill("نسخهٔ بعدی" if language == "fa" else "the next version")
    page.get_by_role("button", name=words["draft"]).click()
    page.wait_for_url(f"**/admin/portfolios/{pk}/")
    expect(page.locator("[data-draft-status=draft]")).to_be_visible()
    draft_title = page.locator("#title").input_value()
    assert draft_title in ("سایت نمونه", "Next site")
    assert fresh(Portfolio, pk).title == "Sample site"  # live unchanged
    assert fresh(PortfolioDraft, pk) is not None
    screenshot(page, f"drafts-{language}-form")

    page.goto("/admin/portfolios/")
    expect(page.locator("[data-unpublished-changes]")).to_have_count(1)

    page.goto(f"/admin/portfolios/{pk}/")
    page.locator("[data-preview]").click()
    page.wait_for_url(f"**/admin/portfolios/{pk}/preview")
    article = page.locator("[data-preview-article]")
    expect(article.locator("h1")).to_have_text(draft_title)
    expect(article.locator(".preview-cover")).to_be_visible()
    assert page.evaluate(
        "document.querySelector('[data-preview-article] h1').matches(':dir(rtl)')"
    ) == (language == "fa")
    screenshot(page, f"drafts-{language}-preview")

    page.goto(f"/admin/portfolios/{pk}/")
    page.get_by_role("button", name=words["publish"], exact=True).click()
    page.wait_for_url("**/admin/portfolios/")
    live = fresh(Portfolio, pk)
    assert live.title == draft_title
    assert fresh(PortfolioDraft, pk) is None
    expect(page.locator("[data-unpublished-changes]")).to_have_count(0)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_changed_link_waits_in_the_draft_until_published(open_page, client, language):
    """Save draft with a changed link leaves the API's link as it was; Publish changes it."""
    words = WORDS[language]
    make_user("sara", is_admin=True)
    portfolio = make_portfolio("Sample site", slug="sample")
    pk = portfolio.id
    db.session.add(Link(portfolio_id=pk, name="Demo", url="https://demo.example.com"))
    db.session.commit()
    key = make_token(make_user("api", is_admin=True))
    api = {"Authorization": f"Token {key}"}

    def api_links():
        body = client.get(f"/api/portfolios/{pk}", headers=api).json
        return [(link["name"], link["url"]) for link in body["links_data"]]

    page = open_page(language)
    sign_in_as(page, "sara")
    page.goto(f"/admin/portfolios/{pk}/")
    page.locator("#links-0-name").fill("دمو" if language == "fa" else "Live demo")
    page.locator("#links-0-url").fill("https://next.example.com")
    page.get_by_role("button", name=words["draft"]).click()
    page.wait_for_url(f"**/admin/portfolios/{pk}/")
    expect(page.locator("[data-draft-status=draft]")).to_be_visible()
    drafted = page.locator("#links-0-name").input_value()
    assert drafted in ("دمو", "Live demo")
    expect(page.locator("#links-0-url")).to_have_value("https://next.example.com")
    assert api_links() == [("Demo", "https://demo.example.com")]
    screenshot(page, f"drafts-{language}-links")

    page.get_by_role("button", name=words["publish"], exact=True).click()
    page.wait_for_url("**/admin/portfolios/")
    assert api_links() == [(drafted, "https://next.example.com")]
    assert fresh(PortfolioDraft, pk) is None
