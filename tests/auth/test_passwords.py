"""The password rule, and checking a password at sign-in."""

import pytest

from portfolio_admin.auth.passwords import password_matches, password_problems
from tests.factories import make_user


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", "may not be blank"),
        ("short-1", "at least 10 characters"),
        ("12345678901", "more than digits"),
        ("daryoush-the-designer", "username"),
        ("daryoush", "at least 10 characters"),
        ("Password123", "too common"),
    ],
)
def test_weak_passwords_name_the_rule_they_break(app, password, problem):
    assert any(problem in message for message in password_problems(password, "daryoush"))


def test_a_long_mixed_password_is_fine(app):
    assert password_problems("river-stone-lamp", "daryoush") == []


def test_a_password_matches_only_its_own_user(app):
    user = make_user("mina", password="blue-whale-sings")
    assert password_matches(user, "blue-whale-sings")
    assert not password_matches(user, "blue-whale-sing")
    assert not password_matches(None, "blue-whale-sings")
