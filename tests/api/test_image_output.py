"""What the API shows of an image besides the documented keys, and how a client edits it:
alt text, caption, focal point, dominant colour, placeholder and srcset (issue 17)."""

import base64
import io
import re

import pytest
from PIL import Image

from tests.api.test_media import FILE_KEYS, IMAGE_KEYS, fetch_image, stored_files, upload
from tests.images import image_bytes, jpeg_with_exif
from tests.s3 import BOTH_BACKENDS, fetch_media

ADDED_IMAGE_KEYS = ["alt", "caption", "focal_point", "dominant_color", "placeholder", "srcset",
                    "sources", "crops"]  # fmt: skip
THUMBNAIL_KEYS = ["id", "f", "size", "width", "height"]
DATA_URI = re.compile(r"data:image/(webp|jpeg|png);base64,([A-Za-z0-9+/]+=*)")
MAX_PLACEHOLDER_BYTES = 600


def uploaded(client, admin, data: bytes, filename: str) -> dict:
    response = upload(client, admin, data, filename)
    assert response.status_code == 201, response.json
    return response.json


def patch(client, admin, media_id: int, body: dict):
    return client.patch(f"/api/media/{media_id}", json=body, headers=admin)


def placeholder_image(uri: str) -> Image.Image:
    match = DATA_URI.fullmatch(uri)
    assert match, uri[:60]
    image = Image.open(io.BytesIO(base64.b64decode(match.group(2))))
    image.load()
    assert image.format.lower() == match.group(1)
    return image


def srcset_widths(srcset: str) -> list[tuple[str, int]]:
    candidates = []
    for candidate in srcset.split(", "):
        url, descriptor = candidate.rsplit(" ", 1)
        assert descriptor.endswith("w"), candidate
        candidates.append((url, int(descriptor[:-1])))
    return candidates


def test_an_image_shows_the_additions_after_the_documented_keys_in_order(client, admin):
    body = uploaded(client, admin, image_bytes("PNG", (1600, 900)), "wide.png")
    assert list(body) == IMAGE_KEYS + ADDED_IMAGE_KEYS
    assert (body["alt"], body["caption"], body["focal_point"]) == ("", None, None)
    assert re.fullmatch(r"#[0-9a-f]{6}", body["dominant_color"])
    assert len(body["placeholder"]) <= MAX_PLACEHOLDER_BYTES
    expected = {64: (64, 36), 128: (128, 72), 512: (512, 288), 1080: (1080, 608)}
    for thumb in body["thumbnails"]:
        assert list(thumb) == THUMBNAIL_KEYS
        assert (thumb["width"], thumb["height"]) == expected[thumb["size"]]
        assert fetch_image(client, thumb["f"]).size == (thumb["width"], thumb["height"])


def test_a_file_that_is_not_an_image_keeps_exactly_the_documented_keys(client, admin):
    body = uploaded(client, admin, b"%PDF-1.4\n%%EOF\n", "brief.pdf")
    assert list(body) == FILE_KEYS


@pytest.mark.parametrize(
    ("fmt", "size", "mode"),
    [
        ("JPEG", (1600, 900), "RGB"),
        ("PNG", (200, 3000), "RGBA"),  # very tall, translucent
        ("PNG", (3000, 120), "I;16"),  # very wide, 16-bit grey
        ("GIF", (40, 30), "P"),  # smaller than every box
    ],
)
def test_the_placeholder_is_a_small_decodable_blurred_copy(client, admin, fmt, size, mode):
    body = uploaded(client, admin, image_bytes(fmt, size, mode), f"p.{fmt.lower()}")
    uri = body["placeholder"]
    assert len(uri.encode()) <= MAX_PLACEHOLDER_BYTES
    tiny = placeholder_image(uri)
    assert max(tiny.size) <= 64
    # Its shape is the image's: a tall image gives a tall placeholder.
    assert (tiny.width >= tiny.height) == (size[0] >= size[1])


