"""A bare Flask app with one trivial JSON endpoint: what any Flask app can serve at most
on this server, the ceiling the project's ``/healthz`` is compared with."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def status():
    """What the project's /healthz answers, without the app around it."""
    return {"status": "ok"}
