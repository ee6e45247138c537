"""The account rules every interface shares: checked passwords and never locking out."""

import pytest

from portfolio_admin.auth.passwords import password_matches
from portfolio_admin.schemas.common import NON_FIELD
from portfolio_admin.services import users
from portfolio_admin.services.errors import ValidationError
from tests.factories import make_user


def test_creating_a_user_reports_username_and_password_problems_together(app):
    with pytest.raises(ValidationError) as caught:
        users.create_user("  ", "123")
    assert set(caught.value.errors) == {"username", "password"}


def test_changing_ones_own_password_needs_the_current_one(app):
    user = make_user("mina")
    with pytest.raises(ValidationError) as caught:
        users.change_own_password(user, "wrong", "mina")
    assert set(caught.value.errors) == {"current_password", "password"}
    users.change_own_password(user, "secret-pass", "blue-whale-sings")
    assert password_matches(user, "blue-whale-sings")


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(app):
    boss = make_user("boss", is_admin=True)
    with pytest.raises(ValidationError) as caught:
        users.set_active(boss, False)
    assert "last active administrator" in caught.value.errors[NON_FIELD][0]
    with pytest.raises(ValidationError) as caught:
        users.update_user(boss, {"is_admin": False})
    assert "is_admin" in caught.value.errors
    make_user("deputy", is_admin=True)
    users.update_user(boss, {"is_admin": False})
    assert not boss.is_admin


def test_nobody_deactivates_or_demotes_themselves(app):
    boss = make_user("boss", is_admin=True)
    make_user("deputy", is_admin=True)
    with pytest.raises(ValidationError):
        users.set_active(boss, False, by=boss)
    with pytest.raises(ValidationError) as caught:
        users.update_user(boss, {"is_admin": False}, by=boss)
    assert "your own access" in caught.value.errors["is_admin"][0]


@pytest.mark.parametrize("username", ["two words", "tab\there", "nul\x00", "x" * 151])
def test_usernames_are_letters_digits_and_a_few_marks(app, username):
    with pytest.raises(ValidationError) as caught:
        users.create_user(username, "river-stone-lamp")
    assert list(caught.value.errors) == ["username"]


def test_persian_usernames_are_fine(app):
    assert users.create_user("نازنین", "river-stone-lamp").username == "نازنین"
