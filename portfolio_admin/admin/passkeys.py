"""Passkeys in the admin: adding and removing one's own (My account), and signing in
with one, as the second step or without a password. The browser side is
``static/admin/passkeys.js``; these views answer its JSON posts."""

import time
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.auth import pending_sign_in, start_session
from portfolio_admin.admin.forms import ConfirmForm
from portfolio_admin.admin.messages import translate_all
from portfolio_admin.auth import passkeys as webauthn
from portfolio_admin.auth.permissions import may_use_admin
from portfolio_admin.json_responses import json_response
from portfolio_admin.models import User
from portfolio_admin.models.base import db
from portfolio_admin.services import login_attempts, passkeys
from portfolio_admin.services.errors import NotFound, ValidationError

CHALLENGE = "passkey_challenge"  # the session's open challenge: purpose, value, when
CHALLENGE_SECONDS = 300


def relying_party() -> webauthn.RelyingParty:
    """This site as passkeys see it: the host it is reached at, and its origin."""
    host = urlsplit(f"//{request.host}").hostname or ""
    rp_id = current_app.config.get("WEBAUTHN_RP_ID") or host
    return webauthn.RelyingParty(id=rp_id, origin=f"{request.scheme}://{request.host}")


def _options(purpose: str, options_and_challenge):
    options, challenge = options_and_challenge
    session[CHALLENGE] = {"purpose": purpose, "challenge": challenge, "since": int(time.time())}
    return current_app.response_class(options, mimetype="application/json")


def _take_challenge(purpose: str) -> str | None:
    """The challenge handed out for ``purpose``, once, while it is fresh."""
    note = session.pop(CHALLENGE, None)
    if not isinstance(note, dict) or note.get("purpose") != purpose:
        return None
    if time.time() - note.get("since", 0) > CHALLENGE_SECONDS:
        return None
    return note.get("challenge")


def _refused(message: str, status: int = 400, field: str = "credential"):
    return json_response({field: [message]}, status)


def _sent() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


@bp.post("/account/passkeys/options")
def passkey_register_options():
    """Options for adding a passkey to one's own account."""
    user = current_user._get_current_object()
    existing = [p.credential_id for p in passkeys.list_passkeys(user)]
    return _options("register", webauthn.registration_options(user, relying_party(), existing))


@bp.post("/account/passkeys/")
def passkey_register():
    """Keep the passkey the browser made, under the name typed for it."""
    body = _sent()
    challenge = _take_challenge("register")
    if challenge is None:
        return _refused(_("The passkey request expired. Please try again."))
    try:
        credential = webauthn.verify_registration(
            body.get("credential"), challenge, relying_party()
        )
        passkey = passkeys.add_passkey(current_user, str(body.get("name") or ""), credential)
    except webauthn.PasskeyRefused:
        return _refused(_("The browser's answer could not be verified. Please try again."))
    except ValidationError as exc:
        db.session.rollback()
        return json_response(translate_all(exc.errors), 400)
    db.session.commit()
    flash(_("Passkey “%(name)s” added.", name=passkey.name), "success")
    return json_response({"redirect": url_for("admin.two_factor")}, 201)


@bp.post("/account/passkeys/<int:pk>/remove")
def passkey_remove(pk: int):
    """Remove one of one's own passkeys."""
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            passkey = passkeys.remove_passkey(current_user, pk)
        except NotFound:
            flash(_("This passkey no longer exists."), "error")
            return redirect(url_for("admin.two_factor"))
        db.session.commit()
        flash(_("Passkey “%(name)s” removed.", name=passkey.name), "success")
    return redirect(url_for("admin.two_factor"))


@bp.post("/login/passkey/options")
def passkey_sign_in_options():
    """Options for signing in with a passkey: any of this site's, or, at the second
    step, one of the user whose password was right."""
    user, _note = pending_sign_in()
    allowed = [p.credential_id for p in passkeys.list_passkeys(user)] if user else []
    return _options("sign_in", webauthn.authentication_options(relying_party(), allowed))


@bp.post("/login/passkey")
def passkey_sign_in():
    """Sign in with the passkey the browser used; throttled like the password."""
    body = _sent()
    pending, note = pending_sign_in()
    challenge = _take_challenge("sign_in")
    found = passkeys.find_passkey(webauthn.credential_id(body.get("credential")) or "")
    if challenge is None:
        return _refused(_("The passkey request expired. Please try again."))
    user = db.session.get(User, found.user_id) if found else None
    if user is None or not may_use_admin(user) or (pending and pending.id != user.id):
        return _refused(_("This passkey is not known here."))
    if not login_attempts.admit_attempt(user.username, request.remote_addr or "unknown"):
        db.session.commit()
        message = _("Too many failed sign-ins. Please wait a few minutes before trying again.")
        return _refused(message, 429)
    db.session.commit()  # counted as failed until the passkey proves right
    try:
        sign_count = webauthn.verify_authentication(
            body.get("credential"),
            challenge,
            relying_party(),
            public_key=found.public_key,
            sign_count=found.sign_count,
            user_verified=pending is None,
        )
    except webauthn.PasskeyRefused:
        return _refused(_("The browser's answer could not be verified. Please try again."))
    passkeys.record_use(found, sign_count)
    remember = bool(note.get("remember")) if note else False
    target = start_session(user, remember, note.get("next") if note else None)
    return json_response({"redirect": target})