def test_the_dominant_colour_is_the_colour_most_of_the_image_has(client, admin):
    picture = Image.new("RGB", (800, 600), (200, 30, 40))
    picture.paste((10, 200, 20), (0, 0, 100, 100))  # a small green corner
    out = io.BytesIO()
    picture.save(out, "PNG")
    body = uploaded(client, admin, out.getvalue(), "red.png")
    red, green, blue = (int(body["dominant_color"][i : i + 2], 16) for i in (1, 3, 5))
    assert abs(red - 200) <= 8 and abs(green - 30) <= 8 and abs(blue - 40) <= 8


def test_srcset_lists_each_thumbnail_with_its_true_width(client, admin):
    body = uploaded(client, admin, image_bytes("JPEG", (900, 1600)), "tall.jpg")
    candidates = srcset_widths(body["srcset"])
    assert [width for _, width in candidates] == [36, 72, 288, 607]  # Pillow's rounding
    assert [url for url, _ in candidates] == [t["f"] for t in body["thumbnails"]]
    for url, width in candidates:
        assert fetch_image(client, url).width == width


def test_srcset_names_a_width_once_when_the_image_is_smaller_than_some_boxes(client, admin):
    body = uploaded(client, admin, image_bytes("PNG", (100, 50)), "small.png")
    candidates = srcset_widths(body["srcset"])
    assert [width for _, width in candidates] == [64, 100]
    assert candidates[1][0] == body["thumbnails"][1]["f"]  # the 128 box, the first at 100


@BOTH_BACKENDS
def test_sources_give_the_thumbnails_as_webp_with_their_true_widths(client, admin, app):
    body = uploaded(client, admin, image_bytes("JPEG", (1600, 900)), "photo.jpg")
    assert [source["type"] for source in body["sources"]] == ["image/webp"]
    candidates = srcset_widths(body["sources"][0]["srcset"])
    assert [width for _, width in candidates] == [srcset[1] for srcset in
                                                  srcset_widths(body["srcset"])]  # fmt: skip
    for url, width in candidates:
        assert url.endswith(".webp")
        image = fetch_image(client, url)
        assert (image.format, image.width) == ("WEBP", width)
    assert client.delete(f"/api/media/{body['id']}", headers=admin).status_code == 204
    assert stored_files(app) == []  # the WebP copies went with the image


def test_avif_sources_come_first_when_the_setting_is_on(client, admin, app):
    app.config["IMAGE_AVIF"] = True
    body = uploaded(client, admin, image_bytes("PNG", (700, 500), "RGBA"), "logo.png")
    assert [source["type"] for source in body["sources"]] == ["image/avif", "image/webp"]
    for url, width in srcset_widths(body["sources"][0]["srcset"]):
        image = fetch_image(client, url)
        assert (image.format, image.width, image.mode) == ("AVIF", width, "RGBA")


def test_a_webp_original_has_its_own_thumbnails_as_the_webp_source(client, admin, app):
    body = uploaded(client, admin, image_bytes("WEBP", (300, 200)), "pic.webp")
    assert body["sources"] == [{"type": "image/webp", "srcset": body["srcset"]}]
    assert len(stored_files(app)) == 1 + 4  # the original and its thumbnails, no copies


def test_embedded_images_show_the_same_keys(client, admin):
    image = uploaded(client, admin, image_bytes("PNG", (640, 480)), "cover.png")
    assert patch(client, admin, image["id"], {"alt": "A red house"}).status_code == 200
    employer = client.post(
        "/api/portfolios/employers/", json={"name": "Acme", "image": image["id"]}, headers=admin
    ).json
    portfolio = client.post(
        "/api/portfolios/",
        json={
            "title": "T",
            "slug": "t",
            "excerpt": "e",
            "image": image["id"],
            "images": [image["id"]],
            "employer": employer["id"],
        },  # fmt: skip
        headers=admin,
    ).json
    shown = client.get(f"/api/portfolios/{portfolio['id']}", headers=admin).json
    for data in (employer["image_data"], shown["image_data"], shown["images_data"][0],
                 shown["employer_data"]["image_data"]):  # fmt: skip
        assert list(data) == IMAGE_KEYS + ADDED_IMAGE_KEYS
        assert data["alt"] == "A red house"
        assert data["srcset"] == image["srcset"]


