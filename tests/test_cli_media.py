"""``flask media regenerate-thumbnails`` and ``flask media check``, on either backend."""

import io
import os
from datetime import datetime, timedelta

from portfolio_admin.models import MediaFile, Thumbnail
from portfolio_admin.models.base import db
from portfolio_admin.services import media
from portfolio_admin.storage import get_storage
from tests.images import image_bytes
from tests.s3 import BOTH_BACKENDS

pytestmark = BOTH_BACKENDS


def store(filename="photo.png", size=(600, 400)):
    item = media.store_upload(io.BytesIO(image_bytes("PNG", size)), filename)
    db.session.commit()
    return item


def test_regenerate_thumbnails_rebuilds_them_with_the_configured_sizes(runner, app):
    item = store()
    old_paths = {t.path for t in item.thumbnails}
    app.config["THUMBNAIL_SIZES"] = (32, 300)
    result = runner.invoke(args=["media", "regenerate-thumbnails"])
    assert result.exit_code == 0, result.output
    assert "Regenerated thumbnails of 1 image(s)." in result.output
    db.session.expire_all()
    thumbs = db.session.query(Thumbnail).filter_by(media_id=item.id).order_by(Thumbnail.size)
    assert [(t.size, t.width, t.height) for t in thumbs] == [(32, 32, 21), (300, 300, 200)]
    storage = get_storage()
    assert all(storage.exists(t.path) for t in thumbs)
    assert not any(storage.exists(p) for p in old_paths)


def test_regenerate_one_image_by_id_and_refuse_unknown_ids(runner):
    item = store()
    assert (
        runner.invoke(args=["media", "regenerate-thumbnails", "--id", str(item.id)]).exit_code == 0
    )
    result = runner.invoke(args=["media", "regenerate-thumbnails", "--id", "999"])
    assert result.exit_code != 0
    assert "No image with id 999" in result.output


def test_check_reports_missing_files_and_orphans_and_removes_orphans(runner):
    item = store()
    storage = get_storage()
    storage.delete(item.path)
    storage.save("core_media/stray.png", io.BytesIO(b"left over"))

    result = runner.invoke(args=["media", "check", "--min-age", "0"])
    assert result.exit_code == 1
    assert f"missing: {item.path}" in result.output
    assert "orphan: core_media/stray.png" in result.output

    result = runner.invoke(args=["media", "check", "--delete-orphans", "--min-age", "0"])
    assert "Deleted 1 orphan file(s)." in result.output
    assert not storage.exists("core_media/stray.png")
    assert db.session.get(MediaFile, item.id) is not None


def test_check_leaves_files_of_uploads_that_may_not_have_committed_yet(runner):
    store()
    # What another request's upload looks like between storing its file and committing its row.
    in_flight = get_storage().save("core_media/uploading.png", io.BytesIO(image_bytes()))
    result = runner.invoke(args=["media", "check", "--delete-orphans"])
    assert result.exit_code == 0, result.output
    assert "0 missing, 0 orphan(s)." in result.output
    assert "Left alone 1 unreferenced file(s) younger than 3600s." in result.output
    assert get_storage().exists(in_flight)


def test_check_of_a_healthy_library_reports_nothing(runner):
    store()
    result = runner.invoke(args=["media", "check"])
    assert result.exit_code == 0
    assert "0 missing, 0 orphan(s)." in result.output


def test_check_deletes_orphans_older_than_min_age(runner, app, storage_config):
    if storage_config:
        return  # a bucket's modification times cannot be set; --min-age 0 covers S3 above
    get_storage().save("core_media/stray.png", io.BytesIO(b"left over"))
    hours_ago = (datetime.now() - timedelta(hours=2)).timestamp()
    os.utime(os.path.join(app.config["MEDIA_ROOT"], "core_media/stray.png"), (hours_ago,) * 2)
    result = runner.invoke(args=["media", "check", "--delete-orphans"])
    assert "Deleted 1 orphan file(s)." in result.output
    assert not get_storage().exists("core_media/stray.png")
