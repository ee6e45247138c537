"""Every admin list's search (``?q=``) finds what people type, as the API's does: Arabic or
Persian letter forms, ZWNJ or not, harakat, any digits, any Latin case or accent."""

import pytest

from tests.factories import make_document, make_employer, make_portfolio, make_tag, make_user


@pytest.mark.parametrize("term", ["كافه", "وبسایت", "وب‌سایت", "وَب‌سایت", "۲۰۲۴", "٢٠٢٤"])
def test_the_portfolio_list_finds_a_persian_title_however_it_is_typed(client, boss, term):
    make_portfolio("وب‌سایت کافه لمیز", slug="cafe-lamiz", excerpt="2024")
    make_portfolio("Blog", slug="blog")
    page = client.get("/admin/portfolios/", query_string={"q": term}).text
    assert "وب‌سایت کافه لمیز" in page and "Blog" not in page


def test_the_portfolio_list_also_finds_slugs(client, boss):
    make_portfolio("وب‌سایت", slug="cafe-lamiz")
    make_portfolio("Blog", slug="blog")
    page = client.get("/admin/portfolios/", query_string={"q": "LAMIZ"}).text
    assert "وب‌سایت" in page and "Blog" not in page


def test_employer_tag_media_and_user_lists_find_arabic_forms_by_persian(client, boss):
    make_employer("شركة كافي")
    make_employer("other employer")
    make_tag("مدرسة")
    make_tag("other tag")
    make_document("كتاب", path="core_media/2026/01/02/k.pdf")
    make_document("other file", path="core_media/2026/01/02/o.pdf")
    make_user("Élodie")
    make_user("other-user")

    def listed(path, term):
        return client.get(path, query_string={"q": term}).text

    employers = listed("/admin/employers/", "کافی")
    assert "شركة كافي" in employers and "other employer" not in employers
    tags = listed("/admin/tags/", "مدرسه")
    assert "مدرسة" in tags and "other tag" not in tags
    media = listed("/admin/media/", "کتاب")
    assert "كتاب" in media and "other file" not in media
    users = listed("/admin/users/", "elodie")
    assert "Élodie" in users and "other-user" not in users
    chooser = client.get("/admin/media/choose.json", query_string={"q": "کتاب"}).json
    assert [item["name"] for item in chooser["results"]] == ["كتاب"]


@pytest.mark.parametrize(
    ("term", "shown", "hidden"), [("50%", "50% off", "500 off"), ("_", "a_b", "a b")]
)
def test_like_wildcards_in_an_admin_search_match_only_themselves(client, boss, term, shown, hidden):
    make_tag(shown)
    make_tag(hidden)
    page = client.get("/admin/tags/", query_string={"q": term}).text
    assert shown in page and hidden not in page
