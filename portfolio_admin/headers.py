"""Security headers on every response, CORS for the public site's browsers, and which
proxy headers (``X-Forwarded-*``) to believe."""

from flask import Flask
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from portfolio_admin.config import PROXY_FIX_HEADERS

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)


SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
)


def register(app: Flask) -> None:
    """Add the headers to every response ``app`` sends, unless the view chose its own."""

    @app.after_request
    def secure_headers(response):
        headers = response.headers
        # ``getlist``, not ``in``: a missing name costs ``in`` a raised and caught KeyError.
        if headers.getlist("Content-Security-Policy"):  # a view with a policy of its own
            for name, value in SECURITY_HEADERS:
                headers.setdefault(name, value)
        else:  # every other response: one step instead of four searches
            headers.extend(SECURITY_HEADERS)
        return response


def register_cors(app: Flask) -> None:
    """Let the configured origins (``CORS_ORIGINS``) call the API from a browser; none by
    default. Preflight requests are answered without a token."""
    origins = app.config["CORS_ORIGINS"]
    if not origins:
        return
    CORS(
        app,
        resources={r"/api/*": {"origins": origins}},
        allow_headers=["Authorization", "Content-Type", "If-None-Match", "If-Match"],
        expose_headers=["ETag"],
        max_age=600,
    )


def register_proxy_fix(app: Flask) -> None:
    """Believe ``X-Forwarded-*`` from as many proxies as ``PROXY_FIX_X_*`` say; none by
    default, since anyone can send these headers to an app that is reached directly.

    With ``PROXY_FIX_X_FOR`` set, ``request.remote_addr`` is the client's address, which
    is what the sign-in throttle counts per address.
    """
    hops = {name.lower(): app.config[f"PROXY_FIX_X_{name}"] for name in PROXY_FIX_HEADERS}
    if any(hops.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **{f"x_{name}": n for name, n in hops.items()})
