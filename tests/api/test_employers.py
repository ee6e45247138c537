"""``/api/portfolios/employers/`` as the contract describes it."""

import re

from portfolio_admin.models import Employer
from portfolio_admin.models.base import db
from tests.factories import make_document, make_employer, make_image

URL = "/api/portfolios/employers/"


def _names(response) -> list[str]:
    return [item["name"] for item in response.json["results"]]


TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")


def test_create_returns_201_with_the_documented_fields_in_order(client, admin):
    image = make_image("technology", path="core_media/2025/12/02/technology.png", mode="P")
    response = client.post(
        URL,
        json={
            "name": "همکاران سیستم",
            "image": image.id,
            "description": "همکاران سیستم شرکتی در زمینه ... است",
        },
        headers=admin,
    )
    assert response.status_code == 201
    body = response.json
    assert list(body) == ["id", "name", "image_data", "description", "created_at", "updated_at"]
    assert body["name"] == "همکاران سیستم"
    assert body["description"] == "همکاران سیستم شرکتی در زمینه ... است"
    assert TIMESTAMP.match(body["created_at"]) and TIMESTAMP.match(body["updated_at"])
    image_data = body["image_data"]
    assert list(image_data)[:10] == [
        "id", "type", "name", "size", "human_readable_size", "f", "width", "height", "mode",
        "thumbnails",
    ]  # fmt: skip
    assert image_data["type"] == "image"
    assert image_data["human_readable_size"] == "5.00 KB"
    assert image_data["f"] == "http://localhost/media/core_media/2025/12/02/technology.png"
    assert image_data["mode"] == "P"
    assert [t["size"] for t in image_data["thumbnails"]] == [64, 128, 512, 1080]
    assert list(image_data["thumbnails"][0])[:3] == ["id", "f", "size"]
    assert image_data["thumbnails"][0]["f"].endswith(
        "/media/core_media/2026/01/02/thumbnails/technology_thumbnail_64x64.png"
    )


def test_file_urls_use_the_configured_public_base(app, admin):
    from portfolio_admin.storage import LocalStorage

    app.extensions["storage"] = LocalStorage(app.config["MEDIA_ROOT"], "https://cdn.example.com/m/")
    image = make_image()
    make_employer(image_id=image.id)
    body = app.test_client().get(URL, headers=admin).json
    assert body["results"][0]["image_data"]["f"] == (
        "https://cdn.example.com/m/core_media/2026/01/02/photo.png"
    )


def test_retrieve_returns_the_employer(client, admin):
    employer = make_employer("Apple", description=None)
    response = client.get(f"{URL}{employer.id}", headers=admin)
    assert response.status_code == 200
    assert response.json["name"] == "Apple"
    assert response.json["image_data"] is None
    assert response.json["description"] is None


def test_duplicate_name_is_400_on_name(client, admin):
    make_employer("Apple")
    response = client.post(URL, json={"name": "Apple"}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"name": ["employer with this name already exists."]}


def test_renaming_to_a_taken_name_is_400_and_keeps_the_old_name(client, admin):
    make_employer("Apple")
    other = make_employer("Banana")
    response = client.patch(f"{URL}{other.id}", json={"name": "Apple"}, headers=admin)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Employer, other.id).name == "Banana"


def test_keeping_its_own_name_is_not_a_duplicate(client, admin):
    employer = make_employer("Apple")
    response = client.put(f"{URL}{employer.id}", json={"name": "Apple"}, headers=admin)
    assert response.status_code == 200


def test_unknown_image_id_is_400_on_image(client, admin):
    response = client.post(URL, json={"name": "Acme", "image": 999}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"image": ['Invalid pk "999" - object does not exist.']}
    assert db.session.query(Employer).count() == 0


