"""An id names one object forever: a new row never gets the id of a deleted one, so it
inherits no activity history, cached output or public page of the row that had it."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import Integer, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateTable

from portfolio_admin import create_app
from portfolio_admin.models.base import db
from tests.conftest import ON_POSTGRES

BODIES = {
    "/api/portfolios/tags/": {"name": "x"},
    "/api/portfolios/employers/": {"name": "x"},
    "/api/portfolios/": {"title": "x", "slug": "x", "excerpt": "x"},
}


@pytest.mark.parametrize("url", list(BODIES))
def test_an_object_made_after_the_last_one_was_deleted_gets_a_new_id(client, admin, url):
    first = client.post(url, json=BODIES[url], headers=admin).json["id"]
    assert client.delete(f"{url}{first}", headers=admin).status_code == 204
    second = client.post(url, json=BODIES[url], headers=admin).json["id"]
    assert second > first
    assert client.get(f"{url}{first}", headers=admin).status_code == 404


def _has_an_id(table) -> bool:
    """Whether the table's key is one integer the database hands out."""
    key = list(table.primary_key.columns)
    return len(key) == 1 and isinstance(key[0].type, Integer) and key[0].autoincrement is not False


def test_every_table_whose_id_the_database_hands_out_never_reuses_one_on_sqlite(app):
    tables = [table for table in db.metadata.sorted_tables if _has_an_id(table)]
    assert len(tables) >= 10
    for table in tables:
        ddl = str(CreateTable(table).compile(dialect=sqlite.dialect()))
        assert "AUTOINCREMENT" in ddl, f"the model of {table.name} lacks sqlite_autoincrement"
    if ON_POSTGRES:
        return  # sequences never hand out a number twice
    with db.engine.connect() as conn:
        migrated = dict(conn.execute(text("SELECT name, sql FROM sqlite_master")).all())
    for table in tables:
        assert "AUTOINCREMENT" in migrated[table.name], f"the migrations left {table.name} without"


ROWS = {
    "media_files": "(id, type, name, path, size, created_at, updated_at) VALUES "
    "(1, 'image', 'a', 'a.png', 1, '2026-01-01', '2026-01-01'), "
    "(2, 'image', 'b', 'b.png', 1, '2026-01-01', '2026-01-01')",
    "tags": "(id, name, image_id, created_at, updated_at) VALUES "
    "(1, 't', 1, '2026-01-01', '2026-01-01')",
    "portfolios": '(id, title, slug, excerpt, image_id, "order", is_active, created_at, '
    "updated_at) VALUES (1, 'p', 'p', 'e', 2, 0, 1, '2026-01-01', '2026-01-01')",
    "portfolio_images": "(portfolio_id, media_id, position) VALUES (1, 1, 0), (1, 2, 1)",
    "portfolio_tags": "(portfolio_id, tag_id, position) VALUES (1, 1, 0)",
    "links": "(id, portfolio_id, name, image_id, created_at, updated_at) VALUES "
    "(1, 1, 'l', 1, '2026-01-01', '2026-01-01')",
    "activity_entries": "(at, actor, via, action, resource, object_id, object_label, changes) "
    "VALUES ('2026-01-01', 'x', 'api', 'delete', 'tag', 9, 'old', '{}')",
}


@pytest.mark.skipif(ON_POSTGRES, reason="sequences never reuse ids: 0004 changes nothing there")
def test_the_upgrade_keeps_every_row_and_reference_and_counts_on_past_deleted_ids(tmp_path):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}",
            "SECRET_KEY": "x",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "INSTANCE_PATH": str(tmp_path / "instance"),
        }
    )
    with app.app_context():
        upgrade(revision="0003")
        with db.engine.begin() as conn:
            for table, values in ROWS.items():
                conn.execute(text(f"INSERT INTO {table} {values}"))

        def stored():
            """Each table's rows, in the columns it had before the upgrade (later
            migrations may add columns)."""
            with db.engine.connect() as conn:
                return {t: _rows(conn, t, columns.get(t)) for t in ROWS}

        columns: dict[str, list[str]] = {}
        before = stored()
        columns.update({t: list(before[t][0]._fields) for t in ROWS if before[t]})
        upgrade()  # the tables are copied: references to them (ON DELETE) must not fire
        assert stored() == before
        with db.engine.begin() as conn:
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            conn.execute(text("INSERT INTO tags (name, created_at, updated_at) VALUES ('n', 0, 0)"))
            new_tag = conn.execute(text("SELECT id FROM tags WHERE name = 'n'")).scalar()
        assert new_tag == 10  # past tag 9, deleted before the upgrade, known to the log
        downgrade(revision="0003")
        assert stored()["portfolio_images"] == before["portfolio_images"]
        db.engine.dispose()


def _rows(conn, table: str, columns: list[str] | None) -> list:
    listed = ", ".join(f'"{column}"' for column in columns) if columns else "*"
    return conn.execute(text(f"SELECT {listed} FROM {table} ORDER BY 1")).all()
