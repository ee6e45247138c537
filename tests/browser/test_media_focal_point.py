"""An image's focal point picked on its page, and its alt text written from the chooser
while the portfolio form warns of it, in a real browser (English and Persian)."""

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models import MediaFile
from tests.browser.conftest import fresh, screenshot, sign_in, sign_in_as, stored_image
from tests.factories import make_portfolio, make_user


def test_a_click_on_the_picture_and_the_arrow_keys_set_the_focal_point(page, boss):
    image = stored_image("beach")
    sign_in(page)
    page.goto(f"/admin/media/{image.id}/")
    picture = page.locator("[data-focal-image]")
    expect(picture).to_be_visible()
    page.wait_for_load_state("load")
    size = picture.bounding_box()
    across, down = (
        page.get_by_label("From the left (0–100)"),
        page.get_by_label("From the top (0–100)"),
    )
    picture.click(position={"x": size["width"] * 0.25, "y": size["height"] * 0.75})
    expect(page.locator("[data-focal-marker]")).to_be_visible()
    clicked = float(across.input_value()), float(down.input_value())
    assert abs(clicked[0] - 25) < 1 and abs(clicked[1] - 75) < 1, clicked
    page.locator("[data-focal-picker]").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")  # Shift: by 10
    moved = round(clicked[0] + 1, 1), round(clicked[1] - 10, 1)
    assert (float(across.input_value()), float(down.input_value())) == moved
    screenshot(page, "media-focal-point")
    page.get_by_role("button", name="Set focal point").click()
    expect(page.get_by_text("Focal point of “beach” saved.")).to_be_visible()
    saved = fresh(MediaFile, image.id)
    assert (round(saved.focal_x * 100, 1), round(saved.focal_y * 100, 1)) == moved


def test_alt_text_written_in_the_chooser_clears_the_portfolio_forms_warning(open_page, app):
    make_user("boss", is_admin=True)
    image = stored_image("ساحل")
    portfolio = make_portfolio("نمونه", slug="sample", image=image.id)
    page = open_page("fa-IR")
    sign_in_as(page, "boss")
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    warning = page.locator(f'[data-chooser] [data-alt-for="{image.id}"]')
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("متن جایگزین")
    page.locator("[data-chooser] [data-chooser-open]").first.click()
    dialog = page.locator("[data-chooser-dialog]")
    expect(dialog.locator(f'[data-media-id="{image.id}"]')).to_be_visible()
    dialog.locator(".chooser-describe summary").first.click()
    dialog.locator(".chooser-describe input").first.fill("دو نفر کنار دریا")
    dialog.locator(".chooser-describe button").first.click()
    expect(dialog.locator(".chooser-describe-note").first).to_have_text("ذخیره شد.")
    expect(warning).to_be_hidden()
    screenshot(page, "chooser-alt-text-fa")
    assert fresh(MediaFile, image.id).alt == "دو نفر کنار دریا"
