"""Webhooks in a real browser, in Persian: an administrator registers an endpoint, copies
the secret shown once, sees a delivery arrive and resends it."""

try:
    from playwright.sync_api import expect
except ImportError:  # the ``browser`` fixture then skips, or fails on CI, saying why
    expect = None

from standardwebhooks.webhooks import Webhook

from portfolio_admin.services import webhook_deliveries
from tests.browser.conftest import screenshot, sign_in_as
from tests.factories import make_tag, make_user
from tests.webhook_receiver import receiver  # noqa: F401  (a fixture)


def test_an_endpoint_registered_in_the_browser_gets_signed_deliveries(open_page, receiver):  # noqa: F811
    make_user("sara", is_admin=True)
    page = open_page("fa")
    sign_in_as(page, "sara")
    page.goto("/admin/webhooks/")
    page.get_by_role("link", name="نشانی تازه").click()
    page.locator("#url").fill(receiver.url)
    page.locator("input[name=events][value='tag.created']").check()
    screenshot(page, "webhooks-fa-form")
    page.get_by_role("button", name="افزودن نشانی").click()
    secret_field = page.locator("#webhook-secret")
    expect(secret_field).to_be_visible()
    secret = secret_field.input_value()
    assert secret.startswith("whsec_")

    make_tag("webs")
    assert webhook_deliveries.deliver_due() == 1
    [got] = receiver.received
    assert Webhook(secret).verify(got.body, got.headers)["type"] == "tag.created"

    page.get_by_role("link", name="تمام").click()
    row = page.locator("[data-delivery]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("تحویل شد")
    expect(row).to_contain_text("۲۰۴")
    screenshot(page, "webhooks-fa-list")
    row.get_by_role("button").click()
    expect(page.locator(".flash-success")).to_be_visible()
    assert webhook_deliveries.deliver_due() == 1
    assert [r.headers["webhook-id"] for r in receiver.received] == [got.headers["webhook-id"]] * 2
