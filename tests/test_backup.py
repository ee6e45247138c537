"""``flask backup create`` and ``restore``: a wiped site comes back exactly as it was."""

import io
import json

from sqlalchemy import text

from portfolio_admin.models import ContentVersion
from portfolio_admin.models.base import db
from portfolio_admin.storage import get_storage
from tests.conftest import ON_POSTGRES
from tests.images import image_bytes
from tests.s3 import BOTH_BACKENDS

READS = ["/api/portfolios/", "/api/media/", "/api/portfolios/tags/", "/api/portfolios/employers/"]


def _upload(client, admin, name):
    data = {"f": (io.BytesIO(image_bytes("PNG", (640, 480))), f"{name}.png")}
    response = client.post("/api/media/", data=data, headers=admin)
    assert response.status_code == 201, response.json
    return response.json["id"]


def _fill(client, admin):
    cover, gallery = _upload(client, admin, "cover"), _upload(client, admin, "gallery")
    tag = client.post("/api/portfolios/tags/", json={"name": "وب"}, headers=admin).json["id"]
    employer = client.post(
        "/api/portfolios/employers/", json={"name": "Acme", "image": cover}, headers=admin
    ).json["id"]
    portfolio = {"title": "Site", "slug": "site", "excerpt": "کوتاه", "image": cover,
                 "images": [gallery], "tags": [tag], "employer": employer}  # fmt: skip
    assert client.post("/api/portfolios/", json=portfolio, headers=admin).status_code == 201


def _wipe() -> None:
    """Lose everything: the database's tables and every stored file."""
    db.session.remove()
    if ON_POSTGRES:
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.engine.dispose()
        with open(db.engine.url.database, "wb"):
            pass  # an empty file is an empty SQLite database
    storage = get_storage()
    for stored in list(storage.walk()):
        storage.delete(stored.path)


def _version() -> int:
    db.session.expire_all()
    return db.session.get(ContentVersion, 1).version


@BOTH_BACKENDS
def test_a_restored_backup_answers_the_api_as_before_and_its_media_check_is_clean(
    client, runner, admin, tmp_path
):
    _fill(client, admin)
    before = {url: client.get(url, headers=admin).json for url in READS}
    version = _version()
    folder = tmp_path / "backup"
    result = runner.invoke(args=["backup", "create", str(folder)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["media_files"] == 18  # two images, four thumbnails each, their WebP copies
    assert manifest["content_version"] == version

    _wipe()
    assert runner.invoke(args=["media", "check"]).exit_code != 0

    result = runner.invoke(args=["backup", "restore", "--yes", str(folder)])
    assert result.exit_code == 0, result.output
    assert "18 file(s)" in result.output
    assert {url: client.get(url, headers=admin).json for url in READS} == before
    check = runner.invoke(args=["media", "check"])
    assert (check.exit_code, check.output.strip()) == (0, "0 missing, 0 orphan(s).")
    assert _version() > version  # versions handed out before never name other content


def test_restore_refuses_a_folder_without_a_manifest(runner, tmp_path):
    result = runner.invoke(args=["backup", "restore", "--yes", str(tmp_path)])
    assert result.exit_code == 1
    assert "holds no readable manifest.json" in result.output


def test_backup_refuses_a_folder_that_is_not_empty(runner, tmp_path):
    (tmp_path / "something").write_text("x")
    result = runner.invoke(args=["backup", "create", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output


def test_restore_continues_after_the_replaced_databases_version(client, runner, admin, tmp_path):
    _fill(client, admin)
    assert runner.invoke(args=["backup", "create", str(tmp_path / "b")]).exit_code == 0
    for n in range(5):  # writes after the backup hand out newer versions
        client.post("/api/portfolios/tags/", json={"name": f"later {n}"}, headers=admin)
    handed_out = _version()
    assert runner.invoke(args=["backup", "restore", "--yes", str(tmp_path / "b")]).exit_code == 0
    assert _version() == handed_out + 1
