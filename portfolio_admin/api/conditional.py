"""Entity tags of single items, and ``If-Match`` on the writes that change them.

An item's ETag is a digest of its JSON body, so it changes when, and only when, that
representation does (a nested employer's or file's change included), whatever else is
written. A write sent with ``If-Match`` locks the item's row (its portfolio's first, the
order every write locks in), builds the item's current body, and goes ahead only when
its ETag is one of those sent (``*``: any existing item); otherwise it is a 412 and
nothing is written. Without ``If-Match`` a write takes no extra lock and no query.
"""

import hashlib
from collections.abc import Callable

from flask import request
from sqlalchemy import Table, select

from portfolio_admin.json_responses import ApiError, not_found
from portfolio_admin.models.base import db
from portfolio_admin.services import locking

STALE = "The item has changed since it was read: the If-Match ETag is not its current one."


def body_etag(body: bytes) -> str:
    """The (unquoted) strong entity tag of a response body."""
    return hashlib.blake2b(body, digest_size=16).hexdigest()


def tagged(response):
    """``response`` with the strong ETag of its body."""
    response.set_etag(body_etag(response.get_data()))
    return response


def require_match(rows: list[tuple[Table, int]], current: Callable, *, for_delete=False):
    """When ``If-Match`` was sent: lock ``rows`` in order (parents first, the item last),
    then raise 412 unless ``current()``'s ETag is one of those sent (404 if it is gone)."""
    if "If-Match" not in request.headers:
        return
    for table, row_id in rows:
        if not _lock(table, row_id, for_delete=for_delete):
            raise not_found()
    expected = request.if_match
    if not expected.star_tag and not expected.contains(body_etag(current().get_data())):
        raise ApiError(412, STALE)


def _lock(table: Table, row_id: int, *, for_delete: bool) -> bool:
    """Lock one row until the transaction ends; ``False`` if there is none.

    PostgreSQL locks the row as the write will (``FOR NO KEY UPDATE``, or ``FOR UPDATE``
    before a delete). SQLite has one writer: the transaction becomes it (``BEGIN
    IMMEDIATE``, waiting ``busy_timeout`` for the one before) before reading anything.
    """
    locking.begin_writing()
    stmt = select(table.c.id).where(table.c.id == row_id)
    return db.session.execute(stmt.with_for_update(key_share=not for_delete)).first() is not None
