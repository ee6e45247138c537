"""Drafts: a portfolio's working draft beside the live version, and portfolios not yet
published (existing ones are published).

Revision ID: drafts
Revises: roles
Create Date: 2026-12-02 02:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'drafts'
down_revision = 'roles'
branch_labels = None
depends_on = None


def upgrade():
    # A plain ADD COLUMN: SQLite keeps the table (and its AUTOINCREMENT) as it is.
    op.add_column('portfolios', sa.Column('published', sa.Boolean(), server_default=sa.true(), nullable=False))
    op.create_table('portfolio_drafts',
    sa.Column('portfolio_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['portfolio_id'], ['portfolios.id'], name=op.f('fk_portfolio_drafts_portfolio_id_portfolios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_portfolio_drafts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('portfolio_id', name=op.f('pk_portfolio_drafts'))
    )
    op.create_index(op.f('ix_portfolio_drafts_updated_by_id'), 'portfolio_drafts', ['updated_by_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_portfolio_drafts_updated_by_id'), table_name='portfolio_drafts')
    op.drop_table('portfolio_drafts')
    op.drop_column('portfolios', 'published')  # SQLite 3.35 and later drop it in place
