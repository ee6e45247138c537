"""``/api/media/`` over HTTP: uploads, thumbnails, bad files, deletion (on both backends)."""

import io
import time

import pytest
from PIL import Image

from portfolio_admin.models import Employer, GalleryImage, MediaFile, MetaEntry, Thumbnail
from portfolio_admin.models.base import db
from portfolio_admin.storage import get_storage
from tests.factories import make_employer
from tests.images import image_bytes, jpeg_with_exif, png_bomb
from tests.s3 import BOTH_BACKENDS, fetch_media

URL = "/api/media/"
IMAGE_KEYS = ["id", "type", "name", "size", "human_readable_size", "f", "width", "height",
              "mode", "thumbnails"]  # fmt: skip
FILE_KEYS = ["id", "type", "name", "size", "human_readable_size", "f"]


def upload(client, headers, data: bytes, filename: str, field="f", **form):
    form[field] = (io.BytesIO(data), filename)
    return client.post(URL, data=form, headers=headers, content_type="multipart/form-data")


def fetch_image(client, url: str) -> Image.Image:
    status, data = fetch_media(client, url)
    assert status == 200, url
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def stored_files(app) -> list[str]:
    return sorted(stored.path for stored in get_storage().walk())


def nothing_stored(app) -> bool:
    return stored_files(app) == [] and db.session.query(MediaFile).count() == 0


@pytest.mark.parametrize(
    ("fmt", "mode", "extension"),
    [
        ("JPEG", "RGB", "jpg"),
        ("JPEG", "L", "jpg"),
        ("JPEG", "CMYK", "jpg"),
        ("PNG", "RGBA", "png"),
        ("PNG", "P", "png"),
        ("PNG", "LA", "png"),
        ("PNG", "I;16", "png"),
        ("PNG", "1", "png"),
        ("GIF", "P", "gif"),
        ("BMP", "RGB", "bmp"),
        ("WEBP", "RGBA", "webp"),
        ("TIFF", "RGB", "tiff"),
    ],
)
def test_image_upload_makes_four_thumbnails_in_the_original_format(
    client, admin, fmt, mode, extension
):
    response = upload(client, admin, image_bytes(fmt, (1600, 900), mode), f"pic.{extension}")
    assert response.status_code == 201, response.json
    body = response.json
    assert list(body)[: len(IMAGE_KEYS)] == IMAGE_KEYS  # additions come after
    assert (body["type"], body["width"], body["height"], body["mode"]) == (
        "image", 1600, 900, mode,
    )  # fmt: skip
    assert body["f"].endswith(f".{extension}")
    expected = {64: (64, 36), 128: (128, 72), 512: (512, 288), 1080: (1080, 608)}
    assert [t["size"] for t in body["thumbnails"]] == [64, 128, 512, 1080]
    for thumb in body["thumbnails"]:
        assert list(thumb)[:3] == ["id", "f", "size"]
        assert (
            f"/thumbnails/pic_thumbnail_{thumb['size']}x{thumb['size']}.{extension}" in thumb["f"]
        )
        image = fetch_image(client, thumb["f"])
        assert image.format == fmt
        assert image.size == expected[thumb["size"]]


def test_png_thumbnails_keep_transparency(client, admin):
    response = upload(client, admin, image_bytes("PNG", (400, 400), "RGBA"), "logo.png")
    thumb = fetch_image(client, response.json["thumbnails"][1]["f"])
    assert thumb.mode == "RGBA"
    assert thumb.getpixel((127, 127))[3] == 90  # the translucent part stays translucent


@BOTH_BACKENDS
def test_small_images_are_never_upscaled(client, admin):
    response = upload(client, admin, image_bytes("PNG", (100, 50)), "small.png")
    sizes = [fetch_image(client, t["f"]).size for t in response.json["thumbnails"]]
    assert sizes == [(64, 32), (100, 50), (100, 50), (100, 50)]


def test_exif_orientation_is_applied_and_gps_is_not_copied(client, admin):
    response = upload(client, admin, jpeg_with_exif((300, 200), orientation=6), "phone.jpg")
    body = response.json
    assert (body["width"], body["height"]) == (200, 300)  # as displayed
    thumb = fetch_image(client, body["thumbnails"][1]["f"])
    assert thumb.size == (85, 128)
    red, green, blue = thumb.getpixel((thumb.width - 5, 5))  # top-left went top-right
    assert red > 200 and blue < 60
    exif = thumb.getexif()
    assert 0x8825 not in exif and 0x010F not in exif
    assert "exif" not in thumb.info


