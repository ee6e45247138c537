"""Roles: create, rename, change codes, delete; assign them to users.

A user's codes are their own and their roles', read afresh on every request (the API's
one access query, the admin's user loader), so a changed role changes every member at
once, on every instance, cached reads included.
"""

from flask_babel import gettext as _
from sqlalchemy import func, select

from portfolio_admin.auth.permissions import ALL_CODES
from portfolio_admin.models import Role, user_roles
from portfolio_admin.models.base import db
from portfolio_admin.schemas.common import MAX_ID
from portfolio_admin.services import locking
from portfolio_admin.services.errors import NotFound, ValidationError
from portfolio_admin.services.integrity import assign
from portfolio_admin.text import control_character_problem, normalise_name

NAME_MAX_LENGTH = 100


def list_roles() -> list[Role]:
    """Every role, by name."""
    return list(db.session.scalars(select(Role).order_by(Role.name)))


def get_role(role_id: int) -> Role:
    """The role ``role_id``; ``NotFound`` if there is none."""
    role = db.session.get(Role, role_id) if 0 < role_id <= MAX_ID else None
    if role is None:
        raise NotFound
    return role


def member_counts() -> dict[int, int]:
    """How many users hold each role, by role id."""
    stmt = select(user_roles.c.role_id, func.count()).group_by(user_roles.c.role_id)
    return dict(db.session.execute(stmt).all())


def save_role(role: Role | None, name: str, codes) -> Role:
    """Create a role (``role`` is ``None``) or change one: a unique name and known codes."""
    name = normalise_name(name or "")
    errors = {}
    if problem := control_character_problem(name):
        errors["name"] = [problem]
    elif not name:
        errors["name"] = [_("This field may not be blank.")]
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("Use at most %(num)d characters.", num=NAME_MAX_LENGTH)]
    unknown = sorted(set(codes) - ALL_CODES)
    if unknown:
        errors["permissions"] = [_("Unknown permission code %(code)s.", code=unknown[0])]
    role = role if role is not None else Role()
    assign(role, {"name": name}, unique=("name",), errors=errors)
    role.set_permissions(codes)
    db.session.flush()
    return role


def delete_role(role: Role) -> None:
    """Delete a role; its members keep their own codes and lose the role's."""
    locking.lock(role, for_delete=True)
    db.session.delete(role)
    db.session.flush()


def keep_roles(ids) -> list[Role]:
    """The roles with these ids, by name, kept until the transaction ends (the first step
    of the lock order, before the user is locked); one gone meanwhile is a
    ``ValidationError`` on ``roles``."""
    ids = set(ids)
    if not ids:
        return []
    stmt = locking.keep(select(Role).where(Role.id.in_(ids)).order_by(Role.id))
    found = list(db.session.scalars(stmt))
    if ids - {role.id for role in found}:
        raise ValidationError({"roles": [_("This role no longer exists.")]})
    return sorted(found, key=lambda role: role.name)
