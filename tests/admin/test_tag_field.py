"""The portfolio form's tag token field: tags created in place (the tags page's schema,
service and messages, the tag create code) and the order the field sends kept."""

import pytest

from portfolio_admin.auth.permissions import PORTFOLIO, TAG
from portfolio_admin.models import Tag
from portfolio_admin.models.base import db
from tests.admin.conftest import signed_in_staff
from tests.admin.test_portfolios import form
from tests.factories import make_portfolio, make_tag

PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9"}


def create(client, body, **kwargs):
    return client.post("/admin/tags/create.json", json=body, **kwargs)


def test_a_tag_created_in_place_is_a_tag_like_any_other(client, boss):
    response = create(client, {"name": "  branding "})
    assert response.status_code == 201
    tag = db.session.get(Tag, response.json["id"])
    assert response.json == {"id": tag.id, "name": "branding"} and tag.name == "branding"


@pytest.mark.parametrize("name", ["Cafe", "كافه"])
def test_a_taken_name_or_its_lookalike_gets_the_tags_page_message(client, boss, name):
    make_tag("Cafe")
    make_tag("کافه")
    response = create(client, {"name": name})
    assert response.status_code == 400
    assert response.json == {"errors": {"name": ["A tag with this name already exists."]}}
    assert db.session.query(Tag).count() == 2


def test_the_message_is_in_the_pages_language(client, boss):
    make_tag("web")
    response = create(client, {"name": "web"}, headers=PERSIAN)
    assert response.status_code == 400
    assert response.json["errors"]["name"] != ["A tag with this name already exists."]
    assert "برچسب" in response.json["errors"]["name"][0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": "   "}, "This field may not be blank."),
        ({"name": "a\x07b"}, "Control characters are not allowed."),
        ({"name": "n" * 256}, "Ensure this field has no more than 255 characters."),
        ({}, "This field is required."),
        ([1], "This field is required."),
    ],
)
def test_a_name_the_tags_page_refuses_is_refused_here_alike(client, boss, body, message):
    response = create(client, body)
    assert response.status_code == 400 and response.json == {"errors": {"name": [message]}}
    assert db.session.query(Tag).count() == 0


def test_creating_in_place_needs_the_tag_create_code(client):
    signed_in_staff(client, PORTFOLIO.list, PORTFOLIO.create, PORTFOLIO.update, TAG.list)
    assert create(client, {"name": "web"}).status_code == 403
    assert db.session.query(Tag).count() == 0
    # ... and the form offers no creating then.
    page = client.get("/admin/portfolios/new").text
    assert "data-token-field" in page and "/admin/tags/create.json" not in page


def test_the_form_offers_creating_to_who_may(client, boss):
    assert 'data-create-url="/admin/tags/create.json"' in client.get("/admin/portfolios/new").text


def test_the_token_fields_order_is_saved(client, boss):
    a, b, c = make_tag("a"), make_tag("b"), make_tag("c")
    portfolio = make_portfolio("P", tags=[a.id, b.id])
    tags = [str(c.id), str(a.id), str(b.id)]
    data = form(title="P", slug="p") | {"tags": tags, "tags_ordered": "1"}
    assert client.post(f"/admin/portfolios/{portfolio.id}/", data=data).status_code == 302
    db.session.expire_all()
    assert [link.tag_id for link in portfolio.tag_links] == [c.id, a.id, b.id]
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    assert f'data-chosen=\'["{c.id}", "{a.id}", "{b.id}"]\'' in page


def test_a_form_sent_back_with_errors_keeps_the_chosen_order(client, boss):
    a, b = make_tag("a"), make_tag("b")
    data = form(title="", slug="p") | {"tags": [str(b.id), str(a.id)], "tags_ordered": "1"}
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 400
    assert f'data-chosen=\'["{b.id}", "{a.id}"]\'' in response.text
