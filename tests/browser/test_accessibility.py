"""axe-core on every admin page, in English and Persian, at 1280 and 375 px, with the image
chooser and the date picker open: any WCAG 2.x A or AA violation fails. The same tour
screenshots the pages people look at most (``tests/artifacts/a11y-<language>-<width>-*``).

axe-core is vendored in ``tests/browser/vendor/axe-core/`` (MPL-2.0, from the npm package
``axe-core``) and injected by Playwright before each page's own scripts, so the tour needs
no network and the app's Content-Security-Policy stays as it is.

One database and one browser context per language and width: the pages are only read, so
each test is one walk through the admin rather than a test per page. A test beside it
checks that the walk covers every page the admin serves.
"""

import re
from datetime import timedelta
from pathlib import Path

import pyotp
import pytest
from flask import url_for
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from portfolio_admin.auth.permissions import MEDIA, PORTFOLIO
from portfolio_admin.models import PortfolioRevision
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import (
    drafts,
    links,
    meta,
    portfolios,
    roles,
    schedules,
    tokens,
    two_factor,
    webhooks,
)
from tests.browser.conftest import ARTIFACTS, sign_in_as, stored_image
from tests.factories import make_document, make_employer, make_portfolio, make_tag, make_user

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA; none is turned off.
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = {"en": "en-US", "fa": "fa-IR"}
WIDTHS = {1280: {"width": 1280, "height": 900}, 375: {"width": 375, "height": 812}}
SCREENSHOTS = {"dashboard", "portfolios", "portfolio-form", "media", "chooser"}

# Admin pages that are not pages: JSON for the scripts, and a POST-only action's GET.
NOT_PAGES = {
    "admin.media_choose",
    "admin.portfolio_slug",
    "admin.portfolio_presence",
    "admin.passkey_register_options",
    "admin.passkey_sign_in_options",
}

# (name, endpoint, arguments): each value naming a seeded row is looked up in ``studio``.
TOUR = (
    ("dashboard", "admin.dashboard", {}),
    ("portfolios", "admin.portfolios_list", {}),
    ("portfolio-new", "admin.portfolio_create", {}),
    ("portfolio-form", "admin.portfolio_edit", {"pk": "portfolio"}),
    ("portfolio-draft", "admin.portfolio_edit", {"pk": "drafted"}),
    ("portfolio-preview", "admin.portfolio_preview", {"pk": "drafted"}),
    ("portfolio-delete", "admin.portfolio_delete", {"pk": "portfolio"}),
    ("history", "admin.portfolio_history", {"pk": "portfolio"}),
    ("compare", "admin.portfolio_compare", {"pk": "portfolio", "a": "rev1", "b": "rev2"}),
    ("restore", "admin.portfolio_restore", {"pk": "portfolio", "rid": "rev1"}),
    ("employers", "admin.employers_list", {}),
    ("employer-new", "admin.employer_create", {}),
    ("employer-form", "admin.employer_edit", {"pk": "employer"}),
    ("employer-delete", "admin.employer_delete", {"pk": "employer"}),
    ("tags", "admin.tags_list", {}),
    ("tag-new", "admin.tag_create", {}),
    ("tag-form", "admin.tag_edit", {"pk": "tag"}),
    ("tag-delete", "admin.tag_delete", {"pk": "tag"}),
    ("media", "admin.media_list", {}),
    ("media-detail", "admin.media_detail", {"pk": "hero"}),
    ("media-document", "admin.media_detail", {"pk": "document"}),
    ("media-delete", "admin.media_delete", {"pk": "hero"}),
    ("users", "admin.users_list", {}),
    ("user-new", "admin.user_create", {}),
    ("user-form", "admin.user_edit", {"pk": "staff"}),
    ("user-password", "admin.user_password", {"pk": "staff"}),
    ("user-deactivate", "admin.user_deactivate", {"pk": "staff"}),
    ("user-activate", "admin.user_activate", {"pk": "former"}),
    ("user-two-factor-reset", "admin.user_two_factor_reset", {"pk": "tess"}),
    ("roles", "admin.roles_list", {}),
    ("role-new", "admin.role_create", {}),
    ("role-form", "admin.role_edit", {"pk": "role"}),
    ("role-delete", "admin.role_delete", {"pk": "role"}),
    ("activity", "admin.activity_log", {}),
    ("account", "admin.account", {}),
    ("tokens", "admin.account_tokens", {}),
    ("two-factor", "admin.two_factor", {}),
    ("webhooks", "admin.webhooks_list", {}),
    ("webhook-new", "admin.webhook_create", {}),
    ("webhook-form", "admin.webhook_edit", {"pk": "webhook"}),
    ("webhook-delete", "admin.webhook_delete", {"pk": "webhook"}),
)
# Visited on their own steps: signed out, in the middle of signing in, a form's errors.
OTHER_STEPS = {"admin.login", "admin.second_step"}


