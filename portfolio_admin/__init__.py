"""Portfolio Admin: the studio's staff admin UI and the public site's JSON API."""

import sqlite3

from flask import Flask
from sqlalchemy import event

from portfolio_admin import transport_headers
from portfolio_admin.allocator import return_large_frees
from portfolio_admin.config import instance_path, load_config
from portfolio_admin.database import discard_dropped_connections, engine_options, reads_engine
from portfolio_admin.extensions import babel, csrf, db, login_manager, migrate


def create_app(config: dict | None = None) -> Flask:
    """Build the app; ``config`` overrides settings read from the environment."""
    app = Flask(
        __name__,
        instance_path=instance_path(config),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(load_config(app.instance_path, config))
    app.json.sort_keys = False  # keys stay in the order the code writes them
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_headers(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from portfolio_admin import activity, i18n, request_log
    from portfolio_admin.api import caching, rate_limits
    from portfolio_admin.api.previews import preview_data
    from portfolio_admin.api.revision_output import portfolio_snapshots
    from portfolio_admin.auth import csrf as csrf_checks
    from portfolio_admin.auth import sessions
    from portfolio_admin.services import (
        content_changes,
        file_changes,
        previews,
        revision_recorder,
        search,
        webhook_events,
    )
    from portfolio_admin.storage import create_storage

    request_log.register(app)  # first, so its clock starts before other hooks run
    return_large_frees()  # memory a large image took goes back when it is freed
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/../migrations"))
    csrf_checks.register(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    app.context_processor(i18n.page_language)
    i18n.register_filters(app)
    login_manager.init_app(app)
    sessions.register(app)
    app.extensions["storage"] = create_storage(app.config)
    file_changes.register(app)
    search.register()  # first, so later listeners see the filled search_text
    content_changes.register()
    activity.register()
    revision_recorder.register(app, portfolio_snapshots)
    webhook_events.register()
    previews.register(app, preview_data)
    caching.register(app)
    rate_limits.register(app)
    transport_headers.register(app)
    with app.app_context():
        discard_dropped_connections(db.engine)
        app.extensions["reads_engine"] = reads_engine(app, db.engine)
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _sqlite_pragmas)


def _sqlite_pragmas(connection, _record) -> None:
    """SQLite enforces foreign keys (and so ON DELETE rules) only when asked."""
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def register_blueprints(app: Flask) -> None:
    from portfolio_admin import admin, api, health, media_files

    csrf.exempt(api.bp)  # token-authenticated, no cookies: CSRF does not apply
    app.register_blueprint(api.bp)
    app.register_blueprint(media_files.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(admin.bp)


def register_errorhandlers(app: Flask) -> None:
    from portfolio_admin import errors

    errors.register(app)


def register_headers(app: Flask) -> None:
    """Security headers on every response, CORS for the API, trusted proxy headers."""
    from portfolio_admin import headers

    headers.register(app)
    headers.register_cors(app)
    headers.register_proxy_fix(app)


def register_commands(app: Flask) -> None:
    from portfolio_admin import cli

    cli.register(app)
