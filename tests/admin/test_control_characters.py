"""Control characters typed or sent to the admin: refused as a 400 naming the field, with
the message beside a form's field, in English and Persian. PostgreSQL cannot store NUL:
the sign-in form, the forms and uploads answered 500 there."""

import io

import pytest

from portfolio_admin.models import ApiToken, Employer, LoginAttempt, MediaFile, Portfolio, Tag, User
from portfolio_admin.models.base import db
from tests.admin.conftest import login
from tests.factories import make_image, make_user
from tests.images import image_bytes

NUL = "Null characters are not allowed."
CONTROL = "Control characters are not allowed."
PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9"}
NUL_FA = "نویسه‌ی تهی (NUL) پذیرفته نیست."
CONTROL_FA = "نویسه‌های کنترلی پذیرفته نیستند."


def beside(page: str, field_id: str, message: str) -> bool:
    """Whether ``message`` is in the error list of the field ``field_id``."""
    start = page.find(f'id="{field_id}-errors"')
    return start != -1 and message in page[start : page.find("</ul>", start)]


@pytest.mark.parametrize("username", ["boss\x00", "\x00", "bo\x1bss"])
def test_control_characters_in_the_sign_in_form_are_a_400_beside_the_username(client, username):
    make_user("boss", is_admin=True)
    response = login(client, username=username)
    assert response.status_code == 400
    assert beside(response.text, "username", NUL if "\x00" in username else CONTROL)
    assert db.session.query(LoginAttempt).count() == 0


def test_nul_in_the_sign_in_password_is_a_400_too(client):
    make_user("boss", is_admin=True)
    response = login(client, password="secret\x00pass")
    assert response.status_code == 400
    assert beside(response.text, "password", NUL)


def test_the_message_is_in_persian_on_a_persian_page(client):
    response = client.post(
        "/admin/login", data={"username": "boss\x00", "password": "x"}, headers=PERSIAN
    )
    assert response.status_code == 400
    assert beside(response.text, "username", NUL_FA)


@pytest.mark.parametrize(
    ("path", "data", "field", "model"),
    [
        ("/admin/employers/new", {"name": "Acme\x00"}, "name", Employer),
        ("/admin/employers/new", {"name": "Acme", "description": "\x00"}, "description", Employer),
        ("/admin/tags/new", {"name": "web\x00"}, "name", Tag),
        ("/admin/tags/new", {"name": "web\x1b"}, "name", Tag),
    ],
)
def test_control_characters_in_a_form_are_shown_beside_the_field(
    client, boss, path, data, field, model
):
    page = client.post(path, data=data).text
    assert beside(page, field, CONTROL if "\x1b" in data[field] else NUL)
    assert db.session.query(model).count() == 0


def portfolio_form(**fields):
    return {"title": "Site", "slug": "site", "excerpt": "short", "order": "0"} | fields


LINK, META = "links-0-", "meta_entries-0-"


@pytest.mark.parametrize(
    ("fields", "field_id"),
    [
        ({"title": "Site\x00"}, "title"),
        ({"excerpt": "a\x00"}, "excerpt"),
        ({"completed_at": "2024-01-01\x00"}, "completed_at"),
        ({LINK + "name": "Live\x00", LINK + "url": "https://a.example"}, LINK + "name"),
        ({LINK + "name": "Live", LINK + "url": "https://a.example/\x00"}, LINK + "url"),
        ({META + "key": "k\x00", META + "value_text": "v"}, META + "key"),
        ({META + "key": "k", META + "value_text": "\x00"}, META + "value_text"),
    ],
)
def test_nul_in_the_portfolio_form_or_its_rows_is_a_400_beside_the_field(
    client, boss, fields, field_id
):
    response = client.post("/admin/portfolios/new", data=portfolio_form(**fields))
    assert response.status_code == 400
    assert beside(response.text, field_id, NUL)
    assert db.session.query(Portfolio).count() == 0


def test_nul_in_a_media_rename_is_shown_beside_the_name(client, boss):
    media = make_image("photo")
    response = client.post(f"/admin/media/{media.id}/", data={"name": "new\x00"})
    assert beside(response.text, "name", NUL)
    db.session.expire_all()
    assert media.name == "photo"


def test_nul_in_a_user_form_and_a_token_name_is_shown_beside_the_field(client, boss):
    data = {"username": "clerk\x00", "password": "a-long-pass-phrase", "is_staff": "y"}
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 400
    assert beside(response.text, "username", NUL)
    assert db.session.query(User).count() == 1
    response = client.post("/admin/account/tokens/", data={"name": "ci\x00", "expires_in_days": ""})
    assert response.status_code == 400
    assert beside(response.text, "name", NUL)
    assert db.session.query(ApiToken).count() == 0


def test_nul_in_an_uploaded_file_name_is_refused_and_stores_nothing(client, boss):
    response = client.post(
        "/admin/media/upload",
        data={"file": (io.BytesIO(image_bytes()), "photo\x00.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert response.json == {"errors": {"file": [NUL]}}
    assert db.session.query(MediaFile).count() == 0


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/admin/portfolios/?q=%00", "q"),
        ("/admin/portfolios/?q=a%1Fb", "q"),
        ("/admin/portfolios/?sort=title%00", "sort"),
        ("/admin/portfolios/?active=1%00", "active"),
        ("/admin/employers/?q=%00", "q"),
        ("/admin/tags/?q=%00", "q"),
        ("/admin/media/?q=%00", "q"),
        ("/admin/media/?type=image%00", "type"),
        ("/admin/media/choose.json?q=%00", "q"),
        ("/admin/users/?q=%00", "q"),
        ("/admin/activity/?resource=tag%00", "resource"),
    ],
)
def test_control_characters_in_a_query_string_are_a_400_naming_the_parameter(
    client, boss, url, name
):
    response = client.get(url)
    assert response.status_code == 400
    assert f"“{name}”" in response.text
    assert (CONTROL if "%1F" in url else NUL) in response.text


def test_a_control_character_in_a_parameter_name_is_a_400_too(client, boss):
    response = client.get("/admin/?x%00=1")
    assert response.status_code == 400
    assert NUL in response.text


def test_a_query_string_nul_is_refused_before_signing_in_too(client):
    response = client.get("/admin/login?next=/admin/%00")
    assert response.status_code == 400
    assert "“next”" in response.text and NUL in response.text


def test_a_client_address_with_nul_from_a_trusted_proxy_is_a_400(more_instances):
    behind_proxy = more_instances(PROXY_FIX_X_FOR=1, WTF_CSRF_ENABLED=False).test_client()
    make_user("boss", is_admin=True)
    response = behind_proxy.post(
        "/admin/login",
        data={"username": "boss", "password": "wrong"},
        headers={"X-Forwarded-For": "203.0.113.7\x00"},
    )
    assert response.status_code == 400
    assert "“X-Forwarded-For”" in response.text and NUL in response.text
    assert db.session.query(LoginAttempt).count() == 0
