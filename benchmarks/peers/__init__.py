"""Peers the API benchmark serves beside the project, under the same gunicorn worker
settings (gunicorn_settings.py): a bare Flask app with one trivial endpoint
(flask_trivial.py), the ceiling any Flask app has on this server, and the Django REST
framework app this project replaces (drf/), reading the same database.

Their dependencies are the optional extra ``bench`` (``pip install -e '.[bench]'``);
nothing in the app needs them.
"""

import importlib.util
import sys
from pathlib import Path

PEERS_DIR = Path(__file__).resolve().parent
APPS = {"flask": "flask_trivial:app", "drf": "drf.wsgi:application"}
PATHS = {"flask": ["/"]}  # the DRF peer answers the project's own API paths


def available(peer: str) -> bool:
    """Whether the peer's libraries are installed (Flask always is)."""
    return peer != "drf" or all(
        importlib.util.find_spec(name) for name in ("django", "rest_framework")
    )


def command(peer: str, port: int, workers: int = 2) -> list[str]:
    """The gunicorn command serving ``peer`` on ``port``."""
    return [sys.executable, "-m", "gunicorn", "--config", str(PEERS_DIR / "gunicorn_settings.py"),
            "--chdir", str(PEERS_DIR), "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", APPS[peer]]  # fmt: skip


def environment(database_url: str) -> dict[str, str]:
    """What the peers read from the environment: the DRF peer, the project's database."""
    return {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "drf.settings"}
