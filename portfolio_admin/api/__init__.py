"""The JSON API the public site reads (and scripts write), under ``/api/``."""

from portfolio_admin.api import employers, links, media, meta, portfolios, tags  # noqa: F401  (registers their routes)
from portfolio_admin.api.routing import bp

__all__ = ["bp"]
