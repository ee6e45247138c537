"""SVG logos: stored sanitised as images, sized by their viewBox, with PNG thumbnails;
refused with a 400 on ``f`` when they cannot be made safe (on both backends)."""

import base64
import io
import time

import pytest
from PIL import Image

from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.services.thumbnails import ImageError
from portfolio_admin.storage import get_storage
from tests.api.test_media import nothing_stored, upload
from tests.images import png_bomb
from tests.s3 import BOTH_BACKENDS, fetch_media

URL = "/api/media/"
LOGO = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60">'
    b'<rect width="120" height="60" fill="#cc0000"/>'
    b'<circle cx="30" cy="30" r="20" fill="#0000cc"/></svg>'
)
HOSTILE = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     viewBox="0 0 100 50" onload="alert('load')">
  <script>alert(document.cookie)</script>
  <rect width="100" height="50" fill="green" onclick="alert('click')"/>
  <a xlink:href="javascript:alert('link')"><text y="20">hi</text>
    <animate attributeName="href" to="javascript:alert('animated')"/></a>
  <image href="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4="/>
  <image href="https://tracker.example/pixel.png" width="10" height="10"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml"
     src="https://tracker.example/frame"/></foreignObject>
  <style>@import url(https://tracker.example/x.css);
    rect { fill: url(https://tracker.example/p.svg#p) }</style>
</svg>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&lol2;</text></svg>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&secret;</text></svg>"""


def stored_bytes(app) -> dict[str, bytes]:
    storage = get_storage()
    contents = {}
    for stored in storage.walk():
        with storage.open(stored.path) as file:
            contents[stored.path] = file.read()
    return contents


@BOTH_BACKENDS
def test_an_svg_logo_is_an_image_sized_by_its_viewbox_with_png_thumbnails(client, admin, app):
    response = upload(client, admin, LOGO, "logo.svg")
    assert response.status_code == 201, response.json
    body = response.json
    assert (body["type"], body["width"], body["height"]) == ("image", 120, 60)
    assert body["f"].endswith("/logo.svg")
    status, stored = fetch_media(client, body["f"])
    assert status == 200 and b"<circle" in stored
    widths = [(t["size"], t["width"], t["height"]) for t in body["thumbnails"]]
    assert widths == [(64, 64, 32), (128, 128, 64), (512, 512, 256), (1080, 1080, 540)]
    for thumb in body["thumbnails"]:
        assert thumb["f"].endswith(".png")
        status, data = fetch_media(client, thumb["f"])
        picture = Image.open(io.BytesIO(data))
        assert status == 200 and picture.format == "PNG"
        assert picture.size == (thumb["width"], thumb["height"])
        assert picture.convert("RGB").getpixel((thumb["width"] - 2, 1)) == (204, 0, 0)
    assert body["dominant_color"].startswith("#") and body["placeholder"].startswith("data:")
    assert [source["type"] for source in body["sources"]] == ["image/webp"]
    assert body["srcset"].count("w,") == 3


@BOTH_BACKENDS
def test_a_script_in_an_svg_never_reaches_storage(client, admin, app):
    response = upload(client, admin, HOSTILE, "evil.svg")
    assert response.status_code == 201, response.json
    files = stored_bytes(app)
    svg = files[next(path for path in files if path.endswith(".svg"))]
    assert b"<rect" in svg
    for data in files.values():
        words = (b"alert", b"script", b"onload", b"onclick", b"javascript:", b"tracker", b"svg+xml")
        for word in words:
            assert word not in data.lower()
    assert db.session.get(MediaFile, response.json["id"]).size == len(svg)


def test_an_svg_is_recognised_by_its_content_whatever_its_name(client, admin):
    response = upload(client, admin, LOGO, "logo.txt")
    assert (response.status_code, response.json["type"]) == (201, "image")
    assert response.json["f"].endswith("/logo.svg")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "SVG files with a DOCTYPE or entity declarations are not accepted."),
        (EXTERNAL_ENTITY, "SVG files with a DOCTYPE or entity declarations are not accepted."),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
            "The SVG is not well-formed XML.",
        ),
        (b"PNG? no, just text", "The SVG is not well-formed XML."),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>',
            "The SVG has no size: give it a viewBox, or a width and height in pixels.",
        ),
        (b"<html><body>hello</body></html>", "The file is not an SVG image."),
        (b'<svg viewBox="0 0 9 9"><rect/></svg>', "The file is not an SVG image."),  # no namespace
    ],
)
def test_an_svg_that_cannot_be_made_safe_is_400_on_f_and_leaves_nothing(
    client, admin, app, content, message
):
    response = upload(client, admin, content, "logo.svg")
    assert (response.status_code, response.json) == (400, {"f": [message]})
    assert nothing_stored(app)


def test_an_svg_carrying_an_image_bomb_is_refused_before_it_is_drawn(client, admin, app):
    bomb = base64.b64encode(png_bomb()).decode()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        f'<image href="data:image/png;base64,{bomb}" width="10" height="10"/></svg>'
    )
    response = upload(client, admin, svg.encode(), "bomb.svg")
    message = "An image inside the SVG is unreadable or too large."
    assert (response.status_code, response.json) == (400, {"f": [message]})
    assert nothing_stored(app)


# 241 bytes that kept resvg busy for more than 30 s (killed then), in the request.
SLOW_TO_DRAW = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<filter id="t"><feTurbulence baseFrequency="0.05" numOctaves="1000000"/></filter>
<rect width="100" height="100" filter="url(#t)"/></svg>"""


@BOTH_BACKENDS
def test_an_svg_that_takes_too_long_to_draw_is_refused_in_time_and_leaves_nothing(
    client, admin, app
):
    app.config["SVG_DRAW_SECONDS"] = 1
    started = time.monotonic()
    response = upload(client, admin, SLOW_TO_DRAW, "slow.svg")
    assert time.monotonic() - started < 10
    message = "The SVG takes too long to draw: simplify its filters, blurs or repeated parts."
    assert (response.status_code, response.json) == (400, {"f": [message]})
    assert nothing_stored(app)


def test_an_svg_is_drawn_in_a_process_of_its_own_with_a_memory_ceiling(monkeypatch):
    from portfolio_admin.services import svg_images

    logo = svg_images.make_safe(LOGO, 10**8)
    assert svg_images.rasterise(logo, 64).startswith(b"\x89PNG")
    monkeypatch.setattr(svg_images, "DRAW_MEMORY", 16 * 1024 * 1024)  # too little to start
    with pytest.raises(ImageError, match="could not be drawn"):
        svg_images.rasterise(logo, 64)


def test_an_svg_without_a_viewbox_takes_its_width_and_height(client, admin):
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" width="40px" height="30"><rect/></svg>'
    body = upload(client, admin, logo, "small.svg").json
    assert (body["width"], body["height"]) == (40, 30)


def test_svg_files_are_served_as_svg_under_a_policy_that_runs_nothing(client, admin):
    body = upload(client, admin, LOGO, "logo.svg").json
    response = client.get(body["f"].removeprefix("http://localhost"))
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("sandbox;") and "script-src" not in policy
    assert "default-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_png_can_be_replaced_by_an_svg_logo(client, admin):
    from tests.images import image_bytes

    media_id = upload(client, admin, image_bytes(), "logo.png").json["id"]
    response = client.put(
        f"{URL}{media_id}/file/",
        data={"f": (io.BytesIO(LOGO), "logo.svg")},
        headers=admin,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200, response.json
    assert response.json["f"].endswith(".svg") and response.json["width"] == 120
