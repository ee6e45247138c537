"""Two-factor sign-in over HTTP: setting up TOTP, the second sign-in step (codes used
once, recovery codes, throttling, a remembered browser), turning it off, the setting that
makes it compulsory, and an administrator's reset."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from portfolio_admin.auth.two_factor import REMEMBER_COOKIE
from portfolio_admin.config import ConfigurationError, load_config
from portfolio_admin.models import ActivityEntry, RecoveryCode, User
from portfolio_admin.models.base import db
from portfolio_admin.services import two_factor, users
from tests.admin.conftest import login
from tests.factories import make_user

SECOND_STEP = "/admin/login/second-step"
PAGE = "/admin/account/two-factor/"


def code_at(secret: str, steps_ahead: int = 0) -> str:
    """The code for this time step, or one ``steps_ahead`` (accepted as clock drift)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def enrol(client) -> tuple[str, list[str]]:
    """Set up TOTP for the signed-in user through the page: (secret, recovery codes)."""
    page = client.get(PAGE).text
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)<", page).group(1)
    assert "<svg" in page
    response = client.post(f"{PAGE}enable", data={"code": code_at(secret)})
    assert response.status_code == 200, response.text
    codes = re.findall(r"<code>([a-z2-7-]{19})</code>", response.text)
    return secret, codes


def fresh_user(pk: int) -> User:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(User, pk)


@pytest.fixture
def enrolled(client):
    """An admin with TOTP set up, signed out again: (user, secret, recovery codes)."""
    user = make_user("boss", is_admin=True)
    login(client)
    secret, codes = enrol(client)
    client.post("/admin/logout")
    return user, secret, codes


