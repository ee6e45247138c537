"""Portfolio revisions: the portfolio's output after each change, for history and restore.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portfolio_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('portfolio_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('via', sa.String(length=8), nullable=False),
    sa.Column('summary', sa.String(length=255), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['portfolio_id'], ['portfolios.id'], name=op.f('fk_portfolio_revisions_portfolio_id_portfolios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_portfolio_revisions_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portfolio_revisions')),
    sqlite_autoincrement=True,
    )
    with op.batch_alter_table('portfolio_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_portfolio_revisions_portfolio_id_id', ['portfolio_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_portfolio_revisions_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('portfolio_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_portfolio_revisions_user_id'))
        batch_op.drop_index('ix_portfolio_revisions_portfolio_id_id')

    op.drop_table('portfolio_revisions')
