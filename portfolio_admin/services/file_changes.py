"""Keep stored files in step with the database transaction.

A service that writes a file registers it with ``written``; one that removes a row
registers the row's files with ``delete_after_commit``. When the transaction commits,
doomed files are deleted; when a request ends without its files being committed (an
error anywhere, a rollback), the files it wrote are deleted. No orphan file, and no
row whose file is gone.
"""

from flask import Flask
from sqlalchemy.orm import Session

from portfolio_admin.models.base import db, listen_to_sessions
from portfolio_admin.storage import get_storage

NEW = "new_files"
DOOMED = "doomed_files"


def written(path: str) -> None:
    """``path`` was stored for the current transaction; remove it if that fails."""
    db.session.info.setdefault(NEW, []).append(path)


def delete_after_commit(*paths: str) -> None:
    """Remove ``paths`` from storage once the current transaction has committed."""
    db.session.info.setdefault(DOOMED, []).extend(paths)


def discard_uncommitted() -> None:
    """Roll back a transaction that wrote files but never committed, and remove the files."""
    session = db.session()
    new = session.info.pop(NEW, [])
    session.info.pop(DOOMED, None)
    if new:
        session.rollback()
        storage = get_storage()
        for path in new:
            storage.delete(path)


def _after_commit(session: Session) -> None:
    session.info.pop(NEW, None)
    doomed = session.info.pop(DOOMED, [])
    if doomed:
        storage = get_storage()
        for path in doomed:
            storage.delete(path)


def register(app: Flask) -> None:
    """Hook file cleanup into every commit and the end of every request."""
    listen_to_sessions(after_commit=_after_commit)
    app.teardown_request(lambda exc: discard_uncommitted())
