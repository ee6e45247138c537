"""AVIF copies made by the worker's job (``IMAGE_AVIF = "worker"``, the default): an
upload answers without them, the job adds them, and the API then lists ``image/avif``
first with a new ETag; a replace or delete racing the job leaves no stale copy and no
stray file (on both backends and both databases)."""

import threading
import time

import pytest
import requests

from portfolio_admin.config import ConfigurationError, avif_mode, load_config
from portfolio_admin.services import avif_thumbnails, media
from tests.api.test_image_output import srcset_widths
from tests.api.test_media import fetch_image, stored_files, upload
from tests.api.test_media_replace import no_strays, replace
from tests.images import image_bytes
from tests.s3 import BOTH_BACKENDS

URL = "/api/media/"


def uploaded(client, admin, data: bytes, filename: str) -> dict:
    response = upload(client, admin, data, filename)
    assert response.status_code == 201, response.json
    return response.json


def source_types(client, admin, media_id: int) -> list[str]:
    sources = client.get(f"{URL}{media_id}", headers=admin).json["sources"]
    return [source["type"] for source in sources]


def avif_files(app) -> list[str]:
    return [path for path in stored_files(app) if path.endswith(".avif")]


@BOTH_BACKENDS
def test_the_job_adds_avif_sources_first_with_a_new_etag(client, admin, app):
    body = uploaded(client, admin, image_bytes("PNG", (700, 500), "RGBA"), "logo.png")
    assert [source["type"] for source in body["sources"]] == ["image/webp"]
    before = client.get(f"{URL}{body['id']}", headers=admin)
    assert avif_files(app) == []

    assert avif_thumbnails.make_missing() == 1
    after = client.get(f"{URL}{body['id']}", headers=admin)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert [source["type"] for source in after.json["sources"]] == ["image/avif", "image/webp"]
    for url, width in srcset_widths(after.json["sources"][0]["srcset"]):
        image = fetch_image(client, url)
        assert (image.format, image.width, image.mode) == ("AVIF", width, "RGBA")
    listed = client.get(URL, headers=admin).json["results"][0]
    assert listed["sources"] == after.json["sources"]  # the cached list moved on too
    assert avif_thumbnails.make_missing() == 0  # nothing left to do
    assert len(avif_files(app)) == 4


def test_the_job_makes_copies_of_svg_drawings_and_of_replaced_files(client, admin, app):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20"><rect width="40"/></svg>'
    logo = uploaded(client, admin, svg, "logo.svg")
    photo = uploaded(client, admin, image_bytes("JPEG", (900, 600)), "photo.jpg")
    assert avif_thumbnails.make_missing() == 2
    assert source_types(client, admin, logo["id"])[0] == "image/avif"
    response = replace(client, admin, photo["id"], image_bytes("PNG", (300, 300)), "new.png")
    assert response.status_code == 200
    assert [source["type"] for source in response.json["sources"]] == ["image/webp"]
    assert avif_thumbnails.make_missing() == 1
    assert source_types(client, admin, photo["id"]) == ["image/avif", "image/webp"]
    assert no_strays(app)  # the first copies went with the replaced file


def test_the_job_does_nothing_unless_the_setting_says_worker(client, admin, app):
    body = uploaded(client, admin, image_bytes("PNG"), "a.png")
    for setting in ("off", False, "request", True):
        app.config["IMAGE_AVIF"] = setting
        assert avif_thumbnails.make_missing() == 0
    assert source_types(client, admin, body["id"]) == ["image/webp"]


def test_the_setting_keeps_its_true_and_false_and_is_checked(tmp_path):
    def setting(value):
        return load_config(str(tmp_path), environ={"IMAGE_AVIF": value})["IMAGE_AVIF"]

    assert [setting(v) for v in ("", "worker", "Request", "true", "1", "off", "false")] == [
        "worker", "worker", "request", "request", "request", "off", "off",
    ]  # fmt: skip
    assert avif_mode(True) == "request" and avif_mode(False) == "off"
    with pytest.raises(ConfigurationError, match="IMAGE_AVIF"):
        setting("later")


