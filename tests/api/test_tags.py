"""``/api/portfolios/tags/``: the contract's tag shape and rules."""

from tests.factories import make_image, make_tag

URL = "/api/portfolios/tags/"


def test_create_returns_the_documented_fields_in_order(client, admin):
    image = make_image("preview", mode="RGBA")
    response = client.post(URL, json={"name": "sites", "image": image.id}, headers=admin)
    assert response.status_code == 201
    assert list(response.json) == ["id", "name", "image_data", "created_at", "updated_at"]
    assert response.json["image_data"]["mode"] == "RGBA"


def test_duplicate_tag_name_is_400_on_name(client, admin):
    make_tag("sites")
    response = client.post(URL, json={"name": "sites"}, headers=admin)
    assert response.status_code == 400
    assert response.json == {"name": ["tag with this name already exists."]}


def test_tag_image_can_be_cleared_with_null(client, admin):
    tag = make_tag("webs", image_id=make_image().id)
    response = client.patch(f"{URL}{tag.id}", json={"image": None}, headers=admin)
    assert response.json["image_data"] is None


def test_search_finds_persian_tag_names(client, admin):
    make_tag("وب‌سایت")
    make_tag("branding")
    results = client.get(URL + "?search=سایت", headers=admin).json["results"]
    assert [t["name"] for t in results] == ["وب‌سایت"]


def test_delete_removes_the_tag(client, admin):
    tag = make_tag("old")
    assert client.delete(f"{URL}{tag.id}/", headers=admin).status_code == 204
    assert client.get(f"{URL}{tag.id}/", headers=admin).status_code == 404
