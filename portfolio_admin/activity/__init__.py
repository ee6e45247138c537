"""The activity log: every create, update and delete, by whom, when and how."""

from portfolio_admin.activity.actors import Actor, act_as, current_actor
from portfolio_admin.activity.recorder import register

__all__ = ["Actor", "act_as", "current_actor", "register"]