def _racing(monkeypatch, change):
    """Make the job's copies slowly, ``change`` (an HTTP call) being sent meanwhile; its
    thread, and whether it had to wait for the job."""
    real, waited, outcome = avif_thumbnails.make_avif, [], []
    thread = threading.Thread(target=lambda: outcome.append(change()))

    def slowly(*args, **kwargs):
        made = real(*args, **kwargs)
        thread.start()
        time.sleep(1.0)  # the change arrives while the copies are being made
        waited.append(thread.is_alive())
        return made

    monkeypatch.setattr(avif_thumbnails, "make_avif", slowly)
    return thread, waited, outcome


def test_a_replace_while_the_copies_are_made_waits_and_gets_none_of_them(
    live_server, client, admin, app, monkeypatch
):
    media_id = uploaded(client, admin, image_bytes("PNG", (600, 400)), "a.png")["id"]
    files = {"f": ("b.jpg", image_bytes("JPEG", (500, 500)))}
    url = f"{live_server}{URL}{media_id}/file/"
    thread, waited, outcome = _racing(
        monkeypatch, lambda: requests.put(url, files=files, headers=admin, timeout=60)
    )
    assert avif_thumbnails.make_missing() == 1
    thread.join(60)
    assert waited == [True]  # the replace waited for the job's lock
    assert outcome[0].status_code == 200, outcome[0].text
    assert source_types(client, admin, media_id) == ["image/webp"]  # no stale copies
    assert avif_files(app) == [] and no_strays(app)  # and they were removed
    monkeypatch.undo()
    assert avif_thumbnails.make_missing() == 1  # the new file gets its own
    assert source_types(client, admin, media_id) == ["image/avif", "image/webp"]


def test_a_delete_while_the_copies_are_made_leaves_no_file(
    live_server, client, admin, app, monkeypatch
):
    media_id = uploaded(client, admin, image_bytes("PNG", (600, 400)), "a.png")["id"]
    url = f"{live_server}{URL}{media_id}"
    thread, waited, outcome = _racing(
        monkeypatch, lambda: requests.delete(url, headers=admin, timeout=60)
    )
    assert avif_thumbnails.make_missing() == 1
    thread.join(60)
    assert waited == [True]
    assert outcome[0].status_code == 204
    assert stored_files(app) == [] and no_strays(app)


def test_an_image_whose_copies_fail_is_skipped_until_replaced_and_the_others_made(
    client, admin, app, monkeypatch
):
    broken = uploaded(client, admin, image_bytes("PNG"), "broken.png")["id"]
    fine = uploaded(client, admin, image_bytes("PNG"), "fine.png")["id"]
    real, saved = media.save_thumbnail, []

    def failing_on_the_second(*args):
        saved.append(args)
        if len(saved) == 2:  # the first copy is stored by then
            raise OSError("the storage gave up")
        return real(*args)

    monkeypatch.setattr(media, "save_thumbnail", failing_on_the_second)
    monkeypatch.setattr(avif_thumbnails, "_failed", set())
    assert avif_thumbnails.make_missing() == 1
    assert source_types(client, admin, broken) == ["image/webp"]
    assert source_types(client, admin, fine) == ["image/avif", "image/webp"]
    assert avif_thumbnails.make_missing() == 0  # not tried again by this worker
    assert no_strays(app) and len(avif_files(app)) == 4  # the broken one's first went
    monkeypatch.setattr(media, "save_thumbnail", real)
    response = replace(client, admin, broken, image_bytes("PNG", (90, 90)), "new.png")
    assert response.status_code == 200
    assert avif_thumbnails.make_missing() == 1  # but its replacement is
    assert source_types(client, admin, broken) == ["image/avif", "image/webp"]
