"""``?search=`` finds what people type: Arabic or Persian letter forms, with or without
ZWNJ, tatweel or harakat, any digits, any Latin case or accent; the same on every
database (the stored ``search_text`` and the query are normalised alike)."""

import pytest

from portfolio_admin.models import Link, MetaEntry
from portfolio_admin.models.base import db
from tests.factories import make_document, make_employer, make_portfolio, make_tag

PORTFOLIOS = "/api/portfolios/"
TAGS = "/api/portfolios/tags/"
EMPLOYERS = "/api/portfolios/employers/"


def found(client, admin, url, term, key="name"):
    """The ``key`` of each result of ``url`` searched for ``term``."""
    response = client.get(url, query_string={"search": term}, headers=admin)
    assert response.status_code == 200, response.json
    return [row[key] for row in response.json["results"]]


@pytest.mark.parametrize(
    "term",
    [
        "كافه",  # Arabic kaf, as an Arabic keyboard types it
        "وبسایت",  # without the zero-width non-joiner
        "وب‌سایت",  # with it
        "وب‌سايت",  # Arabic yeh
        "وَب‌سایْت",  # with harakat
        "کافـــه",  # stretched with tatweel
        "  کافه   لمیز ",  # extra spaces
        "لمیز",
    ],
)
def test_a_persian_title_is_found_however_it_is_typed(client, admin, term):
    make_portfolio("وب‌سایت کافه لمیز", slug="cafe-lamiz")
    make_portfolio("کافی‌شاپ", slug="coffee-shop")
    assert found(client, admin, PORTFOLIOS, term, "title") == ["وب‌سایت کافه لمیز"]


@pytest.mark.parametrize("term", ["1402", "۱۴۰۲", "١٤٠٢", "پروژه ۱۴۰۲", "پروژه 1402"])
def test_persian_arabic_and_ascii_digits_find_each_other(client, admin, term):
    make_portfolio("Persian digits", slug="fa", excerpt="پروژه ۱۴۰۲")
    make_portfolio("Arabic digits", slug="ar", excerpt="پروژه ١٤٠٢")
    make_portfolio("ASCII digits", slug="en", excerpt="پروژه 1402")
    make_portfolio("Other year", slug="other", excerpt="پروژه ۱۴۰۳")
    titles = found(client, admin, PORTFOLIOS, term, "title")
    assert sorted(titles) == ["ASCII digits", "Arabic digits", "Persian digits"]


@pytest.mark.parametrize(
    ("stored", "term"),
    [
        ("شركة كافي", "شرکه کافی"),  # Arabic kaf, yeh and teh marbuta, found by Persian
        ("مدرسة", "مدرسه"),
        ("خانۀ هنر", "خانه هنر"),  # heh with yeh above
        ("خانهٔ هنر", "خانه هنر"),  # heh + hamza above
        ("مُهَنْدِس", "مهندس"),  # harakat in the stored text
        ("نرم‌افزار", "نرمافزار"),
        ("کتاب‌خانه", "كتابخانه"),  # Persian stored, Arabic typed
        ("آرش", "ارش"),  # alef with madda matches the bare alef
    ],
)
def test_stored_arabic_forms_and_marks_are_found_by_plain_persian(client, admin, stored, term):
    make_employer(stored)
    make_employer("دیگر")
    assert found(client, admin, EMPLOYERS, term) == [stored]


@pytest.mark.parametrize(
    ("term", "names"),
    [
        ("École", ["école", "École", "ecole"]),
        ("école", ["école", "École", "ecole"]),
        ("ECOLE", ["école", "École", "ecole"]),
        ("CAFÉ", ["Café"]),
        ("straße", ["STRASSE"]),
    ],
)
def test_latin_case_and_accents_are_folded_on_every_database(client, admin, term, names):
    for name in ("École", "école", "ecole", "Café", "STRASSE", "other"):
        make_tag(name)
    assert sorted(found(client, admin, TAGS, term)) == sorted(names)


@pytest.mark.parametrize(
    ("term", "names"),
    [("50%", ["50% off"]), ("_", ["snake_case"]), ("\\", ["back\\slash"]), ("%_", [])],
)
def test_like_wildcards_match_only_themselves(client, admin, term, names):
    for name in ("50% off", "500 off", "snake_case", "snake case", "back\\slash", "backslash"):
        make_tag(name)
    assert found(client, admin, TAGS, term) == names


@pytest.mark.parametrize("term", ["\u200c", "\u064e", "ـ", "   "])
def test_a_term_with_nothing_left_after_normalising_keeps_every_row(client, admin, term):
    make_tag("a")
    make_tag("b")
    assert found(client, admin, TAGS, term) == ["a", "b"]


def test_every_api_list_searches_the_normalised_text(client, admin):
    portfolio = make_portfolio("وب‌سایت", slug="site")
    make_portfolio("other", slug="other")
    make_tag("كافه")
    make_employer("كافه", description="x")
    make_document("كافه.pdf", path="core_media/2026/01/02/k.pdf")
    make_document("other.pdf", path="core_media/2026/01/02/o.pdf")
    db.session.add_all(
        [
            Link(portfolio_id=portfolio.id, name="سايت كافه", url="https://example.com/"),
            Link(portfolio_id=portfolio.id, name="other", url="https://example.org/"),
            MetaEntry(portfolio_id=portfolio.id, key="مكان", value_text="كافه"),
            MetaEntry(portfolio_id=portfolio.id, key="other", value_text="x"),
        ]
    )
    db.session.commit()
    links = f"{PORTFOLIOS}{portfolio.id}/links/"
    meta = f"{PORTFOLIOS}{portfolio.id}/meta/"
    assert found(client, admin, TAGS, "کافه") == ["كافه"]
    assert found(client, admin, EMPLOYERS, "کافه") == ["كافه"]
    assert found(client, admin, "/api/media/", "کافه") == ["كافه.pdf"]
    assert found(client, admin, links, "سایت کافه") == ["سايت كافه"]
    assert found(client, admin, meta, "مکان", "key") == ["مكان"]
    assert found(client, admin, PORTFOLIOS, "وبسايت", "title") == ["وب‌سایت"]


def test_an_edited_row_is_found_by_its_new_text_only(client, admin):
    tag = make_tag("كافه")
    response = client.patch(f"{TAGS}{tag.id}/", json={"name": "رستوران"}, headers=admin)
    assert response.status_code == 200
    assert found(client, admin, TAGS, "کافه") == []
    assert found(client, admin, TAGS, "رستوران") == ["رستوران"]
