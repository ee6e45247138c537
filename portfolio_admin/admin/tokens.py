"""API tokens in the browser: each user's own (create, list, revoke); administrators
also revoke anyone's from the user's page. The key is shown once, on the page that
answers its creation, and never stored anywhere but as a digest."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portfolio_admin.activity.queries import staff_zone
from portfolio_admin.admin import bp
from portfolio_admin.admin.auth import safe_next
from portfolio_admin.admin.forms import ConfirmForm, TokenForm, show_errors
from portfolio_admin.admin.messages import translate
from portfolio_admin.admin.users import permission_groups, ticked_codes
from portfolio_admin.auth.permissions import ALL_CODES
from portfolio_admin.models.base import db, utcnow
from portfolio_admin.services import tokens
from portfolio_admin.services.errors import ValidationError
from portfolio_admin.timestamps import day_end


def _expiry(form):
    """The end of the chosen day in the staff's time zone, or ``None`` (never)."""
    if form.expires_on.data is None:
        return None
    try:
        return day_end(form.expires_on.data, staff_zone())
    except ValueError as exc:
        raise ValidationError({"expires_on": [translate(str(exc))]}) from None


def _create(user, form):
    try:
        return tokens.create_token(
            user, form.name.data or "", _expiry(form), ticked_codes(form.scope)
        )
    except ValidationError as exc:
        # The service names the moment ``expires_at``; the form calls it ``expires_on``.
        errors = dict(exc.errors)
        if "expires_at" in errors:
            errors["expires_on"] = errors.pop("expires_at")
        raise ValidationError(errors) from None


@bp.route("/account/tokens/", methods=["GET", "POST"])
def account_tokens():
    """My tokens, and a form for a new one whose key is shown once, on the answer."""
    form = TokenForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            token, key = _create(user, form)
        except ValidationError as exc:
            db.session.rollback()
            show_errors(form, exc.errors)
        else:
            db.session.commit()
            page = render_template("admin/tokens/created.html", token=token, key=key)
            # The key must not linger in the browser's cache or history.
            return page, 200, {"Cache-Control": "no-store"}
    page = render_template(
        "admin/tokens/list.html",
        form=form,
        tokens=tokens.list_tokens(user),
        now=utcnow(),
        groups=permission_groups(),
        offered=ALL_CODES if user.is_admin else user.permissions,
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
