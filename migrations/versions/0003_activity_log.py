"""The activity log: who created, changed or deleted what, when and how.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 16:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('activity_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=150), nullable=False),
    sa.Column('via', sa.String(length=8), nullable=False),
    sa.Column('token_name', sa.String(length=100), nullable=True),
    sa.Column('action', sa.String(length=8), nullable=False),
    sa.Column('resource', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('object_label', sa.String(length=255), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_activity_entries_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_entries'))
    )
    with op.batch_alter_table('activity_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_entries_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_entries_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_entries_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_activity_entries_resource_object_id', ['resource', 'object_id'], unique=False)


def downgrade():
    with op.batch_alter_table('activity_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_entries_resource_object_id')
        batch_op.drop_index(batch_op.f('ix_activity_entries_user_id'))
        batch_op.drop_index(batch_op.f('ix_activity_entries_parent_id'))
        batch_op.drop_index(batch_op.f('ix_activity_entries_at'))

    op.drop_table('activity_entries')
