"""``PUT /api/media/:id/file/``: a new file in place of a media file's, keeping its id and
every reference; the old files go once committed (on both backends)."""

import io

import pytest
import requests
from PIL import Image

from portfolio_admin.models import GalleryImage, MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.services.media import check_storage
from tests.api.test_media import stored_files, upload
from tests.factories import make_employer, make_portfolio, staff_with
from tests.images import image_bytes
from tests.s3 import BOTH_BACKENDS, fetch_media
from tests.test_concurrency import concurrently

URL = "/api/media/"


def replace(client, headers, media_id: int, data: bytes, filename: str, **extra):
    form = {"f": (io.BytesIO(data), filename)}
    return client.put(
        f"{URL}{media_id}/file/",
        data=form,
        headers=headers | extra,
        content_type="multipart/form-data",
    )


def no_strays(app) -> bool:
    """Every row's file is stored, and every stored file is some row's."""
    report = check_storage()
    return report.missing == [] and report.orphans == [] and report.recent == []


@BOTH_BACKENDS
def test_replace_keeps_the_id_and_every_reference_and_makes_new_files(client, admin, app):
    image = upload(client, admin, image_bytes("PNG", (400, 300)), "logo.png").json
    client.patch(f"{URL}{image['id']}", json={"alt": "Our logo"}, headers=admin)
    employer = make_employer("Acme", image_id=image["id"])
    portfolio = make_portfolio("P", image=image["id"], images=[image["id"]])
    before = client.get(f"{URL}{image['id']}", headers=admin)
    old_files = stored_files(app)

    response = replace(client, admin, image["id"], image_bytes("JPEG", (1200, 600)), "new.jpg")

    assert response.status_code == 200, response.json
    body = response.json
    assert (body["id"], body["name"], body["alt"]) == (image["id"], "logo", "Our logo")
    assert (body["width"], body["height"], body["mode"]) == (1200, 600, "RGB")
    assert body["f"].endswith(".jpg") and body["f"] != image["f"]
    assert response.headers["ETag"] != before.headers["ETag"]
    assert [t["width"] for t in body["thumbnails"]] == [64, 128, 512, 1080]
    for thumb in body["thumbnails"]:
        status, data = fetch_media(client, thumb["f"])
        assert status == 200 and Image.open(io.BytesIO(data)).format == "JPEG"
    assert not set(old_files) & set(stored_files(app))  # every old file went
    assert no_strays(app)
    # Readers see the new file at once, through every reference.
    assert client.get(f"{URL}{image['id']}", headers=admin).json["f"] == body["f"]
    employer_url = f"/api/portfolios/employers/{employer.id}"
    assert client.get(employer_url, headers=admin).json["image_data"]["f"] == body["f"]
    shown = client.get(f"/api/portfolios/{portfolio.id}", headers=admin).json
    assert shown["image_data"]["f"] == shown["images_data"][0]["f"] == body["f"]
    assert db.session.query(GalleryImage).one().media_id == image["id"]


def test_a_document_can_be_replaced_by_another_document(client, admin, app):
    document = upload(client, admin, b"%PDF-1.4 first", "brief.pdf").json
    response = replace(client, admin, document["id"], b"%PDF-1.7 second version", "v2.pdf")
    assert response.status_code == 200, response.json
    assert response.json["size"] == len(b"%PDF-1.7 second version")
    assert fetch_media(client, response.json["f"]) == (200, b"%PDF-1.7 second version")
    assert no_strays(app)


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (
            (image_bytes(), "a.png"),
            (b"%PDF-1.4", "b.pdf"),
            "The new file must be an image, like the one it replaces.",
        ),
        (
            (b"%PDF-1.4", "b.pdf"),
            (image_bytes(), "a.png"),
            "The new file must be of the same kind as the one it replaces.",
        ),
        ((image_bytes(), "a.png"), (b"", "empty.png"), "The submitted file is empty."),
        (
            (image_bytes(), "a.png"),
            (image_bytes()[:60], "cut.png"),
            "The image is truncated or corrupt.",
        ),
    ],
)
def test_a_file_of_another_kind_or_a_bad_one_is_400_on_f_and_changes_nothing(
    client, admin, app, first, second, message
):
    media = upload(client, admin, *first).json
    files = stored_files(app)
    response = replace(client, admin, media["id"], *second)
    assert (response.status_code, response.json) == (400, {"f": [message]})
    assert client.get(f"{URL}{media['id']}", headers=admin).json == media
    assert stored_files(app) == files


