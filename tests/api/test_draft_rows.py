"""A draft's links and meta entries through ``/api/portfolios/{id}/draft``: kept beside the
live rows, shown in the draft's output, applied on publish all or nothing."""

import pytest

from portfolio_admin.models import Link, MetaEntry, PortfolioDraft, PortfolioRevision
from portfolio_admin.models.base import db
from portfolio_admin.models.schedule import FAILED
from portfolio_admin.services import schedules
from tests.api.test_drafts import _at_once, _call, draft_url
from tests.api.test_schedules import later, make_due, schedule_rows, zulu
from tests.factories import make_document, make_image, make_portfolio

URL = "/api/portfolios/"
BODY = {"title": "Shop", "slug": "shop", "excerpt": "short"}


def _portfolio_with_rows(client, admin):
    portfolio = make_portfolio("Shop", slug="shop")
    base = f"{URL}{portfolio.id}"
    demo = client.post(f"{base}/links/", json={"name": "Demo"}, headers=admin).json
    source = client.post(f"{base}/links/", json={"name": "Source"}, headers=admin).json
    entry = client.post(f"{base}/meta/", json={"key": "client"}, headers=admin).json
    return portfolio, demo, source, entry


def test_a_draft_keeps_links_and_meta_apart_from_the_live_ones_until_published(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    shot, brief = make_image("shot"), make_document("brief")
    live = client.get(f"{URL}{pk}", headers=admin).get_data()
    links_page = client.get(f"{URL}{pk}/links/", headers=admin).get_data()
    revisions = db.session.query(PortfolioRevision).count()
    body = BODY | {
        "links": [
            {"id": demo["id"], "name": "Demo 2", "image": shot.id},
            {"name": "Press", "url": "https://press.example.com"},
        ],
        "meta": [
            {"id": entry["id"], "key": "customer", "value_text": "Acme"},
            {"key": "brief", "value_file": brief.id},
        ],
    }
    saved = client.put(draft_url(pk), json=body, headers=admin)
    assert saved.status_code == 200, saved.json
    assert [(k["id"], k["name"]) for k in saved.json["links_data"]] == [
        (demo["id"], "Demo 2"),
        (None, "Press"),
    ]
    assert saved.json["links_data"][0]["image_data"]["id"] == shot.id
    assert [(m["id"], m["key"]) for m in saved.json["meta"]] == [
        (entry["id"], "customer"),
        (None, "brief"),
    ]
    assert saved.json["meta"][1]["value_file"]["id"] == brief.id
    assert client.get(draft_url(pk), headers=admin).json == saved.json
    # Nothing the public API shows has changed, and no revision was stored.
    assert client.get(f"{URL}{pk}", headers=admin).get_data() == live
    assert client.get(f"{URL}{pk}/links/", headers=admin).get_data() == links_page
    assert db.session.query(PortfolioRevision).count() == revisions

    published = client.post(f"{draft_url(pk)}publish/", headers=admin)
    assert published.status_code == 200, published.json
    names = [
        (k["name"], k["image_data"] and k["image_data"]["id"]) for k in published.json["links_data"]
    ]
    assert names == [("Demo 2", shot.id), ("Press", None)]
    assert published.json["links_data"][0]["id"] == demo["id"]
    assert isinstance(published.json["links_data"][1]["id"], int)
    assert [m["key"] for m in published.json["meta"]] == ["customer", "brief"]
    assert client.get(f"{URL}{pk}/links/{source['id']}", headers=admin).status_code == 404
    assert db.session.query(PortfolioRevision).count() == revisions + 1
    assert client.get(draft_url(pk), headers=admin).status_code == 404


def test_a_draft_without_links_or_meta_keeps_the_live_ones(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    assert (
        client.put(draft_url(pk), json=BODY | {"title": "Shop 2"}, headers=admin).status_code == 200
    )
    # Changed live after the draft was saved: publishing keeps the live rows as they are.
    client.patch(f"{URL}{pk}/links/{demo['id']}", json={"name": "Live demo"}, headers=admin)
    draft = client.get(draft_url(pk), headers=admin).json
    assert [k["name"] for k in draft["links_data"]] == ["Live demo", "Source"]
    published = client.post(f"{draft_url(pk)}publish/", headers=admin).json
    assert published["title"] == "Shop 2"
    assert [k["name"] for k in published["links_data"]] == ["Live demo", "Source"]
    assert [m["key"] for m in published["meta"]] == ["client"]


def test_a_put_without_links_keeps_the_drafts_and_a_patch_changes_only_what_it_sends(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    body = BODY | {"links": [{"id": demo["id"], "name": "Demo 2"}]}
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    again = client.put(draft_url(pk), json=BODY | {"title": "Shop 3"}, headers=admin).json
    assert [k["name"] for k in again["links_data"]] == ["Demo 2"]
    patched = client.patch(draft_url(pk), json={"meta": []}, headers=admin).json
    assert patched["title"] == "Shop 3" and patched["meta"] == []
    assert [k["name"] for k in patched["links_data"]] == ["Demo 2"]
    # A row another client changed live and the draft left alone keeps that change.
    client.patch(f"{URL}{pk}/links/{demo['id']}", json={"url": "https://x.example"}, headers=admin)
    published = client.post(f"{draft_url(pk)}publish/", headers=admin).json
    assert [(k["name"], k["url"]) for k in published["links_data"]] == [("Demo 2", None)]


def test_rows_are_checked_as_their_live_writes_and_named_by_item(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    brief = make_document("brief")
    body = BODY | {
        "links": [
            {"id": demo["id"], "name": "Demo", "image": brief.id},
            {"name": "Bad", "url": "ftp://example.com"},
            {"id": 999, "name": "Gone"},
        ],
        "meta": [{"key": "a"}, {"key": "a"}, {"value_text": "no key"}],
    }
    response = client.put(draft_url(pk), json=body, headers=admin)
    assert response.status_code == 400
    assert response.json == {
        "links": ["Item 2: url: Enter a valid URL with the http or https scheme."],
        "meta": ["Item 3: key: This field is required."],
    }
    del body["links"][1], body["meta"][2]
    response = client.put(draft_url(pk), json=body, headers=admin)
    assert response.status_code == 400
    assert response.json == {
        "links": [
            f'Item 1: image: Invalid pk "{brief.id}" - object is not an image.',
            'Item 2: id: Invalid pk "999" - object does not exist.',
        ],
        "meta": ["Item 2: key: meta entry with this key already exists."],
    }
    assert client.patch(draft_url(pk), json={"links": None}, headers=admin).json == {
        "links": ["This field may not be null."]
    }
    assert db.session.query(PortfolioDraft).count() == 0


def test_publishing_rechecks_the_rows_and_changes_nothing_when_one_fails(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    shot = make_image("shot")
    body = BODY | {
        "title": "Shop 2",
        "links": [{"id": demo["id"], "name": "Demo"}, {"name": "Press", "image": shot.id}],
    }
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    live = client.get(f"{URL}{pk}", headers=admin).get_data()
    # The image is deleted meanwhile: the draft no longer shows it, publishing names it.
    assert client.delete(f"/api/media/{shot.id}", headers=admin).status_code == 204
    assert client.get(draft_url(pk), headers=admin).json["links_data"][1]["image_data"] is None
    response = client.post(f"{draft_url(pk)}publish/", headers=admin)
    assert response.status_code == 400
    assert response.json == {
        "links": [f'Item 2: image: Invalid pk "{shot.id}" - object does not exist.']
    }
    assert client.get(f"{URL}{pk}", headers=admin).get_data() == live
    assert db.session.get(PortfolioDraft, pk) is not None


def test_a_row_the_draft_changes_deleted_live_meanwhile_refuses_the_publish(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    body = BODY | {
        "links": [{"id": demo["id"], "name": "Demo 2"}, {"id": source["id"], "name": "Source"}]
    }
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    assert client.delete(f"{URL}{pk}/links/{demo['id']}", headers=admin).status_code == 204
    draft = client.get(draft_url(pk), headers=admin).json  # the change is not lost
    assert [(k["id"], k["name"]) for k in draft["links_data"]] == [
        (demo["id"], "Demo 2"),
        (source["id"], "Source"),
    ]
    response = client.post(f"{draft_url(pk)}publish/", headers=admin)
    assert response.status_code == 400
    assert response.json == {
        "links": [
            "Item 1: id: This link was deleted after the draft was saved; send it without "
            "its id to add it again."
        ]
    }
    body["links"][0].pop("id")
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    published = client.post(f"{draft_url(pk)}publish/", headers=admin).json
    assert [k["name"] for k in published["links_data"]] == ["Source", "Demo 2"]


def test_rows_added_live_after_the_draft_was_saved_survive_its_publish(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    body = BODY | {"links": [{"id": demo["id"], "name": "Demo 2"}]}  # removes Source
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    client.post(f"{URL}{pk}/links/", json={"name": "Added live"}, headers=admin)
    published = client.post(f"{draft_url(pk)}publish/", headers=admin).json
    assert [k["name"] for k in published["links_data"]] == ["Demo 2", "Added live"]


def test_meta_keys_passed_between_entries_publish(client, admin):
    portfolio = make_portfolio("Shop", slug="shop")
    pk = portfolio.id
    a = client.post(f"{URL}{pk}/meta/", json={"key": "a", "value_text": "1"}, headers=admin).json
    b = client.post(f"{URL}{pk}/meta/", json={"key": "b", "value_text": "2"}, headers=admin).json
    body = BODY | {"meta": [{"id": a["id"], "key": "b"}, {"id": b["id"], "key": "c"}]}
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    published = client.post(f"{draft_url(pk)}publish/", headers=admin)
    assert published.status_code == 200, published.json
    assert [(m["id"], m["key"]) for m in published.json["meta"]] == [(a["id"], "b"), (b["id"], "c")]


def test_changing_rows_in_a_draft_needs_the_rows_codes(client, admin):
    from tests.factories import staff_with

    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    writer = staff_with(4200, 4202, 4203, username="writer")
    assert client.patch(draft_url(pk), json={"title": "N"}, headers=writer).status_code == 200
    links = [{"id": demo["id"], "name": "Demo"}, {"id": source["id"], "name": "Source"}]
    assert client.patch(draft_url(pk), json={"links": links}, headers=writer).status_code == 200
    refused = client.patch(draft_url(pk), json={"links": links[:1]}, headers=writer)
    assert refused.status_code == 403
    assert client.get(draft_url(pk), headers=admin).json["links_data"][1]["name"] == "Source"


def test_an_old_draft_without_rows_still_loads_and_publishes(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    old_payload = {
        "title": "Old draft", "slug": "shop", "excerpt": "short", "description": None,
        "image": None, "images": [], "order": 0, "employer": None, "tags": [],
        "is_active": True, "completed_at": None,
    }  # fmt: skip
    db.session.add(PortfolioDraft(portfolio_id=pk, payload=old_payload))
    db.session.commit()
    draft = client.get(draft_url(pk), headers=admin).json
    assert draft["title"] == "Old draft"
    assert [k["name"] for k in draft["links_data"]] == ["Demo", "Source"]
    published = client.post(f"{draft_url(pk)}publish/", headers=admin).json
    assert published["title"] == "Old draft"
    assert [k["name"] for k in published["links_data"]] == ["Demo", "Source"]


def test_simultaneous_draft_saves_with_rows_take_turns(live_server, admin_key, client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    url = f"{live_server}{draft_url(portfolio.id)}"
    calls = [
        lambda n=n: _call(url, admin_key, "PATCH", {"links": [{"name": f"L{n}"}]}) for n in range(6)
    ]
    assert _at_once(*calls) == [200] * 6
    db.session.expire_all()
    stored = db.session.get(PortfolioDraft, portfolio.id).payload["links"]
    assert len(stored["changed"]) == 1 and sorted(stored["removed"]) == [demo["id"], source["id"]]


@pytest.mark.parametrize("first", ["publish", "delete"])
def test_publish_racing_a_link_delete_is_never_half_applied(
    live_server, admin_key, client, admin, first
):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    base = f"{live_server}{URL}{pk}"
    body = BODY | {
        "title": "Shop 2",
        "links": [{"id": demo["id"], "name": "Demo 2"}, {"name": "New"}],
    }
    assert _call(f"{base}/draft/", admin_key, "PUT", body) == 200
    publish = lambda: _call(f"{base}/draft/publish/", admin_key, "POST")  # noqa: E731
    delete = lambda: _call(f"{base}/links/{demo['id']}", admin_key, "DELETE")  # noqa: E731
    statuses = _at_once(publish, delete) if first == "publish" else _at_once(delete, publish)
    assert 500 not in statuses, statuses
    db.session.expire_all()
    names = sorted(link.name for link in db.session.query(Link).filter_by(portfolio_id=pk))
    title = client.get(f"{URL}{pk}", headers=admin).json["title"]
    if 400 in statuses:  # the delete went first: nothing of the draft applied
        assert names == ["Source"] and title == "Shop"
        assert db.session.get(PortfolioDraft, pk) is not None
    else:  # the publish went first (the delete then finds the link, or not: 204 or 404)
        assert statuses[0 if first == "publish" else 1] == 200
        assert title == "Shop 2" and "New" in names and "Source" not in names
    assert db.session.query(MetaEntry).filter_by(portfolio_id=pk).count() == 1


def test_a_draft_holds_no_more_rows_than_a_portfolio_may(client, admin):
    portfolio = make_portfolio("Shop", slug="shop")
    links = [{"name": f"L{n}"} for n in range(201)]
    response = client.put(draft_url(portfolio.id), json=BODY | {"links": links}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"links": ["A portfolio has at most 200 links."]}
    response = client.put(
        draft_url(portfolio.id), json=BODY | {"links": links[:200]}, headers=admin
    )
    assert response.status_code == 200
    assert (
        len(client.post(f"{draft_url(portfolio.id)}publish/", headers=admin).json["links_data"])
        == 200
    )


def test_a_scheduled_publish_applies_the_rows_or_fails_naming_the_row(client, admin):
    portfolio, demo, source, entry = _portfolio_with_rows(client, admin)
    pk = portfolio.id
    body = BODY | {"links": [{"id": demo["id"], "name": "Demo 2"}]}
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    assert (
        client.post(
            f"{draft_url(pk)}publish/", json={"at": zulu(later())}, headers=admin
        ).status_code
        == 202
    )
    assert client.delete(f"{URL}{pk}/links/{demo['id']}", headers=admin).status_code == 204
    make_due(pk)
    assert schedules.run_due() == 1
    [row] = schedule_rows()
    assert row.status == FAILED and list(row.errors) == ["links"]
    assert [k["name"] for k in client.get(f"{URL}{pk}", headers=admin).json["links_data"]] == [
        "Source"
    ]

    body["links"][0].pop("id")
    assert client.put(draft_url(pk), json=body, headers=admin).status_code == 200
    assert (
        client.post(
            f"{draft_url(pk)}publish/", json={"at": zulu(later())}, headers=admin
        ).status_code
        == 202
    )
    make_due(pk)
    assert schedules.run_due() == 1
    assert [k["name"] for k in client.get(f"{URL}{pk}", headers=admin).json["links_data"]] == [
        "Demo 2"
    ]
