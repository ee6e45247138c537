"""Who is making the current change, and how: the admin UI, the API (with a token) or the CLI."""

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import g, has_request_context
from flask_login import current_user


@dataclass(frozen=True)
class Actor:
    """The person behind a change. ``user_id`` is ``None`` for the CLI's system account."""

    name: str
    via: str  # "ui", "api", "cli" or "schedule" (the background worker)
    user_id: int | None = None
    token_name: str | None = None


def act_as(actor: Actor) -> None:
    """Record the rest of this request's (or command's) changes as ``actor``'s."""
    g.activity_actor = actor


@contextmanager
def acting_as(actor: Actor) -> Iterator[None]:
    """Record the changes made within the block as ``actor``'s (a background job's
    change on someone's behalf), then as before."""
    previous = g.pop("activity_actor", None)
    g.activity_actor = actor
    try:
        yield
    finally:
        g.pop("activity_actor", None)
        if previous is not None:
            g.activity_actor = previous


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
