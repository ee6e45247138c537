"""The admin obeys the API's permission codes: no code, no page, no action, no menu entry."""

import re

import pytest

from portfolio_admin.auth.permissions import EMPLOYER, LINK, MEDIA, PORTFOLIO, TAG
from portfolio_admin.models import Link, Portfolio
from portfolio_admin.models.base import db
from tests.admin.conftest import signed_in_staff
from tests.factories import make_employer, make_image, make_portfolio, make_tag


def test_navigation_shows_only_what_the_user_may_list(client):
    signed_in_staff(client, PORTFOLIO.list, TAG.list)
    page = client.get("/admin/").text
    assert 'href="/admin/portfolios/"' in page and 'href="/admin/tags/"' in page
    assert 'href="/admin/employers/"' not in page and 'href="/admin/media/"' not in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/portfolios/",
        "/admin/portfolios/new",
        "/admin/employers/",
        "/admin/employers/new",
        "/admin/tags/",
        "/admin/tags/new",
        "/admin/media/",
        "/admin/media/choose.json",
    ],
)
def test_staff_without_codes_get_a_friendly_403(client, path):
    signed_in_staff(client)
    response = client.get(path)
    assert response.status_code == 403
    if not path.endswith(".json"):
        assert "You may not open this page" in response.text


def test_each_action_needs_its_own_code(client):
    employer, tag, image = make_employer(), make_tag(), make_image()
    portfolio = make_portfolio("P")
    signed_in_staff(client, EMPLOYER.list, EMPLOYER.retrieve, PORTFOLIO.list, MEDIA.list)
    assert client.get(f"/admin/employers/{employer.id}/").status_code == 200
    assert client.post(f"/admin/employers/{employer.id}/", data={"name": "x"}).status_code == 403
    assert client.post(f"/admin/employers/{employer.id}/delete").status_code == 403
    assert client.get(f"/admin/tags/{tag.id}/").status_code == 403
    assert client.get(f"/admin/portfolios/{portfolio.id}/").status_code == 403
    assert client.post("/admin/portfolios/reorder", json={"ids": [portfolio.id]}).status_code == 403
    bulk = {"action": "deactivate", "ids": [portfolio.id]}
    assert client.post("/admin/portfolios/bulk", data=bulk).status_code == 403
    assert client.post("/admin/media/upload").status_code == 403
    assert client.get(f"/admin/media/{image.id}/").status_code == 403


def test_list_hides_actions_the_user_lacks(client):
    make_portfolio("P")
    signed_in_staff(client, PORTFOLIO.list)
    page = client.get("/admin/portfolios/").text
    assert "New portfolio" not in page and 'name="action"' not in page
    assert "data-reorder-url" not in page


def test_inline_links_need_the_link_codes(client):
    portfolio = make_portfolio("P")
    codes = (PORTFOLIO.retrieve, PORTFOLIO.update)
    signed_in_staff(client, *codes)
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    assert "Add a link" not in page and "Meta entries" not in page
    data = {"title": "P", "slug": "p", "excerpt": "e", "links-0-name": "Sneaky"}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code == 403


def test_staff_with_link_codes_edit_links_inline(client):
    portfolio = make_portfolio("P")
    signed_in_staff(client, PORTFOLIO.retrieve, PORTFOLIO.update, LINK.list, LINK.create)
    assert "Add a link" in client.get(f"/admin/portfolios/{portfolio.id}/").text
    data = {"title": "P", "slug": "p", "excerpt": "e", "links-0-name": "Fine"}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code == 302


def test_read_only_portfolio_page_without_the_update_code(client):
    portfolio = make_portfolio("P")
    signed_in_staff(client, PORTFOLIO.retrieve)
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    assert "disabled" in page and "Save and continue editing" not in page
    assert db.session.get(Portfolio, portfolio.id) is not None


def test_existing_links_are_read_only_without_the_link_update_code(client):
    portfolio = make_portfolio("P")
    db.session.add(Link(portfolio_id=portfolio.id, name="Fixed", url="https://a.example"))
    db.session.commit()
    signed_in_staff(client, PORTFOLIO.retrieve, PORTFOLIO.update, LINK.list)
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    assert re.search(r'<fieldset class="inline-row" data-inline-row\s+disabled>', page)
