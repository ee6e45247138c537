"""``flask media regenerate-thumbnails`` and ``flask media check``."""

import io
import os

from portfolio_admin.models import MediaFile, Thumbnail
from portfolio_admin.models.base import db
from portfolio_admin.services import media
from tests.images import image_bytes


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
    root = app.config["MEDIA_ROOT"]
    assert all(os.path.exists(os.path.join(root, t.path)) for t in thumbs)
    assert not any(os.path.exists(os.path.join(root, p)) for p in old_paths)


def test_regenerate_one_image_by_id_and_refuse_unknown_ids(runner):
    item = store()
    assert (
        runner.invoke(args=["media", "regenerate-thumbnails", "--id", str(item.id)]).exit_code == 0
    )
    result = runner.invoke(args=["media", "regenerate-thumbnails", "--id", "999"])
    assert result.exit_code != 0
    assert "No image with id 999" in result.output


def test_check_reports_missing_files_and_orphans_and_removes_orphans(runner, app):
    item = store()
    root = app.config["MEDIA_ROOT"]
    os.remove(os.path.join(root, item.path))
    orphan = os.path.join(root, "core_media", "stray.png")
    with open(orphan, "wb") as out:
        out.write(b"left over")

    result = runner.invoke(args=["media", "check"])
    assert result.exit_code == 1
    assert f"missing: {item.path}" in result.output
    assert "orphan: core_media/stray.png" in result.output

    result = runner.invoke(args=["media", "check", "--delete-orphans"])
    assert "Deleted 1 orphan file(s)." in result.output
    assert not os.path.exists(orphan)
    assert db.session.get(MediaFile, item.id) is not None


def test_check_of_a_healthy_library_reports_nothing(runner):
    store()
    result = runner.invoke(args=["media", "check"])
    assert result.exit_code == 0
    assert "0 missing, 0 orphan(s)." in result.output
