"""An image's alt text and caption, set on its page in a real browser."""

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models import MediaFile
from tests.browser.conftest import fresh, screenshot, sign_in, stored_image


def test_alt_text_and_caption_are_saved_from_the_image_page(page, boss):
    image = stored_image("beach")
    sign_in(page)
    page.goto(f"/admin/media/{image.id}/")
    page.get_by_label("Alt text").fill("Two people by the sea")
    page.get_by_label("Caption").fill("Summer, 2024")
    screenshot(page, "media-alt-text")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("“beach” saved.")).to_be_visible()
    expect(page.get_by_label("Alt text")).to_have_value("Two people by the sea")
    expect(page.locator(".media-preview img")).to_have_attribute("alt", "Two people by the sea")
    saved = fresh(MediaFile, image.id)
    assert (saved.alt, saved.caption) == ("Two people by the sea", "Summer, 2024")
