"""Edit presence: who has a portfolio's edit form open, and when the page last said so.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('edit_presence',
    sa.Column('portfolio_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['portfolio_id'], ['portfolios.id'], name=op.f('fk_edit_presence_portfolio_id_portfolios'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_edit_presence_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('portfolio_id', 'user_id', name=op.f('pk_edit_presence'))
    )


def downgrade():
    op.drop_table('edit_presence')
