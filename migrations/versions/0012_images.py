"""What a public site needs to show images well: alt text, caption, focal point, the
dominant colour and a placeholder; WebP (and AVIF) copies of the thumbnails; crops.

Thumbnail rows already hold their true width and height. The dominant colour and the
placeholder of images stored before this stay null until `flask media
regenerate-thumbnails` makes them (reading every original here could take hours on a
bucket, and a migration must not).

Revision ID: images
Revises: persian
Create Date: 2026-12-02 03:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'images'
down_revision = 'persian'
branch_labels = None
depends_on = None

# SQLite copies a table to change it: the copy must keep AUTOINCREMENT (see 0004).
NEVER_REUSE_IDS = {'sqlite_autoincrement': True}


def upgrade():
    with op.batch_alter_table('media_files', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('alt', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('caption', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('focal_x', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('focal_y', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('dominant_color', sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column('placeholder', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('crops', sa.JSON(), nullable=True))
    with op.batch_alter_table('thumbnails', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.add_column(sa.Column('webp_path', sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column('webp_file_size', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('avif_path', sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column('avif_file_size', sa.BigInteger(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_thumbnails_webp_path'), ['webp_path'])
        batch_op.create_unique_constraint(batch_op.f('uq_thumbnails_avif_path'), ['avif_path'])


def downgrade():
    with op.batch_alter_table('thumbnails', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_thumbnails_avif_path'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_thumbnails_webp_path'), type_='unique')
        batch_op.drop_column('avif_file_size')
        batch_op.drop_column('avif_path')
        batch_op.drop_column('webp_file_size')
        batch_op.drop_column('webp_path')
    with op.batch_alter_table('media_files', schema=None, table_kwargs=NEVER_REUSE_IDS) as batch_op:
        batch_op.drop_column('crops')
        batch_op.drop_column('placeholder')
        batch_op.drop_column('dominant_color')
        batch_op.drop_column('focal_y')
        batch_op.drop_column('focal_x')
        batch_op.drop_column('caption')
        batch_op.drop_column('alt')
