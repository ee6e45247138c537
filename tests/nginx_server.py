"""nginx (Debian's, which ``make setup`` installs) in front of an app instance, with the
project's own ``deploy/nginx/proxy.conf``, for tests of what the required proxy does."""

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

from tests.gunicorn_server import wait_until_healthy
from tests.socket_helpers import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX = "/usr/sbin/nginx"

CONFIG = """
{user}
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream portfolio {{
        server {upstream};
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{port};
        include {root}/deploy/nginx/portfolio.conf;
    }}
}}
"""


@contextlib.contextmanager
def nginx(upstream_url: str, workdir: Path):
    """Run nginx passing to ``upstream_url`` until the block ends; yields its base URL."""
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing (apt-get install -y nginx; make setup does it)")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    # As root, nginx's workers would run as nobody, who cannot use this test's folders.
    user = "user root;" if os.geteuid() == 0 else ""
    config = workdir / "nginx.conf"
    config.write_text(
        CONFIG.format(
            user=user, workdir=workdir, root=ROOT, port=port,
            upstream=upstream_url.removeprefix("http://"),
        )
    )  # fmt: skip
    process = subprocess.Popen(
        [NGINX, "-p", str(workdir), "-c", str(config), "-e", str(workdir / "error.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, "nginx", workdir / "error.log", timeout=20)
        yield url
    finally:
        process.terminate()
        process.wait(10)
