"""``/api/portfolios/``: the documented example, lists, filters, ordering, queries."""

from datetime import UTC, datetime

import pytest

from portfolio_admin.models import GalleryImage, Link, MediaFile, MetaEntry, Portfolio
from portfolio_admin.models.base import db
from tests.factories import (
    make_document,
    make_employer,
    make_image,
    make_portfolio,
    make_tag,
)

URL = "/api/portfolios/"
KEYS = ["id", "title", "slug", "excerpt", "order", "image_data", "employer_data", "tags_data",
        "links_data", "is_active", "completed_at", "created_at", "updated_at", "description",
        "images_data", "meta"]  # fmt: skip
IMAGE_KEYS = ["id", "type", "name", "size", "human_readable_size", "f", "width", "height",
              "mode", "thumbnails"]  # fmt: skip


def image(name):
    return make_image(name, path=f"core_media/2026/03/02/{name}.bmp")


def test_documented_create_example_gives_the_documented_shape(client, admin):
    cover, first, second = image("cover"), image("g1"), image("g2")
    employer = make_employer("digikala", image_id=cover.id, description="some store")
    sites, webs = make_tag("sites", image_id=first.id), make_tag("webs", image_id=second.id)
    response = client.post(
        URL,
        json={
            "title": "Wordpress site",
            "slug": "wordpress-site",
            "description": "this can be a long text describing the project",
            "excerpt": "a wordpress site built with elementor and great performance for product showcase",  # noqa: E501
            "image": cover.id,
            "images": [second.id, first.id],
            "order": 1,
            "employer": employer.id,
            "tags": [sites.id, webs.id],
            "is_active": True,
            "completed_at": "2024-12-12",
        },
        headers=admin,
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert list(body) == KEYS
    assert body["title"] == "Wordpress site"
    assert body["slug"] == "wordpress-site"
    assert body["order"] == 1
    assert body["is_active"] is True
    assert body["completed_at"] == "2024-12-12T00:00:00Z"
    assert body["description"] == "this can be a long text describing the project"
    assert list(body["image_data"])[: len(IMAGE_KEYS)] == IMAGE_KEYS
    assert body["image_data"]["id"] == cover.id
    assert list(body["employer_data"]) == ["id", "name", "image_data", "description"]
    assert body["employer_data"]["name"] == "digikala"
    assert body["employer_data"]["image_data"]["id"] == cover.id
    assert [list(t) for t in body["tags_data"]] == [["id", "name", "image_data"]] * 2
    assert [t["name"] for t in body["tags_data"]] == ["sites", "webs"]
    assert body["tags_data"][1]["image_data"]["id"] == second.id
    assert body["links_data"] == []
    assert [i["id"] for i in body["images_data"]] == [second.id, first.id]
    assert list(body["images_data"][0])[: len(IMAGE_KEYS)] == IMAGE_KEYS
    assert body["meta"] == []


def test_retrieve_shows_links_and_meta_in_their_nested_shapes(client, admin):
    portfolio = make_portfolio()
    logo, brief = image("logo"), make_document()
    db.session.add_all(
        [
            Link(
                portfolio_id=portfolio.id,
                name="دمو پروژه",
                url="https://moeinsoft.com/demo",
                image_id=logo.id,
                description="لینک مشاهده دمو",
            ),  # fmt: skip
            MetaEntry(portfolio_id=portfolio.id, key="brief", value_file_id=brief.id),
            MetaEntry(
                portfolio_id=portfolio.id,
                key="client_logo",
                value_file_id=logo.id,
                value_text="لوگو",
            ),  # fmt: skip
        ]
    )
    db.session.commit()
    body = client.get(f"{URL}{portfolio.id}", headers=admin).json
    assert list(body["links_data"][0]) == ["id", "name", "url", "description", "image_data"]
    assert body["links_data"][0]["name"] == "دمو پروژه"
    assert [list(m) for m in body["meta"]] == [["id", "key", "value_text", "value_file"]] * 2
    assert list(body["meta"][0]["value_file"]) == [
        "id", "type", "name", "size", "human_readable_size", "f",
    ]  # fmt: skip
    assert body["meta"][0]["value_file"]["type"] == "document"
    assert "thumbnails" not in body["meta"][1]["value_file"]  # images are shown short too


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-12", "2024-12-12T00:00:00Z"),
        ("2024-12-12T10:30:00Z", "2024-12-12T10:30:00Z"),
        ("2024-12-12T10:30:00+03:30", "2024-12-12T07:00:00Z"),
        ("2024-12-12T10:30:00.250000Z", "2024-12-12T10:30:00.250000Z"),
        (None, None),
    ],
)
def test_completed_at_accepts_a_date_or_a_datetime(client, admin, value, expected):
    body = {"title": "T", "slug": "t", "excerpt": "e", "completed_at": value}
    assert client.post(URL, json=body, headers=admin).json["completed_at"] == expected


