"""Roles (named sets of permission codes), users' roles, and token scopes.

Two roles are created when there are none: "Editor" (every code) and "Viewer" (list
and view codes), so a new install has sensible starting points.

Revision ID: roles
Revises: 0007
Create Date: 2026-12-01 07:30:00.000000

"""
from datetime import datetime, UTC

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'roles'
down_revision = '0007'
branch_labels = None
depends_on = None

# The permission codes as they stand at this migration: each resource's base + 0..4
# (list, create, retrieve, update, delete).
BASES = (4200, 4220, 4210, 4240, 4230, 4100)
EVERY_CODE = [base + offset for base in BASES for offset in range(5)]
READ_CODES = [base + offset for base in BASES for offset in (0, 2)]


def upgrade():
    roles = op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('name', name=op.f('uq_roles_name')),
    sqlite_autoincrement=True
    )
    role_permissions = op.create_table('role_permissions',
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_role_permissions_role_id_roles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('role_id', 'code', name=op.f('pk_role_permissions'))
    )
    op.create_table('user_roles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['role_id'], ['roles.id'], name=op.f('fk_user_roles_role_id_roles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_roles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role_id', name=op.f('pk_user_roles'))
    )
    op.create_index(op.f('ix_user_roles_role_id'), 'user_roles', ['role_id'], unique=False)
    op.create_table('api_token_scopes',
    sa.Column('token_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.Integer(), autoincrement=False, nullable=False),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], name=op.f('fk_api_token_scopes_token_id_api_tokens'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('token_id', 'code', name=op.f('pk_api_token_scopes'))
    )
    _default_roles(roles, role_permissions)


def _default_roles(roles, role_permissions):
    conn = op.get_bind()
    if conn.execute(sa.select(sa.func.count()).select_from(roles)).scalar():
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    for name, codes in (("Editor", EVERY_CODE), ("Viewer", READ_CODES)):
        role_id = conn.execute(
            roles.insert().values(name=name, created_at=now, updated_at=now)
        ).inserted_primary_key[0]
        conn.execute(role_permissions.insert(), [{"role_id": role_id, "code": c} for c in codes])


def downgrade():
    op.drop_table('api_token_scopes')
    op.drop_index(op.f('ix_user_roles_role_id'), table_name='user_roles')
    op.drop_table('user_roles')
    op.drop_table('role_permissions')
    op.drop_table('roles')
