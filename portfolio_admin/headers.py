"""Security headers on every response, and CORS for the public site's browsers."""

from flask import Flask
from flask_cors import CORS

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob: https:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)


def register(app: Flask) -> None:
    """Add the headers to every response ``app`` sends."""

    @app.after_request
    def secure_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
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
        allow_headers=["Authorization", "Content-Type", "If-None-Match"],
        expose_headers=["ETag"],
        max_age=600,
    )
