"""Working faster, in Chromium: the tag token field from the keyboard and by drag, tags
created in place, "move to position N" across the list's pages, uploads a few at a time,
and the dashboard; screenshots at 1280 and 375 px in English and Persian
(``tests/artifacts/faster-*``)."""

import threading
import time

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from sqlalchemy import select

from portfolio_admin.models import MediaFile, Portfolio, Tag
from portfolio_admin.models.base import db
from portfolio_admin.services import media as media_service
from portfolio_admin.services.portfolio_order import DISPLAY_ORDER
from tests.browser.conftest import (
    ARTIFACTS,
    DESKTOP,
    PHONE,
    fresh,
    screenshot,
    sign_in,
    sign_in_as,
    stored_image,
)
from tests.factories import make_portfolio, make_tag, make_user
from tests.images import image_bytes


def field_screenshots(page, name: str) -> None:
    """The tag field's part of the form at desktop and phone width (``<name>-*.png``)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        field = page.locator(".form-side")
        field.scroll_into_view_if_needed()
        field.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"))
    page.set_viewport_size(DESKTOP)


def tag_names(portfolio_id: int) -> list[str]:
    return [link.tag.name for link in fresh(Portfolio, portfolio_id).tag_links]


def test_tags_are_found_created_ordered_and_removed_from_the_keyboard(page, boss):
    make_tag("web")
    make_tag("branding")
    sign_in(page)
    page.goto("/admin/portfolios/new")
    page.get_by_label("Title").fill("Keyboard")
    page.get_by_label("Excerpt").fill("Tags without a mouse")
    combo = page.get_by_role("combobox", name="Tags")
    tokens = page.locator("[data-token]")

    combo.press_sequentially("we")
    expect(page.get_by_role("option", name="web")).to_have_attribute("aria-selected", "true")
    combo.press("Enter")
    expect(tokens).to_have_count(1)
    combo.press_sequentially("print")  # no such tag: created in place
    expect(page.get_by_role("option", name="Create the tag “print”")).to_be_visible()
    combo.press("ArrowDown")
    combo.press("Enter")
    expect(tokens).to_have_count(2)
    expect(tokens.nth(1)).to_contain_text("print")
    combo.press_sequentially("bra")
    combo.press("Enter")
    combo.press("Backspace")  # the last one, "branding", goes again
    expect(tokens).to_have_count(2)
    combo.press_sequentially("web")  # taken: offers nothing, and no "create"
    expect(page.get_by_role("option", name="No matching tags.")).to_be_visible()
    combo.press("Escape")
    combo.fill("")
    earlier = page.get_by_role("button", name="Move print earlier")
    earlier.focus()
    earlier.press("Enter")
    expect(tokens.first).to_contain_text("print")
    field_screenshots(page, "faster-form-tags-en")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/portfolios/")
    portfolio = db.session.scalars(select(Portfolio)).one()
    assert tag_names(portfolio.id) == ["print", "web"]
    assert db.session.scalar(select(Tag).where(Tag.name == "print")) is not None


def test_persian_tags_find_lookalikes_refuse_a_taken_name_and_keep_a_dragged_order(open_page, app):
    make_user("boss", is_admin=True)
    cafe, web = make_tag("کافه"), make_tag("وب‌سایت")
    portfolio = make_portfolio("نمونه", tags=[cafe.id, web.id])
    page = open_page("fa-IR")
    sign_in_as(page, "boss")
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    combo = page.get_by_role("combobox", name="برچسب‌ها")
    tokens = page.locator("[data-token]")
    expect(tokens).to_have_count(2)
    combo.press_sequentially("كافه")  # Arabic kaf and yeh: the same name
    expect(page.locator("[role=option]")).to_have_count(1)
    expect(page.locator(".token-create")).to_have_count(0)
    combo.fill("")
    combo.press_sequentially("طراحی")
    combo.press("Enter")
    expect(tokens).to_have_count(3)
    tokens.nth(2).locator(".token-name").drag_to(tokens.nth(0).locator(".token-name"))
    expect(tokens.first).to_contain_text("طراحی")
    field_screenshots(page, "faster-form-tags-fa")
    page.get_by_role("button", name="ذخیره", exact=True).click()
    page.wait_for_url("**/admin/portfolios/")
    assert tag_names(portfolio.id) == ["طراحی", "کافه", "وب‌سایت"]


def test_a_row_moved_to_a_position_on_another_page_lands_there(open_page, app):
    make_user("boss", is_admin=True)
    hero = stored_image("hero")
    for n in range(23):
        make_portfolio(f"نمونه‌کار {n + 1}", slug=f"p-{n + 1}", image=hero.id if n % 3 else None)
    for locale, name in (("en-GB", "en"), ("fa-IR", "fa")):
        page = open_page(locale)
        sign_in_as(page, "boss")
        screenshot(page, f"faster-dashboard-{name}")
        page.goto("/admin/portfolios/")
        screenshot(page, f"faster-list-{name}")
    position = page.locator("[data-position]").first  # the Persian page: "نمونه‌کار 1"
    position.fill("۲۲")
    position.press("Enter")
    page.wait_for_url("**/admin/portfolios/?page=2#row-*")
    expect(page.locator(".flash-success")).to_contain_text("۲۲")
    db.session.expire_all()
    ids = db.session.scalars(select(Portfolio.title).order_by(*DISPLAY_ORDER, Portfolio.id))
    assert list(ids)[21] == "نمونه‌کار 1"


def test_library_uploads_run_three_at_a_time_and_the_chooser_takes_several_images(
    page, boss, monkeypatch
):
    store, running, most = media_service.store_upload, [0], [0]
    lock = threading.Lock()

    def slow_store(*args, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        try:
            time.sleep(0.4)  # long enough for the browser to start the next ones
            return store(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(media_service, "store_upload", slow_store)
    sign_in(page)
    page.goto("/admin/media/")
    files = [
        # Each its own picture: the library would offer to reuse an identical file.
        {
            "name": f"photo-{n}.png",
            "mimeType": "image/png",
            "buffer": image_bytes(colour=(40 * n, 80, 120)),
        }
        for n in range(5)
    ]
    page.locator("[data-dropzone-input]").set_input_files(files=files)
    rows = page.locator("[data-upload-list] li")
    expect(rows).to_have_count(5)
    expect(page.locator("[data-upload-list] li.is-done")).to_have_count(5)
    assert most[0] == 3
    assert rows.locator("progress").count() == 5

    page.goto("/admin/portfolios/new")
    page.get_by_role("button", name="Add images…").click()
    dialog = page.locator("dialog[open]")
    expect(dialog.locator("[data-chooser-results] li")).to_have_count(5)
    expect(dialog.locator(".chooser-details").first).to_contain_text(" B · ")
    dialog.locator("[data-chooser-upload]").set_input_files(
        files=[
            {
                "name": "one.png",
                "mimeType": "image/png",
                "buffer": image_bytes(colour=(200, 10, 10)),
            },
            {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 text"},
            {
                "name": "two.png",
                "mimeType": "image/png",
                "buffer": image_bytes(colour=(10, 200, 10)),
            },
        ]
    )
    expect(dialog.locator("[data-chooser-status]")).to_contain_text("brief.pdf")
    expect(page.locator("[data-gallery-item]")).to_have_count(2)
    names = page.locator("[data-gallery-items] [data-gallery-name]")
    expect(names).to_have_text(["one", "two"])
    db.session.expire_all()
    assert "brief" not in db.session.scalars(select(MediaFile.name)).all()
