"""Scheduled publishing and the background worker: a portfolio's "publish at" and
"unpublish at" (the worker's queue), and the heartbeats of running workers.

Revision ID: schedules
Revises: images
Create Date: 2026-12-02 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'schedules'
down_revision = 'images'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('portfolio_schedules',
    sa.Column('portfolio_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('run_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=True),
    sa.Column('failed_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_portfolio_schedules_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['portfolio_id'], ['portfolios.id'], name=op.f('fk_portfolio_schedules_portfolio_id_portfolios'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('portfolio_id', 'action', name=op.f('pk_portfolio_schedules'))
    )
    op.create_index(op.f('ix_portfolio_schedules_created_by_id'), 'portfolio_schedules', ['created_by_id'], unique=False)
    op.create_index('ix_portfolio_schedules_due', 'portfolio_schedules', ['status', 'run_at'], unique=False)
    op.create_table('worker_heartbeats',
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('beat_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_heartbeats'))
    )
    op.create_index(op.f('ix_worker_heartbeats_host'), 'worker_heartbeats', ['host'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_worker_heartbeats_host'), table_name='worker_heartbeats')
    op.drop_table('worker_heartbeats')
    op.drop_index('ix_portfolio_schedules_due', table_name='portfolio_schedules')
    op.drop_index(op.f('ix_portfolio_schedules_created_by_id'), table_name='portfolio_schedules')
    op.drop_table('portfolio_schedules')
