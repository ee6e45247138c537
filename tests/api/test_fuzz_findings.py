"""Inputs the contract fuzzer (tests/contract) found mishandled, pinned as plain tests."""

import pytest

from tests.factories import make_employer, make_portfolio

TOO_BIG = [2**31, 2**63 - 1, 2**63, 10**30]  # ids are 32-bit INTEGER columns


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
@pytest.mark.parametrize("item_id", ["0", *map(str, TOO_BIG)])
def test_out_of_range_ids_in_the_path_are_404_for_every_method(client, admin, method, item_id):
    # werkzeug range-checks a converter after choosing a rule: this was a 405, or a 500
    # on PostgreSQL when the id passed the old 64-bit bound.
    for path in (
        f"/api/portfolios/employers/{item_id}",
        f"/api/portfolios/{item_id}/links/",
        f"/api/media/{item_id}",
    ):
        response = getattr(client, method)(path, headers=admin, json={"name": "x"})
        assert response.status_code == 404, (method, path)
        assert response.json == {"detail": "Not found."}


def test_the_largest_id_is_still_an_ordinary_404(client, admin):
    response = client.get(f"/api/portfolios/employers/{2**31 - 1}", headers=admin)
    assert response.status_code == 404


@pytest.mark.parametrize("big", TOO_BIG)
def test_out_of_range_ids_in_a_body_are_400_on_their_field(client, admin, big):
    body = {"name": "x", "image": big}
    employer = client.post("/api/portfolios/employers/", json=body, headers=admin)
    assert employer.status_code == 400
    assert list(employer.json) == ["image"]
    portfolio = make_portfolio()
    response = client.patch(f"/api/portfolios/{portfolio.id}", json={"tags": [big]}, headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["tags"]


@pytest.mark.parametrize("query", ["employer={}", "tags=1&tags={}"])
@pytest.mark.parametrize("big", TOO_BIG)
def test_out_of_range_ids_in_list_filters_are_400_not_500(client, admin, query, big):
    make_employer()
    response = client.get("/api/portfolios/?" + query.format(big), headers=admin)
    assert response.status_code == 400
    assert list(response.json) == [query.split("=")[0]]


@pytest.mark.parametrize("value", [0, 1700000000, "1700000000", 1.5, True, "2024-13-01"])
def test_completed_at_takes_only_iso_dates_and_datetimes(client, admin, value):
    # pydantic alone reads numbers as seconds since 1970: 0 became 1970-01-01.
    body = {"title": "T", "slug": "t", "excerpt": "e", "completed_at": value}
    response = client.post("/api/portfolios/", json=body, headers=admin)
    assert response.status_code == 400
    assert response.json["completed_at"][0].startswith("Datetime has wrong format.")
