"""The JSON API the public site reads (and scripts write), under ``/api/``."""

from portfolio_admin.api import (  # noqa: F401  (registers their routes)
    docs,
    drafts,
    employers,
    links,
    media,
    meta,
    portfolios,
    previews,
    revisions,
    schedules,
    tags,
)
from portfolio_admin.api.routing import bp

__all__ = ["bp"]
