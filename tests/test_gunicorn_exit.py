"""gunicorn.conf.py ends an exiting worker at once, keeping the exit status gunicorn gave."""

import runpy
import sys
from pathlib import Path

import pytest

SETTINGS = runpy.run_path(str(Path(__file__).resolve().parents[1] / "gunicorn.conf.py"))


class Exited(Exception):
    pass


@pytest.mark.parametrize(("raised", "status"), [(SystemExit(0), 0), (SystemExit(3), 3),
                                                (SystemExit(None), 0), (SystemExit("boom"), 1),
                                                (RuntimeError("crash"), 1)])  # fmt: skip
def test_the_worker_exits_with_the_status_gunicorn_gave_it(monkeypatch, raised, status):
    """As in gunicorn's Arbiter.spawn_worker: ``worker_exit`` runs in a ``finally``
    while the worker's SystemExit (or crash) propagates."""
    statuses = []

    def _exit(code):
        statuses.append(code)
        raise Exited

    monkeypatch.setattr(SETTINGS["os"], "_exit", _exit)
    monkeypatch.setattr(SETTINGS["logging"], "shutdown", lambda: None)  # the suite's own
    with pytest.raises(Exited):
        try:
            raise raised
        finally:
            SETTINGS["worker_exit"](None, None)
    assert statuses == [status]
    assert sys.exc_info() == (None, None, None)
