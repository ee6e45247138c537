"""The ``users`` and ``tokens`` commands, as a script would call them."""

from portfolio_admin.auth.passwords import password_matches
from portfolio_admin.models.base import db
from portfolio_admin.services import users


def test_users_create_with_permissions_and_a_token_that_works(runner, client):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "sara",
            "--password",
            "teal-harbour-42",
            "--staff",
            "--permissions",
            "4220,4221",
        ]  # fmt: skip
    )
    assert result.exit_code == 0, result.output
    user = users.get_user_by_username("sara")
    assert user.is_staff and not user.is_admin
    assert user.permissions == {4220, 4221}
    assert password_matches(user, "teal-harbour-42")

    result = runner.invoke(args=["tokens", "create", "sara", "--name", "site"])
    assert result.exit_code == 0
    key = result.output.strip().splitlines()[-1]
    headers = {"Authorization": f"Token {key}"}
    assert client.get("/api/portfolios/employers/", headers=headers).status_code == 200
    assert client.get("/api/portfolios/tags/", headers=headers).status_code == 403


def test_users_create_prompts_for_the_password_when_omitted(runner):
    result = runner.invoke(
        args=["users", "create", "omid"], input="quiet-lantern-7\nquiet-lantern-7\n"
    )
    assert result.exit_code == 0, result.output
    assert password_matches(users.get_user_by_username("omid"), "quiet-lantern-7")


def test_a_weak_password_is_refused_with_the_rule_it_breaks(runner):
    result = runner.invoke(args=["users", "create", "nima", "--password", "12345"])
    assert result.exit_code != 0
    assert "password: Use at least 10 characters" in result.output
    assert "Use more than digits." in result.output
    assert users.get_user_by_username("nima") is None


def test_unknown_permission_code_is_refused(runner):
    result = runner.invoke(
        args=["users", "create", "x", "--password", "amber-kite-99", "--permissions", "99"]
    )
    assert result.exit_code != 0
    assert "Unknown permission code" in result.output
    assert users.get_user_by_username("x") is None


def test_duplicate_username_is_refused(runner):
    runner.invoke(args=["users", "create", "dup", "--password", "amber-kite-99"])
    result = runner.invoke(args=["users", "create", "dup", "--password", "amber-kite-99"])
    assert result.exit_code != 0
    assert "already exists" in result.output


def test_tokens_list_and_revoke(runner, client):
    runner.invoke(args=["users", "create", "ali", "--password", "amber-kite-99", "--admin"])
    key = runner.invoke(args=["tokens", "create", "ali"]).output.strip().splitlines()[-1]
    listing = runner.invoke(args=["tokens", "list", "ali"]).output
    token_id = listing.split("\t")[0]
    assert key not in listing and "active" in listing

    assert runner.invoke(args=["tokens", "revoke", token_id]).exit_code == 0
    assert "revoked" in runner.invoke(args=["tokens", "list", "ali"]).output
    headers = {"Authorization": f"Token {key}"}
    assert client.get("/api/portfolios/tags/", headers=headers).status_code == 401


def test_ensure_admin_creates_one_admin_once_and_says_how_to_sign_in(runner, app):
    first = runner.invoke(args=["users", "ensure-admin"])
    assert first.exit_code == 0
    assert "username: admin" in first.output
    password = first.output.split("password: ")[1].split()[0]
    admin = users.get_user_by_username("admin")
    assert admin.is_admin and password_matches(admin, password)
    runner.invoke(args=["users", "ensure-admin"])
    db.session.expire_all()
    from portfolio_admin.models import User

    assert db.session.query(User).count() == 1


def test_a_scoped_expiring_token_and_a_role_from_the_command_line(runner, client):
    made = runner.invoke(args=["roles", "create", "Reader", "--permissions", "4220,4210"])
    assert made.exit_code == 0, made.output
    assert "Reader\t0 members\t4210,4220" in runner.invoke(args=["roles", "list"]).output
    created = runner.invoke(
        args=[
            "users",
            "create",
            "site",
            "--password",
            "amber-kite-99",
            "--staff",
            "--role",
            "Reader",
        ]
    )
    assert created.exit_code == 0, created.output
    result = runner.invoke(args=["tokens", "create", "site", "--scope", "4220", "--expires", "90d"])
    assert result.exit_code == 0, result.output
    headers = {"Authorization": f"Token {result.output.strip().splitlines()[-1]}"}
    assert client.get("/api/portfolios/employers/", headers=headers).status_code == 200
    assert client.get("/api/portfolios/tags/", headers=headers).status_code == 403
    listing = runner.invoke(args=["tokens", "list", "site"]).output
    assert "scope 4220" in listing and "expires never" not in listing
    for bad in ("0d", "soon", "9999-12-31", "2020-01-01"):
        refused = runner.invoke(args=["tokens", "create", "site", "--expires", bad])
        assert refused.exit_code != 0
    beyond = runner.invoke(args=["tokens", "create", "site", "--scope", "4221"])
    assert beyond.exit_code != 0 and "does not hold permission 4221" in beyond.output
    unknown_role = runner.invoke(
        args=["users", "create", "x", "--password", "amber-kite-99", "--role", "Nope"]
    )
    assert unknown_role.exit_code != 0 and "No role named 'Nope'" in unknown_role.output
