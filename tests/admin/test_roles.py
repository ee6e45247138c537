"""Roles in the admin: administrators make them, give them to users, change and delete
them; members hold the codes at once."""

from sqlalchemy import select

from portfolio_admin.auth.permissions import EMPLOYER, TAG
from portfolio_admin.models import Role
from portfolio_admin.models.base import db
from portfolio_admin.services import roles
from tests.admin.conftest import login, signed_in_staff
from tests.factories import make_user


def _role(name: str) -> Role:
    return db.session.scalars(select(Role).where(Role.name == name)).one()


def test_an_admin_creates_a_role_and_gives_it_to_a_user(client, boss):
    answer = client.post(
        "/admin/roles/new",
        data={
            "name": "  Tag keeper ",
            "permissions": [str(TAG.list)],
            "whole_resources": ["employer"],
        },
    )
    assert answer.status_code == 302
    role = _role("Tag keeper")
    assert role.permissions == {TAG.list, *EMPLOYER.codes.values()}
    clerk = make_user("clerk", is_staff=True)
    db.session.commit()
    saved = client.post(
        f"/admin/users/{clerk.id}/",
        data={"username": "clerk", "is_staff": "y", "roles": [str(role.id)]},
    )
    assert saved.status_code == 302
    page = client.get(f"/admin/users/{clerk.id}/").text
    assert "from Tag keeper" in page and f'value="{role.id}" checked' in page
    listing = client.get("/admin/users/").text
    assert "Tag keeper" in listing


def test_a_members_access_follows_the_role_at_once(client, app):
    role = roles.save_role(None, "Reader", [TAG.list])
    member = make_user("member", is_staff=True)
    member.roles = [role]
    db.session.commit()
    login(client, "member")
    assert client.get("/admin/tags/").status_code == 200
    assert client.get("/admin/employers/").status_code == 403
    roles.save_role(role, "Reader", [EMPLOYER.list])
    db.session.commit()
    assert client.get("/admin/tags/").status_code == 403
    assert client.get("/admin/employers/").status_code == 200


def test_role_names_are_unique_and_codes_known(client, boss):
    roles.save_role(None, "Editor", [])
    db.session.commit()
    taken = client.post("/admin/roles/new", data={"name": "Editor"})
    assert taken.status_code == 400 and 'id="name-errors"' in taken.text
    blank = client.post("/admin/roles/new", data={"name": " "})
    assert blank.status_code == 400
    unknown = client.post("/admin/roles/new", data={"name": "X", "permissions": ["9999"]})
    assert unknown.status_code == 400 and "Unknown permission code 9999." in unknown.text
    nul = client.post("/admin/roles/new", data={"name": "A\x00B"})
    assert nul.status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(Role)) == 1


def test_deleting_a_role_says_how_many_lose_it(client, boss):
    role = roles.save_role(None, "Editor", [TAG.list])
    for name in ("a", "b"):
        make_user(name, is_staff=True).roles = [role]
    db.session.commit()
    question = client.get(f"/admin/roles/{role.id}/delete")
    assert "2 users lose the codes this role gives" in question.text
    assert client.post(f"/admin/roles/{role.id}/delete").status_code == 302
    assert db.session.get(Role, role.id) is None


def test_only_admins_see_roles(client):
    signed_in_staff(client, TAG.list)
    assert client.get("/admin/roles/").status_code == 403
    assert client.post("/admin/roles/new", data={"name": "Mine"}).status_code == 403


def test_a_role_deleted_while_a_user_form_was_open_is_a_clear_error(client, boss):
    role = roles.save_role(None, "Gone soon", [])
    clerk = make_user("clerk", is_staff=True)
    db.session.commit()
    role_id = role.id
    roles.delete_role(role)
    db.session.commit()
    answer = client.post(
        f"/admin/users/{clerk.id}/",
        data={"username": "clerk", "is_staff": "y", "roles": [str(role_id)]},
    )
    assert answer.status_code == 400 and "This role no longer exists." in answer.text
    odd = client.post(
        f"/admin/users/{clerk.id}/", data={"username": "clerk", "roles": ["99999999999999"]}
    )
    assert odd.status_code == 400
