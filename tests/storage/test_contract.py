"""The storage interface, the same on every backend: a local folder and an S3 bucket."""

import hashlib
import io
import re
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest

from portfolio_admin.config import load_config
from portfolio_admin.storage import create_storage
from tests.s3 import BOTH_BACKENDS

pytestmark = BOTH_BACKENDS
PHOTO = "core_media/2026/03/02/photo.png"
PERSIAN = "core_media/2026/03/02/طرح\u200cنهایی.png"  # with a zero-width non-joiner


@pytest.fixture
def storage(storage_config, tmp_path):
    """A backend built from settings, as ``create_app`` builds it."""
    config = load_config(str(tmp_path / "instance"), {"MEDIA_ROOT": str(tmp_path / "media")})
    return create_storage(config | storage_config)


def save(storage, path: str, data: bytes) -> str:
    return storage.save(path, io.BytesIO(data))


def read(storage, path: str) -> bytes:
    with storage.open(path) as stored:
        return stored.read()


def test_a_saved_file_can_be_read_listed_and_deleted(storage):
    assert save(storage, PHOTO, b"pixels") == PHOTO
    assert storage.exists(PHOTO)
    assert read(storage, PHOTO) == b"pixels"
    [listed] = storage.walk()
    assert (listed.path, listed.size) == (PHOTO, 6)
    assert abs(listed.modified - datetime.now(UTC)) < timedelta(minutes=1)
    storage.delete(PHOTO)
    assert not storage.exists(PHOTO)
    assert list(storage.walk()) == []


def test_deleting_a_missing_file_is_not_an_error(storage):
    storage.delete("core_media/never-stored.png")


def test_opening_a_missing_file_raises_file_not_found(storage):
    with pytest.raises(FileNotFoundError):
        storage.open("core_media/never-stored.png")


def test_an_opened_file_is_seekable_for_pillow(storage):
    save(storage, PHOTO, b"0123456789")
    with storage.open(PHOTO) as stored:
        stored.seek(5)
        assert stored.read() == b"56789"


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        (PHOTO, r"core_media/2026/03/02/photo_[A-Za-z0-9]{7}\.png"),
        ("core_media/notes", r"core_media/notes_[A-Za-z0-9]{7}"),
        ("core_media/v1.2/notes", r"core_media/v1\.2/notes_[A-Za-z0-9]{7}"),
    ],
)
def test_a_taken_name_gets_a_suffix_and_the_first_file_is_untouched(storage, path, pattern):
    assert save(storage, path, b"first") == path
    second = save(storage, path, b"second")
    assert re.fullmatch(pattern, second), second
    assert (read(storage, path), read(storage, second)) == (b"first", b"second")


def test_saving_starts_where_the_stream_is_and_retries_from_there(storage):
    save(storage, PHOTO, b"first")
    content = io.BytesIO(b"headerbody")
    content.seek(6)
    assert read(storage, storage.save(PHOTO, content)) == b"body"


def test_persian_names_with_zwnj_are_kept_exactly_and_quoted_in_urls(storage):
    assert save(storage, PERSIAN, b"design") == PERSIAN
    assert [f.path for f in storage.walk()] == [PERSIAN]
    assert read(storage, PERSIAN) == b"design"
    assert storage.url(PERSIAN) == (
        "/media/core_media/2026/03/02/%D8%B7%D8%B1%D8%AD%E2%80%8C%D9%86%D9%87%D8%A7%DB%8C%DB%8C.png"
    )


def test_thumbnails_live_in_nested_folders_beside_their_original(storage):
    thumb = "core_media/2026/03/02/thumbnails/photo_thumbnail_64x64.png"
    save(storage, PHOTO, b"original")
    assert save(storage, thumb, b"small") == thumb
    assert sorted(f.path for f in storage.walk()) == [PHOTO, thumb]
    assert read(storage, thumb) == b"small"


@pytest.mark.parametrize("path", ["../outside.png", "core_media/../../outside.png"])
def test_paths_cannot_leave_the_media_root(storage, path):
    with pytest.raises(ValueError):
        save(storage, path, b"x")
    with pytest.raises(ValueError):
        storage.open(path)


def test_storage_is_available(storage):
    assert storage.is_available()


def test_a_large_file_is_streamed_in_and_out_without_holding_it_in_memory(storage, tmp_path):
    size = 48 * 1024 * 1024
    chunk = bytes(range(256)) * 4096  # 1 MiB
    source = tmp_path / "large.bin"
    with open(source, "wb") as out:
        for _ in range(size // len(chunk)):
            out.write(chunk)
    tracemalloc.start()
    try:
        with open(source, "rb") as content:
            path = storage.save("core_media/large.bin", content)
        saving_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        digest = hashlib.sha256()
        with storage.open(path) as stored:
            while block := stored.read(1024 * 1024):
                digest.update(block)
        reading_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest.digest() == hashlib.sha256(chunk * (size // len(chunk))).digest()
    assert [f.size for f in storage.walk()] == [size]
    assert saving_peak < 16 * 1024 * 1024, saving_peak
    assert reading_peak < 16 * 1024 * 1024, reading_peak
