"""Keep stored files in step with the database transaction.

A service that writes a file registers it with ``written``; one that removes a row
registers the row's files with ``delete_after_commit``. When the transaction commits,
doomed files are deleted; when a request ends without its files being committed (an
error anywhere, a rollback), the files it wrote are deleted. No row whose file is gone.

The database decides: a file that cannot be removed (storage read-only or unreachable)
never undoes a commit or costs the request its answer. It is logged and left behind as
an orphan for ``flask media check --delete-orphans``.
"""

import logging

from flask import Flask
from sqlalchemy.orm import Session

from portfolio_admin.models.base import db, listen_to_sessions
from portfolio_admin.storage import get_storage

NEW = "new_files"
DOOMED = "doomed_files"
log = logging.getLogger(__name__)


def written(path: str) -> None:
    """``path`` was stored for the current transaction; remove it if that fails."""
    db.session.info.setdefault(NEW, []).append(path)


def delete_after_commit(*paths: str) -> None:
    """Remove ``paths`` from storage once the current transaction has committed."""
    db.session.info.setdefault(DOOMED, []).extend(paths)


def discard_uncommitted() -> None:
    """Roll back a transaction that wrote files but never committed, and remove the files."""
    if not db.session.registry.has():
        return  # this request made no database session, so no files either
    session = db.session()
    new = session.info.pop(NEW, [])
    session.info.pop(DOOMED, None)
    if new:
        session.rollback()
        _remove(new)


def _after_commit(session: Session) -> None:
    session.info.pop(NEW, None)
    doomed = session.info.pop(DOOMED, [])
    if doomed:
        _remove(doomed)


def _remove(paths: list[str]) -> None:
    """Delete ``paths`` from storage; at the first failure, log them all and give up
    (storage that refuses one file will refuse the next, each after its retries)."""
    storage = get_storage()
    for done, path in enumerate(paths):
        try:
            storage.delete(path)
        except OSError as exc:
            log.warning(
                "Could not remove %d stored file(s), left for `flask media check`: %s (%s)",
                len(paths) - done,
                ", ".join(paths[done:]),
                exc,
            )
            return


def register(app: Flask) -> None:
    """Hook file cleanup into every commit and the end of every request."""
    listen_to_sessions(after_commit=_after_commit)
    app.teardown_request(lambda exc: discard_uncommitted())
