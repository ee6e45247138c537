"""Controls that repeat say what they act on, and numbers in upload messages read the
reader's way: a gallery's buttons name their image, each inline row is labelled by its
content, "108 megapixels, the limit is 100" (in Persian digits on a Persian page)."""

import io

import pytest

from portfolio_admin.models.base import db
from portfolio_admin.services import links, meta
from tests.factories import make_image, make_portfolio
from tests.images import image_bytes

PERSIAN = {"Accept-Language": "fa-IR,fa;q=0.9"}


def test_gallery_buttons_name_their_image_and_inline_rows_their_content(client, boss):
    first, second = make_image("harbour"), make_image("lighthouse")
    portfolio = make_portfolio("Cafe", images=[first.id, second.id])
    links.create_link(portfolio, {"name": "Live site", "url": "https://example.com/"})
    meta.create_meta(portfolio, {"key": "Client", "value_text": "Lamiz"})
    db.session.commit()
    page = client.get(f"/admin/portfolios/{portfolio.id}/").text
    for name in ("harbour", "lighthouse"):
        for action in ("Move up", "Move down", "Remove"):
            named = f'{action}<span class="visually-hidden">: <span data-gallery-label>{name}<'
            assert named in page
    assert ">Link: Live site</legend>" in page
    assert ">Meta entry: Client</legend>" in page
    assert ">New link</legend>" in page  # the blank row's template


def upload(client, content: bytes, **headers):
    return client.post(
        "/admin/media/upload",
        data={"file": (io.BytesIO(content), "big.png")},
        content_type="multipart/form-data",
        headers=headers,
    )


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "The image is too large: 1.1 megapixels, the limit is 1."),
        (PERSIAN, "تصویر بیش از حد بزرگ است: ۱٫۱ مگاپیکسل، در حالی که سقف مجاز ۱ مگاپیکسل است."),
    ],
)
def test_an_image_over_the_pixel_limit_is_named_in_megapixels(client, boss, app, headers, expected):
    app.config["MAX_IMAGE_PIXELS"] = 1_000_000
    response = upload(client, image_bytes(size=(1200, 900)), **headers)
    assert response.status_code == 400
    assert response.json["errors"]["file"] == [expected]


def test_a_pixel_limit_under_a_megapixel_is_named_in_grouped_pixels(client, boss, app):
    app.config["MAX_IMAGE_PIXELS"] = 59_999
    response = upload(client, image_bytes(size=(300, 200)))
    assert response.json["errors"]["file"] == [
        "The image is too large: 60,000 pixels, the limit is 59,999."
    ]


def test_a_file_over_the_size_limit_is_named_in_persian_digits(client, boss, app):
    app.config["MAX_UPLOAD_MB"] = 0.5
    response = upload(client, image_bytes(size=(900, 900)) + b"\0" * 600_000, **PERSIAN)
    assert response.status_code == 413
    assert "۰٫۵" in response.json["errors"]["file"][0]
