"""Two-factor sign-in in the admin: setting it up and turning it off on My account, the
rule that makes covered users set it up first (``REQUIRE_2FA_FOR``), and an
administrator's reset of someone's second factor."""

import secrets

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portfolio_admin.admin import bp
from portfolio_admin.admin.forms import TotpCodeForm
from portfolio_admin.admin.helpers import get_or_404, require_admin, write_form
from portfolio_admin.admin.pages import confirm_action
from portfolio_admin.auth import two_factor as rules
from portfolio_admin.i18n import number
from portfolio_admin.models import User
from portfolio_admin.services import passkeys, two_factor

# The session's nonce from which the secret shown is derived, until a code confirms it.
ENROLMENT_NONCE = "totp_enrolment_nonce"
# What a user who must set up a second factor may still reach.
ALLOWED_BEFORE_ENROLMENT = {
    "admin.login",
    "admin.logout",
    "admin.language_switch",
    "admin.two_factor",
    "admin.two_factor_enable",
    "admin.passkey_register_options",
    "admin.passkey_register",
}


@bp.before_request
def require_second_factor():
    """Users ``REQUIRE_2FA_FOR`` covers set up a second factor before anything else."""
    if request.endpoint in ALLOWED_BEFORE_ENROLMENT or not current_user.is_authenticated:
        return None
    requirement = current_app.config["REQUIRE_2FA_FOR"]
    user = current_user._get_current_object()
    if rules.covered_by_requirement(user, requirement) and not two_factor.has_second_factor(user):
        if request.endpoint != "admin.dashboard":
            flash(_("Please set up two-factor sign-in before you go on."), "error")
        return redirect(url_for("admin.two_factor"))
    return None


@bp.app_context_processor
def second_factor_helpers() -> dict:
    return {"second_factors": second_factors}


def second_factors(user: User) -> list[str]:
    """What ``user`` has set up as a second factor, in words (empty: nothing)."""
    found = [_("Authenticator app")] if user.totp_secret else []
    if count := len(passkeys.list_passkeys(user)):
        words = ngettext("%(count)s passkey", "%(count)s passkeys", count, count=number(count))
        found.append(words)
    return found


@bp.get("/account/two-factor/", endpoint="two_factor")
def two_factor_page():
    """Two-factor sign-in: set up TOTP (QR code and a first code), or see and turn off."""
    return _page(TotpCodeForm())


@bp.post("/account/two-factor/enable")
def two_factor_enable():
    """Turn TOTP on once a first code proves the app holds the secret; the recovery
    codes are shown this once."""
    form = TotpCodeForm()
    user = current_user._get_current_object()
    secret = _offered_secret(user, new=False)
    if not secret or user.totp_secret:
        return redirect(url_for("admin.two_factor"))
    codes = []

    def enable():
        codes.extend(two_factor.enable_totp(user, secret, form.code.data or ""))

    if form.validate_on_submit() and write_form(form, enable):
        session.pop(ENROLMENT_NONCE, None)
        flash(_("Two-factor sign-in is on."), "success")
        return render_template("admin/two_factor/recovery_codes.html", codes=codes)
    return _page(form), 400


@bp.post("/account/two-factor/recovery-codes")
def two_factor_recovery_codes():
    """Ten new recovery codes, shown this once; a current code is needed."""
    form = TotpCodeForm()
    user = current_user._get_current_object()
    codes = []

    def renew():
        codes.extend(two_factor.renew_recovery_codes(user, form.code.data or ""))

    if form.validate_on_submit() and write_form(form, renew):
        return render_template("admin/two_factor/recovery_codes.html", codes=codes)
    return _page(form), 400


@bp.post("/account/two-factor/disable")
def two_factor_disable():
    """Turn TOTP off; a current code (or a recovery code) is needed."""
    form = TotpCodeForm()
    user = current_user._get_current_object()

    def disable():
        two_factor.disable_totp(user, form.code.data or "")

    if form.validate_on_submit() and write_form(form, disable):
        flash(_("Two-factor sign-in with an app is off."), "success")
        return redirect(url_for("admin.account"))
    return _page(form), 400


def _page(form):
    user = current_user._get_current_object()
    page = {"form": form, "passkeys": passkeys.list_passkeys(user)}
    if user.totp_secret:
        page["recovery_left"] = two_factor.unused_recovery_codes(user)
    else:
        page["secret"] = secret = _offered_secret(user, new=True)
        page["qr_code"] = rules.qr_code_svg(rules.provisioning_uri(user, secret))
    page["required"] = rules.covered_by_requirement(user, current_app.config["REQUIRE_2FA_FOR"])
    return render_template("admin/two_factor/account.html", **page)


def _offered_secret(user: User, *, new: bool) -> str | None:
    """The TOTP secret this browser was shown for ``user`` (with ``new``: one is made
    up if none was)."""
    nonce = session.get(ENROLMENT_NONCE)
    if not nonce and new:
        nonce = session[ENROLMENT_NONCE] = secrets.token_hex(16)
    if not nonce:
        return None
    return rules.enrolment_secret(current_app.config["SECRET_KEY"], user, nonce)


@bp.route("/users/<int:pk>/two-factor/reset", methods=["GET", "POST"])
def user_two_factor_reset(pk: int):
    """An administrator resets a user's second factor (after confirmation); the activity
    log records it."""
    require_admin()
    user = get_or_404(User, pk)
    back = url_for("admin.user_edit", pk=pk)
    return confirm_action(
        user,
        two_factor.reset_second_factor,
        title=_("Reset the second factor of “%(name)s”?") % {"name": user.username},
        done=_("The second factor of “%(name)s” was reset.") % {"name": user.username},
        next_url=back,
        cancel_url=back,
        consequences=[
            _("Their authenticator app, recovery codes and passkeys stop working."),
            _("They set up a second factor again when they next sign in, if required."),
        ],
        template="admin/users/confirm.html",
        button=_("Yes, reset"),
        danger=True,
    )
