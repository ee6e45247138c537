"""The SHA-256 of every media file, indexed, to find exact duplicates.

Files stored before this have no hash until `flask media hash-files` reads them: reading
every original here could take hours on a bucket, and a migration must not (as 0012).
Until then a duplicate of such a file is not recognised; nothing else depends on it.

Revision ID: media_hash
Revises: webhooks
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'media_hash'
down_revision = 'webhooks'
branch_labels = None
depends_on = None

# SQLite copies a table to change it: the copy must keep AUTOINCREMENT (see 0004).
NEVER_REUSE_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('media_files', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('sha256', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_media_files_sha256'), ['sha256'], unique=False)


def downgrade():
    with op.batch_alter_table('media_files', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_files_sha256'))
        batch_op.drop_column('sha256')
