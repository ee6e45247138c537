"""``/api/media/`` when storage fails: a read-only folder, an S3 server that goes away.

The database is the truth: a deleted row stays deleted even when its files cannot be
removed (``flask media check`` finds them), and a failed upload leaves no row, with an
answer for the client whatever cleanup could not do.
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from portfolio_admin.models import MediaFile
from portfolio_admin.models.base import db
from portfolio_admin.storage import get_storage
from tests import s3
from tests.gunicorn_server import gunicorn, server_environ
from tests.images import image_bytes

URL = "/api/media/"
SECRET_KEY = "storage-failures-" + "k" * 40


def upload(client, headers, data: bytes, filename: str):
    form = {"f": (io.BytesIO(data), filename)}
    return client.post(URL, data=form, headers=headers, content_type="multipart/form-data")


def stored_files() -> list[str]:
    return sorted(stored.path for stored in get_storage().walk())


@pytest.fixture
def read_only_media(app):
    """Makes the app's media folder read-only for a server the test starts next, and
    returns the prefix of its command: a read-only bind mount in a namespace of its own
    for root, whom file modes do not stop; plain file modes for anyone else."""
    media = Path(app.config["MEDIA_ROOT"])

    def folders():
        return [media, *(path for path in media.rglob("*") if path.is_dir())]

    if os.geteuid() != 0:

        def by_file_modes():
            for folder in folders():
                folder.chmod(0o555)
            return ()

        yield by_file_modes
        for folder in folders():
            folder.chmod(0o755)
        return
    prefix = ("unshare", "--user", "--map-root-user", "--mount")
    if not shutil.which("unshare") or subprocess.run([*prefix, "true"]).returncode:
        pytest.skip("needs unshare(1) and user namespaces to make a folder read-only for root")
    mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    yield lambda: (*prefix, "sh", "-c", mount, str(media))


@pytest.fixture
def own_s3_server(more_instances):
    """An app storing media on an S3 server of this test's own, which the test may stop;
    yields the app and the server's process."""
    process, endpoint = s3.start_server()
    try:
        other = more_instances(**s3.settings(endpoint, s3.create_bucket(endpoint)))
        yield other, process
    finally:
        s3.stop_server(process)


def test_delete_with_a_read_only_media_folder_is_204_and_leaves_the_files_to_media_check(
    app, client, admin, database_uri, read_only_media, runner, tmp_path
):
    media_id = upload(client, admin, image_bytes(), "cover.png").json["id"]
    files = stored_files()
    assert len(files) == 9  # the image, its four thumbnails and their WebP copies
    environ = server_environ(
        DATABASE_URL=database_uri, MEDIA_ROOT=app.config["MEDIA_ROOT"], SECRET_KEY=SECRET_KEY
    )
    prefix = read_only_media()
    with gunicorn(environ, tmp_path / "server", "--workers", "1", prefix=prefix) as url:
        response = requests.delete(f"{url}{URL}{media_id}", headers=admin, timeout=30)

    assert response.status_code == 204, response.text
    db.session.expire_all()
    assert db.session.get(MediaFile, media_id) is None
    assert stored_files() == files
    check = runner.invoke(args=["media", "check", "--min-age", "0"])
    assert [f"orphan: {path}" for path in files] == check.output.splitlines()[: len(files)]


def test_delete_while_s3_is_down_is_204_and_the_row_is_gone(own_s3_server, admin, caplog):
    other, server = own_s3_server
    client = other.test_client()
    created = upload(client, admin, image_bytes(), "cover.png").json
    s3.stop_server(server)

    response = client.delete(f"{URL}{created['id']}", headers=admin)

    assert response.status_code == 204
    db.session.expire_all()
    assert db.session.get(MediaFile, created["id"]) is None
    assert created["f"].rpartition("/media/")[2] in caplog.text  # what media check will find


def test_s3_failing_midway_through_an_upload_is_answered_and_leaves_no_row(own_s3_server, admin):
    other, server = own_s3_server
    other.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, not raise
    client = other.test_client()
    puts = []  # the URL of each attempt (botocore retries)

    def second_put_finds_the_server_gone(**kwargs):
        puts.append(kwargs["request"].url)
        if len(set(puts)) == 2 and server.poll() is None:
            s3.stop_server(server)

    events = other.extensions["storage"].client.meta.events
    events.register("before-send.s3.PutObject", second_put_finds_the_server_gone)

    response = upload(client, admin, image_bytes(), "cover.png")

    assert len(set(puts)) == 2  # the original was stored, the first thumbnail was not
    assert response.status_code == 500
    assert response.json == {"detail": "A server error occurred."}
    assert db.session.query(MediaFile).count() == 0
