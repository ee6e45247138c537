"""The admin in Persian: the language chosen per user or by the browser, right-to-left
pages, Persian digits typed and shown, translated messages (the API stays English)."""

import io
import json
import re
from datetime import UTC, datetime

import pytest

from portfolio_admin.auth.permissions import EMPLOYER
from portfolio_admin.models import Portfolio, User
from portfolio_admin.models.base import db
from tests.admin.conftest import login
from tests.factories import (
    auth_header,
    make_employer,
    make_portfolio,
    make_token,
    make_user,
    staff_with,
)

PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9,en;q=0.5"}
ENGLISH = {"Accept-Language": "en-US,en;q=0.8"}
RTL = '<html lang="fa" dir="rtl">'
LTR = '<html lang="en" dir="ltr">'


def script_strings(page: str) -> dict:
    island = re.search(r'<script type="application/json" id="script-strings">(.*?)</script>', page)
    return json.loads(island.group(1))


def test_sign_in_page_follows_the_browser_language(client):
    page = client.get("/admin/login", headers=PERSIAN).text
    assert RTL in page
    assert "نام کاربری" in page and "رمز عبور" in page and "ورود" in page
    assert LTR in client.get("/admin/login", headers=ENGLISH).text
    assert LTR in client.get("/admin/login", headers={"Accept-Language": "de"}).text


def test_error_pages_are_translated_and_right_to_left(client, boss):
    response = client.get("/admin/portfolios/999999/", headers=PERSIAN)
    assert response.status_code == 404
    assert RTL in response.text and "صفحه پیدا نشد" in response.text
    assert "۴۰۴" in response.text
    outside = client.get("/nowhere", headers=PERSIAN)
    assert outside.status_code == 404 and RTL in outside.text


def test_a_users_saved_language_wins_over_the_browsers(client):
    user = make_user("sara", is_staff=True, permissions=[EMPLOYER.list])
    user.language = "fa"
    db.session.commit()
    login(client, "sara")
    page = client.get("/admin/employers/", headers=ENGLISH).text
    assert RTL in page and "کارفرماها" in page


def test_the_language_switch_saves_the_language_on_the_profile(client, boss):
    response = client.post(
        "/admin/language", data={"language": "fa", "next": "/admin/tags/?q=x"}, headers=ENGLISH
    )
    assert response.status_code == 302 and response.headers["Location"] == "/admin/tags/?q=x"
    assert db.session.get(User, boss.id).language == "fa"
    page = client.get("/admin/tags/", headers=ENGLISH).text
    assert RTL in page and "برچسب‌ها" in page
    assert 'value="en" lang="en">English</button>' in page  # the way back, in English

    assert client.post("/admin/language", data={"language": "xx"}).status_code == 400
    assert db.session.get(User, boss.id).language == "fa"
    away = client.post("/admin/language", data={"language": "en", "next": "//evil.example"})
    assert away.headers["Location"] == "/admin/"
    assert client.get("/admin/language").status_code == 405


def test_the_language_switch_needs_the_csrf_token(app, client, boss):
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post("/admin/language", data={"language": "fa"}).status_code == 400
    assert db.session.get(User, boss.id).language is None
    page = client.get("/admin/").text
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    response = client.post("/admin/language", data={"language": "fa", "csrf_token": token})
    assert response.status_code == 302 and db.session.get(User, boss.id).language == "fa"


@pytest.fixture
def persian_boss(boss):
    boss.language = "fa"
    db.session.commit()
    return boss


def test_persian_digits_are_accepted_where_numbers_are_typed(client, persian_boss):
    data = {"title": "طرح", "slug": "tarh", "excerpt": "کوتاه", "order": "۱۲"}
    data["completed_at"] = "۲۰۲۶-۱۱-۲۳"
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 302, response.text
    portfolio = db.session.query(Portfolio).one()
    assert portfolio.order == 12 and portfolio.completed_at.date().isoformat() == "2026-11-23"

    employer = make_employer("Acme")
    make_portfolio("Other")
    portfolio.employer_id = employer.id
    db.session.commit()
    typed_id = str(employer.id).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    page = client.get(f"/admin/portfolios/?employer={typed_id}&page=۱").text
    assert "طرح" in page and "Other" not in page
    ticked = client.post("/admin/portfolios/bulk", data={"action": "deactivate", "ids": ["۱"]})
    assert ticked.status_code == 302
    assert db.session.get(Portfolio, 1).is_active is False