@BOTH_BACKENDS
def test_persian_file_name_is_kept_in_name_path_and_url(client, admin, app):
    response = upload(client, admin, image_bytes(), "طرح نهایی.png")
    body = response.json
    assert body["name"] == "طرح نهایی"
    assert body["f"].endswith("/%D8%B7%D8%B1%D8%AD_%D9%86%D9%87%D8%A7%DB%8C%DB%8C.png")
    assert any(path.endswith("طرح_نهایی.png") for path in stored_files(app))
    assert fetch_media(client, body["f"])[0] == 200


@pytest.mark.parametrize(
    ("filename", "stored"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("exe\u202egpj.png", "exegpj.png"),
    ],
)
def test_file_names_are_made_safe(client, admin, app, filename, stored):
    response = upload(client, admin, image_bytes(), filename)
    assert response.status_code == 201
    files = stored_files(app)
    assert any(path.endswith("/" + stored) for path in files), files
    assert all(".." not in path for path in files)


@BOTH_BACKENDS
def test_same_name_twice_gets_a_suffix_and_never_overwrites(client, admin, app):
    first = upload(client, admin, image_bytes(colour=(255, 0, 0)), "test2.png").json
    second = upload(client, admin, image_bytes(colour=(0, 255, 0)), "test2.png").json
    assert first["f"] != second["f"]
    assert first["f"].endswith("/test2.png")
    stem = second["f"].rsplit("/", 1)[1].removesuffix(".png")
    assert stem.startswith("test2_") and len(stem) == len("test2_") + 7
    assert second["thumbnails"][0]["f"].endswith(f"/thumbnails/{stem}_thumbnail_64x64.png")
    assert fetch_image(client, first["f"]).getpixel((299, 199))[:3] == (255, 0, 0)


def test_field_file_and_an_explicit_name_are_accepted(client, admin):
    response = upload(client, admin, image_bytes(), "x.png", field="file", name="نام دلخواه")
    assert response.status_code == 201
    assert response.json["name"] == "نام دلخواه"


@BOTH_BACKENDS
@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"%PDF-1.7 a brief", "brief.pdf", "document"),
        (b"ID3\x03\x00 sound", "song.mp3", "audio"),
        (b"\x00\x00\x00\x18ftypmp42 video", "clip.mp4", "video"),
        (b"just some notes", "notes.txt", "document"),
        (b"\x01\x02\x03 binary", "data.bin", "file"),
    ],
)
def test_other_files_are_stored_with_their_kind_and_no_image_fields(
    client, admin, data, filename, kind
):
    response = upload(client, admin, data, filename)
    assert response.status_code == 201
    assert list(response.json) == FILE_KEYS
    assert response.json["type"] == kind
    assert fetch_media(client, response.json["f"]) == (200, data)


def test_an_image_is_recognised_by_content_whatever_its_name(client, admin):
    response = upload(client, admin, image_bytes("PNG"), "not-an-image.txt")
    assert response.json["type"] == "image"
    assert response.json["f"].endswith(".png")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"this is text", "photo.jpg", "Upload a valid image"),
        (image_bytes("JPEG", (800, 600))[:1500], "cut.jpg", "truncated"),
        (image_bytes("PNG", (800, 600))[:300], "cut.png", "truncated"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "garbage.png", ""),
        (b"", "empty.png", "empty"),
        (b"", "empty.pdf", "empty"),
    ],
)
@BOTH_BACKENDS
def test_bad_uploads_are_400_on_f_and_leave_nothing_behind(
    client, admin, app, data, filename, message
):
    response = upload(client, admin, data, filename)
    assert response.status_code == 400
    assert list(response.json) == ["f"]
    assert message in response.json["f"][0]
    assert nothing_stored(app)


def test_decompression_bomb_is_refused_quickly_and_leaves_nothing(client, admin, app):
    started = time.perf_counter()
    response = upload(client, admin, png_bomb(), "bomb.png")
    assert time.perf_counter() - started < 0.5
    assert response.status_code == 400
    assert "too large" in response.json["f"][0]
    assert nothing_stored(app)


