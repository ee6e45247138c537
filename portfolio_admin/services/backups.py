"""Backups: the database and every stored file into a folder, and back.

A backup folder holds ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or
``database.sqlite3`` (SQLite's online backup), ``media/`` (every stored file, copied
through the storage backend, so it works for a local folder and a bucket alike) and
``manifest.json``. The database is copied first: a file uploaded meanwhile is then an
orphan in the backup (harmless) rather than a row whose file is missing.
"""

import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from portfolio_admin.models import ContentVersion
from portfolio_admin.models.base import db
from portfolio_admin.storage import get_storage

MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """The backup or restore could not be made; the message says why."""


def create_backup(folder: Path) -> dict:
    """Write a backup of the database and the stored files into the new ``folder``."""
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty.")
    folder.mkdir(parents=True, exist_ok=True)
    url = db.engine.url
    dialect = _dialect(url)
    version = db.session.scalar(select(ContentVersion.version).where(ContentVersion.id == 1))
    db.session.remove()
    if dialect == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DUMPS[dialect]),
              _libpq_url(url)], url)  # fmt: skip
    else:
        _copy_sqlite(Path(url.database), folder / DUMPS[dialect])
    storage = get_storage()
    files = 0
    for stored_file in storage.walk():
        destination = folder / MEDIA / stored_file.path
        destination.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(stored_file.path) as stored, open(destination, "wb") as out:
            shutil.copyfileobj(stored, out, 1024 * 1024)
        files += 1
    manifest = {
        "created_at": datetime.now(UTC).isoformat(),
        "database": dialect,
        "content_version": version,
        "media_files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore_backup(folder: Path) -> dict:
    """Replace the database with the backup's, and store the backup's files that storage
    lacks. The app's instances should be stopped (or out of the balancer) meanwhile."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} holds no readable {MANIFEST}.") from exc
    url = db.engine.url
    dialect = _dialect(url)
    if manifest.get("database") != dialect:
        raise BackupError(f"The backup is of {manifest.get('database')}, this database {dialect}.")
    seen_version = _current_version()
    db.session.remove()
    db.engine.dispose()  # nothing of ours may hold a lock or a file open
    if dialect == "postgresql":
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--dbname", _libpq_url(url), str(folder / DUMPS[dialect])], url)  # fmt: skip
    else:
        _copy_sqlite(folder / DUMPS[dialect], Path(url.database))
    storage = get_storage()
    restored = 0
    media = folder / MEDIA
    for file in sorted(p for p in media.rglob("*") if p.is_file()):
        path = file.relative_to(media).as_posix()
        if not storage.exists(path):
            with open(file, "rb") as content:
                storage.save(path, content)
            restored += 1
    _move_version_past(seen_version)
    return manifest | {"media_files_restored": restored}


def _move_version_past(seen_version: int) -> None:
    """Versions already handed out (in ETags and caches) must never name other content:
    continue after the higher of the backup's and the replaced database's version."""
    db.session.execute(
        update(ContentVersion)
        .where(ContentVersion.id == 1)
        .values(version=max(_current_version(), seen_version) + 1)
    )
    db.session.commit()
    cache = current_app.extensions.get("response_cache")
    if cache is not None:
        cache.clear()


def _current_version() -> int:
    try:
        version = db.session.scalar(select(ContentVersion.version).where(ContentVersion.id == 1))
    except SQLAlchemyError:  # an empty database: nothing handed out yet
        db.session.rollback()
        return 0
    return version or 0


def _copy_sqlite(source_path: Path, target_path: Path) -> None:
    """SQLite's online backup: a consistent copy even while the source is in use."""
    source, target = sqlite3.connect(source_path), sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _dialect(url: URL) -> str:
    if url.get_backend_name() not in DUMPS:
        raise BackupError(f"Backups support {', '.join(DUMPS)}, not {url.get_backend_name()}.")
    return url.get_backend_name()


def _libpq_url(url: URL) -> str:
    """The URL as pg_dump understands it; the password travels in PGPASSWORD instead."""
    return url.set(drivername="postgresql", password=None).render_as_string()


def _run(command: list[str], url: URL) -> None:
    # The child gets this process's environment, and the password out of sight of ``ps``.
    environ = os.environ | ({"PGPASSWORD": url.password} if url.password else {})
    try:
        subprocess.run(command, env=environ, check=True, capture_output=True, text=True)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is needed (apt-get install postgresql-client).") from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(f"{command[0]} failed: {exc.stderr.strip()}") from exc
