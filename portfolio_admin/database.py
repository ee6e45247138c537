"""How the app connects to its database: bounded waits, so a database that hangs or
holds a lock costs a request an error instead of holding a worker for ever."""

from sqlalchemy.engine import make_url


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
