"""Tags: create, edit, search, delete, with the schemas' errors."""

from portfolio_admin.models import Tag
from portfolio_admin.models.base import db
from tests.factories import make_tag


def test_tag_create_edit_delete(client, boss):
    assert client.post("/admin/tags/new", data={"name": "sites"}).status_code == 302
    tag = db.session.query(Tag).one()
    assert client.post(f"/admin/tags/{tag.id}/", data={"name": "web"}).status_code == 302
    db.session.expire_all()
    assert tag.name == "web"
    assert "web" in client.get("/admin/tags/?q=we").text
    assert client.post(f"/admin/tags/{tag.id}/delete").status_code == 302
    assert db.session.query(Tag).count() == 0


def test_tag_name_too_long_is_refused_by_the_schema(client, boss):
    make_tag("x")
    response = client.post("/admin/tags/new", data={"name": "n" * 256})
    assert "Ensure this field has no more than 255 characters." in response.text
    assert db.session.query(Tag).count() == 1
