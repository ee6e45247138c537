"""Preview tokens: short-lived signed names of a portfolio, which let whoever holds one
(the public site's preview route, a browser) read its draft without an API token.

Signed with the app's secret by ``itsdangerous`` (what Flask signs its sessions with), so
every instance accepts the others' tokens and none is stored.
"""

from urllib.parse import quote

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from portfolio_admin.models import Portfolio
from portfolio_admin.services.errors import ValidationError

OUTPUT = "preview_output"  # app.extensions: portfolio -> its draft's (or live) output
SALT = "portfolio-preview"
MAX_AGE_SECONDS = 15 * 60
EXPIRED = "The preview link has expired: open the preview again."
INVALID = "This is not a valid preview link."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def preview_token(portfolio_id: int) -> str:
    """A token that names the portfolio for ``MAX_AGE_SECONDS``."""
    return _serializer().dumps(portfolio_id)


def portfolio_id_of(token: str) -> int:
    """The portfolio a valid, unexpired token names; ``ValidationError`` on ``token``."""
    try:
        value = _serializer().loads(token, max_age=MAX_AGE_SECONDS)
    except SignatureExpired:
        raise ValidationError({"token": [EXPIRED]}) from None
    except BadSignature:
        raise ValidationError({"token": [INVALID]}) from None
    if not isinstance(value, int):
        raise ValidationError({"token": [INVALID]})
    return value


def preview_url(portfolio: Portfolio) -> str | None:
    """``PREVIEW_URL`` filled in for the portfolio (``{slug}``, ``{id}``, ``{token}``), or
    ``None`` when it is not set (the admin shows its own preview then)."""
    template = current_app.config.get("PREVIEW_URL")
    if not template:
        return None
    token = preview_token(portfolio.id)
    return template.format(slug=quote(portfolio.slug), id=portfolio.id, token=quote(token))


def preview_output(portfolio: Portfolio) -> dict:
    """The portfolio's draft (or, without one, live) output, as the API's preview shows it;
    made by the function ``create_app`` registered (the API builds output, not services)."""
    return current_app.extensions[OUTPUT](portfolio)


def register(app, output) -> None:
    """Hand over ``output(portfolio)``, the function that builds a preview's output."""
    app.extensions[OUTPUT] = output
