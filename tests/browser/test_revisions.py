"""A portfolio's History in Chromium: edit, compare two revisions, restore one."""

from portfolio_admin.models import Portfolio
from tests.browser.conftest import fresh, screenshot, sign_in
from tests.factories import make_portfolio


def test_compare_two_revisions_then_restore_the_older(page, boss):
    portfolio = make_portfolio("Sample site", description="a quick brown fox")
    sign_in(page)
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    page.get_by_label("Title").fill("Renamed site")
    page.get_by_label("Description").fill("a slow brown fox")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/portfolios/")

    page.goto(f"/admin/portfolios/{portfolio.id}/")
    page.get_by_role("link", name="History").click()
    page.wait_for_url("**/history/")
    assert page.locator("tr[data-revision]").count() == 2
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/history/compare?*")
    title = page.locator("tr[data-field=title]")
    assert "Sample site" in title.inner_text() and "Renamed site" in title.inner_text()
    words = page.locator("tr[data-field=description] .word-diff")
    assert words.locator("del").inner_text() == "quick"
    assert words.locator("ins").inner_text() == "slow"
    screenshot(page, "revisions-compare")

    page.get_by_role("link", name="Restore the older one").click()
    page.wait_for_url("**/restore")
    assert fresh(Portfolio, portfolio.id).title == "Renamed site"  # asked first
    page.get_by_role("button", name="Yes, restore").click()
    page.wait_for_url(f"**/admin/portfolios/{portfolio.id}/")
    assert page.get_by_label("Title").input_value() == "Sample site"
    assert fresh(Portfolio, portfolio.id).description == "a quick brown fox"

    page.get_by_role("link", name="History").click()
    rows = page.locator("tr[data-revision]")
    assert rows.count() == 3
    assert "Title, Description" in rows.first.inner_text()
