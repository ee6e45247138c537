"""The admin in a real browser: sign in, edit a portfolio with everything on one page,
bulk actions, deletion, the library's uploader and permissions."""

import re

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.auth.permissions import PORTFOLIO, TAG
from portfolio_admin.models import Employer, Link, MediaFile, MetaEntry, Portfolio
from portfolio_admin.models.base import db
from tests.browser.conftest import fresh, screenshot, sign_in, stored_image
from tests.factories import make_employer, make_portfolio, make_tag, make_user
from tests.images import image_bytes

DANGER_RED = "rgb(179, 38, 30)"  # --danger: a failed upload's bar


def test_sign_in_shows_the_dashboard_and_sign_out_returns_to_the_form(page, boss):
    make_portfolio("Recently edited", image=stored_image("hero").id)
    page.goto("/admin/login")
    screenshot(page, "login")
    sign_in(page)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_role("link", name="Recently edited")).to_be_visible()
    screenshot(page, "dashboard")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_wrong_password_keeps_the_user_on_the_form_with_a_message(page, boss):
    sign_in_page = page.goto("/admin/login")
    assert sign_in_page.status == 200
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("nope")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("Please enter the username and password")).to_be_visible()


def test_create_a_portfolio_with_everything_then_edit_it(page, boss):
    first, second = stored_image("first", (30, 160, 90)), stored_image("second", (40, 60, 200))
    employer = make_employer("Acme")
    make_tag("web")
    sign_in(page)
    page.goto("/admin/portfolios/new")

    page.get_by_label("Title").fill("سایت نمونه")
    expect(page.get_by_label("Slug", exact=True)).to_have_value("سایت-نمونه")
    page.get_by_label("Excerpt").fill("A short line")
    page.get_by_label("Employer").select_option(label="Acme")
    page.get_by_role("combobox", name="Tags").fill("web")
    page.get_by_role("combobox", name="Tags").press("Enter")
    expect(page.locator("[data-token]")).to_have_count(1)
    page.get_by_label("Completed on").fill("2025-05-06")

    # The cover: uploaded in place from the chooser.
    cover = page.locator("[data-chooser]").filter(has_text="Cover image")
    cover.get_by_role("button", name="Choose…").click()
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_text("first")).to_be_visible()
    screenshot(page, "chooser")
    dialog.locator("[data-chooser-upload]").set_input_files(
        files=[{"name": "cover.png", "mimeType": "image/png", "buffer": image_bytes()}]
    )
    expect(cover.locator(".chosen-name")).to_have_text("cover")
    expect(page.locator("dialog[open]")).to_have_count(0)

    # The gallery: two images, then reordered from the keyboard.
    page.get_by_role("button", name="Add images…").click()
    dialog.locator(f'[data-media-id="{first.id}"]').click()
    dialog.locator(f'[data-media-id="{second.id}"]').click()
    dialog.get_by_role("button", name="Close").click()
    items = page.locator("[data-gallery-item]")
    expect(items).to_have_count(2)
    items.nth(1).get_by_role("button", name="Move up").focus()
    page.keyboard.press("Enter")
    expect(items.nth(0).locator("[data-gallery-name]")).to_have_text("second")

    # A link and a meta entry, inline.
    page.get_by_role("button", name="Add a link").click()
    link_row = page.locator("[data-inline-group=links] [data-inline-row]").last
    link_row.get_by_label("Name").fill("Live site")
    link_row.get_by_label("URL").fill("https://example.com")
    page.get_by_role("button", name="Add a meta entry").click()
    meta_row = page.locator("[data-inline-group=meta] [data-inline-row]").last
    meta_row.get_by_label("Key").fill("client")
    meta_row.get_by_label("Text value").fill("ACME")
    screenshot(page, "portfolio-form")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.get_by_text("Portfolio “سایت نمونه” added.")).to_be_visible()
    portfolio = db.session.scalars(db.select(Portfolio)).one()
    assert [item.media_id for item in portfolio.gallery] == [second.id, first.id]
    assert portfolio.image.name == "cover" and portfolio.employer_id == employer.id
    assert db.session.scalars(db.select(Link)).one().url == "https://example.com"
    assert db.session.scalars(db.select(MetaEntry)).one().value_text == "ACME"

    # Edit: the rows are there; change the title and save.
    expect(page.get_by_label("Name").first).to_have_value("Live site")
    page.get_by_label("Title").fill("Sample site")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Portfolio “Sample site” saved.")).to_be_visible()
    assert fresh(Portfolio, portfolio.id).title == "Sample site"
    assert fresh(Portfolio, portfolio.id).slug == "سایت-نمونه"
    thumbnail = page.locator("tbody img").first.bounding_box()
    assert thumbnail["width"] == 48 and thumbnail["height"] == 48
    screenshot(page, "portfolios-list")


