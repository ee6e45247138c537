"""Headers that say how answers may travel and be kept: ``Strict-Transport-Security`` when
the site is served over HTTPS (browsers then refuse plain HTTP to it, so no one on the
network can strip the TLS from a staff member's sign-in), and ``Cache-Control: no-store``
on admin pages, which show staff data that no browser or proxy cache should keep."""

from flask import Flask, request

ADMIN_PREFIX = "/admin"


def register(app: Flask) -> None:
    """Add the headers to every response ``app`` sends (HSTS when ``HSTS_MAX_AGE`` is set)."""
    hsts = f"max-age={app.config['HSTS_MAX_AGE']}" if app.config["HSTS_MAX_AGE"] else None

    @app.after_request
    def transport_headers(response):
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        path = request.path
        if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
            response.headers["Cache-Control"] = "no-store"
        return response