@pytest.mark.parametrize("slug", ["طراحی-سایت", "site_2024", "Ünïcödé-slug"])
def test_slugs_of_any_script_are_accepted(client, admin, slug):
    response = client.post(URL, json={"title": slug, "slug": slug, "excerpt": "e"}, headers=admin)
    assert response.status_code == 201
    assert client.get(f"{URL}?slug={slug}", headers=admin).json["results"][0]["slug"] == slug


@pytest.mark.parametrize("slug", ["with space", "a/b", "dot.dot", "!"])
def test_invalid_slugs_are_400_on_slug(client, admin, slug):
    response = client.post(URL, json={"title": "t", "slug": slug, "excerpt": "e"}, headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["slug"]


def test_required_fields_and_unique_title_and_slug(client, admin):
    response = client.post(URL, json={}, headers=admin)
    assert response.status_code == 400
    assert set(response.json) == {"title", "slug", "excerpt"}
    make_portfolio("Taken", slug="taken")
    response = client.post(
        URL, json={"title": "Taken", "slug": "taken", "excerpt": "e"}, headers=admin
    )
    assert response.json == {
        "title": ["portfolio with this title already exists."],
        "slug": ["portfolio with this slug already exists."],
    }


def test_unknown_and_wrong_kind_ids_are_400_on_their_fields(client, admin):
    document = make_document()
    tag = make_tag()
    body = {
        "title": "t", "slug": "t", "excerpt": "e", "image": document.id,
        "images": [999, document.id], "employer": 77, "tags": [tag.id, 7, tag.id],
    }  # fmt: skip
    response = client.post(URL, json=body, headers=admin)
    assert response.status_code == 400
    assert response.json["image"] == [f'Invalid pk "{document.id}" - object is not an image.']
    assert response.json["images"] == [
        'Invalid pk "999" - object does not exist.',
        f'Invalid pk "{document.id}" - object is not an image.',
    ]
    assert response.json["employer"] == ['Invalid pk "77" - object does not exist.']
    assert response.json["tags"] == [
        'Invalid pk "7" - object does not exist.',
        f'Duplicate id "{tag.id}".',
    ]
    assert db.session.query(Portfolio).count() == 0


def test_lists_replace_in_the_order_given_and_patch_keeps_what_is_not_sent(client, admin):
    a, b, c = image("a"), image("b"), image("c")
    t1, t2 = make_tag("t1"), make_tag("t2")
    created = client.post(
        URL,
        json={
            "title": "t",
            "slug": "t",
            "excerpt": "e",
            "images": [a.id, b.id],
            "tags": [t1.id, t2.id],
        },  # fmt: skip
        headers=admin,
    ).json
    url = f"{URL}{created['id']}"
    body = client.patch(url, json={"images": [c.id, b.id, a.id]}, headers=admin).json
    assert [i["id"] for i in body["images_data"]] == [c.id, b.id, a.id]
    assert [t["name"] for t in body["tags_data"]] == ["t1", "t2"]
    body = client.patch(url, json={"tags": [t2.id, t1.id], "images": []}, headers=admin).json
    assert [t["name"] for t in body["tags_data"]] == ["t2", "t1"]
    assert body["images_data"] == []


def test_put_replaces_everything_and_null_clears(client, admin):
    portfolio = make_portfolio(image=image("c").id, employer=make_employer().id, order=5)
    url = f"{URL}{portfolio.id}"
    body = client.put(url, json={"title": "New", "slug": "new", "excerpt": "x"}, headers=admin).json
    assert (body["image_data"], body["employer_data"], body["order"]) == (None, None, 0)
    assert body["is_active"] is True
    portfolio = make_portfolio("Other", image=image("d").id)
    body = client.patch(f"{URL}{portfolio.id}", json={"image": None}, headers=admin).json
    assert body["image_data"] is None
    response = client.patch(f"{URL}{portfolio.id}", json={"images": None}, headers=admin)
    assert response.json == {"images": ["This field may not be null."]}


def test_delete_removes_links_and_meta_but_not_media(client, admin):
    cover = image("cover")
    portfolio = make_portfolio(image=cover.id, images=[cover.id])
    db.session.add_all(
        [Link(portfolio_id=portfolio.id, name="l"), MetaEntry(portfolio_id=portfolio.id, key="k")]
    )
    db.session.commit()
    assert client.delete(f"{URL}{portfolio.id}", headers=admin).status_code == 204
    assert db.session.query(Link).count() == 0
    assert db.session.query(MetaEntry).count() == 0
    assert db.session.query(GalleryImage).count() == 0
    assert db.session.get(MediaFile, cover.id) is not None


def test_filters_by_active_employer_tags_and_slug(client, admin):
    acme, other = make_employer("Acme"), make_employer("Other")
    web, print_ = make_tag("web"), make_tag("print")
    make_portfolio("A", employer=acme.id, tags=[web.id])
    make_portfolio("B", employer=other.id, tags=[print_.id], is_active=False)
    make_portfolio("C", tags=[web.id, print_.id])

    def titles(query):
        response = client.get(f"{URL}?{query}", headers=admin)
        assert response.status_code == 200, response.json
        return sorted(p["title"] for p in response.json["results"])

    assert titles("is_active=true") == ["A", "C"]
    assert titles("is_active=false") == ["B"]
    assert titles(f"employer={acme.id}") == ["A"]
    assert titles(f"tags={print_.id}") == ["B", "C"]
    assert titles(f"tags={web.id}&tags={print_.id}") == ["A", "B", "C"]
    assert titles("slug=b") == ["B"]
    assert titles(f"is_active=true&tags={print_.id}") == ["C"]
    assert list(client.get(f"{URL}?is_active=maybe", headers=admin).json) == ["is_active"]
    assert list(client.get(f"{URL}?tags=x", headers=admin).json) == ["tags"]


def test_search_matches_titles_excerpts_and_descriptions_in_persian(client, admin):
    make_portfolio("فروشگاه اینترنتی", slug="shop", description="طراحی کامل")
    make_portfolio("Blog", slug="blog", excerpt="A WordPress blog")

    def titles(term):
        return [
            p["title"] for p in client.get(f"{URL}?search={term}", headers=admin).json["results"]
        ]

    assert titles("فروشگاه") == ["فروشگاه اینترنتی"]
    assert titles("کامل") == ["فروشگاه اینترنتی"]
    assert titles("wordpress") == ["Blog"]


def test_default_ordering_is_order_then_newest_completed(client, admin):
    make_portfolio("late", order=1, completed_at=datetime(2024, 6, 1, tzinfo=UTC))
    make_portfolio("early", order=1, completed_at=datetime(2023, 1, 1, tzinfo=UTC))
    make_portfolio("first", order=0)
    make_portfolio("undated", order=1)
    results = client.get(URL, headers=admin).json["results"]
    assert [p["title"] for p in results] == ["first", "late", "early", "undated"]
    results = client.get(f"{URL}?ordering=-title", headers=admin).json["results"]
    assert [p["title"] for p in results] == ["undated", "late", "first", "early"]


def _populate(prefix: str, count: int, per: int) -> None:
    """``count`` portfolios, each with ``per`` tags, gallery images, links and meta entries."""
    employer = make_employer(prefix, image_id=image(f"{prefix}emp").id)
    for n in range(count):
        name = f"{prefix}{n}"
        tags = [make_tag(f"{name}t{k}", image_id=image(f"{name}t{k}").id).id for k in range(per)]
        gallery = [image(f"{name}g{k}").id for k in range(per)]
        portfolio = make_portfolio(
            name, image=image(f"{name}c").id, images=gallery, tags=tags, employer=employer.id
        )
        for k in range(per):
            db.session.add(Link(portfolio_id=portfolio.id, name=f"l{k}", image_id=gallery[k]))
            db.session.add(
                MetaEntry(portfolio_id=portfolio.id, key=f"k{k}", value_file_id=gallery[k])
            )
    db.session.commit()


@pytest.mark.parametrize("path", ["list", "retrieve"])
def test_reads_take_a_fixed_number_of_queries(uncached, client, admin, queries, path):
    def count_queries():
        url = URL if path == "list" else f"{URL}{db.session.query(Portfolio.id).first()[0]}"
        client.get(url, headers=admin)  # first use of the token is recorded; not counted
        queries.clear()
        assert client.get(url, headers=admin).status_code == 200
        return len(queries)

    _populate("small", 1, 1)
    small = count_queries()
    db.session.query(Portfolio).delete()
    db.session.commit()
    _populate("big", 6, 5)
    assert count_queries() == small
    # access (token, permission, content version), [count,] page, tags, gallery, links,
    # meta, employers, media
    assert small == (9 if path == "list" else 8)