def test_patch_sets_alt_caption_and_focal_point_and_null_clears_them(client, admin):
    image = uploaded(client, admin, image_bytes("PNG", (640, 480)), "edit.png")
    url = f"/api/media/{image['id']}"
    before = client.get(url, headers=admin)
    body = {
        "alt": "دو نفر کنار دریا",
        "caption": "Summer, 2024",
        "focal_point": {"x": 0.25, "y": 1},
    }
    response = patch(client, admin, image["id"], body)
    assert response.status_code == 200, response.json
    assert response.json["focal_point"] == {"x": 0.25, "y": 1.0}
    after = client.get(url, headers=admin)
    assert (after.json["alt"], after.json["caption"]) == (body["alt"], body["caption"])
    assert after.json["focal_point"] == {"x": 0.25, "y": 1.0}
    assert after.headers["ETag"] != before.headers["ETag"]
    response = patch(client, admin, image["id"], {"caption": None, "focal_point": None})
    assert (response.json["alt"], response.json["caption"]) == (body["alt"], None)
    assert client.get(url, headers=admin).json["focal_point"] is None


def test_a_put_of_the_documented_fields_keeps_alt_caption_and_focal_point(client, admin):
    """A client written against the contract PUTs ``{"name": ...}``; the additions it
    does not know of stay as they were. Sent, they are replaced."""
    image = uploaded(client, admin, image_bytes("PNG", (640, 480)), "kept.png")
    url = f"/api/media/{image['id']}"
    added = {"alt": "A chair", "caption": "Oak", "focal_point": {"x": 0.5, "y": 0.25}}
    patch(client, admin, image["id"], added)
    renamed = client.put(url, json={"name": "renamed"}, headers=admin)
    assert renamed.status_code == 200, renamed.json
    assert renamed.json["name"] == "renamed"
    assert {key: renamed.json[key] for key in added} == added
    cleared = client.put(url, json={"name": "renamed", "alt": "", "caption": None}, headers=admin)
    assert (cleared.json["alt"], cleared.json["caption"]) == ("", None)
    assert cleared.json["focal_point"] == added["focal_point"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"alt": "x" * 501}, "alt"),
        ({"alt": "tab\tis fine but NUL\x00 is not"}, "alt"),
        ({"alt": None}, "alt"),
        ({"alt": 5}, "alt"),
        ({"caption": "bell\x07"}, "caption"),
        ({"caption": ["a"]}, "caption"),
        ({"focal_point": {"x": 1.5, "y": 0.5}}, "focal_point"),
        ({"focal_point": {"x": -0.1, "y": 0.5}}, "focal_point"),
        ({"focal_point": {"x": 0.5}}, "focal_point"),
        ({"focal_point": {"x": "0.5", "y": 0.5}}, "focal_point"),
        ({"focal_point": {"x": True, "y": 0.5}}, "focal_point"),
        ({"focal_point": [0.5, 0.5]}, "focal_point"),
        ({"focal_point": "centre"}, "focal_point"),
    ],
)
def test_bad_alt_caption_or_focal_point_is_400_naming_the_field(client, admin, body, field):
    image = uploaded(client, admin, image_bytes("PNG", (64, 64)), "bad.png")
    response = patch(client, admin, image["id"], body)
    assert response.status_code == 400
    assert list(response.json) == [field]
    assert client.get(f"/api/media/{image['id']}", headers=admin).json["alt"] == ""


def test_nan_or_infinite_focal_point_is_400(client, admin):
    image = uploaded(client, admin, image_bytes("PNG", (64, 64)), "nan.png")
    raw = b'{"focal_point": {"x": NaN, "y": Infinity}}'
    response = client.patch(
        f"/api/media/{image['id']}", data=raw, headers=admin, content_type="application/json"
    )
    assert response.status_code == 400


