"""Employers: list, search, create, edit, delete, with the schemas' errors."""

from portfolio_admin.models import Employer
from portfolio_admin.models.base import db
from tests.factories import make_employer, make_image, make_portfolio


def test_employer_list_shows_and_searches(client, boss):
    make_employer("MoeinWeb", description="web studio")
    make_employer("Acme")
    page = client.get("/admin/employers/").text
    assert "MoeinWeb" in page and "Acme" in page
    found = client.get("/admin/employers/?q=studio").text
    assert "MoeinWeb" in found and "Acme" not in found


def test_employer_is_created_with_an_image_from_the_library(client, boss):
    image = make_image()
    response = client.post(
        "/admin/employers/new",
        data={"name": "  شرکت  ", "image": str(image.id), "description": "about"},
    )
    assert response.status_code == 302
    employer = db.session.query(Employer).one()
    assert (employer.name, employer.image_id, employer.description) == ("شرکت", image.id, "about")
    assert "شرکت" in client.get("/admin/employers/").text


def test_employer_errors_are_shown_beside_their_fields_and_nothing_is_saved(client, boss):
    make_employer("Taken")
    response = client.post("/admin/employers/new", data={"name": "Taken", "image": "999"})
    assert response.status_code == 200
    page = response.text
    assert 'id="name-errors"' in page and "An employer with this name already exists." in page
    assert 'id="image-errors"' in page and "Invalid pk" in page
    assert db.session.query(Employer).count() == 1


def test_blank_name_uses_the_schema_message(client, boss):
    response = client.post("/admin/employers/new", data={"name": "   "})
    assert "This field may not be blank." in response.text
    assert db.session.query(Employer).count() == 0


def test_employer_is_edited_and_its_image_cleared(client, boss):
    employer = make_employer("Old", image=make_image())
    page = client.get(f"/admin/employers/{employer.id}/").text
    assert 'value="Old"' in page
    response = client.post(f"/admin/employers/{employer.id}/", data={"name": "New", "image": ""})
    assert response.status_code == 302
    db.session.expire_all()
    assert (employer.name, employer.image_id) == ("New", None)


def test_employer_delete_asks_first_then_deletes(client, boss):
    employer = make_employer("Gone")
    page = client.get(f"/admin/employers/{employer.id}/delete").text
    assert "Delete employer “Gone”?" in page
    assert db.session.query(Employer).count() == 1
    response = client.post(f"/admin/employers/{employer.id}/delete")
    assert response.status_code == 302
    assert db.session.query(Employer).count() == 0


def test_employer_delete_says_how_many_portfolios_lose_it(client, boss):
    employer = make_employer("Acme")
    page = client.get(f"/admin/employers/{employer.id}/delete").text
    assert "No portfolio has this employer." in page
    make_portfolio("One", employer=employer.id)
    page = client.get(f"/admin/employers/{employer.id}/delete").text
    assert "1 portfolio will lose this employer." in page
    for title in ("Two", "Three"):
        make_portfolio(title, employer=employer.id)
    make_portfolio("Elsewhere")
    page = client.get(f"/admin/employers/{employer.id}/delete").text
    assert "3 portfolios will lose this employer." in page


def test_missing_employer_is_a_friendly_404(client, boss):
    response = client.get("/admin/employers/999/")
    assert response.status_code == 404
    assert "Page not found" in response.text and "Back to the dashboard" in response.text
