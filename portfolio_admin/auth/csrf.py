"""CSRF protection (Flask-WTF's) on every request that can change something.

Flask-WTF's own hook looks up a request's exemptions before its method, so every GET
(health checks and cached API reads included) paid for a check that never applies. This
hook asks the method first and then lets Flask-WTF do all the rest, exemptions included.
"""

from flask import Flask, request

from portfolio_admin.extensions import csrf


def register(app: Flask) -> None:
    """Check the CSRF token of every ``WTF_CSRF_METHODS`` request outside exempt views."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # this hook instead of Flask-WTF's
    csrf.init_app(app)

    @app.before_request
    def protect_forms():
        if request.method in app.config["WTF_CSRF_METHODS"] and app.config["WTF_CSRF_ENABLED"]:
            csrf.protect(apply_exemptions=True)
