"""Datetimes that exist only in their own time zone: year 1 at +01:00 is year 0 in UTC,
and 9999-12-31 late at -01:00 is year 10000. They answered 500; they are a 400 on their
field, on SQLite as on PostgreSQL."""

import pytest

from tests.factories import make_portfolio

OUT_OF_RANGE = "Datetime value out of range."
BODY = {"title": "Site", "slug": "site", "excerpt": "A site."}


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31T23:00-14:00"]
)
def test_a_datetime_outside_what_utc_can_hold_is_a_400_on_its_field(client, admin, value):
    response = client.post("/api/portfolios/", json=BODY | {"completed_at": value}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"completed_at": [OUT_OF_RANGE]}
    portfolio = make_portfolio()
    response = client.patch(
        f"/api/portfolios/{portfolio.id}", json={"completed_at": value}, headers=admin
    )
    assert response.status_code == 400
    assert response.json == {"completed_at": [OUT_OF_RANGE]}


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("0001-01-01", "0001-01-01T00:00:00Z"),
        ("0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z"),
    ],
)
def test_the_first_and_last_moments_utc_holds_are_still_accepted(client, admin, value, stored):
    response = client.post("/api/portfolios/", json=BODY | {"completed_at": value}, headers=admin)
    assert response.status_code == 201
    assert response.json["completed_at"] == stored
    assert client.get(f"/api/portfolios/{response.json['id']}", headers=admin).status_code == 200
