"""The portfolio form obeys the same bound on links as the API (the service's)."""

from portfolio_admin.models import Link, Portfolio
from portfolio_admin.models.base import db
from tests.admin.test_portfolios import form


def test_a_form_with_201_links_saves_nothing_and_says_why_in_persian(client, boss):
    rows = {f"links-{n}-name": f"link {n}" for n in range(201)}
    response = client.post("/admin/portfolios/new", data=form() | rows)
    assert response.status_code == 400
    assert "A portfolio has at most 200 links." in response.text
    assert db.session.query(Portfolio).count() == 0
    assert db.session.query(Link).count() == 0

    client.post("/admin/language", data={"language": "fa", "next": "/admin/"})
    response = client.post("/admin/portfolios/new", data=form() | rows)
    assert "هر نمونه‌کار حداکثر ۲۰۰ پیوند می‌تواند داشته باشد." in response.text
