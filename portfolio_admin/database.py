"""How the app connects to its database: bounded waits, so a database that hangs or
holds a lock costs a request an error instead of holding a worker for ever, pooled
connections the server has dropped are noticed before use without a round trip, and
the API's access check reads outside any transaction."""

import select

from flask import Flask
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine, make_url


def engine_options(config: dict) -> dict:
    """``SQLALCHEMY_ENGINE_OPTIONS`` with the timeouts the settings ask for.

    PostgreSQL: ``DATABASE_CONNECT_TIMEOUT`` bounds connecting (libpq rounds it up to
    2 s) and ``DATABASE_STATEMENT_TIMEOUT`` every statement, lock waits included.
    SQLite: the statement timeout bounds waiting for another writer's lock.
    """
    options = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    url = make_url(config["SQLALCHEMY_DATABASE_URI"])
    statement_timeout = config["DATABASE_STATEMENT_TIMEOUT"]
    connect_args = dict(options.get("connect_args", {}))
    if url.get_backend_name() == "postgresql":
        connect_args.setdefault("connect_timeout", config["DATABASE_CONNECT_TIMEOUT"])
        server_options = [connect_args.get("options") or url.query.get("options") or ""]
        server_options.append(f"-c statement_timeout={round(statement_timeout * 1000)}")
        connect_args["options"] = " ".join(filter(None, server_options))
    elif url.get_backend_name() == "sqlite":
        # The busy timeout; 0 would fail at once rather than wait for ever.
        connect_args.setdefault("timeout", statement_timeout or 365 * 24 * 3600)
    options["connect_args"] = connect_args
    return options


def discard_dropped_connections(engine: Engine) -> None:
    """Before a pooled PostgreSQL connection is handed out, look at its socket.

    An idle connection's socket has nothing to read unless the server has spoken: a
    terminated backend, a restart or an idle timeout send their last words (or EOF)
    and close. One ``poll`` without waiting finds that in about a microsecond, where
    ``pool_pre_ping`` costs a ``SELECT 1`` round trip on every checkout. The pool then
    opens a fresh connection in its place (SQLAlchemy retries a checkout on
    ``DisconnectionError``). A connection that dies silently (a cable cut) is not seen
    here; the first statement on it fails and SQLAlchemy invalidates the pool.
    """
    if engine.dialect.name != "postgresql":
        return

    @event.listens_for(engine, "checkout")
    def _check(dbapi_connection, _record, _proxy) -> None:
        if dbapi_connection.closed or _has_unread_data(dbapi_connection.fileno()):
            raise exc.DisconnectionError("the server closed the connection")


def _has_unread_data(fileno: int) -> bool:
    poller = select.poll()
    poller.register(fileno, select.POLLIN | select.POLLERR | select.POLLHUP)
    return bool(poller.poll(0))


def reads_engine(app: Flask, engine: Engine) -> Engine:
    """The engine of ``app``'s lone reads outside a transaction (the API's access check):
    ``engine``'s database in autocommit, so a read is one round trip, with no BEGIN
    before it and no ROLLBACK after.

    On PostgreSQL it has a pool of its own, opened in autocommit once per connection and
    disposed with ``engine``'s: a session's connection switched to autocommit for one
    statement and back cost twice that statement (the session's transaction, the
    switches, its rollback). Elsewhere it is ``engine`` itself, switched per use.
    """
    if engine.dialect.name != "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"] | {
        "isolation_level": "AUTOCOMMIT",
        "pool_reset_on_return": None,  # nothing to roll back outside a transaction
    }
    reads = create_engine(engine.url, **options)
    discard_dropped_connections(reads)
    event.listen(engine, "engine_disposed", lambda _engine: reads.dispose())
    return reads


def engines_of(app: Flask, engine: Engine) -> list[Engine]:
    """``app``'s engines, ``engine`` and its reads engine, each once: where to listen to
    see every statement (on SQLite the reads engine is ``engine`` with other options,
    and has its events)."""
    reads = app.extensions["reads_engine"]
    return [engine] if reads.pool is engine.pool else [engine, reads]
