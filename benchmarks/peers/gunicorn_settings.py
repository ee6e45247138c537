"""gunicorn settings for the peers: the project's worker settings (gunicorn.conf.py at
the repository root), without its logging and its memory check, so that a difference in
speed is the application's, not the server's."""

import runpy
from pathlib import Path

_project = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))

worker_class = _project["worker_class"]
threads = _project["threads"]
workers = _project["workers"]  # the benchmark passes --workers 2, as for the project
keepalive = _project["keepalive"]
timeout = _project["timeout"]
preload_app = _project["preload_app"]
max_requests = _project["max_requests"]
worker_tmp_dir = _project.get("worker_tmp_dir")
control_socket_disable = True
accesslog = None
errorlog = "-"
