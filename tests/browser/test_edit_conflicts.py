"""Editing conflicts in Chromium: two tabs save the same portfolio; a failed save keeps
the leave-the-page warning; a save after the session ended loses nothing."""

from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services import portfolios
from tests.browser.conftest import DESKTOP, fresh, screenshot, sign_in
from tests.factories import make_portfolio


def leaving_warns(page) -> bool:
    """Whether leaving the page asks first (the beforeunload warning is on)."""
    # The warning is set up by a deferred script: wait until it has run (a busy machine
    # showed the page's error summary before that, and the page left without asking).
    page.wait_for_load_state("load")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.evaluate("() => { window.location.href = '/admin/'; }")
    page.wait_for_timeout(300)
    return asked == ["beforeunload"]


def test_two_tabs_saving_one_portfolio_show_both_versions_and_lose_nothing(page, boss):
    portfolio = make_portfolio("Sample site", description="first words")
    sign_in(page)
    other = page.context.new_page()
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    other.goto(f"/admin/portfolios/{portfolio.id}/")

    other.get_by_label("Title").fill("Their site")
    other.get_by_role("button", name="Save", exact=True).click()
    other.wait_for_url("**/admin/portfolios/")

    page.get_by_label("Description").fill("my carefully typed description")
    page.get_by_role("button", name="Save", exact=True).click()
    conflict = page.locator("[data-edit-conflict]")
    conflict.wait_for()
    title = page.locator("tr[data-field=title]")
    assert "Their site" in title.inner_text() and "Sample site" in title.inner_text()
    described = page.locator("tr[data-field=description]")
    assert "my carefully typed description" in described.inner_text()
    assert page.get_by_label("Description").input_value() == "my carefully typed description"
    assert title.get_by_label("Take theirs").is_checked()  # only they changed the title
    assert described.get_by_label("Keep mine").is_checked()
    assert fresh(Portfolio, portfolio.id).description == "first words"
    screenshot(page, "edit-conflict")

    page.get_by_role("button", name="Save with these choices").click()
    page.wait_for_url(f"**/admin/portfolios/{portfolio.id}/")
    saved = fresh(Portfolio, portfolio.id)
    assert (saved.title, saved.description) == ("Their site", "my carefully typed description")


def test_the_leave_warning_stays_after_a_failed_save_until_a_save_succeeds(page, boss):
    portfolio = make_portfolio("Sample site")
    sign_in(page)
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator("[data-error-summary]").wait_for()
    assert leaving_warns(page)
    page.get_by_label("Title").fill("Fixed title")
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".flash-success").wait_for()
    assert not leaving_warns(page)


def test_a_save_after_the_session_ended_comes_back_after_signing_in(page, boss):
    portfolio = make_portfolio("Sample site")
    sign_in(page)
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    page.get_by_label("Description").fill("a long text typed while the session ended")
    page.context.clear_cookies()
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_role("link", name="Sign in and return to the form").click()
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("secret-pass")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(f"**/admin/portfolios/{portfolio.id}/")
    page.get_by_role("button", name="Restore my input").click()
    page.locator("[data-draft-restored]").wait_for()
    description = page.get_by_label("Description")
    assert description.input_value() == "a long text typed while the session ended"
    assert (
        fresh(Portfolio, portfolio.id).description is None
        or not fresh(Portfolio, portfolio.id).description
    )
    page.get_by_role("button", name="Save and continue editing").click()
    page.locator(".flash-success").wait_for()
    assert fresh(Portfolio, portfolio.id).description == "a long text typed while the session ended"
    page.reload()
    assert page.locator("[data-draft-offer]").is_hidden()  # the saved draft is dropped


def test_the_conflict_page_in_persian_reads_right_to_left(browser, live_server, boss):
    portfolio = make_portfolio("Sample site", description="نوشتهٔ اول")
    context = browser.new_context(base_url=live_server, viewport=DESKTOP, locale="fa-IR")
    page = context.new_page()
    page.goto("/admin/login")
    page.locator("#username").fill("boss")
    page.locator("#password").fill("secret-pass")
    page.locator("button[type=submit]").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    portfolios.update_portfolio(fresh(Portfolio, portfolio.id), {"title": "سایت آن‌ها"})
    db.session.commit()
    page.locator("#description").fill("نوشتهٔ من که نباید گم شود")
    page.locator("button[name=continue]").click()
    page.locator("[data-edit-conflict]").wait_for()
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert "سایت آن‌ها" in page.locator("tr[data-field=title]").inner_text()
    assert "نوشتهٔ من که نباید گم شود" in page.locator("tr[data-field=description]").inner_text()
    screenshot(page, "edit-conflict-fa")
    context.close()
