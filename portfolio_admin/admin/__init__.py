"""The staff admin UI: server-rendered pages over the same services as the API."""

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user

from portfolio_admin.admin.request_guard import refuse_control_characters
from portfolio_admin.auth.permissions import may_use_admin

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(refuse_control_characters)  # first: before any view reads the request

# Reachable without signing in.
PUBLIC_ENDPOINTS = {
    "admin.login",
    "admin.second_step",
    "admin.passkey_sign_in_options",
    "admin.passkey_sign_in",
}


@bp.before_request
def require_staff_session():
    """Every admin page needs a signed-in, active staff member (or admin)."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))
    if not may_use_admin(current_user):
        abort(403)
    return None


from portfolio_admin.admin import (  # noqa: E402  (views register themselves on bp)
    account,
    activity,
    auth,
    dashboard,
    drafts,
    employers,
    language,
    layout,
    media,
    passkeys,
    portfolios,
    revisions,
    roles,
    schedules,
    slugs,
    tags,
    tokens,
    two_factor,
    two_factor_sign_in,
    user_sessions,
    users,
    webhooks,
)

__all__ = [
    "account",
    "activity",
    "auth",
    "bp",
    "dashboard",
    "drafts",
    "employers",
    "language",
    "layout",
    "media",
    "passkeys",
    "portfolios",
    "revisions",
    "roles",
    "schedules",
    "slugs",
    "tags",
    "tokens",
    "two_factor",
    "two_factor_sign_in",
    "user_sessions",
    "users",
    "webhooks",
]
