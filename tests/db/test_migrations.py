"""Migrations build the schema from nothing, and the models match them exactly."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from portfolio_admin import create_app
from portfolio_admin.models.base import db
from tests.conftest import DATABASE_URL, ON_POSTGRES


@pytest.fixture
def empty_database(tmp_path):
    """A database with nothing in it, of the kind the suite runs on."""
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = "portfolio_migrations_test"
    admin = create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield admin.url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def _app_on(database_uri: str, tmp_path):
    """An app on ``database_uri`` (not migrated yet)."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_uri,
            "SECRET_KEY": "x",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
        }
    )


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(empty_database, tmp_path):
    app = _app_on(empty_database, tmp_path)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
            assert conn.execute(text("SELECT version FROM content_version")).scalar() == 0
            # A new install starts with two roles to give people.
            default_roles = text(
                "SELECT name, COUNT(code) FROM roles JOIN role_permissions ON role_id = id "
                "GROUP BY name ORDER BY name"
            )
            assert conn.execute(default_roles).all() == [("Editor", 30), ("Viewer", 12)]
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_the_persian_migration_fills_search_text_of_existing_rows(empty_database, tmp_path):
    app = _app_on(empty_database, tmp_path)
    with app.app_context():
        upgrade(revision="roles")
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO employers (name, description, created_at, updated_at) "
                    "VALUES ('شركة كافي', 'وب‌سایت ۱۴۰۲', :now, :now)"
                ),
                {"now": "2026-01-01 00:00:00"},
            )
        upgrade()
        with db.engine.connect() as conn:
            stored = conn.execute(text("SELECT search_text FROM employers")).scalar()
        assert stored == "شرکه کافی\nوبسایت 1402"
        db.engine.dispose()
