"""What only the S3 backend does: conditional writes, URLs, and an unreachable bucket."""

import io

import pytest

from portfolio_admin.config import load_config
from portfolio_admin.storage import create_storage, get_storage
from tests.images import image_bytes
from tests.s3 import fetch_media

PHOTO = "core_media/2026/03/02/photo.png"
PERSIAN = "core_media/2026/03/02/طرح\u200cنهایی.png"


@pytest.fixture
def bucket_config(s3_bucket, tmp_path):
    return load_config(str(tmp_path / "instance"), s3_bucket)


def test_a_name_taken_between_the_check_and_the_write_is_not_overwritten(
    bucket_config, monkeypatch
):
    storage = create_storage(bucket_config)
    storage.save(PHOTO, io.BytesIO(b"first"))
    real_exists, checked = storage.exists, []

    def exists_missing_the_first_check(path):  # as if the file was stored just after it
        checked.append(path)
        return len(checked) > 1 and real_exists(path)

    monkeypatch.setattr(storage, "exists", exists_missing_the_first_check)
    second = storage.save(PHOTO, io.BytesIO(b"second"))
    assert second != PHOTO and len(checked) == 2
    with storage.open(PHOTO) as first:
        assert first.read() == b"first"


def test_urls_point_at_this_site_or_the_public_base(bucket_config):
    assert create_storage(bucket_config).url("a/b c.png") == "/media/a/b%20c.png"
    public = create_storage(bucket_config | {"S3_PUBLIC_BASE_URL": "https://cdn.example.com/m"})
    assert public.url("a/b c.png") == "https://cdn.example.com/m/a/b%20c.png"
    assert public.download_url("a/b c.png") == "https://cdn.example.com/m/a/b%20c.png"


def test_download_urls_are_presigned_for_the_configured_lifetime(bucket_config):
    storage = create_storage(bucket_config | {"S3_URL_EXPIRES": 600})
    url = storage.download_url(PHOTO)
    assert url.startswith(f"{bucket_config['S3_ENDPOINT_URL']}/{bucket_config['S3_BUCKET']}/")
    assert "X-Amz-Expires=600" in url and "X-Amz-Signature=" in url


def test_a_missing_bucket_or_server_is_unavailable(bucket_config):
    assert not create_storage(bucket_config | {"S3_BUCKET": "no-such-bucket"}).is_available()
    gone = create_storage(bucket_config | {"S3_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert not gone.is_available()
    with pytest.raises(OSError):
        gone.save(PHOTO, io.BytesIO(b"x"))


def test_s3_without_a_bucket_is_refused_at_startup(tmp_path):
    with pytest.raises(ValueError, match="S3_BUCKET"):
        create_storage(load_config(str(tmp_path), {"STORAGE": "s3"}))


def test_an_unknown_backend_is_refused_at_startup(tmp_path):
    with pytest.raises(ValueError, match="local, s3"):
        create_storage(load_config(str(tmp_path), {"STORAGE": "ftp"}))


S3_APP = pytest.mark.parametrize("storage_config", ["s3"], indirect=True)


@S3_APP
def test_media_urls_redirect_to_a_presigned_url_of_the_bucket(client, app):
    path = get_storage().save(PERSIAN, io.BytesIO(b"pixels"))
    response = client.get("/media/" + path)
    assert response.status_code == 302
    assert response.location.startswith(
        f"{app.config['S3_ENDPOINT_URL']}/{app.config['S3_BUCKET']}/core_media/"
    )
    assert response.cache_control.private and response.cache_control.max_age == 1800
    assert fetch_media(client, "/media/" + path) == (200, b"pixels")


@S3_APP
def test_media_paths_cannot_escape_the_bucket_folder(client):
    assert client.get("/media/a/../../etc/passwd").status_code == 404


@S3_APP
def test_api_urls_point_at_the_public_base_when_one_is_set(client, app, admin):
    app.extensions["storage"] = create_storage(
        app.config | {"S3_PUBLIC_BASE_URL": "https://cdn.example.com/m/"}
    )
    form = {"f": (io.BytesIO(image_bytes()), "cover.png")}
    body = client.post("/api/media/", data=form, headers=admin).json
    assert body["f"].startswith("https://cdn.example.com/m/core_media/")
    assert body["f"].endswith("/cover.png")
    assert all(t["f"].startswith("https://cdn.example.com/m/") for t in body["thumbnails"])


@S3_APP
def test_readyz_checks_the_bucket(client, app):
    assert client.get("/readyz").json["storage"] == "ok"
    app.extensions["storage"] = create_storage(app.config | {"S3_BUCKET": "no-such-bucket"})
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["storage"] == "unavailable"