def test_persian_pages_show_persian_numbers_and_solar_hijri_dates(client, persian_boss):
    make_portfolio("طرح", completed_at=datetime(2026, 11, 23, tzinfo=UTC))
    page = client.get("/admin/portfolios/").text
    assert "۲ آذر ۱۴۰۵ (\u206623 Nov 2026\u2069)" in page
    form = client.get("/admin/portfolios/1/").text
    assert "۲ آذر ۱۴۰۵ (\u206623 Nov 2026\u2069)" in form  # beside the date input
    dashboard = client.get("/admin/").text
    assert re.search(r'<span class="count">۱</span>', dashboard)


def test_counts_in_messages_are_persian(client, persian_boss):
    for title in ("a", "b"):
        make_portfolio(title)
    client.post("/admin/portfolios/bulk", data={"action": "deactivate", "ids": ["1", "2"]})
    assert "۲ نمونه‌کار غیرفعال شد." in client.get("/admin/portfolios/").text


def test_the_employer_delete_confirmation_counts_portfolios_in_persian(client, persian_boss):
    employer = make_employer("Acme")
    for title in ("a", "b", "c"):
        make_portfolio(title, employer=employer.id)
    page = client.get(f"/admin/employers/{employer.id}/delete").text
    assert "این کارفرما از ۳ نمونه‌کار برداشته می‌شود." in page


def test_validation_messages_are_persian_in_the_admin_and_english_in_the_api(client, persian_boss):
    make_employer("Acme")
    page = client.post("/admin/employers/new", data={"name": "Acme"}).text
    assert "کارفرمای دیگری با همین نام وجود دارد." in page
    assert (
        "این فیلد نباید خالی باشد." in client.post("/admin/employers/new", data={"name": " "}).text
    )
    page = client.post("/admin/employers/new", data={"name": "New", "image": "999"}).text
    assert "موردی با شناسه ۹۹۹ وجود ندارد." in page

    headers = staff_with(EMPLOYER.create) | PERSIAN
    api = client.post("/api/portfolios/employers/", json={"name": "Acme"}, headers=headers)
    assert api.status_code == 400
    assert api.json == {"name": ["employer with this name already exists."]}


def test_upload_errors_are_persian_in_the_admin_and_english_in_the_api(client, persian_boss):
    empty = {"file": (io.BytesIO(b""), "empty.png")}
    admin = client.post("/admin/media/upload", data=empty, content_type="multipart/form-data")
    assert admin.status_code == 400 and admin.json == {
        "errors": {"file": ["فایل فرستاده‌شده خالی است."]}
    }

    headers = auth_header(make_token(make_user("root", is_admin=True))) | PERSIAN
    empty = {"f": (io.BytesIO(b""), "empty.png")}
    api = client.post("/api/media/", data=empty, headers=headers)
    assert api.status_code == 400 and api.json == {"f": ["The submitted file is empty."]}


def test_scripts_get_their_texts_in_the_page_language(app, client, persian_boss):
    strings = script_strings(client.get("/admin/media/").text)
    assert strings["nothingFound"] == "چیزی پیدا نشد."
    assert strings["uploadFailed"] == "بارگذاری انجام نشد (خطای %(status)s)."
    english = script_strings(app.test_client().get("/admin/login", headers=ENGLISH).text)
    assert english["nothingFound"] == "Nothing found."


def test_the_error_summary_names_inline_rows_in_persian(client, persian_boss):
    data = {"title": "T", "slug": "t", "excerpt": "e", "order": "0"}
    data |= {"links-0-name": "a", "links-0-url": "https://a.example"}
    data |= {"links-1-name": "b", "links-1-url": "javascript:alert(1)"}
    page = client.post("/admin/portfolios/new", data=data).text
    assert '<a href="#links-1-url">پیوند ۲: نشانی (URL)</a>' in page