def test_media_that_is_not_an_image_is_400_on_image(client, admin):
    document = make_document()
    response = client.post(URL, json={"name": "Acme", "image": document.id}, headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["image"]


def test_patch_changes_only_the_fields_sent(client, admin):
    image = make_image()
    employer = make_employer("Apple", image_id=image.id, description="Fruit")
    response = client.patch(f"{URL}{employer.id}", json={"name": "Apple Inc."}, headers=admin)
    assert response.status_code == 200
    assert response.json["name"] == "Apple Inc."
    assert response.json["description"] == "Fruit"
    assert response.json["image_data"]["id"] == image.id


def test_patch_with_null_clears_the_image(client, admin):
    image = make_image()
    employer = make_employer("Apple", image_id=image.id)
    response = client.patch(f"{URL}{employer.id}", json={"image": None}, headers=admin)
    assert response.status_code == 200
    assert response.json["image_data"] is None


def test_put_replaces_the_whole_object(client, admin):
    image = make_image()
    employer = make_employer("Apple", image_id=image.id, description="Fruit")
    response = client.put(f"{URL}{employer.id}", json={"name": "Pear"}, headers=admin)
    assert response.status_code == 200
    assert response.json["image_data"] is None
    assert response.json["description"] is None


def test_put_without_required_fields_is_400(client, admin):
    employer = make_employer("Apple")
    response = client.put(f"{URL}{employer.id}", json={"description": "x"}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"name": ["This field is required."]}


def test_patch_with_null_name_is_400(client, admin):
    employer = make_employer("Apple")
    response = client.patch(f"{URL}{employer.id}", json={"name": None}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"name": ["This field may not be null."]}


def test_update_moves_updated_at_not_created_at(client, admin):
    created = client.post(URL, json={"name": "Apple"}, headers=admin).json
    updated = client.patch(f"{URL}{created['id']}", json={"name": "Pear"}, headers=admin).json
    assert updated["created_at"] == created["created_at"]
    assert updated["updated_at"] > created["updated_at"]


def test_delete_is_204_with_empty_body_and_the_employer_is_gone(client, admin):
    employer = make_employer("Apple")
    response = client.delete(f"{URL}{employer.id}", headers=admin)
    assert response.status_code == 204
    assert response.data == b""
    assert client.get(f"{URL}{employer.id}", headers=admin).status_code == 404


def test_list_is_paginated_with_absolute_neighbour_urls(client, admin):
    for number in range(25):
        make_employer(f"Employer {number:02}")
    first = client.get(URL, headers=admin).json
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"] == "http://localhost/api/portfolios/employers/?page=2"
    second = client.get(first["next"], headers=admin).json
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"] == "http://localhost/api/portfolios/employers/"


def test_page_size_is_honoured_and_capped_at_100(client, admin):
    for number in range(3):
        make_employer(f"E{number}")
    body = client.get(f"{URL}?page_size=2", headers=admin).json
    assert len(body["results"]) == 2
    assert body["next"].endswith("?page_size=2&page=2")
    assert client.get(f"{URL}?page_size=1000", headers=admin).status_code == 200


def test_page_past_the_end_is_404(client, admin):
    make_employer("Only")
    response = client.get(f"{URL}?page=2", headers=admin)
    assert response.status_code == 404
    assert "detail" in response.json


def test_invalid_page_numbers_are_400_naming_the_parameter(client, admin):
    assert list(client.get(f"{URL}?page=abc", headers=admin).json) == ["page"]
    assert list(client.get(f"{URL}?page=0", headers=admin).json) == ["page"]
    assert list(client.get(f"{URL}?page_size=0", headers=admin).json) == ["page_size"]


def test_search_matches_name_and_description_ignoring_case(client, admin):
    make_employer("Digikala", description="an online store")
    make_employer("همکاران سیستم", description="نرم‌افزار مالی")
    make_employer("Apple", description="Computers")

    def names(term):
        return _names(client.get(f"{URL}?search={term}", headers=admin))

    assert names("DIGI") == ["Digikala"]
    assert names("STORE") == ["Digikala"]
    assert names("سیستم") == ["همکاران سیستم"]
    assert names("مالی") == ["همکاران سیستم"]
    assert names("100%") == []


def test_ordering_by_listed_fields(client, admin):
    for name in ["b", "c", "a"]:
        make_employer(name)

    def names(ordering):
        return _names(client.get(f"{URL}?ordering={ordering}", headers=admin))

    assert names("name") == ["a", "b", "c"]
    assert names("-name") == ["c", "b", "a"]
    assert names("-id") == ["a", "c", "b"]
    assert names("created_at,name") == ["b", "c", "a"]


def test_ordering_by_an_unknown_field_is_400_on_ordering(client, admin):
    response = client.get(f"{URL}?ordering=password", headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["ordering"]


def test_list_takes_a_fixed_number_of_queries(uncached, client, admin, queries):
    images = [make_image(f"i{n}", path=f"core_media/x/i{n}.png") for n in range(5)]
    for n, image in enumerate(images):
        make_employer(f"E{n}", image_id=image.id)
    client.get(URL, headers=admin)  # the token's first use is recorded once
    queries.clear()
    client.get(URL, headers=admin)
    few = len(queries)
    for n in range(5, 15):
        make_employer(f"E{n}", image_id=make_image(f"i{n}", path=f"core_media/x/i{n}.png").id)
    queries.clear()
    client.get(URL, headers=admin)
    # token with user, permission and content version; count; page; media
    assert len(queries) == few == 4


def test_persian_text_round_trips_byte_for_byte(client, admin):
    text = "طراحی سایت فروشگاهی — «ویژه» ۱۴۰۳"
    created = client.post(URL, json={"name": text, "description": text}, headers=admin).json
    fetched = client.get(f"{URL}{created['id']}", headers=admin)
    assert fetched.json["name"] == text
    assert text.encode() in fetched.data
