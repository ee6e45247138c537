"""Two-factor sign-in rules: TOTP codes (pyotp), their QR code (segno, made here, no
outside service), one-time recovery codes, and the "remember this browser" cookie.

Nothing here writes to the database; ``services.two_factor`` does.
"""

import hashlib
import hmac
import secrets
import time
from base64 import b32encode

import pyotp
import segno
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portfolio_admin.i18n import ascii_digits
from portfolio_admin.models import User

ISSUER = "Portfolio Admin"
TOTP_INTERVAL = 30  # seconds per code, what every authenticator app uses
TOTP_DRIFT_STEPS = 1  # a code from the step before or after is accepted (clock drift)
RECOVERY_CODE_COUNT = 10
REMEMBER_COOKIE = "admin_second_factor"
REMEMBER_DAYS = 30


def enrolment_secret(secret_key: str, user: User, nonce: str) -> str:
    """The TOTP secret offered to ``user`` at enrolment (160 bits, base32).

    It is derived from the app's key and a random ``nonce`` kept in the session, so the
    signed (but readable) session cookie never holds the secret itself; a new nonce
    offers a new secret.
    """
    material = f"totp-enrolment\n{user.id}\n{nonce}".encode()
    digest = hmac.new(secret_key.encode(), material, hashlib.sha256).digest()
    return b32encode(digest[:20]).decode()


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def qr_code_svg(uri: str) -> str:
    """The QR code of ``uri`` as an inline ``<svg>`` element."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#111", light="#fff")


def typed_code(code: str | None) -> str:
    """What someone typed, with spaces and dashes gone, lower case and ASCII digits
    (a Persian keyboard types ۱۲۳)."""
    text = ascii_digits(code or "").lower()
    return "".join(c for c in text if c not in " -\u200c\t")


def totp_step(secret: str, code: str | None, last_step: int | None, now: float | None = None):
    """The time step ``code`` is right for, if it is right and newer than ``last_step``
    (a code already used is refused: it could have been seen); else ``None``."""
    code = typed_code(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    current = int((time.time() if now is None else now) // TOTP_INTERVAL)
    for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * TOTP_INTERVAL), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten random codes such as ``k3d9-x2pq-a7mn-4hzt``: 80 bits each."""
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        text = b32encode(secrets.token_bytes(10)).decode().lower()
        codes.append("-".join(text[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_code_digest(code: str) -> str:
    """The stored form of a recovery code.

    A plain SHA-256 is enough here, unlike for passwords: each code is 80 random bits,
    so there is no dictionary to try and no salt or slow hash would make guessing any
    less hopeless, while a fast digest lets a code be found by an indexed lookup.
    """
    return hashlib.sha256(typed_code(code).encode()).hexdigest()


def new_stamp() -> str:
    """A fresh random stamp for ``User.two_factor_stamp``."""
    return secrets.token_hex(16)


def sign_in_stamp(user: User) -> str:
    """A digest that changes whenever the password or the second factor is set or reset
    (what a pending sign-in and a remembered browser are bound to)."""
    material = f"{user.password_hash}\n{user.two_factor_stamp or ''}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt="admin-second-factor-remember")


def remember_cookie_value(user: User, secret_key: str) -> str:
    """The signed "remember this browser" value for ``user``."""
    return _serializer(secret_key).dumps({"user": user.id, "stamp": sign_in_stamp(user)})


def browser_remembered(user: User, value: str | None, secret_key: str) -> bool:
    """Whether ``value`` is a cookie made for ``user`` in the last 30 days, since which
    neither their password nor their second factor changed."""
    if not value:
        return False
    try:
        data = _serializer(secret_key).loads(value, max_age=REMEMBER_DAYS * 86400)
    except BadSignature:
        return False
    return (
        isinstance(data, dict)
        and data.get("user") == user.id
        and hmac.compare_digest(str(data.get("stamp")), sign_in_stamp(user))
    )


def covered_by_requirement(user: User, requirement: str) -> bool:
    """Whether ``REQUIRE_2FA_FOR`` (``admins``, ``staff`` or ``none``) covers ``user``."""
    if requirement == "staff":
        return user.is_staff or user.is_admin
    return requirement == "admins" and user.is_admin
