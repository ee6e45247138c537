"""Locks that make simultaneous writes to the same rows take turns instead of failing.

Every write takes its locks in one order, so two transactions never wait for each other
in a circle (a deadlock):

1. ``keep`` the rows the write will point to (media files, tags, an employer): they cannot
   be deleted until it commits, and they are checked after they are kept;
2. ``lock`` the rows it changes, a portfolio before its gallery, tags, links and meta
   entries, several of a kind by ascending id. Deleting a row others point to locks it
   first (``for_delete``), then the portfolios that point to it.

On PostgreSQL these are row locks (``SELECT ... FOR KEY SHARE / FOR NO KEY UPDATE``) taken
in READ COMMITTED, so what is read after a lock is what the previous writer committed. SQLite
has one writer at a time: there the first lock starts the transaction with ``BEGIN
IMMEDIATE``, which waits (``busy_timeout``) for the writer before it, so two writers never
both read and then fail to write.
"""

import hashlib

from sqlalchemy import Select, select, text
from sqlalchemy.exc import InvalidRequestError

from portfolio_admin.models import Portfolio
from portfolio_admin.models.base import db
from portfolio_admin.services.errors import NotFound


def begin_writing() -> None:
    """On SQLite, make the current transaction the writer now, before it reads anything it
    will act on (nothing to do on PostgreSQL, whose locks are per row)."""
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        return
    # pysqlite opens a transaction only before the first write; once open, this
    # connection holds SQLite's write lock already.
    if not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def keep(stmt: Select) -> Select:
    """``stmt``, reading rows a write will point to, made to keep them (``FOR KEY SHARE``):
    nobody deletes them before this transaction ends, while others may still point to
    them or change them."""
    begin_writing()
    return stmt.with_for_update(read=True, key_share=True)


def keep_rows(model, ids) -> None:
    """Keep the rows of ``model`` with these ids (see ``keep``), by ascending id."""
    stmt = select(model.id).where(model.id.in_(set(ids))).order_by(model.id)
    db.session.execute(keep(stmt))


def lock(obj, *, for_delete: bool = False):
    """Lock ``obj``'s row until the transaction ends and reload it as last committed;
    ``NotFound`` if it was deleted meanwhile (or ``obj`` is ``None``, not found before).

    ``for_delete`` also stops others from pointing to it (``FOR UPDATE``)."""
    if obj is None:
        raise NotFound()
    begin_writing()
    try:
        db.session.refresh(obj, with_for_update=_mode(for_delete))
    except InvalidRequestError as exc:
        raise NotFound() from exc
    return obj


def lock_rows(stmt: Select, *, for_delete: bool = False) -> list:
    """The objects ``stmt`` selects, locked by ascending id and reloaded as last committed."""
    begin_writing()
    model = stmt.column_descriptions[0]["entity"]
    stmt = stmt.order_by(model.id).with_for_update(**_mode(for_delete))
    return list(db.session.scalars(stmt.execution_options(populate_existing=True)))


def lock_portfolios(ids) -> list[Portfolio]:
    """The portfolios with these ids that still exist, locked by ascending id."""
    return lock_rows(select(Portfolio).where(Portfolio.id.in_(set(ids))))


def lock_table(model) -> None:
    """Let one transaction at a time read and write ``model``'s table (others may read)."""
    begin_writing()
    if db.session.connection().dialect.name == "postgresql":
        db.session.execute(text(f"LOCK TABLE {model.__tablename__} IN SHARE ROW EXCLUSIVE MODE"))


def take_turns(key: str) -> None:
    """Let one transaction at a time past this point for ``key``, until it ends: an advisory
    lock on PostgreSQL (other keys go on), SQLite's one write lock there."""
    begin_writing()
    if db.session.connection().dialect.name == "postgresql":
        number = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": number})


def _mode(for_delete: bool) -> dict:
    # NO KEY UPDATE lets others keep (point to) the row meanwhile; deleting it must not.
    return {"key_share": not for_delete}
