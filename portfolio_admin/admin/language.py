"""The language switch: each staff member's admin language, kept on their profile."""

from flask import abort, current_app, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.auth import safe_next
from portfolio_admin.admin.forms import ConfirmForm
from portfolio_admin.i18n import language_name
from portfolio_admin.models.base import db


def other_languages() -> list[tuple[str, str]]:
    """``(code, name in itself)`` of each offered language but the page's own."""
    locale = get_locale()
    shown = locale.language if locale else None
    offered = current_app.config["LANGUAGES"]
    return [(code, language_name(code)) for code in offered if code != shown]


@bp.post("/language")
def language_switch():
    """Save the signed-in user's language (POST with CSRF), then go back where they were."""
    form = ConfirmForm()
    language = request.form.get("language")
    if not form.validate_on_submit() or language not in current_app.config["LANGUAGES"]:
        abort(400)
    current_user.language = language
    db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("admin.dashboard"))


@bp.app_context_processor
def language_choices() -> dict:
    return {"other_languages": other_languages}