@pytest.fixture
def studio(app):
    """One of everything the admin shows, each with content: ids by name."""
    hero, other = stored_image("hero"), stored_image("harbour", colour=(40, 90, 160))
    stored_image("lighthouse", colour=(230, 230, 210))  # in the library, not in a gallery
    hero.alt = "The harbour at dusk"
    document = make_document()
    employer = make_employer("Blue Studio", image_id=hero.id, description="Web design")
    tag = make_tag("websites", image_id=hero.id)
    portfolio = make_portfolio(
        "Cafe Lamiz", slug="cafe-lamiz", image=hero.id, images=[hero.id, other.id],
        employer=employer.id, tags=[tag.id], description="A site for a cafe.",
    )  # fmt: skip
    links.create_link(portfolio, {"name": "Live site", "url": "https://example.com/"})
    meta.create_meta(portfolio, {"key": "Client", "value_text": "Lamiz", "value_file": document.id})
    db.session.commit()
    portfolios.update_portfolio(portfolio, {"description": "A site for a small cafe."})
    db.session.commit()
    drafted = make_portfolio("Harbour guide", slug="harbour-guide", image=other.id)
    drafts.save_draft(drafted, {"title": "Harbour guide, second edition"}, partial=True)
    schedules.schedule(drafted, "publish", utcnow() + timedelta(days=3))
    webhook = webhooks.create_endpoint("https://studio.example/hooks", ["portfolio.updated"])
    db.session.commit()
    portfolios.update_portfolio(drafted, {"excerpt": "A guide to the harbour."})  # a delivery
    db.session.commit()
    staff = make_user(
        "mina", is_staff=True, permissions=[PORTFOLIO.list, MEDIA.list, MEDIA.retrieve]
    )
    former = make_user("omid", is_staff=True)
    former.is_active = False
    tess = make_user("tess", is_staff=True)
    secret = pyotp.random_base32()
    two_factor.enable_totp(tess, secret, pyotp.TOTP(secret).now())
    role = roles.save_role(None, "Editors", [PORTFOLIO.list, PORTFOLIO.update])
    boss = make_user("boss", is_admin=True)
    tokens.create_token(boss, "Public site")
    db.session.commit()
    revisions = db.session.scalars(
        select(PortfolioRevision.id)
        .where(PortfolioRevision.portfolio_id == portfolio.id)
        .order_by(PortfolioRevision.id)
    ).all()
    return {
        "hero": hero.id, "document": document.id, "employer": employer.id, "tag": tag.id,
        "portfolio": portfolio.id, "drafted": drafted.id, "staff": staff.id,
        "former": former.id, "tess": tess.id, "role": role.id, "webhook": webhook.id,
        "rev1": revisions[0], "rev2": revisions[-1],
    }  # fmt: skip


def tour_paths(app, studio) -> list[tuple[str, str]]:
    """``TOUR`` as (name, path) with the seeded rows' ids."""
    with app.test_request_context():
        return [
            (name, url_for(endpoint, **{k: studio.get(v, v) for k, v in args.items()}))
            for name, endpoint, args in TOUR
        ]


def test_the_tour_visits_every_admin_page(app):
    served = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("admin.") and "GET" in rule.methods
    }
    visited = {endpoint for _name, endpoint, _args in TOUR} | OTHER_STEPS | NOT_PAGES
    assert served - visited == set(), "pages the accessibility tour does not visit"