def test_only_images_take_alt_caption_and_focal_point(client, admin):
    document = uploaded(client, admin, b"%PDF-1.4\n%%EOF\n", "brief.pdf")
    response = patch(client, admin, document["id"], {"alt": "A brief", "focal_point": None})
    assert response.status_code == 400
    assert list(response.json) == ["alt"]
    assert patch(client, admin, document["id"], {"name": "Brief"}).status_code == 200


def halves(left=(220, 20, 20), right=(20, 20, 220), size=(800, 400)) -> bytes:
    """A PNG whose left half is red and right half blue."""
    picture = Image.new("RGB", size, right)
    picture.paste(left, (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def colour_of(client, url: str) -> tuple[int, int, int]:
    image = fetch_image(client, url).convert("RGB")
    return image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))


@BOTH_BACKENDS
def test_crops_are_cut_at_their_size_around_the_focal_point_and_recut_when_it_moves(
    client, admin, app
):
    app.config["IMAGE_CROPS"] = {"square": (100, 100), "card": (160, 120), "huge": (4000, 3000)}
    body = uploaded(client, admin, halves(), "halves.png")
    crops = body["crops"]
    assert list(crops) == ["square", "card", "huge"]
    assert [list(crop) for crop in crops.values()] == [["f", "width", "height"]] * 3
    # Never upscaled: the largest 4:3 box the picture's largest thumbnail holds.
    assert {n: (c["width"], c["height"]) for n, c in crops.items()} == {
        "square": (100, 100), "card": (160, 120), "huge": (533, 400)
    }  # fmt: skip
    for crop in crops.values():
        assert fetch_image(client, crop["f"]).size == (crop["width"], crop["height"])
    red, _, blue = colour_of(client, crops["square"]["f"])  # centred: half and half
    assert abs(red - blue) < 30

    response = patch(client, admin, body["id"], {"focal_point": {"x": 0.05, "y": 0.5}})
    assert response.status_code == 200, response.json
    moved = response.json["crops"]
    assert moved["square"]["f"] != crops["square"]["f"]
    red, _, blue = colour_of(client, moved["square"]["f"])
    assert red > 200 and blue < 40  # the left, red half
    response = patch(client, admin, body["id"], {"focal_point": {"x": 1, "y": 0}})
    red, _, blue = colour_of(client, response.json["crops"]["square"]["f"])
    assert blue > 200 and red < 40
    shown = client.get(f"/api/media/{body['id']}", headers=admin).json
    assert shown["crops"] == response.json["crops"]
    assert fetch_media_status(client, moved["square"]["f"]) == 404  # the old crop is gone
    assert client.delete(f"/api/media/{body['id']}", headers=admin).status_code == 204
    assert stored_files(app) == []


def fetch_media_status(client, url: str) -> int:
    return fetch_media(client, url)[0]


def test_without_crops_set_an_image_has_none_and_a_focal_point_keeps_its_files(client, admin):
    body = uploaded(client, admin, halves(), "plain.png")
    assert body["crops"] == {}
    response = patch(client, admin, body["id"], {"focal_point": {"x": 0.1, "y": 0.9}})
    assert response.json["thumbnails"] == body["thumbnails"]  # nothing made anew


def test_webp_copies_placeholder_and_crops_follow_the_exif_orientation(client, admin, app):
    app.config["IMAGE_CROPS"] = {"wide": (120, 60)}
    body = uploaded(client, admin, jpeg_with_exif((300, 200), orientation=6), "turned.jpg")
    assert (body["width"], body["height"]) == (200, 300)  # shown upright: portrait
    webp = srcset_widths(body["sources"][0]["srcset"])
    for (url, width), thumb in zip(webp, body["thumbnails"], strict=False):
        assert fetch_image(client, url).size == (width, thumb["height"])
    tiny = placeholder_image(body["placeholder"])
    assert tiny.height > tiny.width
    crop = body["crops"]["wide"]
    assert fetch_image(client, crop["f"]).size == (crop["width"], crop["height"]) == (120, 60)
