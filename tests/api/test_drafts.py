"""``/api/portfolios/{id}/draft``: a draft beside the live portfolio, published or
discarded; portfolios not yet published are nowhere else in the API."""

import json
import threading
import urllib.error
import urllib.request

import pytest

from portfolio_admin.models import Portfolio, PortfolioDraft, PortfolioRevision
from portfolio_admin.models.base import db
from tests.factories import make_image, make_portfolio, make_tag, staff_with

URL = "/api/portfolios/"


def draft_url(pk):
    return f"{URL}{pk}/draft/"


def test_saving_a_draft_leaves_the_live_output_byte_identical_until_it_is_published(client, admin):
    sites, webs = make_tag("sites"), make_tag("webs")
    portfolio = make_portfolio("Shop", tags=[sites.id])
    live = client.get(f"{URL}{portfolio.id}", headers=admin)
    listed = client.get(URL, headers=admin)
    assert client.get(draft_url(portfolio.id), headers=admin).status_code == 404

    saved = client.patch(
        draft_url(portfolio.id), json={"title": "Shop 2", "tags": [webs.id]}, headers=admin
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["title"] == "Shop 2"
    assert [tag["name"] for tag in saved.json["tags_data"]] == ["webs"]
    # The portfolio's keys, then when it is scheduled (an addition to the contract).
    assert list(saved.json) == [*live.json, "publish_at", "unpublish_at"]
    assert client.get(draft_url(portfolio.id), headers=admin).json == saved.json
    assert client.get(f"{URL}{portfolio.id}", headers=admin).get_data() == live.get_data()
    assert client.get(URL, headers=admin).get_data() == listed.get_data()
    revisions = db.session.query(PortfolioRevision).count()

    published = client.post(f"{draft_url(portfolio.id)}publish/", headers=admin)
    assert published.status_code == 200, published.json
    assert published.json["title"] == "Shop 2"
    now_live = client.get(f"{URL}{portfolio.id}", headers=admin).json
    assert now_live["title"] == "Shop 2"
    assert [tag["name"] for tag in now_live["tags_data"]] == ["webs"]
    assert db.session.query(PortfolioRevision).count() == revisions + 1
    assert client.get(draft_url(portfolio.id), headers=admin).status_code == 404
    again = client.post(f"{draft_url(portfolio.id)}publish/", headers=admin)
    assert again.status_code == 404
    assert again.json == {"detail": "This portfolio has no draft."}


def test_put_saves_a_whole_draft_checked_as_a_live_write(client, admin):
    make_portfolio("Other", slug="taken")
    portfolio = make_portfolio("Shop")
    body = {"title": "Shop", "slug": "taken", "excerpt": "x", "tags": [999]}
    response = client.put(draft_url(portfolio.id), json=body, headers=admin)
    assert response.status_code == 400
    assert response.json == {
        "slug": ["portfolio with this slug already exists."],
        "tags": ['Invalid pk "999" - object does not exist.'],
    }
    assert client.put(draft_url(portfolio.id), json={"title": "x"}, headers=admin).json == {
        "slug": ["This field is required."],
        "excerpt": ["This field is required."],
    }
    assert db.session.query(PortfolioDraft).count() == 0
    cover = make_image("cover")
    body = {"title": "Shop", "slug": "shop-2", "excerpt": "new", "image": cover.id}
    response = client.put(draft_url(portfolio.id), json=body, headers=admin)
    assert response.status_code == 200
    assert response.json["image_data"]["id"] == cover.id
    assert response.json["excerpt"] == "new"
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["image_data"] is None


def test_publishing_checks_the_draft_again_and_changes_nothing_when_it_fails(client, admin):
    tag = make_tag("gone")
    portfolio = make_portfolio("Shop")
    client.patch(draft_url(portfolio.id), json={"title": "New", "tags": [tag.id]}, headers=admin)
    assert client.delete(f"{URL}tags/{tag.id}", headers=admin).status_code == 204
    # The draft no longer shows the tag; publishing names it.
    assert client.get(draft_url(portfolio.id), headers=admin).json["tags_data"] == []
    response = client.post(f"{draft_url(portfolio.id)}publish/", headers=admin)
    assert response.status_code == 400
    assert response.json == {"tags": [f'Invalid pk "{tag.id}" - object does not exist.']}
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["title"] == "Shop"
    assert db.session.get(PortfolioDraft, portfolio.id) is not None


def test_discarding_a_draft(client, admin):
    portfolio = make_portfolio("Shop")
    client.patch(draft_url(portfolio.id), json={"title": "New"}, headers=admin)
    assert client.delete(draft_url(portfolio.id), headers=admin).status_code == 204
    assert client.get(draft_url(portfolio.id), headers=admin).status_code == 404
    assert client.delete(draft_url(portfolio.id), headers=admin).status_code == 404
    assert client.get(f"{URL}{portfolio.id}", headers=admin).json["title"] == "Shop"


def test_a_portfolio_created_as_a_draft_is_in_no_public_read_until_published(client, admin):
    live = make_portfolio("Live")
    created = client.post(
        f"{URL}drafts/",
        json={"title": "Launch", "slug": "launch", "excerpt": "soon"},
        headers=admin,
    )
    assert created.status_code == 201, created.json
    pk = created.json["id"]
    assert client.get(draft_url(pk), headers=admin).json["title"] == "Launch"
    listed = client.get(URL, headers=admin).json
    assert listed["count"] == 1
    assert [item["id"] for item in listed["results"]] == [live.id]
    assert client.get(f"{URL}?search=Launch", headers=admin).json["count"] == 0
    assert client.get(f"{URL}?slug=launch", headers=admin).json["count"] == 0
    for path in ("", "/links/", "/meta/", "/revisions/"):
        assert client.get(f"{URL}{pk}{path}", headers=admin).status_code == 404, path
    assert client.patch(f"{URL}{pk}", json={"title": "x"}, headers=admin).status_code == 404
    # The slug is taken all the same: publishing it later must not clash.
    clash = client.post(URL, json={"title": "L2", "slug": "launch", "excerpt": "x"}, headers=admin)
    assert clash.json == {"slug": ["portfolio with this slug already exists."]}

    client.patch(draft_url(pk), json={"excerpt": "now"}, headers=admin)
    assert client.get(f"{URL}{pk}", headers=admin).status_code == 404
    published = client.post(f"{draft_url(pk)}publish/", headers=admin)
    assert published.status_code == 200
    assert published.json["excerpt"] == "now"
    assert client.get(f"{URL}{pk}", headers=admin).json["excerpt"] == "now"
    assert client.get(URL, headers=admin).json["count"] == 2


def test_a_nested_link_of_an_unpublished_portfolio_is_not_found(client, admin):
    from portfolio_admin.models import Link

    portfolio = make_portfolio("Hidden")
    link = Link(portfolio_id=portfolio.id, name="site")
    db.session.add(link)
    portfolio.published = False
    db.session.commit()
    assert client.get(f"{URL}{portfolio.id}/links/{link.id}", headers=admin).status_code == 404


def test_reading_needs_4202_and_writing_4203(app, client):
    portfolio = make_portfolio("Shop")
    reader = staff_with(4202, username="reader")
    writer = staff_with(4203, username="writer")
    assert (
        client.patch(draft_url(portfolio.id), json={"title": "N"}, headers=reader).status_code
        == 403
    )
    assert (
        client.patch(draft_url(portfolio.id), json={"title": "N"}, headers=writer).status_code
        == 200
    )
    assert client.get(draft_url(portfolio.id), headers=writer).status_code == 403
    assert client.get(draft_url(portfolio.id), headers=reader).status_code == 200
    assert client.post(f"{draft_url(portfolio.id)}publish/", headers=reader).status_code == 403
    assert client.delete(draft_url(portfolio.id), headers=reader).status_code == 403


def test_if_match_on_a_draft_refuses_a_stale_save(client, admin):
    portfolio = make_portfolio("Shop")
    first = client.patch(draft_url(portfolio.id), json={"title": "A"}, headers=admin)
    etag = first.headers["ETag"]
    assert client.get(draft_url(portfolio.id), headers=admin).headers["ETag"] == etag
    ok = client.patch(
        draft_url(portfolio.id), json={"title": "B"}, headers=admin | {"If-Match": etag}
    )
    assert ok.status_code == 200
    stale = client.patch(
        draft_url(portfolio.id), json={"title": "C"}, headers=admin | {"If-Match": etag}
    )
    assert stale.status_code == 412
    assert client.get(draft_url(portfolio.id), headers=admin).json["title"] == "B"


def test_a_missing_portfolio_has_no_draft(client, admin):
    assert client.get(draft_url(999), headers=admin).status_code == 404
    assert client.patch(draft_url(999), json={"title": "x"}, headers=admin).status_code == 404
    assert client.post(f"{draft_url(999)}publish/", headers=admin).status_code == 404


def _call(url: str, key: str, method: str, body: dict | None = None) -> int:
    request = urllib.request.Request(
        url,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Authorization": f"Token {key}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _at_once(*calls) -> list[int]:
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(n, call):
        barrier.wait()
        results[n] = call()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_simultaneous_publishes_publish_once(live_server, admin_key):
    portfolio = make_portfolio("Shop")
    url = f"{live_server}{draft_url(portfolio.id)}"
    assert _call(url, admin_key, "PATCH", {"title": "New"}) == 200
    revisions = db.session.query(PortfolioRevision).count()
    statuses = _at_once(*[lambda: _call(url + "publish/", admin_key, "POST")] * 6)
    assert sorted(statuses) == [200] + [404] * 5
    db.session.expire_all()
    assert db.session.query(PortfolioRevision).count() == revisions + 1


def test_simultaneous_draft_saves_take_turns(live_server, admin_key):
    tag_ids = [make_tag(f"t{n}").id for n in range(6)]
    portfolio = make_portfolio("Shop")
    url = f"{live_server}{draft_url(portfolio.id)}"
    statuses = _at_once(
        *[lambda t=t: _call(url, admin_key, "PATCH", {"tags": [t]}) for t in tag_ids]
    )
    assert statuses == [200] * 6
    db.session.expire_all()
    assert len(db.session.get(PortfolioDraft, portfolio.id).payload["tags"]) == 1


@pytest.mark.parametrize("first", ["publish", "delete"])
def test_publish_racing_a_delete_of_the_portfolio_is_never_a_500(live_server, admin_key, first):
    pk = make_portfolio("Shop").id
    url = f"{live_server}{URL}{pk}"
    assert _call(f"{url}/draft/", admin_key, "PATCH", {"title": "New"}) == 200
    publish = lambda: _call(f"{url}/draft/publish/", admin_key, "POST")  # noqa: E731
    delete = lambda: _call(url, admin_key, "DELETE")  # noqa: E731
    statuses = _at_once(publish, delete) if first == "publish" else _at_once(delete, publish)
    assert 500 not in statuses, statuses
    assert 204 in statuses
    db.session.expire_all()
    assert db.session.get(Portfolio, pk) is None
    assert db.session.query(PortfolioDraft).count() == 0
