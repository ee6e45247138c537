"""SQLite never hands out an id twice: tables whose id it hands out say AUTOINCREMENT.

Without it SQLite gives the next row max(id) + 1, the id of the last row if that was
deleted, and the new row inherits the old one's activity history and any cache or page
keyed on the id. The counter starts above every id the table or the activity log has seen,
so ids deleted before this upgrade are not handed out again either. PostgreSQL's sequences
never reuse a number: nothing to do there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Each table whose id the database hands out, with the name the activity log gives it.
TABLES = {
    'media_files': 'media',
    'users': 'user',
    'api_tokens': 'token',
    'employers': 'employer',
    'tags': 'tag',
    'thumbnails': None,
    'portfolios': 'portfolio',
    'links': 'link',
    'meta_entries': 'meta',
    'login_attempts': None,
    'activity_entries': None,
}


def _recreate(autoincrement: bool) -> None:
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate='always', table_kwargs={'sqlite_autoincrement': autoincrement}
        ):
            pass


def upgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    _recreate(True)
    for table, resource in TABLES.items():
        highest = f'SELECT COALESCE(MAX(id), 0) FROM {table}'
        if resource:
            highest = (
                f'SELECT MAX(({highest}), COALESCE(MAX(object_id), 0)) FROM activity_entries '
                f"WHERE resource = '{resource}'"
            )
        op.execute(sa.text('DELETE FROM sqlite_sequence WHERE name = :table').bindparams(table=table))
        op.execute(
            sa.text(f'INSERT INTO sqlite_sequence (name, seq) SELECT :table, ({highest})')
            .bindparams(table=table)
        )


def downgrade():
    if op.get_bind().dialect.name != 'sqlite':
        return
    _recreate(False)
