"""Typing a Persian title in the portfolio form suggests a slug with its words whole."""

import re

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from tests.browser.conftest import sign_in_as


def test_typing_a_persian_title_suggests_a_slug_without_a_hyphen_inside_a_word(open_page, boss):
    page = open_page("fa-IR")
    sign_in_as(page, "boss")
    page.goto("/admin/portfolios/new")
    title, slug = page.locator("#title"), page.locator("#slug")
    title.press_sequentially("وب\u200cسایت كافه")  # a ZWNJ, and an Arabic kaf
    expect(slug).to_have_value("وبسایت-کافه")
    # Edited by hand, the slug is left alone however the title changes.
    slug.fill("my-slug")
    title.press("End")
    title.press_sequentially(" لمیز")
    page.wait_for_timeout(400)
    expect(slug).to_have_value("my-slug")
    # Cleared, it follows the title again.
    slug.fill("")
    title.press("End")
    title.press_sequentially("!")
    expect(slug).to_have_value("وبسایت-کافه-لمیز")
    page.locator("#excerpt").fill("کافه")
    page.locator("button[name=continue]").click()
    page.wait_for_url(re.compile(r"/admin/portfolios/\d+/"))  # saved, now editing it
    db.session.rollback()
    assert db.session.scalars(db.select(Portfolio.slug)).one() == "وبسایت-کافه-لمیز"