def test_a_bad_link_url_shows_the_error_beside_it_and_saves_nothing(page, boss):
    sign_in(page)
    page.goto("/admin/portfolios/new")
    page.get_by_label("Title").fill("Broken")
    page.get_by_label("Excerpt").fill("x")
    page.get_by_role("button", name="Add a link").click()
    page.get_by_label("Name").last.fill("Bad")
    page.get_by_label("URL").fill("ftp://example.com")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Nothing was saved.")).to_be_visible()
    expect(page.locator("#links-0-url-errors")).to_contain_text("http or https")
    screenshot(page, "portfolio-form-errors")
    # Logical CSS properties: the same sheet lays a right-to-left page out mirrored.
    page.evaluate("document.documentElement.dir = 'rtl'")
    screenshot(page, "portfolio-form-errors-rtl")
    assert db.session.scalars(db.select(Portfolio)).all() == []


def test_bulk_deactivate_then_delete_with_confirmation(page, boss):
    ids = [make_portfolio(title).id for title in ("One", "Two", "Three")]
    sign_in(page)
    page.goto("/admin/portfolios/")
    page.get_by_label("Tick One").check()
    page.get_by_label("Tick Two").check()
    page.get_by_label("With the ticked portfolios").select_option("deactivate")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("2 portfolios deactivated.")).to_be_visible()
    assert [fresh(Portfolio, pk).is_active for pk in ids] == [False, False, True]

    page.get_by_label("Tick Three").check()
    page.get_by_label("With the ticked portfolios").select_option("delete")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_role("heading", name="Delete 1 portfolio?")).to_be_visible()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text("1 portfolio deleted.")).to_be_visible()
    assert fresh(Portfolio, ids[2]) is None


def test_delete_one_portfolio_from_its_page(page, boss):
    portfolio = make_portfolio("Doomed")
    sign_in(page)
    page.goto(f"/admin/portfolios/{portfolio.id}/")
    page.get_by_role("link", name="Delete").click()
    page.get_by_role("button", name="Yes, delete").click()
    expect(page.get_by_text("Portfolio “Doomed” deleted.")).to_be_visible()
    assert fresh(Portfolio, portfolio.id) is None


def test_list_order_moves_by_keyboard_and_is_saved(page, boss):
    ids = [make_portfolio(title, order=n).id for n, title in enumerate(["A", "B", "C"])]
    sign_in(page)
    page.goto("/admin/portfolios/")
    page.get_by_role("button", name="Up C").focus()
    page.keyboard.press("Enter")
    expect(page.locator("tbody[data-saved=yes]")).to_have_count(1)
    assert [fresh(Portfolio, pk).order for pk in ids] == [0, 2, 1]


def test_library_upload_of_several_files_refuses_only_the_bad_one(page, boss):
    sign_in(page)
    page.goto("/admin/media/")
    files = [
        {"name": "good-one.png", "mimeType": "image/png", "buffer": image_bytes()},
        {"name": "fake.png", "mimeType": "image/png", "buffer": b"not an image at all"},
        {"name": "good-two.png", "mimeType": "image/png", "buffer": image_bytes(size=(90, 60))},
    ]
    page.locator("[data-dropzone-input]").set_input_files(files=files)
    rows = page.locator("[data-upload-list] li")
    expect(rows).to_have_count(3)
    expect(page.locator("[data-upload-list] li.is-done")).to_have_count(2)
    expect(rows.nth(1)).to_have_class(re.compile("is-error"))
    expect(rows.nth(1)).to_contain_text("Upload a valid image")
    expect(rows.nth(1).locator("progress")).to_have_css("accent-color", DANGER_RED)
    expect(rows.nth(0).locator("progress")).not_to_have_css("accent-color", DANGER_RED)
    expect(page.locator("[data-media-grid] .media-tile")).to_have_count(2)
    screenshot(page, "media-library")
    names = sorted(db.session.scalars(db.select(MediaFile.name)))
    assert names == ["good-one", "good-two"]
    page.locator("[data-media-grid] a").first.click()
    expect(page.get_by_role("heading", name="Used by")).to_be_visible()
    screenshot(page, "media-detail")


def test_restricted_staff_sees_and_reaches_only_what_they_may(page):
    make_user("clerk", is_staff=True, permissions=[PORTFOLIO.list, TAG.list])
    sign_in(page, "clerk")
    nav = page.get_by_role("navigation", name="Sections")
    expect(nav.get_by_role("link", name="Portfolios")).to_be_visible()
    expect(nav.get_by_role("link", name="Employers")).to_have_count(0)
    expect(nav.get_by_role("link", name="Media library")).to_have_count(0)
    response = page.goto("/admin/employers/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You may not open this page")).to_be_visible()
    screenshot(page, "forbidden")
    page.goto("/admin/portfolios/")
    expect(page.get_by_role("link", name="New portfolio")).to_have_count(0)


