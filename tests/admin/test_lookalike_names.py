"""The admin's forms normalise names as the API does: a lookalike of a taken name is
refused beside the field."""

from portfolio_admin.models import Employer, Portfolio
from portfolio_admin.models.base import db
from tests.admin.test_control_characters import beside
from tests.factories import make_employer, make_portfolio


def test_a_decomposed_lookalike_of_an_employer_is_refused_beside_the_name(client, boss):
    make_employer("Caf\u00e9")
    page = client.post("/admin/employers/new", data={"name": "Cafe\u0301\u200b"}).text
    assert beside(page, "name", "An employer with this name already exists.")
    assert db.session.query(Employer).count() == 1


def test_a_slug_with_arabic_letters_is_the_persian_slug(client, boss):
    make_portfolio("P", slug="علی")
    data = {"title": "Q", "slug": "علي", "excerpt": "short", "order": "0"}
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 400
    assert beside(response.text, "slug", "A portfolio with this slug already exists.")
    assert db.session.query(Portfolio).count() == 1
