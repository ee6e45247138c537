"""Numbers the admin reads from query strings, forms and JSON: ids, page numbers and the
display order. Numbers no row or page can have answered 500 (the database's integers
overflowed, on PostgreSQL and often on SQLite too); they are a 400 naming the field."""

import json

import pytest

from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from tests.factories import make_portfolio

HUGE = ["2147483648", "4611686018427387904", "9223372036854775808", "9" * 30]
LISTS = [
    "/admin/portfolios/",
    "/admin/employers/",
    "/admin/tags/",
    "/admin/media/",
    "/admin/media/choose.json",
    "/admin/users/",
    "/admin/activity/",
]


def refused(response, name: str) -> bool:
    """A 400 error page naming ``name``."""
    return response.status_code == 400 and f"“{name}” was refused" in response.text


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["4611686018427387904", "9" * 30, "0", "abc"])
def test_a_page_number_no_list_can_have_is_a_400_on_every_list(client, boss, url, page):
    make_portfolio()
    assert refused(client.get(f"{url}?page={page}"), "page")


@pytest.mark.parametrize("url", LISTS)
def test_the_last_page_number_a_list_could_have_is_still_an_empty_page(client, boss, url):
    assert client.get(f"{url}?page=2147483647").status_code == 200


@pytest.mark.parametrize("name", ["employer", "tag"])
@pytest.mark.parametrize("value", [*HUGE, "0", "-1", "x"])
def test_an_id_filter_no_row_can_have_is_a_400(client, boss, name, value):
    make_portfolio()
    assert refused(client.get(f"/admin/portfolios/?{name}={value}"), name)


@pytest.mark.parametrize("value", HUGE)
def test_a_bulk_action_on_an_id_no_row_can_have_is_a_400(client, boss, value):
    portfolio = make_portfolio()
    response = client.post(
        "/admin/portfolios/bulk", data={"action": "deactivate", "ids": [str(portfolio.id), value]}
    )
    assert refused(response, "ids")
    db.session.expire_all()
    assert portfolio.is_active


@pytest.mark.parametrize(
    "body",
    [[1, 2], "abc", 7, None, {}, {"ids": None}, {"ids": "1"}, {"ids": [True, False]},
     {"ids": [1, "x"]}, {"ids": [2147483648]}, {"ids": [[1]]}],
)  # fmt: skip
def test_a_reorder_that_is_not_a_list_of_ids_is_a_400_and_changes_nothing(client, boss, body):
    a, b = make_portfolio("A", order=1), make_portfolio("B", order=2)
    response = client.post(
        "/admin/portfolios/reorder", data=json.dumps(body), content_type="application/json"
    )
    assert refused(response, "ids")
    db.session.expire_all()
    assert (a.order, b.order) == (1, 2)


def test_a_reorder_of_ties_at_the_largest_order_stays_within_range(client, boss):
    top = 2**31 - 1
    a, b, c = (make_portfolio(title, order=top) for title in ("A", "B", "C"))
    response = client.post("/admin/portfolios/reorder", json={"ids": [c.id, a.id, b.id]})
    assert response.status_code == 200
    db.session.expire_all()
    assert (c.order, a.order, b.order) == (top - 2, top - 1, top)
    assert [p.title for p in db.session.query(Portfolio).order_by(Portfolio.order)] == [
        "C",
        "A",
        "B",
    ]


def test_a_database_failure_in_a_view_still_gets_the_normal_error_page(client, boss, monkeypatch):
    # The failed flush leaves the session unusable; the 500 page read the user's language
    # through it and failed too, so the browser got no page at all.
    from portfolio_admin.services import portfolios

    def broken_update(portfolio, data):
        portfolio.title = None  # NOT NULL on every database
        db.session.flush()

    monkeypatch.setattr(portfolios, "update_portfolio", broken_update)
    portfolio = make_portfolio()
    response = client.post(
        "/admin/portfolios/bulk", data={"action": "deactivate", "ids": str(portfolio.id)}
    )
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
