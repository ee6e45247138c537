"""Passkey endpoints over HTTP: the options they hand out, and every malformed or foreign
answer refused with a 4xx naming the field (the real ceremonies run in Chromium, in
``tests/browser/test_two_factor.py``)."""

import pytest
from sqlalchemy import func, select

from portfolio_admin.models import LoginAttempt, Passkey
from portfolio_admin.models.base import db
from tests.admin.conftest import login
from tests.factories import make_user


def stored_passkey(user, credential_id="Y3JlZGVudGlhbA", name="Laptop") -> Passkey:
    passkey = Passkey(
        user_id=user.id, credential_id=credential_id, public_key=b"\x00", sign_count=0, name=name
    )
    db.session.add(passkey)
    db.session.commit()
    return passkey


def test_sign_in_options_name_this_host_and_any_passkey(client, app):
    options = client.post("/admin/login/passkey/options").get_json()
    assert options["rpId"] == "localhost" and options["challenge"]
    assert options["allowCredentials"] == []
    app.config["WEBAUTHN_RP_ID"] = "example.com"
    assert client.post("/admin/login/passkey/options").get_json()["rpId"] == "example.com"


def test_second_step_options_allow_only_the_users_passkeys(client):
    user = make_user("boss", is_admin=True)
    user.totp_secret = "JBSWY3DPEHPK3PXP"
    db.session.commit()
    stored_passkey(user)
    stored_passkey(make_user("sara", is_admin=True), credential_id="b3RoZXI")
    login(client)
    options = client.post("/admin/login/passkey/options").get_json()
    assert [c["id"] for c in options["allowCredentials"]] == ["Y3JlZGVudGlhbA"]
    assert "Use a passkey" in client.get("/admin/login/second-step").text


@pytest.mark.parametrize(
    "body",
    [None, "not json", {"credential": "{"}, {"credential": {"id": 5}}, {"credential": {"id": "x"}}],
    ids=["empty", "text", "broken json", "bad id", "unknown id"],
)
def test_malformed_or_unknown_answers_are_refused(client, body):
    client.post("/admin/login/passkey/options")
    kwargs = {"json": body} if isinstance(body, dict) else {"data": body or ""}
    response = client.post("/admin/login/passkey", **kwargs)
    assert response.status_code == 400
    assert "credential" in response.get_json()
    assert client.get("/admin/").status_code == 302


def test_an_answer_without_a_challenge_is_refused(client):
    user = make_user("boss", is_admin=True)
    stored_passkey(user)
    response = client.post("/admin/login/passkey", json={"credential": {"id": "Y3JlZGVudGlhbA"}})
    assert response.status_code == 400
    assert "expired" in response.get_json()["credential"][0]


def test_a_wrong_signature_counts_as_a_failed_sign_in_and_is_throttled(client, app):
    app.config["LOGIN_FAILURES_PER_ACCOUNT"] = 2
    user = make_user("boss", is_admin=True)
    stored_passkey(user)
    signed = {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"}
    forged = {"id": "Y3JlZGVudGlhbA", "rawId": "Y3JlZGVudGlhbA", "type": "public-key"}
    forged["response"] = signed
    for _ in range(2):
        client.post("/admin/login/passkey/options")
        response = client.post("/admin/login/passkey", json={"credential": forged})
        assert response.status_code == 400
        assert "could not be verified" in response.get_json()["credential"][0]
    assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 2
    client.post("/admin/login/passkey/options")
    assert client.post("/admin/login/passkey", json={"credential": forged}).status_code == 429
    assert client.get("/admin/").status_code == 302


def test_registration_needs_a_signed_in_user_and_a_valid_answer(client):
    assert client.post("/admin/account/passkeys/options").status_code == 302
    user = make_user("boss", is_admin=True)
    login(client)
    stored_passkey(user)
    options = client.post("/admin/account/passkeys/options").get_json()
    assert options["user"]["name"] == "boss"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert [c["id"] for c in options["excludeCredentials"]] == ["Y3JlZGVudGlhbA"]
    refused = client.post("/admin/account/passkeys/", json={"name": "x", "credential": {"id": 1}})
    assert refused.status_code == 400 and "credential" in refused.get_json()
    again = client.post("/admin/account/passkeys/", json={"name": "x", "credential": {}})
    assert again.status_code == 400 and "expired" in again.get_json()["credential"][0]
    assert client.post("/admin/account/passkeys/", data="[]").status_code == 400


def test_a_passkey_is_removed_only_by_its_owner(client):
    boss = make_user("boss", is_admin=True)
    theirs = stored_passkey(make_user("sara", is_admin=True))
    login(client)
    mine = stored_passkey(boss, credential_id="bWluZQ", name="Mine")
    assert "Mine" in client.get("/admin/account/two-factor/").text
    assert "On: 1 passkey." in client.get("/admin/account/").text
    client.post(f"/admin/account/passkeys/{theirs.id}/remove")
    assert db.session.get(Passkey, theirs.id) is not None
    client.post(f"/admin/account/passkeys/{mine.id}/remove")
    db.session.expire_all()
    assert db.session.get(Passkey, mine.id) is None


def test_a_passkey_is_a_second_factor_for_the_requirement(client, app):
    app.config["REQUIRE_2FA_FOR"] = "admins"
    user = make_user("boss", is_admin=True)
    login(client)
    assert client.get("/admin/portfolios/").status_code == 302
    stored_passkey(user)
    client.post("/admin/logout")
    assert login(client).headers["Location"] == "/admin/login/second-step"