def test_employer_with_an_image_chosen_from_the_library(page, boss):
    logo = stored_image("logo")
    sign_in(page)
    page.goto("/admin/employers/new")
    page.get_by_label("Name").fill("Studio")
    page.get_by_role("button", name="Choose…").click()
    page.locator(f'dialog[open] [data-media-id="{logo.id}"]').click()
    expect(page.locator("[data-chooser-preview] .chosen-name")).to_have_text("logo")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Employer “Studio” added.")).to_be_visible()
    screenshot(page, "employers-list")
    employer = db.session.scalars(db.select(Employer)).one()
    assert employer.image_id == logo.id


def test_leaving_a_changed_form_asks_first(page, boss):
    sign_in(page)
    page.goto("/admin/tags/new")
    page.get_by_label("Name").fill("unsaved")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert asked == ["beforeunload"]


def test_list_rows_reorder_by_drag_and_drop(page, boss):
    ids = [make_portfolio(title, order=n).id for n, title in enumerate(["A", "B", "C"])]
    sign_in(page)
    page.goto("/admin/portfolios/")
    rows = page.locator("tbody tr")
    rows.nth(2).locator(".drag-handle").drag_to(rows.nth(0).locator(".drag-handle"))
    expect(page.locator("tbody[data-saved=yes]")).to_have_count(1)
    assert [fresh(Portfolio, pk).order for pk in ids] == [1, 2, 0]


def test_unknown_page_is_a_friendly_404(page, boss):
    sign_in(page)
    response = page.goto("/admin/portfolios/999/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    screenshot(page, "not-found")


def test_library_upload_over_the_size_limit_is_refused_before_sending(page, app, boss):
    app.config["MAX_UPLOAD_MB"] = 1
    sign_in(page)
    page.goto("/admin/media/")
    sent = []
    page.on(
        "request", lambda request: sent.append(request.url) if request.method == "POST" else None
    )
    files = [
        {"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (1536 * 1024)},
        {"name": "small.png", "mimeType": "image/png", "buffer": image_bytes()},
    ]
    page.locator("[data-dropzone-input]").set_input_files(files=files)
    rows = page.locator("[data-upload-list] li")
    expect(rows.nth(0)).to_have_class(re.compile("is-error"))
    expect(rows.nth(0)).to_contain_text("1.5 MB is over the 1 MB limit.")
    expect(rows.nth(0).locator("progress")).to_have_css("accent-color", DANGER_RED)
    expect(rows.nth(1)).to_have_class(re.compile("is-done"))
    assert len(sent) == 1 and sent[0].endswith("/admin/media/upload")
    assert db.session.scalars(db.select(MediaFile.name)).all() == ["small"]


def test_the_choosers_upload_refuses_a_file_over_the_size_limit_before_sending(page, app, boss):
    app.config["MAX_UPLOAD_MB"] = 1
    sign_in(page)
    page.goto("/admin/portfolios/new")
    sent = []
    page.on(
        "request", lambda request: sent.append(request.url) if request.method == "POST" else None
    )
    page.get_by_role("button", name="Add images…").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("[data-chooser-upload]").set_input_files(
        files=[
            {"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (1536 * 1024)},
            {"name": "small.png", "mimeType": "image/png", "buffer": image_bytes()},
        ]
    )
    expect(dialog.locator("[data-chooser-status]")).to_contain_text(
        "huge.png: 1.5 MB is over the 1 MB limit."
    )
    expect(page.locator("[data-gallery-item]")).to_have_count(1)
    assert len(sent) == 1 and sent[0].endswith("/admin/media/upload")
    assert db.session.scalars(db.select(MediaFile.name)).all() == ["small"]


def test_the_choosers_upload_offers_only_images_where_an_image_is_needed(page, boss):
    sign_in(page)
    page.goto("/admin/portfolios/new")
    upload = page.locator("dialog [data-chooser-upload]")
    page.locator("[data-chooser]").filter(has_text="Cover image").get_by_role(
        "button", name="Choose…"
    ).click()
    expect(upload).to_have_attribute("accept", "image/*")
    page.locator("dialog[open]").get_by_role("button", name="Close").click()
    page.get_by_role("button", name="Add a meta entry").click()
    meta_row = page.locator("[data-inline-group=meta] [data-inline-row]").last
    meta_row.get_by_role("button", name="Choose…").click()
    expect(upload).to_have_attribute("accept", "")
