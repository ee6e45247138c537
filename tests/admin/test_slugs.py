"""The slug the portfolio form suggests: one ``slugify`` on the server, asked by the form's
script, keeping Persian words whole."""

import pytest

from portfolio_admin.auth.permissions import PORTFOLIO
from tests.admin.conftest import signed_in_staff

URL = "/admin/portfolios/slug"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("وب‌سایت کافه لمیز", "وبسایت-کافه-لمیز"),  # the ZWNJ goes, it is no word break
        ("وب\u200dسایت", "وبسایت"),  # nor is a zero-width joiner
        ("وَبْ‌سايت — ۱۴۰۲", "وبسایت-۱۴۰۲"),  # harakat dropped, Arabic yeh made Persian
        ("مـــسجد", "مسجد"),  # tatweel
        ("Café  Lamiz!", "café-lamiz"),
        ("a_b -- c", "a-b-c"),
        ("!!!", ""),
    ],
)
def test_the_suggested_slug_keeps_persian_words_whole(client, boss, title, slug):
    response = client.get(URL, query_string={"title": title})
    assert response.status_code == 200
    assert response.json == {"slug": slug}


def test_a_suggested_slug_is_accepted_by_the_form(client, boss):
    slug = client.get(URL, query_string={"title": "وب‌سایت کافه"}).json["slug"]
    data = {"title": "وب‌سایت کافه", "slug": slug, "excerpt": "x", "order": "0"}
    response = client.post("/admin/portfolios/new", data=data)
    assert response.status_code == 302, response.text
    assert "وبسایت-کافه" in client.get("/admin/portfolios/").text


def test_a_very_long_title_gives_a_slug_within_the_column(client, boss):
    slug = client.get(URL, query_string={"title": "کافه " * 2000}).json["slug"]
    assert 0 < len(slug) <= 255 and not slug.endswith("-")


def test_only_staff_who_may_create_portfolios_are_answered(client):
    signed_in_staff(client, PORTFOLIO.list)
    assert client.get(URL, query_string={"title": "x"}).status_code == 403
