"""A real Chromium (Debian's ``chromium``, driven by Playwright) against the app served
on a loopback port, on the test's own database. Screenshots go to ``tests/artifacts/``.

Without Chromium or Playwright the browser tests are skipped locally, and fail on CI
(``CI=true``), where a missing browser must not pass for a green run.
"""

import io
import os
import shutil
from pathlib import Path

import pytest

from portfolio_admin.models.base import db
from portfolio_admin.services import media
from tests.factories import make_user
from tests.images import image_bytes

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Browser tests cannot run on CI: {reason}")
    pytest.skip(f"Browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]').")
    if not Path(CHROMIUM).exists():
        _unavailable("Chromium is missing (apt-get install -y chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page whose relative URLs go to the live server."""
    context = browser.new_context(base_url=live_server, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def sign_in(page, username="boss", password="secret-pass"):
    """Sign in through the form."""
    page.goto("/admin/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/admin/")


@pytest.fixture
def boss(app):
    return make_user("boss", is_admin=True)


def screenshot(page, name: str) -> None:
    """The page at desktop and at phone width, as ``<name>-desktop.png`` and ``-phone.png``."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size(DESKTOP)
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def stored_image(name: str, colour=(200, 120, 40)):
    """A real image in the media library, with its thumbnails on disk."""
    data = image_bytes(size=(320, 240), colour=colour)
    item = media.store_upload(io.BytesIO(data), f"{name}.png")
    db.session.commit()
    return item


def fresh(model, pk):
    """``model`` row ``pk`` as the database has it now (the browser wrote it elsewhere)."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(model, pk)


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(locale)``: a desktop-sized page whose browser asks for ``locale``;
    ``host="localhost"`` reaches the server by that name (WebAuthn needs a domain)."""
    contexts, errors = [], []

    def open_page(locale="fa-IR", host=None):
        base_url = live_server.replace("127.0.0.1", host) if host else live_server
        context = browser.new_context(base_url=base_url, viewport=DESKTOP, locale=locale)
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def sign_in_as(page, username, password="secret-pass"):
    page.goto("/admin/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").click()
    page.wait_for_url("**/admin/")


def virtual_authenticator(page) -> tuple[object, str]:
    """Give ``page`` Chromium's virtual authenticator (DevTools protocol): a platform
    authenticator that keeps discoverable credentials and verifies its user. Returns the
    CDP session and the authenticator's id."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})
    return cdp, found["authenticatorId"]
