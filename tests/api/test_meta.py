"""``/api/portfolios/:id/meta/``: keys unique per portfolio, any kind of file."""

from tests.factories import make_document, make_image, make_portfolio


def meta_url(portfolio_id):
    return f"/api/portfolios/{portfolio_id}/meta/"


def test_meta_entry_with_a_pdf_shows_the_short_file_shape(client, admin):
    portfolio = make_portfolio()
    brief = make_document()
    response = client.post(
        meta_url(portfolio.id),
        json={"key": "brief", "value_text": "خلاصه", "value_file": brief.id},
        headers=admin,
    )
    assert response.status_code == 201
    assert list(response.json) == ["id", "key", "value_text", "value_file"]
    assert response.json["value_file"]["type"] == "document"
    assert response.json["value_text"] == "خلاصه"


def test_keys_are_unique_within_a_portfolio_only(client, admin):
    first, second = make_portfolio("A"), make_portfolio("B")
    assert client.post(meta_url(first.id), json={"key": "k"}, headers=admin).status_code == 201
    duplicate = client.post(meta_url(first.id), json={"key": "k"}, headers=admin)
    assert duplicate.status_code == 400
    assert duplicate.json == {"key": ["meta entry with this key already exists."]}
    assert client.post(meta_url(second.id), json={"key": "k"}, headers=admin).status_code == 201


def test_value_file_may_be_an_image_and_can_be_cleared(client, admin):
    portfolio = make_portfolio()
    entry = client.post(
        meta_url(portfolio.id), json={"key": "logo", "value_file": make_image().id}, headers=admin
    ).json
    assert entry["value_file"]["type"] == "image"
    cleared = client.patch(
        f"{meta_url(portfolio.id)}{entry['id']}", json={"value_file": None}, headers=admin
    ).json
    assert cleared["value_file"] is None


def test_unknown_file_is_400_on_value_file(client, admin):
    portfolio = make_portfolio()
    response = client.post(
        meta_url(portfolio.id), json={"key": "k", "value_file": 42}, headers=admin
    )
    assert response.json == {"value_file": ['Invalid pk "42" - object does not exist.']}


def test_an_entry_of_another_portfolio_is_404(client, admin):
    mine, other = make_portfolio("Mine"), make_portfolio("Other")
    entry = client.post(meta_url(other.id), json={"key": "k"}, headers=admin).json
    assert client.get(f"{meta_url(mine.id)}{entry['id']}", headers=admin).status_code == 404
    assert client.delete(f"{meta_url(mine.id)}{entry['id']}", headers=admin).status_code == 404
    assert client.delete(f"{meta_url(other.id)}{entry['id']}", headers=admin).status_code == 204
