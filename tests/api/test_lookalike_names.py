"""Names that look the same are the same name: composed and decomposed letters, invisible
characters at the ends, Arabic and Persian yeh and kaf. Unique names accepted such
lookalikes as second, different rows."""

import io

import pytest

from tests.factories import make_portfolio
from tests.images import image_bytes

COMPOSED, DECOMPOSED = "Caf\u00e9", "Cafe\u0301"
BLANK = "This field may not be blank."


def create(client, headers, path, **body):
    return client.post(path, json=body, headers=headers)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (COMPOSED, DECOMPOSED),
        (DECOMPOSED, COMPOSED),
        ("Acme", "Acme\u200b"),
        ("Acme", "\u200fAcme\u200e"),
        ("Acme", "\ufeff Acme \u2069"),
        ("علی", "علي"),
        ("کاشی", "كاشي"),
    ],
)
@pytest.mark.parametrize("resource", ["employers", "tags"])
def test_a_lookalike_of_a_taken_name_is_taken_too(client, admin, resource, first, second):
    path = f"/api/portfolios/{resource}/"
    assert create(client, admin, path, name=first).status_code == 201
    response = create(client, admin, path, name=second)
    assert response.status_code == 400
    assert response.json == {"name": [f"{resource[:-1]} with this name already exists."]}


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        (DECOMPOSED, COMPOSED),
        ("  Acme\u200b\u200c ", "Acme"),
        ("\u202bشرکت\u202c", "شرکت"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # a zero-width non-joiner inside a word stays
        ("كيك", "کیک"),
    ],
)
def test_names_are_stored_normalised(client, admin, sent, stored):
    response = create(client, admin, "/api/portfolios/tags/", name=sent)
    assert response.status_code == 201
    assert response.json["name"] == stored


@pytest.mark.parametrize("name", ["\u200b", " \u200c\u200d ", "\ufeff", "\u2066\u2069", "\u3164"])
def test_a_name_with_nothing_visible_is_blank(client, admin, name):
    response = create(client, admin, "/api/portfolios/employers/", name=name)
    assert response.status_code == 400
    assert response.json == {"name": [BLANK]}


def test_slugs_and_titles_differing_only_in_arabic_letters_are_taken(client, admin):
    body = {"title": "كتاب", "slug": "علي", "excerpt": "e"}
    first = create(client, admin, "/api/portfolios/", **body)
    assert first.status_code == 201
    assert (first.json["title"], first.json["slug"]) == ("کتاب", "علی")
    response = create(client, admin, "/api/portfolios/", title="کتاب", slug="علی", excerpt="e")
    assert response.status_code == 400
    assert set(response.json) == {"title", "slug"}


def test_the_slug_filter_finds_a_slug_sent_with_arabic_letters(client, admin):
    portfolio = make_portfolio("P", slug="علی")
    response = client.get("/api/portfolios/?slug=علي", headers=admin)
    assert [item["id"] for item in response.json["results"]] == [portfolio.id]


def test_a_meta_key_lookalike_is_taken_within_its_portfolio(client, admin):
    portfolio = make_portfolio()
    path = f"/api/portfolios/{portfolio.id}/meta/"
    assert create(client, admin, path, key=COMPOSED).status_code == 201
    response = create(client, admin, path, key=DECOMPOSED + "\u200b")
    assert response.status_code == 400
    assert list(response.json) == ["key"]


def test_every_text_is_stored_in_nfc(client, admin):
    body = {"title": "T", "slug": "t", "excerpt": DECOMPOSED, "description": f"A {DECOMPOSED}."}
    response = create(client, admin, "/api/portfolios/", **body)
    assert (response.json["excerpt"], response.json["description"]) == (COMPOSED, f"A {COMPOSED}.")


def test_an_upload_named_by_a_decomposed_file_name_gets_a_composed_name(client, admin):
    # Browsers on macOS send file names decomposed.
    response = client.post(
        "/api/media/",
        data={"f": (io.BytesIO(image_bytes()), DECOMPOSED + ".png")},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201
    assert response.json["name"] == COMPOSED


def test_a_patch_to_a_lookalike_of_another_name_is_refused(client, admin):
    create(client, admin, "/api/portfolios/tags/", name=COMPOSED)
    other = create(client, admin, "/api/portfolios/tags/", name="Other").json
    response = client.patch(
        f"/api/portfolios/tags/{other['id']}", json={"name": DECOMPOSED}, headers=admin
    )
    assert response.status_code == 400
    assert response.json == {"name": ["tag with this name already exists."]}