def violations(page) -> list[str]:
    """axe-core's WCAG A/AA violations on the page as it is now, one line per element."""
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.flatMap(v => v.nodes.map(
                n => `${v.id} (${v.impact}): ${n.target.join(" ")}: ${n.failureSummary}`));
        }""",
        WCAG,
    )
    return [f"{page.url}: {line}" for line in found]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_passes_axe(browser, live_server, app, studio, language, width):
    context = browser.new_context(
        base_url=live_server, viewport=WIDTHS[width], locale=LANGUAGES[language]
    )
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    errors, found = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    ARTIFACTS.mkdir(exist_ok=True)

    def check(name):
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == language
        found.extend(violations(page))
        if name in SCREENSHOTS:
            path = ARTIFACTS / f"a11y-{language}-{width}-{name}.png"
            page.screenshot(path=str(path), full_page=name != "chooser")

    try:
        page.goto("/admin/login")
        # The engine runs and reports: a link without a name, added for a moment, is found.
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<a id=probe href=/>')")
        assert any("link-name" in line for line in violations(page))
        page.evaluate("document.getElementById('probe').remove()")
        check("login")
        # Half signed in: the second step's page.
        page.locator("#username").fill("tess")
        page.locator("#password").fill("secret-pass")
        page.locator("form button[type=submit]").first.click()
        page.wait_for_url("**/login/second-step")
        check("second-step")

        sign_in_as(page, "boss")
        for name, path in tour_paths(app, studio):
            page.goto(path)
            check(name)

        # A form shown again with its errors and their summary.
        page.goto("/admin/portfolios/new")
        page.locator("#order").fill("x")
        page.locator(".edit-form button[type=submit]").first.click()
        expect(page.locator("[data-error-summary]")).to_be_visible()
        check("portfolio-errors")

        # The image chooser open over the form, with the library's thumbnails in it.
        page.goto(f"/admin/portfolios/{studio['portfolio']}/")
        page.locator("[data-chooser-open]").first.click()
        expect(page.locator("dialog[open] [data-media-id]").first).to_be_visible()
        check("chooser")
        page.keyboard.press("Escape")
        # The gallery's chooser: an image added in the page names itself on its buttons.
        page.locator("[data-gallery-add]").click()
        page.locator("dialog[open] [data-media-id]", has_text="lighthouse").click()
        page.keyboard.press("Escape")
        added = page.locator("[data-gallery-item]", has_text="lighthouse")
        for button in ("[data-move=up]", "[data-move=down]", "[data-remove]"):
            expect(added.locator(button)).to_have_accessible_name(re.compile(": lighthouse$"))
        if language == "fa":  # the Solar Hijri date picker, open
            page.locator(".jalali-picker button:visible").first.click()
            expect(page.locator(".jalali-calendar")).to_be_visible()
            check("date-picker")

        # A new API token, shown once.
        page.goto("/admin/account/tokens/")
        page.locator("#name").fill("Laptop")
        page.locator(".token-form button[type=submit]").click()
        expect(page.locator(".copy-row input")).to_be_visible()
        check("token-created")
    finally:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    assert found == [], "axe-core found:\n" + "\n".join(found)


# What the keyboard's focus is on: whether the sticky save bar covers it, and its ring's
# colour beside the colour around it (the ring is drawn 2 px outside the element).
FOCUS = """() => {
    const element = document.activeElement;
    if (!element || element === document.body) { return null; }
    const ringed = element.matches("label > input[type=file]") ? element.parentElement : element;
    const bar = document.querySelector(".sticky-actions");
    const box = ringed.getBoundingClientRect(), barBox = bar.getBoundingClientRect();
    let around = ringed.parentElement, background = "rgba(0, 0, 0, 0)";
    while (around) {
        background = getComputedStyle(around).backgroundColor;
        if (!/rgba\\(.*, 0\\)$/.test(background)) { break; }
        around = around.parentElement;
    }
    const style = getComputedStyle(ringed);
    return {
        what: ringed.outerHTML.slice(0, 80),
        // A date input not matching :focus has it on its calendar button, inside the
        // browser's own widget, which draws that button's ring itself.
        ownWidget: element.matches("input[type=date]:not(:focus)"),
        inBar: bar.contains(element),
        afterForm: !!(element.compareDocumentPosition(bar) & Node.DOCUMENT_POSITION_PRECEDING),
        covered: !bar.contains(element) && box.bottom > barBox.top + 1 && box.top < barBox.bottom,
        inView: box.top >= 0 && box.bottom <= window.innerHeight + 1,
        ring: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
        where: [box.top, box.bottom, barBox.top, window.innerHeight].map(Math.round),
        background: background,
    };
}"""


def luminance(colour: str) -> float:
    """The relative luminance (WCAG) of a CSS ``rgb()``/``rgba()`` colour."""
    channels = colour[colour.index("(") + 1 : -1].split(",")[:3]
    red, green, blue = (
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (float(v) / 255 for v in channels)
    )
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("fa", 375)])
def test_tabbing_through_the_form_never_hides_focus_under_the_save_bar(
    browser, live_server, studio, language, width
):
    context = browser.new_context(
        base_url=live_server, viewport=WIDTHS[width], locale=LANGUAGES[language]
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        sign_in_as(page, "boss")
        page.goto(f"/admin/portfolios/{studio['portfolio']}/")
        bar = page.locator(".sticky-actions")
        expect(bar).to_be_visible()
        # Reachable from the top of a long page, on a phone too: stuck to the bottom.
        box, height = bar.bounding_box(), WIDTHS[width]["height"]
        assert page.evaluate("document.documentElement.scrollHeight") > 2 * height
        assert abs(box["y"] + box["height"] - height) <= 1, box
        assert box["height"] < height / 4, "the bar takes too much of the screen"

        problems, stops, reached_bar = [], 0, False
        while stops < 150:
            page.keyboard.press("Tab")
            stops += 1
            focus = page.evaluate(FOCUS)
            if focus is None:
                continue
            if focus["inBar"]:
                reached_bar = True
            elif reached_bar or focus["afterForm"]:
                break
            style, ring_width, colour = focus["ring"]
            ratio = contrast(colour, focus["background"])
            if focus["covered"] or not focus["inView"]:
                problems.append(f"stop {stops} hidden {focus['where']}: {focus['what']}")
            if not focus["ownWidget"] and (style == "none" or ring_width < 2 or ratio < 3):
                problems.append(f"stop {stops} ring {focus['ring']} {ratio:.1f}:1: {focus['what']}")
        assert reached_bar, "Tab never reached the save bar"
        assert problems == []

        # A new link row is named by what is typed into it.
        page.locator("[data-inline-group=links] [data-inline-add]").click()
        row = page.locator("[data-inline-group=links] [data-inline-row]").last
        expect(row.locator("legend")).to_have_text("New link" if language == "en" else "پیوند تازه")
        row.locator("input[data-row-title]").fill("Press kit")
        expect(row).to_have_accessible_name(
            "Link: Press kit" if language == "en" else "پیوند: Press kit"
        )
    finally:
        context.close()
