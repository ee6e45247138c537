"""API tokens in the browser: each user's own (create, list, revoke); administrators
also revoke anyone's from the user's page. The key is shown once, on the page that
answers its creation, and never stored anywhere but as a digest."""

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.auth import safe_next
from portfolio_admin.admin.forms import ConfirmForm, TokenForm, show_errors
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import tokens
from portfolio_admin.services.errors import ValidationError

# Days until a new token expires ("" never), as offered in the form.
EXPIRY_CHOICES = [
    ("", _l("Never")),
    ("30", _l("In 30 days")),
    ("90", _l("In 90 days")),
    ("365", _l("In a year")),
]


def _expiry(form):
    days = form.expires_in_days.data or ""
    if days not in dict(EXPIRY_CHOICES):
        raise ValidationError({"expires_in_days": [_("Choose one of the offered periods.")]})
    return utcnow() + timedelta(days=int(days)) if days else None


@bp.route("/account/tokens/", methods=["GET", "POST"])
def account_tokens():
    """My tokens, and a form for a new one whose key is shown once, on the answer."""
    form = TokenForm()
    form.expires_in_days.choices = EXPIRY_CHOICES
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            token, key = tokens.create_token(user, form.name.data or "", _expiry(form))
        except ValidationError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            page = render_template("admin/tokens/created.html", token=token, key=key)
            # The key must not linger in the browser's cache or history.
            return page, 200, {"Cache-Control": "no-store"}
    page = render_template(
        "admin/tokens/list.html", form=form, tokens=tokens.list_tokens(user), now=utcnow()
    )
    return page, 400 if form.errors else 200


@bp.post("/tokens/<int:pk>/revoke")
def token_revoke(pk: int):
    """Revoke a token: one's own, or anyone's for an administrator (others: 404)."""
    token = tokens.get_token(pk, owner=None if current_user.is_admin else current_user)
    if ConfirmForm().validate_on_submit():
        tokens.revoke_token(token)
        db.session.commit()
        flash(_("Token “%(name)s” revoked.", name=token.name), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("admin.account_tokens"))
