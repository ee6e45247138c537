"""Bounds on what one portfolio and the response cache may grow to: a portfolio takes
at most 200 links and 200 meta entries, the cache holds at most ``CACHE_MAX_BYTES``,
and a query parameter the API does not know cannot make a read new to the cache."""

from portfolio_admin.models import Link, MetaEntry
from portfolio_admin.models.base import db
from tests.factories import make_portfolio


def crowded_portfolio(title="Crowded", links=200, meta=200):
    """A portfolio with ``links`` links and ``meta`` meta entries, each with some text."""
    portfolio = make_portfolio(title)
    text = "توضیح پروژه " * 20
    db.session.add_all(
        Link(
            portfolio_id=portfolio.id,
            name=f"link {n}",
            url="https://example.com/",
            description=text,
        )
        for n in range(links)
    )
    db.session.add_all(
        MetaEntry(portfolio_id=portfolio.id, key=f"key {n}", value_text=text) for n in range(meta)
    )
    db.session.commit()
    return portfolio


def test_a_portfolio_takes_at_most_200_links_and_the_400_names_the_field(client, admin):
    url = f"/api/portfolios/{crowded_portfolio(meta=0).id}/links/"
    response = client.post(url, json={"name": "one more"}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"links": ["A portfolio has at most 200 links."]}
    first = client.get(url, headers=admin).json["results"][0]["id"]
    assert client.delete(f"{url}{first}", headers=admin).status_code == 204
    assert client.post(url, json={"name": "one more"}, headers=admin).status_code == 201


def test_a_portfolio_takes_at_most_200_meta_entries_and_the_400_names_the_field(client, admin):
    url = f"/api/portfolios/{crowded_portfolio(links=0).id}/meta/"
    response = client.post(url, json={"key": "one more"}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"meta": ["A portfolio has at most 200 meta entries."]}


def test_the_response_cache_stays_within_its_byte_budget(more_instances, admin):
    budget = 1_000_000
    app = more_instances(CACHE_MAX_BYTES=budget)
    client = app.test_client()
    for n in range(3):
        crowded_portfolio(f"Crowded {n}")
    sizes = []
    for page_size in range(1, 31):  # distinct reads, each body ~1.3 MB (3 portfolios)
        response = client.get(f"/api/portfolios/?page_size={page_size}", headers=admin)
        assert response.status_code == 200
        sizes.append(len(response.data))
    cache = app.extensions["response_cache"]
    assert sum(sizes) > 10 * budget
    assert max(sizes) < budget <= 2 * max(sizes)  # so the newest body fits
    assert 0 < cache.size_bytes <= budget


def test_a_body_larger_than_the_whole_budget_is_served_but_not_kept(more_instances, admin):
    app = more_instances(CACHE_MAX_BYTES=100_000)
    crowded_portfolio()
    response = app.test_client().get("/api/portfolios/", headers=admin)
    assert response.status_code == 200 and len(response.data) > 100_000
    assert app.extensions["response_cache"].size_bytes == 0


def test_unknown_query_parameters_neither_split_the_cache_nor_reach_the_page_links(
    client, admin, queries
):
    for n in range(3):
        make_portfolio(f"Site {n}")
    first = client.get("/api/portfolios/?page_size=2&junk=1", headers=admin)
    queries.clear()
    second = client.get("/api/portfolios/?junk=2&page_size=2&other", headers=admin)
    assert second.status_code == 200
    assert len(queries) == 1  # the token and the version: the body came from the cache
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.json["next"] == "http://localhost/api/portfolios/?page_size=2&page=2"
    assert second.data == first.data