def test_no_file_is_400_on_f_a_missing_id_404_and_json_415(client, admin):
    media = upload(client, admin, image_bytes(), "a.png").json
    url = f"{URL}{media['id']}/file/"
    response = client.put(url, data={}, headers=admin, content_type="multipart/form-data")
    assert (response.status_code, response.json) == (400, {"f": ["No file was submitted."]})
    assert replace(client, admin, 999, image_bytes(), "a.png").status_code == 404
    assert client.put(url, json={"f": "x"}, headers=admin).status_code == 415


def test_replacing_needs_the_update_code(client, admin):
    media = upload(client, admin, image_bytes(), "a.png").json
    reader = staff_with(4102, username="reader")
    assert replace(client, reader, media["id"], image_bytes(), "b.png").status_code == 403
    editor = staff_with(4103, username="editor")
    assert replace(client, editor, media["id"], image_bytes(), "b.png").status_code == 200


def test_a_stale_if_match_is_412_and_a_current_one_replaces(client, admin):
    media = upload(client, admin, image_bytes(), "a.png")
    etag = media.headers["ETag"]
    media_id = media.json["id"]
    client.patch(f"{URL}{media_id}", json={"name": "renamed"}, headers=admin)
    stale = replace(client, admin, media_id, image_bytes(), "b.png", **{"If-Match": etag})
    assert stale.status_code == 412
    current = client.get(f"{URL}{media_id}", headers=admin).headers["ETag"]
    fresh = replace(client, admin, media_id, image_bytes(), "b.png", **{"If-Match": current})
    assert fresh.status_code == 200


@BOTH_BACKENDS
def test_a_failed_commit_removes_the_new_files_and_keeps_the_old(client, admin, app, monkeypatch):
    from portfolio_admin.api import media as media_api

    media = upload(client, admin, image_bytes(), "a.png").json
    files = stored_files(app)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(media_api, "_output", broken)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = replace(client, admin, media["id"], image_bytes("JPEG"), "b.jpg")
    assert response.status_code == 500
    assert stored_files(app) == files
    db.session.expire_all()
    assert db.session.get(MediaFile, media["id"]).path.endswith("a.png")


def _put_file(url: str, headers: dict, data: bytes, filename: str):
    def call():
        files = {"f": (filename, io.BytesIO(data))}
        return requests.put(url, files=files, headers=headers, timeout=60)

    return call


def test_replaces_at_once_and_a_replace_racing_a_delete_leave_no_stray_file(
    live_server, client, admin, app
):
    media_id = upload(client, admin, image_bytes(), "a.png").json["id"]
    url = f"{live_server}{URL}{media_id}/file/"
    calls = [
        _put_file(url, admin, image_bytes("JPEG", (200 + n, 100)), f"{n}.jpg") for n in range(4)
    ]
    responses = concurrently(calls)
    assert [r.status_code for r in responses] == [200] * 4, [r.text for r in responses]
    db.session.expire_all()
    widths = {r.json()["width"] for r in responses}
    assert db.session.get(MediaFile, media_id).width in widths
    assert no_strays(app)

    calls = [_put_file(url, admin, image_bytes("JPEG"), f"{n}.jpg") for n in range(3)]
    calls.append(
        lambda: requests.delete(f"{live_server}{URL}{media_id}", headers=admin, timeout=60)
    )
    statuses = [r.status_code for r in concurrently(calls)]
    assert statuses[-1] == 204 and set(statuses[:-1]) <= {200, 404}, statuses
    db.session.expire_all()
    assert db.session.get(MediaFile, media_id) is None
    assert no_strays(app) and stored_files(app) == []
