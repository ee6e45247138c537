"""Passwords: the rule every way of setting one shares (admin, CLI, any future API),
how they are stored, and how a sign-in is checked.

The rule is hand-written on purpose: four plain rules whose messages go through
Flask-Babel like the rest of the admin, with no word lists or scoring model to ship and
keep up to date.
"""

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from portfolio_admin.models import User

MIN_LENGTH = 10

# The most used passwords of at least MIN_LENGTH characters (shorter ones fail anyway),
# and a few this studio's staff might reach for.
COMMON_PASSWORDS = frozenset(
    {
        "1234567890",
        "0987654321",
        "1q2w3e4r5t",
        "1qaz2wsx3edc",
        "abcdefghij",
        "abcd123456",
        "qwertyuiop",
        "asdfghjkl;",
        "password12",
        "password123",
        "password1234",
        "passw0rd123",
        "p@ssw0rd123",
        "iloveyou123",
        "qwerty1234",
        "qwerty123456",
        "1234qwer!@#$",
        "football123",
        "baseball123",
        "welcome123",
        "letmein123",
        "trustno1234",
        "sunshine123",
        "princess123",
        "superman123",
        "administrator",
        "admin12345",
        "admin123456",
        "changeme123",
        "portfolio123",
        "portfolioadmin",
        "secretpassword",
        "mypassword1",
        "zaq12wsxcde",
    }
)


def password_problems(password: str, username: str = "") -> list[str]:
    """What is wrong with ``password`` for the user ``username`` (empty when it is fine)."""
    if not password:
        return [_("This field may not be blank.")]
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(
            _(
                "Use at least %(num)d characters (this has %(len)d).",
                num=MIN_LENGTH,
                len=len(password),
            )
        )
    if password.isdigit():
        problems.append(_("Use more than digits."))
    name = username.strip().casefold()
    lowered = password.casefold()
    # Short names ("al") may well appear in a good password by chance.
    if name and (lowered in name or (len(name) >= 3 and name in lowered)):
        problems.append(_("Do not use the username in the password."))
    if lowered in COMMON_PASSWORDS:
        problems.append(_("This password is too common."))
    return problems


def store_password(user: User, password: str) -> None:
    """Hash ``password`` into ``user`` (``PASSWORD_HASH_METHOD``)."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    user.password_hash = generate_password_hash(password, method=method)


# Checked against when there is no user, so a wrong username takes as long as a wrong
# password and does not reveal which accounts exist.
_decoy_hashes: dict[str, str] = {}


def password_matches(user: User | None, password: str) -> bool:
    """Whether ``password`` is ``user``'s; ``False`` for no user, after the same work."""
    if user is not None:
        return check_password_hash(user.password_hash, password)
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _decoy_hashes:
        _decoy_hashes[method] = generate_password_hash("decoy", method=method)
    check_password_hash(_decoy_hashes[method], password)
    return False
