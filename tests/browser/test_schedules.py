"""Scheduling in a real browser, in both languages: a draft's "Publish at" typed in the
page's calendar (Solar Hijri on Persian pages) and the staff's time zone, shown on the
page and in the list, then cancelled; publishing and unpublishing scheduled, carried out
by the worker's round, and shown in the portfolio's history."""

from datetime import UTC, date, datetime

import jdatetime
import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from sqlalchemy import update

from portfolio_admin.models import Portfolio, PortfolioSchedule
from portfolio_admin.models.base import db
from portfolio_admin.services import drafts, portfolios, schedules
from tests.browser.conftest import fresh, screenshot, sign_in_as
from tests.factories import make_portfolio, make_user

DAY = date(2099, 1, 2)
WORDS = {
    "fa": {"open": "زمان‌بندی انتشار یا لغو انتشار", "scheduled": "زمان‌بندی شد"},
    "en": {"open": "Schedule publishing or unpublishing", "scheduled": "Scheduled to publish on"},
}


@pytest.fixture
def storage_config():
    """The settings the test's app is made with: ``TIMEZONE`` is read when it is made."""
    return {"BABEL_DEFAULT_TIMEZONE": "Asia/Tehran"}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_schedule_a_drafts_publishing_see_it_then_cancel_it(open_page, language):
    make_user("sara", is_admin=True)
    portfolio = make_portfolio("Launch", slug="launch")
    pk = portfolio.id
    drafts.save_draft(portfolio, portfolios.portfolio_input(portfolio) | {"title": "Launch day"})
    db.session.commit()
    page = open_page(language)
    sign_in_as(page, "sara")
    page.goto(f"/admin/portfolios/{pk}/")
    page.get_by_text(WORDS[language]["open"]).click()
    day = page.locator("#publish_on")
    expect(day).to_be_visible()
    if language == "fa":  # the Solar Hijri field, sending the Gregorian date
        solar = jdatetime.date.fromgregorian(date=DAY)
        day.fill(f"{solar.year}/{solar.month}/{solar.day}")
        day.press("Tab")
        expect(page.locator("#publish_on-gregorian")).to_have_value(DAY.isoformat())
    else:
        day.fill(DAY.isoformat())
    page.locator("#publish_time").fill("09:30")
    screenshot(page, f"schedules-{language}-typed")
    page.locator("[data-schedule-submit]").click()
    page.wait_for_load_state()
    state = page.locator('[data-schedule="publish"]')
    expect(state).to_be_visible()
    expect(state).to_contain_text(WORDS[language]["scheduled"])
    expect(state).to_contain_text("۰۹:۳۰" if language == "fa" else "2 Jan 2099, 09:30")
    row = fresh(PortfolioSchedule, (pk, "publish"))
    assert row.run_at == datetime(2099, 1, 2, 6, 0, tzinfo=UTC)  # 09:30 in Tehran
    screenshot(page, f"schedules-{language}-scheduled")

    page.goto("/admin/portfolios/")
    expect(page.locator('[data-scheduled="publish"]')).to_have_count(1)

    page.goto(f"/admin/portfolios/{pk}/")
    page.locator('[data-schedule-cancel="publish"]').click()
    page.wait_for_load_state()
    expect(page.locator('[data-schedule="publish"]')).to_have_count(0)
    assert fresh(PortfolioSchedule, (pk, "publish")) is None


HISTORY = {
    "fa": {"via": "از راه زمان‌بندی", "field": "زمان انتشار", "unpublish": "زمان لغو انتشار"},
    "en": {"via": "via schedule", "field": "Publish at", "unpublish": "Unpublish at"},
}


@pytest.mark.parametrize("language", ["fa", "en"])
def test_a_scheduled_publish_and_unpublish_are_carried_out_and_shown_in_the_history(
    open_page, language
):
    make_user("sara", is_admin=True)
    portfolio = make_portfolio("Launch", slug="launch")
    pk = portfolio.id
    drafts.save_draft(portfolio, portfolios.portfolio_input(portfolio) | {"title": "Launch day"})
    db.session.commit()
    page = open_page(language)
    sign_in_as(page, "sara")
    page.goto(f"/admin/portfolios/{pk}/")
    page.get_by_text(WORDS[language]["open"]).click()
    solar = jdatetime.date.fromgregorian(date=DAY)
    for action, time in (("publish", "09:30"), ("unpublish", "10:00")):
        day = page.locator(f"#{action}_on")
        if language == "fa":  # the Solar Hijri field
            day.fill(f"{solar.year}/{solar.month}/{solar.day}")
            day.press("Tab")
        else:
            day.fill(DAY.isoformat())
        page.locator(f"#{action}_time").fill(time)
    page.locator("[data-schedule-submit]").click()
    page.wait_for_load_state()
    expect(page.locator('[data-schedule="publish"]')).to_be_visible()
    expect(page.locator('[data-schedule="unpublish"]')).to_be_visible()

    # The worker's round, once both moments have come.
    db.session.execute(update(PortfolioSchedule).values(run_at=datetime.now(UTC)))
    db.session.commit()
    assert schedules.run_due() == 2
    page.goto(f"/admin/portfolios/{pk}/")
    expect(page.locator("[data-schedule]")).to_have_count(0)
    expect(page.locator("#title")).to_have_value("Launch day")  # live now, no draft
    live = fresh(Portfolio, pk)
    assert (live.title, live.is_active) == ("Launch day", False)
    history = page.locator(".history")
    words = HISTORY[language]
    carried_out = history.locator(".activity-entry", has_text=words["via"])
    expect(carried_out).to_have_count(2)
    expect(carried_out.locator("dt", has_text=words["field"]).first).to_be_visible()
    expect(history.locator("dt", has_text=words["unpublish"]).first).to_be_visible()
    screenshot(page, f"schedules-{language}-carried-out")
