"""The slug the portfolio form suggests for a title, made by the one ``text.slugify``."""

from flask import jsonify, request

from portfolio_admin.admin import bp
from portfolio_admin.admin.helpers import require
from portfolio_admin.auth.permissions import PORTFOLIO
from portfolio_admin.text import SLUG_LENGTH, slugify

# A title longer than this gives no longer slug; the rest is not read.
TITLE_READ = SLUG_LENGTH * 4


@bp.get("/portfolios/slug")
def portfolio_slug():
    """``{"slug": ...}`` suggested for the ``title`` argument (JSON, for the form's script)."""
    require(PORTFOLIO.create)
    return jsonify(slug=slugify((request.args.get("title") or "")[:TITLE_READ]))
