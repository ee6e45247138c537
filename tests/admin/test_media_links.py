"""Links respect permissions: a media tile and a "used by" entry link to a page only for
users who may open it, so every link on the media pages answers 200 for the user shown."""

import io
import re

import pytest

from portfolio_admin.auth.permissions import EMPLOYER, MEDIA, PORTFOLIO, TAG
from portfolio_admin.models.base import db
from portfolio_admin.services import links, media, meta
from tests.admin.conftest import signed_in_staff
from tests.factories import make_employer, make_portfolio, make_tag
from tests.images import image_bytes

HREF = re.compile(r'href="(/[^"#]*)"')


@pytest.fixture
def used_image(app):
    """A stored image used in every place a file can be used."""
    image = media.store_upload(io.BytesIO(image_bytes()), "hero.png")
    db.session.commit()
    portfolio = make_portfolio("Cafe", image=image.id, images=[image.id])
    make_employer("Blue Studio", image_id=image.id)
    make_tag("websites", image_id=image.id)
    link = {"name": "Live site", "url": "https://example.com/", "image": image.id}
    links.create_link(portfolio, link)
    meta.create_meta(portfolio, {"key": "Client", "value_file": image.id})
    db.session.commit()
    return image


def links_on(client, path: str) -> set[str]:
    response = client.get(path)
    assert response.status_code == 200
    return set(HREF.findall(response.text))


FILES = (MEDIA.list, MEDIA.retrieve, MEDIA.delete)


@pytest.mark.parametrize(
    "codes",
    [
        (MEDIA.list,),
        (MEDIA.list, MEDIA.retrieve),
        FILES,
        (*FILES, PORTFOLIO.retrieve, TAG.retrieve),
        (*FILES, PORTFOLIO.retrieve, EMPLOYER.retrieve, TAG.retrieve),
    ],
)
def test_every_link_on_the_media_pages_opens_for_the_user_who_sees_it(client, used_image, codes):
    signed_in_staff(client, *codes)
    pages = ["/admin/media/"]
    if MEDIA.retrieve in codes:
        pages.append(f"/admin/media/{used_image.id}/")
    if MEDIA.delete in codes:
        pages.append(f"/admin/media/{used_image.id}/delete")
    found = set().union(*(links_on(client, page) for page in pages))
    detail = f"/admin/media/{used_image.id}/"
    assert (detail in found) == (MEDIA.retrieve in codes)
    for href in sorted(found):
        assert client.get(href).status_code == 200, href


def test_a_user_who_may_not_open_files_sees_their_tiles_and_names_without_links(client, used_image):
    signed_in_staff(client, MEDIA.list)
    page = client.get("/admin/media/").text
    assert '<div class="media-tile-body">' in page and "hero" in page
    assert f"/admin/media/{used_image.id}/" not in page


def test_the_used_by_list_names_places_the_user_may_not_open_without_linking_them(
    client, used_image
):
    signed_in_staff(client, MEDIA.list, MEDIA.retrieve)
    page = client.get(f"/admin/media/{used_image.id}/").text
    for name in ("Cafe", "Blue Studio", "websites", "Live site", "Client"):
        assert name in page
    assert "/admin/portfolios/" not in page.split("Used by")[1]
    assert "/admin/employers/" not in page and "/admin/tags/" not in page


def test_an_upload_by_a_user_who_may_not_open_files_answers_no_page_link(client, app):
    signed_in_staff(client, MEDIA.list, MEDIA.create)
    response = client.post(
        "/admin/media/upload",
        data={"file": (io.BytesIO(image_bytes()), "new.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201 and response.json["detail_url"] is None
