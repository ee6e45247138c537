"""``flask media migrate-storage``: copy a library between local and S3, resumably."""

import io

import pytest
from sqlalchemy import select

from portfolio_admin.models import MediaFile, Thumbnail
from portfolio_admin.models.base import db
from portfolio_admin.services import media, storage_migration
from portfolio_admin.storage import S3Storage, create_storage, get_storage
from tests.images import image_bytes

TO_S3 = ["media", "migrate-storage", "--from", "local", "--to", "s3"]
TO_LOCAL = ["media", "migrate-storage", "--from", "s3", "--to", "local"]


@pytest.fixture
def both(app, s3_bucket):
    """The app on local storage, with a bucket configured to migrate to."""
    app.config.update({k: v for k, v in s3_bucket.items() if k != "STORAGE"})
    return app


def populate() -> int:
    """Three images with thumbnails and a document; returns how many files that stored."""
    for name, size in [("cover.png", (900, 600)), ("طرح\u200cنهایی.png", (300, 200))]:
        media.store_upload(io.BytesIO(image_bytes("PNG", size)), name)
    media.store_upload(io.BytesIO(image_bytes("JPEG", (1200, 800))), "photo.jpg")
    media.store_upload(io.BytesIO(b"%PDF-1.7 brief"), "brief.pdf")
    db.session.commit()
    return 3 * (1 + 4 + 4) + 1  # each image, its thumbnails and their WebP copies


def rows() -> list[tuple]:
    return list(db.session.execute(select(MediaFile.id, MediaFile.path))) + list(
        db.session.execute(select(Thumbnail.id, Thumbnail.path))
    )


def listing(storage) -> dict[str, int]:
    return storage_migration.stored_sizes(storage)


def use(app, backend: str) -> None:
    app.extensions["storage"] = create_storage(app.config, backend)


def test_migration_copies_every_file_and_leaves_rows_alone(both, runner, client):
    count = populate()
    before = rows()
    result = runner.invoke(args=TO_S3)
    assert result.exit_code == 0, result.output
    assert f"{count} copied, 0 skipped, 0 failed." in result.output
    assert rows() == before
    local, s3 = create_storage(both.config, "local"), create_storage(both.config, "s3")
    assert listing(s3) == listing(local) and len(listing(s3)) == count

    for backend in ("local", "s3"):
        use(both, backend)
        result = runner.invoke(args=["media", "check"])
        assert "0 missing, 0 orphan(s)." in result.output, (backend, result.output)
        assert result.exit_code == 0
    assert isinstance(get_storage(), S3Storage)
    brief = db.session.scalar(select(MediaFile).where(MediaFile.type == "document"))
    with get_storage().open(brief.path) as stored:
        assert stored.read() == b"%PDF-1.7 brief"


def test_an_interrupted_migration_resumes_where_it_stopped(both, runner, monkeypatch):
    count = populate()
    copy_file, calls = storage_migration.copy_file, []

    def interrupted_after_five(*args):
        calls.append(args)
        if len(calls) > 5:
            raise KeyboardInterrupt
        return copy_file(*args)

    monkeypatch.setattr(storage_migration, "copy_file", interrupted_after_five)
    assert runner.invoke(args=TO_S3).exit_code != 0
    monkeypatch.setattr(storage_migration, "copy_file", copy_file)
    local, s3 = create_storage(both.config, "local"), create_storage(both.config, "s3")
    assert len(listing(s3)) == 5
    # A file cut short by the interruption (on a target that can hold partial files).
    partial = min(set(listing(local)) - set(listing(s3)))
    s3.save(partial, io.BytesIO(b"cut short"))

    result = runner.invoke(args=TO_S3)
    assert result.exit_code == 0, result.output
    assert f"{count - 5} copied, 5 skipped, 0 failed." in result.output
    assert listing(s3) == listing(local)
    assert f"0 copied, {count} skipped, 0 failed." in runner.invoke(args=TO_S3).output


def test_failed_copies_are_listed_and_a_rerun_copies_them(both, runner, monkeypatch):
    count = populate()
    brief = db.session.scalar(select(MediaFile.path).where(MediaFile.type == "document"))
    save = S3Storage.save

    def refusing_the_brief(self, path, content):
        if path == brief:
            raise OSError("S3 unreachable")
        return save(self, path, content)

    monkeypatch.setattr(S3Storage, "save", refusing_the_brief)
    result = runner.invoke(args=TO_S3)
    assert result.exit_code == 1
    assert f"failed: {brief}: S3 unreachable" in result.output
    assert f"{count - 1} copied, 0 skipped, 1 failed." in result.output
    monkeypatch.setattr(S3Storage, "save", save)
    assert f"1 copied, {count - 1} skipped, 0 failed." in runner.invoke(args=TO_S3).output


@pytest.mark.parametrize("storage_config", ["s3"], indirect=True)
def test_migration_from_s3_back_to_local(app, runner):
    count = populate()
    result = runner.invoke(args=TO_LOCAL)
    assert result.exit_code == 0, result.output
    assert f"{count} copied, 0 skipped, 0 failed." in result.output
    use(app, "local")
    assert "0 missing, 0 orphan(s)." in runner.invoke(args=["media", "check"]).output


def test_source_and_target_must_differ(runner):
    result = runner.invoke(args=["media", "migrate-storage", "--from", "local", "--to", "local"])
    assert result.exit_code == 2
    assert "different backends" in result.output


def test_an_unreachable_target_stops_before_copying(both, runner):
    populate()
    both.config["S3_ENDPOINT_URL"] = "http://127.0.0.1:9"
    result = runner.invoke(args=TO_S3)
    assert result.exit_code == 1
    assert "S3 unreachable" in result.output