def test_pixel_limit_is_configurable(client, admin, app):
    app.config["MAX_IMAGE_PIXELS"] = 1000
    response = upload(client, admin, image_bytes("PNG", (100, 100)), "big.png")
    assert response.status_code == 400
    assert nothing_stored(app)


@BOTH_BACKENDS
def test_file_over_the_size_limit_is_413_and_leaves_nothing(client, admin, app):
    app.config["MAX_UPLOAD_MB"] = 0.01
    response = upload(client, admin, b"%PDF-" + b"x" * 20_000, "big.pdf")
    assert response.status_code == 413
    assert "detail" in response.json
    assert nothing_stored(app)


def test_request_over_the_content_length_limit_is_413(client, admin, app):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = upload(client, admin, b"x" * 50_000, "big.bin")
    assert response.status_code == 413
    assert nothing_stored(app)


@BOTH_BACKENDS
def test_failure_after_files_were_written_removes_them(client, admin, app, monkeypatch):
    from portfolio_admin.api import media as media_api

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(media_api, "_output", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = upload(client, admin, image_bytes(), "photo.png")
    assert response.status_code == 500
    assert nothing_stored(app)


def test_upload_without_a_file_is_400_on_f(client, admin):
    response = client.post(
        URL, data={"name": "x"}, headers=admin, content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json == {"f": ["No file was submitted."]}


def test_json_upload_is_415(client, admin):
    assert client.post(URL, json={"f": "x"}, headers=admin).status_code == 415


def test_list_filters_by_type_and_searches_names(client, admin):
    upload(client, admin, image_bytes(), "سردر.png")
    upload(client, admin, b"%PDF-1.4", "قرارداد.pdf")
    everything = client.get(URL, headers=admin).json
    assert everything["count"] == 2
    images = client.get(URL + "?type=image", headers=admin).json["results"]
    assert [m["name"] for m in images] == ["سردر"]
    found = client.get(URL + "?search=قرار", headers=admin).json["results"]
    assert [m["name"] for m in found] == ["قرارداد"]
    assert list(client.get(URL + "?type=spreadsheet", headers=admin).json) == ["type"]


def test_patch_renames(client, admin):
    media_id = upload(client, admin, image_bytes(), "a.png").json["id"]
    response = client.patch(f"{URL}{media_id}", json={"name": "لوگو"}, headers=admin)
    assert response.status_code == 200
    assert response.json["name"] == "لوگو"
    assert client.patch(f"{URL}{media_id}", json={"name": ""}, headers=admin).status_code == 400


@BOTH_BACKENDS
def test_delete_removes_files_and_clears_every_reference(client, admin, app):
    from portfolio_admin.models import Portfolio

    image = upload(client, admin, image_bytes(), "cover.png").json
    other = upload(client, admin, image_bytes(), "other.png").json
    employer = make_employer("Acme", image_id=image["id"])
    portfolio = Portfolio(title="P", slug="p", excerpt="e", image_id=image["id"])
    db.session.add(portfolio)
    db.session.flush()
    db.session.add_all(
        [
            GalleryImage(portfolio_id=portfolio.id, media_id=image["id"], position=0),
            GalleryImage(portfolio_id=portfolio.id, media_id=other["id"], position=1),
            MetaEntry(portfolio_id=portfolio.id, key="brief", value_file_id=image["id"]),
        ]
    )
    db.session.commit()
    employer_id, portfolio_id = employer.id, portfolio.id

    response = client.delete(f"{URL}{image['id']}/", headers=admin)
    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(Employer, employer_id).image_id is None
    assert db.session.get(Portfolio, portfolio_id).image_id is None
    gallery = db.session.query(GalleryImage).filter_by(portfolio_id=portfolio_id).all()
    assert [g.media_id for g in gallery] == [other["id"]]
    assert db.session.query(MetaEntry).one().value_file_id is None
    assert db.session.query(Thumbnail).filter_by(media_id=image["id"]).count() == 0
    assert not any("cover" in path for path in stored_files(app))
    assert any("other" in path for path in stored_files(app))
    assert fetch_media(client, image["f"])[0] == 404
