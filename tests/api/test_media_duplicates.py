"""Exact duplicates: every upload's SHA-256 is kept; ``?if_duplicate=reuse`` answers with
the file already stored instead of storing it again."""

import hashlib
import io

from sqlalchemy import update

from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from tests.api.test_media import stored_files, upload
from tests.images import image_bytes
from tests.s3 import BOTH_BACKENDS
from tests.test_concurrency import concurrently

URL = "/api/media/"


def upload_with(client, headers, query: str, data: bytes, filename: str):
    form = {"f": (io.BytesIO(data), filename)}
    return client.post(URL + query, data=form, headers=headers, content_type="multipart/form-data")


@BOTH_BACKENDS
def test_reuse_answers_200_with_the_stored_file_and_stores_nothing(client, admin, app):
    data = image_bytes("PNG", (320, 200))
    first = upload(client, admin, data, "logo.png").json
    files = stored_files(app)

    response = upload_with(client, admin, "?if_duplicate=reuse", data, "copy.png")

    assert response.status_code == 200
    assert response.json == client.get(f"{URL}{first['id']}", headers=admin).json
    assert stored_files(app) == files
    assert db.session.query(MediaFile).count() == 1
    media = db.session.get(MediaFile, first["id"])
    assert media.sha256 == hashlib.sha256(data).hexdigest()


def test_by_default_and_with_create_the_same_bytes_make_a_new_file(client, admin):
    data = b"%PDF-1.4 the brief"
    first = upload(client, admin, data, "brief.pdf")
    again = upload(client, admin, data, "brief.pdf")
    created = upload_with(client, admin, "?if_duplicate=create", data, "brief.pdf")
    assert [r.status_code for r in (first, again, created)] == [201, 201, 201]
    assert len({r.json["id"] for r in (first, again, created)}) == 3
    # Reuse answers with the first of them; other bytes are stored as new.
    reused = upload_with(client, admin, "?if_duplicate=reuse", data, "x.pdf")
    assert (reused.status_code, reused.json["id"]) == (200, first.json["id"])
    other = upload_with(client, admin, "?if_duplicate=reuse", data + b" v2", "x.pdf")
    assert other.status_code == 201


def test_a_bad_if_duplicate_is_400_naming_it_and_stores_nothing(client, admin, app):
    response = upload_with(client, admin, "?if_duplicate=skip", image_bytes(), "a.png")
    assert response.status_code == 400
    assert list(response.json) == ["if_duplicate"]
    assert stored_files(app) == [] and db.session.query(MediaFile).count() == 0


def test_a_bad_file_is_refused_even_when_reusing(client, admin):
    response = upload_with(client, admin, "?if_duplicate=reuse", b"", "a.png")
    assert (response.status_code, response.json) == (400, {"f": ["The submitted file is empty."]})


def test_identical_uploads_at_once_with_reuse_store_the_file_once(live_server, admin, app):
    import requests

    data = image_bytes("PNG", (500, 300))

    def call():
        files = {"f": ("same.png", io.BytesIO(data))}
        url = f"{live_server}{URL}?if_duplicate=reuse"
        return requests.post(url, files=files, headers=admin, timeout=60)

    responses = concurrently([call] * 4)
    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
    assert len({r.json()["id"] for r in responses}) == 1
    db.session.expire_all()
    assert db.session.query(MediaFile).count() == 1


def test_hash_files_fills_in_files_stored_before_hashes(client, admin, runner):
    data = image_bytes()
    media_id = upload(client, admin, data, "old.png").json["id"]
    db.session.execute(update(MediaFile).values(sha256=None))
    db.session.commit()
    assert upload_with(client, admin, "?if_duplicate=reuse", data, "a.png").status_code == 201

    result = runner.invoke(args=["media", "hash-files"])

    assert result.exit_code == 0, result.output
    assert "Hashed 1 file(s)." in result.output  # the new upload had its hash already
    reused = upload_with(client, admin, "?if_duplicate=reuse", data, "b.png")
    assert (reused.status_code, reused.json["id"]) == (200, media_id)