def test_enrolment_needs_a_right_first_code_and_shows_ten_recovery_codes(client):
    user = make_user("boss", is_admin=True)
    login(client)
    page = client.get(PAGE).text
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)<", page).group(1)
    wrong = client.post(f"{PAGE}enable", data={"code": "000000"})
    assert wrong.status_code == 400
    assert "This code is not right" in wrong.text
    assert fresh_user(user.id).totp_secret is None
    # The page keeps showing the same secret until it is confirmed.
    assert secret in client.get(PAGE).text

    response = client.post(f"{PAGE}enable", data={"code": code_at(secret)})
    assert response.status_code == 200
    codes = re.findall(r"<code>([a-z2-7-]{19})</code>", response.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = db.session.scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10 and not set(codes) & set(stored)  # hashed, not kept
    assert fresh_user(user.id).totp_secret == secret
    assert "10 recovery codes left" in client.get(PAGE).text


def test_the_session_cookie_never_holds_the_secret_offered(client, app):
    make_user("boss", is_admin=True)
    login(client)
    page = client.get(PAGE).text
    secret = re.search(r"data-totp-secret>([A-Z2-7]+)<", page).group(1)
    cookie = client.get_cookie("session").value
    stored = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert stored["totp_enrolment_nonce"] and secret not in repr(stored)
    # Another browser (another nonce) is offered another secret.
    other = app.test_client()
    login(other)
    assert secret not in other.get(PAGE).text


def test_sign_in_asks_for_the_code_and_no_session_starts_before_it(client, enrolled):
    user, secret, _ = enrolled
    response = login(client)
    assert response.status_code == 302
    assert response.headers["Location"] == SECOND_STEP
    assert client.get("/admin/").status_code == 302  # not signed in yet
    page = client.get(SECOND_STEP)
    assert page.status_code == 200 and 'name="code"' in page.text

    wrong = client.post(SECOND_STEP, data={"code": "123456"})
    assert wrong.status_code == 400
    assert "This code is not right, or it was used already." in wrong.text
    assert client.get("/admin/").status_code == 302

    right = client.post(SECOND_STEP, data={"code": code_at(secret, 1)})
    assert right.status_code == 302 and right.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert fresh_user(user.id).last_login_at is not None


def test_a_code_typed_with_persian_digits_and_spaces_is_accepted(client, enrolled):
    _, secret, _ = enrolled
    code = code_at(secret, 1).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    login(client)
    response = client.post(SECOND_STEP, data={"code": f" {code[:3]} {code[3:]} "})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"


def test_a_code_is_good_once(client, enrolled):
    _, secret, _ = enrolled
    code = code_at(secret, 1)
    login(client)
    assert client.post(SECOND_STEP, data={"code": code}).status_code == 302
    client.post("/admin/logout")
    login(client)
    replay = client.post(SECOND_STEP, data={"code": code})
    assert replay.status_code == 400
    assert client.get("/admin/").status_code == 302
    # The code the enrolment used (this step) is spent too: only a newer one works.
    assert client.post(SECOND_STEP, data={"code": code_at(secret)}).status_code == 400


def test_a_recovery_code_signs_in_once(client, enrolled):
    _, _, codes = enrolled
    login(client)
    typed = codes[0].upper().replace("-", " ")  # as someone might type it
    assert client.post(SECOND_STEP, data={"code": typed}).status_code == 302
    assert "9 recovery codes left" in client.get(PAGE).text
    client.post("/admin/logout")
    login(client)
    assert client.post(SECOND_STEP, data={"code": codes[0]}).status_code == 400
    assert client.post(SECOND_STEP, data={"code": codes[1]}).status_code == 302


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(client, enrolled):
    _, secret, old = enrolled
    login(client)
    client.post(SECOND_STEP, data={"code": old[0]})
    refused = client.post(f"{PAGE}recovery-codes", data={"code": "000000"})
    assert refused.status_code == 400 and "This code is not right" in refused.text
    response = client.post(f"{PAGE}recovery-codes", data={"code": code_at(secret, 1)})
    assert response.status_code == 200
    new = re.findall(r"<code>([a-z2-7-]{19})</code>", response.text)
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/admin/logout")
    login(client)
    assert client.post(SECOND_STEP, data={"code": old[1]}).status_code == 400
    assert client.post(SECOND_STEP, data={"code": new[0]}).status_code == 302


def test_the_second_step_is_throttled_like_the_password(client, app, enrolled):
    _, secret, _ = enrolled
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 3
    login(client)  # the right password counts until the second step succeeds
    for _ in range(2):
        assert client.post(SECOND_STEP, data={"code": "000000"}).status_code == 400
    throttled = client.post(SECOND_STEP, data={"code": code_at(secret, 1)})
    assert throttled.status_code == 429
    assert "Too many failed sign-ins" in throttled.text
    assert client.get("/admin/").status_code == 302
    # Entering the password again does not buy more guesses.
    assert login(client).status_code == 429


def test_the_second_step_lapses_and_needs_the_password_first(client, enrolled):
    _, secret, _ = enrolled
    assert client.get(SECOND_STEP).headers["Location"] == "/admin/login"
    login(client)
    with client.session_transaction() as session:
        note = dict(session["second_factor_pending"])
        session["second_factor_pending"] = note | {"since": note["since"] - 601}
    response = client.post(SECOND_STEP, data={"code": code_at(secret, 1)})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/login"


def test_a_new_password_during_the_second_step_needs_the_password_again(client, enrolled):
    user, secret, _ = enrolled
    login(client)
    users.set_password(fresh_user(user.id), "another-secret-pass")
    db.session.commit()
    response = client.post(SECOND_STEP, data={"code": code_at(secret, 1)})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/login"
    assert client.get("/admin/").status_code == 302


def test_a_remembered_browser_skips_the_second_step_until_the_factor_is_reset(client, enrolled):
    user, secret, codes = enrolled
    login(client)
    response = client.post(SECOND_STEP, data={"code": code_at(secret, 1), "remember_browser": "y"})
    cookie = response.headers.getlist("Set-Cookie")
    assert any(c.startswith(f"{REMEMBER_COOKIE}=") and "HttpOnly" in c for c in cookie)
    client.post("/admin/logout")
    assert login(client).headers["Location"] == "/admin/"

    # Another user's password with this cookie still needs their own second step.
    other = make_user("sara", is_admin=True)
    other.totp_secret = pyotp.random_base32()
    db.session.commit()
    client.post("/admin/logout")
    assert login(client, "sara").headers["Location"] == SECOND_STEP

    # A new password, or a reset of the second factor, makes the cookie worthless.
    with client.session_transaction() as session:
        session.clear()
    users.set_password(fresh_user(user.id), "another-secret-pass")
    db.session.commit()
    assert login(client, password="another-secret-pass").headers["Location"] == SECOND_STEP
    client.post(SECOND_STEP, data={"code": codes[0], "remember_browser": "y"})
    client.post("/admin/logout")
    assert login(client, password="another-secret-pass").headers["Location"] == "/admin/"
    client.post("/admin/logout")
    two_factor.reset_second_factor(fresh_user(user.id))
    db.session.commit()
    fresh_user(user.id).totp_secret = secret  # set up again, with the same app
    db.session.commit()
    assert login(client, password="another-secret-pass").headers["Location"] == SECOND_STEP


def test_turning_it_off_needs_a_current_code(client, enrolled):
    user, secret, codes = enrolled
    login(client)
    client.post(SECOND_STEP, data={"code": codes[0]})
    refused = client.post(f"{PAGE}disable", data={"code": "000000"})
    assert refused.status_code == 400 and "This code is not right" in refused.text
    # The enrolment spent this step's code.
    assert client.post(f"{PAGE}disable", data={"code": code_at(secret)}).status_code == 400
    assert fresh_user(user.id).totp_secret is not None
    response = client.post(f"{PAGE}disable", data={"code": code_at(secret, 1)})
    assert response.status_code == 302
    assert fresh_user(user.id).totp_secret is None
    assert db.session.scalar(select(RecoveryCode.id)) is None
    client.post("/admin/logout")
    assert login(client).headers["Location"] == "/admin/"


def test_required_users_set_it_up_before_anything_else(client, app):
    app.config["REQUIRE_2FA_FOR"] = "admins"
    make_user("boss", is_admin=True)
    assert login(client).headers["Location"] == "/admin/"
    response = client.get("/admin/portfolios/")
    assert response.status_code == 302 and response.headers["Location"] == PAGE
    assert client.get("/admin/account/").headers["Location"] == PAGE
    assert client.get(PAGE).status_code == 200
    assert client.post("/admin/language", data={"language": "fa"}).status_code == 302
    enrol(client)
    assert client.get("/admin/portfolios/").status_code == 200


@pytest.mark.parametrize(
    ("requirement", "covered"),
    [("admins", False), ("staff", True), ("none", False)],
)
def test_the_setting_says_whom_it_covers(client, app, requirement, covered):
    app.config["REQUIRE_2FA_FOR"] = requirement
    make_user("clerk", is_staff=True)
    login(client, "clerk")
    response = client.get("/admin/")
    assert (response.status_code == 302) is covered


def test_an_admin_resets_a_second_factor_and_the_log_says_so(client, enrolled):
    user, secret, _ = enrolled
    make_user("sara", is_admin=True)
    login(client, "sara")
    page = client.get(f"/admin/users/{user.id}/")
    assert f"/admin/users/{user.id}/two-factor/reset" in page.text
    assert '<dd class="second-factors">Authenticator app</dd>' in page.text
    assert client.get(f"/admin/users/{user.id}/two-factor/reset").status_code == 200
    response = client.post(f"/admin/users/{user.id}/two-factor/reset")
    assert response.status_code == 302
    reset = fresh_user(user.id)
    assert reset.totp_secret is None
    assert db.session.scalar(select(RecoveryCode.id)) is None
    stmt = select(ActivityEntry).where(ActivityEntry.object_id == user.id)
    entry = db.session.scalars(stmt.order_by(ActivityEntry.id.desc())).first()
    assert entry.actor == "sara" and entry.changes == {"two_factor_stamp": "hidden"}
    page = client.get(f"/admin/users/{user.id}/").text
    assert '<dd class="second-factors">None</dd>' in page
    assert "Second factor" in client.get("/admin/activity/?resource=user").text
    client.post("/admin/logout")
    assert login(client).headers["Location"] == "/admin/"


def test_only_administrators_reset_a_second_factor(client, enrolled):
    user, _, _ = enrolled
    make_user("clerk", is_staff=True)
    login(client, "clerk")
    assert client.post(f"/admin/users/{user.id}/two-factor/reset").status_code == 403
    assert fresh_user(user.id).totp_secret is not None


def test_an_unknown_requirement_is_refused_at_start(tmp_path):
    with pytest.raises(ConfigurationError, match="REQUIRE_2FA_FOR"):
        load_config(str(tmp_path), environ={"REQUIRE_2FA_FOR": "everyone"})


def test_the_command_line_resets_a_locked_out_administrator(app, client, enrolled):
    user, _, _ = enrolled
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "reset-2fa", "nobody"]).exit_code != 0
    result = runner.invoke(args=["users", "reset-2fa", "boss"])
    assert result.exit_code == 0, result.output
    assert fresh_user(user.id).totp_secret is None
    stmt = select(ActivityEntry).where(ActivityEntry.object_id == user.id)
    entry = db.session.scalars(stmt.order_by(ActivityEntry.id.desc())).first()
    assert entry.via == "cli" and entry.changes == {"two_factor_stamp": "hidden"}
    assert login(client).headers["Location"] == "/admin/"
