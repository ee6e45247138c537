"""``/api/portfolios/:id/links/``: scoped to their portfolio, http and https only."""

import pytest

from tests.factories import make_image, make_portfolio, staff_with


def links_url(portfolio_id):
    return f"/api/portfolios/{portfolio_id}/links/"


def test_documented_link_example_gives_the_documented_shape(client, admin):
    portfolio = make_portfolio()
    image = make_image("technology", mode="P")
    response = client.post(
        links_url(portfolio.id),
        json={
            "name": "دمو پروژه",
            "image": image.id,
            "url": "https://moeinsoft.com/demo",
            "description": "لینک مشاهده دمو",
        },  # fmt: skip
        headers=admin,
    )
    assert response.status_code == 201
    body = response.json
    assert list(body) == [
        "id", "name", "url", "image_data", "description", "created_at", "updated_at",
    ]  # fmt: skip
    assert body["url"] == "https://moeinsoft.com/demo"
    assert body["image_data"]["mode"] == "P"
    shown = client.get(f"/api/portfolios/{portfolio.id}", headers=admin).json["links_data"]
    assert [link["id"] for link in shown] == [body["id"]]


def test_names_need_not_be_unique(client, admin):
    portfolio = make_portfolio()
    for _ in range(2):
        assert (
            client.post(links_url(portfolio.id), json={"name": "github"}, headers=admin).status_code
            == 201
        )


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://example.com/x", "example.com", "https://", "http://a b"]
)
def test_only_http_and_https_urls_are_accepted(client, admin, url):
    portfolio = make_portfolio()
    response = client.post(links_url(portfolio.id), json={"name": "x", "url": url}, headers=admin)
    assert response.status_code == 400
    assert list(response.json) == ["url"]


def test_a_link_of_another_portfolio_is_404(client, admin):
    mine, other = make_portfolio("Mine"), make_portfolio("Other")
    link = client.post(links_url(other.id), json={"name": "x"}, headers=admin).json
    for method in ("GET", "PATCH", "PUT", "DELETE"):
        response = client.open(
            f"{links_url(mine.id)}{link['id']}", method=method, json={"name": "y"}, headers=admin
        )
        assert response.status_code == 404, method
    assert client.get(f"{links_url(other.id)}{link['id']}", headers=admin).status_code == 200


def test_links_of_a_missing_portfolio_are_404(client, admin):
    assert client.get(links_url(999), headers=admin).status_code == 404
    assert client.post(links_url(999), json={"name": "x"}, headers=admin).status_code == 404


def test_list_update_and_delete(client, admin):
    portfolio = make_portfolio()
    url = links_url(portfolio.id)
    link = client.post(url, json={"name": "a", "url": "http://a.example"}, headers=admin).json
    client.post(url, json={"name": "b"}, headers=admin)
    assert client.get(url, headers=admin).json["count"] == 2
    body = client.patch(f"{url}{link['id']}", json={"url": None}, headers=admin).json
    assert body["url"] is None and body["name"] == "a"
    assert client.delete(f"{url}{link['id']}", headers=admin).status_code == 204
    assert client.get(url, headers=admin).json["count"] == 1


def test_link_permissions_use_codes_4240_to_4244(client):
    portfolio = make_portfolio()
    assert client.get(links_url(portfolio.id), headers=staff_with(4200)).status_code == 403
    headers = staff_with(4240, 4241, username="linker")
    assert client.get(links_url(portfolio.id), headers=headers).status_code == 200
    created = client.post(links_url(portfolio.id), json={"name": "x"}, headers=headers)
    assert created.status_code == 201
