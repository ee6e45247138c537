"""Who is making the current change, and how: the admin UI, the API (with a token) or the CLI."""

import getpass
from dataclasses import dataclass

from flask import g, has_request_context
from flask_login import current_user


@dataclass(frozen=True)
class Actor:
    """The person behind a change. ``user_id`` is ``None`` for the CLI's system account."""

    name: str
    via: str  # "ui", "api" or "cli"
    user_id: int | None = None
    token_name: str | None = None


def act_as(actor: Actor) -> None:
    """Record the rest of this request's (or command's) changes as ``actor``'s."""
    g.activity_actor = actor


def current_actor() -> Actor:
    """Who is acting: set by the API or a command, else the signed-in admin user."""
    actor = g.get("activity_actor")
    if actor is not None:
        return actor
    if has_request_context() and current_user.is_authenticated:
        return Actor(current_user.username, "ui", current_user.id)
    return Actor(_system_user(), "cli")


def _system_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (e.g. in a container)
        return "system"
