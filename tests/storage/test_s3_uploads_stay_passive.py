"""On S3 the bucket serves uploads itself, from its own origin, with whatever headers the
objects were stored with: no upload may render there as a page that runs anything.
Raster images are stored with their exact type (nothing for a browser to sniff), a
sanitised SVG inline as ``image/svg+xml``; everything else is an attachment, and markup
and scripts are plain bytes."""

import io
import urllib.request
from urllib.parse import unquote, urlsplit

import pytest

from tests import s3
from tests.images import image_bytes

pytestmark = pytest.mark.parametrize("storage_config", ["s3"], indirect=True)

PAGE = b"<html><script>fetch('/')</script></html>"
DRAWING = (  # stored sanitised, as an image with PNG thumbnails
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><script>alert(1)</script></svg>'
)


def stored(client, admin, app, content: bytes, filename: str) -> dict:
    """Upload through the API (sent as plain bytes); the head of each object it stored."""
    form = {"f": (io.BytesIO(content), filename, "application/octet-stream")}
    body = client.post("/api/media/", data=form, headers=admin).json
    bucket = s3.client(app.config["S3_ENDPOINT_URL"])
    urls = [f["f"] for f in (body, *body.get("thumbnails", ()))]
    for source in body.get("sources", ()):
        urls += [candidate.rsplit(" ", 1)[0] for candidate in source["srcset"].split(", ")]
    keys = [unquote(urlsplit(url).path).removeprefix("/media/") for url in urls]
    return {key: bucket.head_object(Bucket=app.config["S3_BUCKET"], Key=key) for key in keys}


@pytest.mark.parametrize(
    ("content", "filename", "content_type"),
    [
        (PAGE, "page.html", "application/octet-stream"),
        (PAGE, "page.xhtml", "application/octet-stream"),
        (b"%PDF-1.4 ...", "brief.pdf", "application/pdf"),
        (b"just text", "notes", "application/octet-stream"),
    ],
)
def test_other_files_are_stored_as_attachments_never_as_markup(
    client, admin, app, content, filename, content_type
):
    # The stored file (a sanitised SVG also has PNG thumbnails, stored as images).
    head = next(iter(stored(client, admin, app, content, filename).values()))
    assert head["ContentDisposition"] == "attachment"
    assert head["ContentType"] == content_type


def test_a_sanitised_svg_is_stored_inline_as_svg_without_its_script(client, admin, app):
    heads = stored(client, admin, app, DRAWING, "logo.svg")
    key, head = next(iter(heads.items()))
    assert key.endswith(".svg") and head["ContentType"] == "image/svg+xml"
    assert "ContentDisposition" not in head  # a visit shows it, as an <img> does
    body = (
        s3.client(app.config["S3_ENDPOINT_URL"])
        .get_object(Bucket=app.config["S3_BUCKET"], Key=key)["Body"]
        .read()
    )
    assert b"<svg" in body and b"script" not in body


def test_an_svg_stored_as_a_plain_file_stays_an_attachment(app):
    from portfolio_admin.storage import get_storage

    path = get_storage().save("core_media/old/logo.svg", io.BytesIO(DRAWING))  # not sanitised
    head = s3.client(app.config["S3_ENDPOINT_URL"]).head_object(
        Bucket=app.config["S3_BUCKET"], Key=path
    )
    assert head["ContentDisposition"] == "attachment"


def test_images_and_thumbnails_are_stored_with_their_exact_image_type(client, admin, app):
    app.config["IMAGE_AVIF"] = True
    heads = stored(client, admin, app, image_bytes("JPEG", (1600, 900)), "photo.png")  # misnamed
    assert len(heads) == 1 + 4 * 3  # the original, its thumbnails and their WebP and AVIF
    types = {"jpg": "image/jpeg", "webp": "image/webp", "avif": "image/avif"}
    for key, head in heads.items():
        assert head["ContentType"] == types[key.rpartition(".")[2]]
        assert "ContentDisposition" not in head


def test_the_bucket_answers_a_stored_page_as_a_download(client, admin, app):
    form = {"f": (io.BytesIO(PAGE), "page.html")}
    url = client.post("/api/media/", data=form, headers=admin).json["f"]
    redirect = client.get(url.removeprefix("http://localhost"))
    with urllib.request.urlopen(redirect.location, timeout=10) as answer:  # noqa: S310
        assert answer.headers["Content-Disposition"] == "attachment"
        assert answer.headers["Content-Type"] == "application/octet-stream"
