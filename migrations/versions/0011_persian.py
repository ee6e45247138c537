"""A normalised ``search_text`` on every searched table, filled and indexed.

``search_text`` holds the searched columns passed through ``text.search_key`` (the same
function queries go through), one column's key per line. PostgreSQL gets a trigram (GIN,
``pg_trgm``) index so ``LIKE '%term%'`` can use it; when the extension cannot be created
there is no index (a B-tree cannot hold long descriptions, nor serve ``LIKE '%term%'``).
SQLite gets a plain index.

Revision ID: persian
Revises: twofactor
Create Date: 2026-12-02 02:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

from portfolio_admin.text import search_key


# revision identifiers, used by Alembic.
revision = 'persian'
down_revision = 'twofactor'
branch_labels = None
depends_on = None

# The searched columns of each table, as they stand at this migration.
SEARCHED = {
    'employers': ('name', 'description'),
    'links': ('name', 'description', 'url'),
    'media_files': ('name',),
    'meta_entries': ('key', 'value_text'),
    'portfolios': ('title', 'slug', 'excerpt', 'description'),
    'tags': ('name',),
    'users': ('username',),
}
BATCH = 500


def upgrade():
    for table in SEARCHED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    for table, columns in SEARCHED.items():
        _backfill(table, columns)
    trigrams = _trigrams_available()
    for table in SEARCHED:
        name = op.f(f'ix_{table}_search_text')
        if trigrams:
            op.create_index(name, table, ['search_text'], postgresql_using='gin',
                            postgresql_ops={'search_text': 'gin_trgm_ops'})
        elif op.get_bind().dialect.name != 'postgresql':
            op.create_index(name, table, ['search_text'])


def downgrade():
    for table in SEARCHED:
        op.execute(f'DROP INDEX IF EXISTS ix_{table}_search_text')
        with op.batch_alter_table(table) as batch:
            batch.drop_column('search_text')


def _backfill(table: str, columns: tuple[str, ...]) -> None:
    """Fill ``search_text`` of every row, ``BATCH`` rows at a time, in Python (the same
    ``search_key`` as the app)."""
    bind = op.get_bind()
    rows_table = sa.table(table, sa.column('id'), sa.column('search_text'),
                          *(sa.column(name) for name in columns))
    write = (sa.update(rows_table).where(rows_table.c.id == sa.bindparam('row_id'))
             .values(search_text=sa.bindparam('text')))
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(rows_table.c.id, *(rows_table.c[name] for name in columns))
            .where(rows_table.c.id > last_id).order_by(rows_table.c.id).limit(BATCH)
        ).all()
        if not rows:
            return
        last_id = rows[-1][0]
        bind.execute(write, [
            {'row_id': pk, 'text': '\n'.join(search_key(value) for value in values)}
            for pk, *values in rows
        ])


def _trigrams_available() -> bool:
    """Whether this is PostgreSQL with ``pg_trgm`` created (or creatable by this user)."""
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return False
    available = bind.execute(sa.text(
        "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if available is None:
        return False
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text('CREATE EXTENSION IF NOT EXISTS pg_trgm'))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True
