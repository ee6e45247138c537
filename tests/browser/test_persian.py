"""The Persian admin in Chromium: right to left, translated, Persian digits and dates,
the vendored font, keyboard use. Every page in both languages at both widths is visited
(and checked with axe-core, and screenshotted) by ``test_accessibility.py``."""

from datetime import UTC, datetime

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.models.base import db
from tests.browser.conftest import DESKTOP, sign_in_as, stored_image
from tests.factories import make_employer, make_portfolio, make_tag, make_user


@pytest.fixture
def content(app):
    """A studio with a little of everything: the tour's pages show real content."""
    hero = stored_image("hero")
    employer = make_employer("استودیو آبی", image_id=hero.id, description="طراحی و ساخت وب")
    tag = make_tag("وب‌سایت", image_id=hero.id)
    for number in range(1, 24):  # more than a page, so the list has pagination
        make_portfolio(
            f"نمونه‌کار {number}",
            slug=f"sample-{number}",
            order=number,
            image=hero.id,
            employer=employer.id,
            tags=[tag.id],
            completed_at=datetime(2026, 11, 23, tzinfo=UTC),
        )
    return {"hero": hero, "employer": employer, "tag": tag}


def box(locator):
    return locator.bounding_box()


def test_the_sign_in_page_follows_a_persian_browser(open_page, app):
    page = open_page("fa-IR")
    page.goto("/admin/login")
    assert (
        page.evaluate(
            "document.documentElement.lang + ' ' + getComputedStyle(document.body).direction"
        )
        == "fa rtl"
    )
    expect(page.get_by_label("نام کاربری")).to_be_visible()
    expect(page.get_by_role("button", name="ورود", exact=True)).to_be_visible()
    # The label sits on the right of its field's box (the start of a right-to-left line).
    label, field = box(page.locator("label[for=username]")), box(page.locator("#username"))
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    page.wait_for_function("document.fonts.check('16px Vazirmatn', 'ورود')")
    assert page.evaluate(
        "[...document.fonts].some(f => f.family.includes('Vazirmatn') && f.status === 'loaded')"
    )


def test_persian_pages_are_mirrored_translated_and_read_in_persian_digits(open_page, content):
    user = make_user("sara", is_admin=True)
    user.language = "fa"
    db.session.commit()
    page = open_page("en-US")  # the saved language wins over the browser's
    sign_in_as(page, "sara")
    expect(page.get_by_role("heading", name="پیشخوان")).to_be_visible()

    # The navigation starts on the right: brand rightmost, then the sections, sign-out left.
    nav = page.get_by_role("navigation", name="بخش‌ها")
    brand, sections, signout = box(page.locator(".brand")), box(nav), box(page.locator(".signout"))
    assert brand["x"] + brand["width"] > DESKTOP["width"] - 40
    assert sections["x"] + sections["width"] <= brand["x"] and sections["x"] > signout["x"]
    assert sections["x"] > DESKTOP["width"] / 2 - 200

    # A table: the first column (tick boxes) is the rightmost; numbers in Persian digits.
    page.goto("/admin/portfolios/")
    tick, title = box(page.locator("thead th").nth(0)), box(page.locator("thead th").nth(2))
    assert tick["x"] > title["x"]
    expect(page.locator("tbody tr").first.locator("td.numeric")).to_have_text("۱")
    expect(page.get_by_text("۲ آذر ۱۴۰۵ (\u206623 Nov 2026\u2069)").first).to_be_visible()
    expect(page.get_by_role("navigation", name="صفحه‌ها")).to_contain_text("۲۳ مورد")
    next_link = page.locator(".pagination [rel=next]")
    arrow = page.evaluate(
        "getComputedStyle(document.querySelector('.pagination [rel=next]'), '::after').content"
    )
    assert arrow.startswith('"←"')
    assert next_link.is_visible()

    # A form: the side column is on the left, labels start on the right.
    page.goto("/admin/portfolios/1/")
    main, side = box(page.locator(".form-main")), box(page.locator(".form-side"))
    assert side["x"] < main["x"]
    label, field = box(page.locator("label[for=title]")), box(page.locator("#title"))
    assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    expect(page.locator("#completed_at-help")).to_have_text("۲ آذر ۱۴۰۵ (\u206623 Nov 2026\u2069)")

    # The chooser dialog is right to left, and its messages come from the Persian island.
    page.get_by_role("button", name="انتخاب…").first.click()
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_role("heading", name="انتخاب از کتابخانه رسانه")).to_be_visible()
    assert dialog.evaluate("d => getComputedStyle(d).direction") == "rtl"
    dialog.get_by_role("searchbox").fill("چیزی که نیست")
    expect(dialog.get_by_text("چیزی پیدا نشد.")).to_be_visible()


def test_keyboard_only_use_in_persian(open_page, content):
    user = make_user("sara", is_admin=True)
    user.language = "fa"
    db.session.commit()
    page = open_page()
    sign_in_as(page, "sara")

    # The first Tab reaches the skip link, which shows itself and moves focus to the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="پرش به محتوا")
    expect(skip).to_be_focused()
    assert box(skip)["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # The chooser dialog keeps focus inside while open and gives it back when closed.
    page.goto("/admin/tags/new")
    opener = page.get_by_role("button", name="انتخاب…")
    opener.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog[open]")
    expect(dialog.get_by_role("searchbox")).to_be_focused()
    for _ in range(6):
        page.keyboard.press("Tab")
        assert dialog.evaluate("(d) => d.contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(page.locator("dialog[open]")).to_have_count(0)
    expect(opener).to_be_focused()


def test_an_upload_over_the_limit_is_named_in_persian_digits(open_page, app):
    app.config["MAX_UPLOAD_MB"] = 1
    make_user("sara", is_admin=True)
    page = open_page("fa-IR")
    sign_in_as(page, "sara")
    page.goto("/admin/media/")
    huge = {"name": "huge.png", "mimeType": "image/png", "buffer": b"\0" * (1536 * 1024)}
    page.locator("[data-dropzone-input]").set_input_files(files=[huge])
    row = page.locator("[data-upload-list] li")
    expect(row).to_contain_text("حجم ۱٫۵ مگابایت از سقف ۱ مگابایت بیشتر است.")
