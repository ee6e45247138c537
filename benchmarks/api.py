"""How fast the public site's reads are: as a ratio of the app's own ceiling (/healthz),
of a bare Flask app's, and of the Django REST framework app this project replaces.

Fills a database (500 portfolios, each with a cover, 6 gallery images, 3 tags, 2 links,
2 meta entries and an employer), serves it with gunicorn (gunicorn.conf.py, 2 workers) on
loopback, and drives it with wrk (another process) for a bounded time per endpoint:
/healthz, one portfolio (rotating over all 500), and a page of 20 (rotating over the 25
pages), with the response cache on and off, and one portfolio at 32 connections (cache
on) for the tail latency. In the same run, on the same data and database, it serves and
drives the peers (benchmarks/peers/) under the same gunicorn worker settings, 2 workers
each: a bare Flask app's trivial endpoint, and the DRF app's retrieve and page of 20.
Prints requests per second, p50/p99 latency, the SQL queries per request, and every row
of issue 15's targets table with its value and PASS/FAIL. Runs on SQLite and PostgreSQL.

Statements per cached read are what PostgreSQL receives, read off libpq's trace of the
app served in-process (its test client), not under gunicorn; on SQLite, the app's count.

With ``--instances N``, N such servers (of the project and of each peer) share the
database, and N wrk processes (one per instance, started together) drive them at once;
requests per second are summed, p50 is the mean and p99 the worst of the instances'.
``--redis`` sets REDIS_URL (local Redis).

    pip install -e '.[bench]'    # the DRF peer's Django and DRF; `make bench` does it
    python benchmarks/api.py [--seconds 5] [--repeat 3] [--db sqlite|postgres|both] [--instances 1]
                             [--redis] [--json]

Needs wrk (`apt-get install -y wrk`; `make bench` does it) and PostgreSQL at
127.0.0.1:5432 for the PostgreSQL run. Without Django and DRF installed, the DRF rows
are reported as not measured.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from psycopg.pq import Trace  # noqa: E402
from sqlalchemy import create_engine, event, insert, text  # noqa: E402

from benchmarks import peers  # noqa: E402
from portfolio_admin import create_app  # noqa: E402
from portfolio_admin.database import engines_of  # noqa: E402
from portfolio_admin.models import (  # noqa: E402
    Employer,
    GalleryImage,
    Link,
    MediaFile,
    MetaEntry,
    Portfolio,
    PortfolioTag,
    Tag,
    Thumbnail,
)
from portfolio_admin.models.base import db  # noqa: E402
from portfolio_admin.services import tokens, users  # noqa: E402

PORTFOLIOS = 500
PAGE_SIZE = 20
POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BENCH_DB = f"portfolio_bench_{os.getpid()}"  # runs from other checkouts may overlap
# The read limit is counted as in production (its cost is the app's) but never reached:
# at the default 1200 a minute, most of a run's answers were fast 429s.
READ_LIMIT = "1000000000 per minute"
PEER_WARM_UP_PASSES = 1  # the DRF peer has no cache to fill


def settings(database_url: str, workdir: Path, cache: bool = True) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "benchmark-only",
        "MEDIA_ROOT": str(workdir / "media"),
        "INSTANCE_PATH": str(workdir / "instance"),
        "RESPONSE_CACHE": cache,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "API_RATE_LIMIT_READ": READ_LIMIT,
    }


def _media_rows(start_id: int, count: int, kind: str = "image") -> tuple[list, list]:
    media, thumbs = [], []
    for media_id in range(start_id, start_id + count):
        path = f"core_media/2026/01/02/file_{media_id}.{'jpg' if kind == 'image' else 'pdf'}"
        row = {"id": media_id, "type": kind, "name": f"file {media_id}", "path": path,
               "size": 50_000 + media_id, "width": None, "height": None, "mode": None}  # fmt: skip
        if kind == "image":
            row.update(width=1600, height=1200, mode="RGB")
            for size in (64, 128, 512, 1080):
                thumbs.append(
                    {"media_id": media_id, "size": size, "width": size, "height": size * 3 // 4,
                     "file_size": size * 40,
                     "path": f"core_media/2026/01/02/thumbnails/file_{media_id}_thumbnail_{size}x{size}.jpg"}  # noqa: E501
                )  # fmt: skip
        media.append(row)
    return media, thumbs


def fill(database_url: str, workdir: Path) -> str:
    """Migrate and fill the database; return an admin's API key."""
    app = create_app(settings(database_url, workdir))
    with app.app_context():
        upgrade()
        now = datetime.now(UTC)
        stamps = {"created_at": now, "updated_at": now}
        per_portfolio = 7  # cover + 6 gallery images
        media, thumbs = _media_rows(1, PORTFOLIOS * per_portfolio + 80)
        documents, _ = _media_rows(len(media) + 1, PORTFOLIOS, kind="document")
        db.session.execute(insert(MediaFile), [m | stamps for m in media + documents])
        db.session.execute(insert(Thumbnail), thumbs)
        tag_image, employer_image = PORTFOLIOS * per_portfolio + 1, PORTFOLIOS * per_portfolio + 41
        db.session.execute(
            insert(Tag),
            [{"id": n, "name": f"tag {n}", "image_id": tag_image + n} | stamps for n in range(30)],
        )
        db.session.execute(
            insert(Employer),
            [
                {
                    "id": n,
                    "name": f"employer {n}",
                    "description": "a client",
                    "image_id": employer_image + n,
                }
                | stamps
                for n in range(30)
            ],  # fmt: skip
        )
        portfolios, gallery, tags, links, meta = [], [], [], [], []
        for n in range(PORTFOLIOS):
            first = n * per_portfolio + 1
            portfolios.append(
                {
                    "id": n + 1,
                    "title": f"Project {n}",
                    "slug": f"project-{n}",
                    "excerpt": "یک پروژه نمونه",
                    "description": "توضیحات کامل پروژه " * 10,
                    "image_id": first,
                    "order": n % 7,
                    "employer_id": n % 30,
                    "is_active": True,
                    "completed_at": now - timedelta(days=n),
                }
                | stamps  # fmt: skip
            )
            gallery += [{"portfolio_id": n + 1, "media_id": first + k, "position": k - 1}
                        for k in range(1, 7)]  # fmt: skip
            tags += [{"portfolio_id": n + 1, "tag_id": (n + k) % 30, "position": k}
                     for k in range(3)]  # fmt: skip
            links += [{"portfolio_id": n + 1, "name": f"link {k}", "url": "https://example.com/x",
                       "image_id": first + k, "description": "demo"} | stamps
                      for k in range(2)]  # fmt: skip
            meta += [
                {"portfolio_id": n + 1, "key": "client", "value_text": "متن"} | stamps,
                {"portfolio_id": n + 1, "key": "brief", "value_file_id": documents[n]["id"]}
                | stamps,
            ]
        for model, rows in ((Portfolio, portfolios), (GalleryImage, gallery),
                            (PortfolioTag, tags), (Link, links), (MetaEntry, meta)):  # fmt: skip
            db.session.execute(insert(model), rows)
        user = users.create_user("bench", "a-sturdy-load-test-key", is_admin=True)
        _, key = tokens.create_token(user, "benchmark")
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as conn:
                conn.execute(text("ANALYZE"))
                for table in ("portfolios", "media_files", "employers", "tags", "links"):
                    conn.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    ))  # fmt: skip
                conn.commit()
        db.engine.dispose()
    return key


def queries_per_request(database_url: str, workdir: Path, key: str) -> dict:
    """SQL statements one request runs, cold (building) and warm (cached)."""
    counts = {}
    for cache in (True, False):
        app = create_app(settings(database_url, workdir, cache))
        client = app.test_client()
        headers = {"Authorization": f"Token {key}"}
        with app.app_context():
            statements: list[str] = []

            def record(_conn, _cursor, statement, *_args, statements=statements):
                statements.append(statement)

            for engine in engines_of(app, db.engine):
                event.listen(engine, "before_cursor_execute", record)
            for name, url in (("retrieve", "/api/portfolios/7"), ("list", "/api/portfolios/")):
                client.get(url, headers=headers)
                statements.clear()
                assert client.get(url, headers=headers).status_code == 200
                counts[f"{name}_{'cache' if cache else 'no_cache'}"] = len(statements)
            db.engine.dispose()
    return counts


def _round_trips(pgconns: list, request) -> int:
    """Statement round trips ``request()`` sends on ``pgconns``, off libpq's trace: each
    simple Query, and each Sync closing an extended-protocol batch, is one."""
    with tempfile.TemporaryFile("w+") as trace:
        for pgconn in pgconns:
            pgconn.trace(trace.fileno())
            pgconn.set_trace_flags(Trace.SUPPRESS_TIMESTAMPS)
        try:
            request()
        finally:
            for pgconn in pgconns:
                pgconn.untrace()
        trace.seek(0)
        sent = [line.split("\t")[2].strip() for line in trace if line.startswith("F\t")]
    return sent.count("Query") + sent.count("Sync")


def _one_connection_each(app) -> list:
    """Empty the app's pools (its engine's and its reads engine's), then open one
    connection in each: the ones its next requests use. Their libpq handles."""
    handles = []
    for engine in (db.engine, app.extensions["reads_engine"]):
        engine.dispose()
        with engine.connect() as connection:
            handles.append(connection.connection.dbapi_connection.pgconn)
    return handles


def round_trips_per_cached_read(database_url: str, workdir: Path, key: str, reads: int = 20):
    """What PostgreSQL receives per cached read, retrieve and list, each read traced on
    its own: the median (a steady read) and the mean (with the token's last-used time,
    written once a minute). In-process, through the app's test client, on the one pooled
    connection of each engine; ``None`` on SQLite."""
    if not database_url.startswith("postgresql"):
        return None
    app = create_app(settings(database_url, workdir, cache=True))
    client = app.test_client()
    headers = {"Authorization": f"Token {key}"}

    counts = []
    with app.app_context():
        for url in ("/api/portfolios/7", "/api/portfolios/"):

            def read(url=url):
                assert client.get(url, headers=headers).status_code == 200

            read()  # built and cached
            pgconns = _one_connection_each(app)
            counts += [_round_trips(pgconns, read) for _ in range(reads)]
        db.engine.dispose()
    return {"median": statistics.median(counts), "mean": round(statistics.fmean(counts), 3),
            "max": max(counts)}  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command: list[str], env: dict, workdir: Path, port: int) -> subprocess.Popen:
    """Run ``command`` (a server on ``port``) until it accepts connections; its output
    goes to a log file in ``workdir``, as a production log would, not to the terminal."""
    with open(workdir / f"server-{port}.log", "wb") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=os.environ | env, stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"{command[-1]} did not start: see {workdir}/server-{port}.log")


def serve(
    database_url: str, workdir: Path, cache: bool, redis_url: str | None = None
) -> tuple[subprocess.Popen, int]:
    """The project under gunicorn.conf.py with 2 workers, on a free port."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(workdir / "media"),
        "INSTANCE_PATH": str(workdir / "instance"),
        "SECRET_KEY": "benchmark-only",
        "RESPONSE_CACHE": "true" if cache else "false",
        "REDIS_URL": redis_url or "",
        "REDIS_KEY_PREFIX": f"bench-{os.getpid()}:",
        "API_RATE_LIMIT_READ": READ_LIMIT,
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
               "--workers", "2", "--bind", f"127.0.0.1:{port}", "wsgi:app"]  # fmt: skip
    return start(command, env, workdir, port), port


def serve_peer(peer: str, database_url: str, workdir: Path) -> tuple[subprocess.Popen, int]:
    """A peer (benchmarks/peers/) under the project's worker settings, 2 workers."""
    port = free_port()
    return start(peers.command(peer, port), peers.environment(database_url), workdir, port), port


def stop(servers: list[tuple[subprocess.Popen, int]]) -> None:
    for server, _ in servers:
        server.terminate()
    for server, _ in servers:
        server.wait(30)


LUA = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
"""


def warm_up(port: int, paths: list[str], key: str, passes: int = 4) -> None:
    """Request every path a few times, so both workers have loaded code and caches: the
    figures are for a steady state, as the public site sees it."""
    headers = {"Authorization": f"Token {key}"}
    for _ in range(passes):
        for path in paths:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers=headers)
            connection.getresponse().read()
            connection.close()


# wrk's own default (2 s) drops a slow peer's answers (DRF's page of 20 under load) as
# timeouts, without their latency; every answer counts here.
WRK_TIMEOUT = "10s"


def drive(
    ports: list[int], paths: list[str], key: str, seconds: float, workdir: Path, connections=8
) -> dict:
    """One wrk per port, all at once, against ``paths`` in turn over ``connections``
    connections each; requests per second (summed) and p50/p99 latency in ms (the mean
    p50, the worst p99)."""
    script = workdir / "paths.lua"
    script.write_text(LUA % ", ".join(f'"{p}"' for p in paths))
    duration = f"{max(1, round(seconds))}s"
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "--latency",
                "--timeout",
                WRK_TIMEOUT,
                "-t",
                "1",
                "-c",
                str(connections),
                "-d",
                duration,
                "-s",
                str(script),
                "-H",
                f"Authorization: Token {key}",
                f"http://127.0.0.1:{port}/",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for port in ports
    ]
    outs = [run.communicate()[0] for run in runs]
    errors = [re.search(r"Non-2xx or 3xx responses: (\d+)", out) for out in outs]
    timeouts = [re.search(r"Socket errors:.* timeout (\d+)", out) for out in outs]
    return {
        "rps": round(
            sum(float(re.search(r"Requests/sec:\s+([\d.]+)", o).group(1)) for o in outs), 1
        ),
        "p50_ms": round(sum(_latency(out, "50") for out in outs) / len(outs), 2),
        "p99_ms": max(_latency(out, "99") for out in outs),
        "errors": sum(int(e.group(1)) for e in errors if e),
        "timeouts": sum(int(t.group(1)) for t in timeouts if t),
    }


def _latency(out: str, percentile: str) -> float:
    value, unit = re.search(rf"\s{percentile}%\s+([\d.]+)(us|ms|s)", out).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


ENDPOINTS = {
    "healthz": ["/healthz"],
    "retrieve": [f"/api/portfolios/{n}" for n in range(1, PORTFOLIOS + 1)],
    "list": [f"/api/portfolios/?page={n}" for n in range(1, PORTFOLIOS // PAGE_SIZE + 1)],
}
TAIL_CONNECTIONS = 32  # cached retrieve again, for the tail latency under more clients


def run_all(
    servers: list, runs: dict, key: str, seconds: float, workdir: Path, repeat: int = 1
) -> dict:
    """Warm up and drive ``servers`` for each ``name: (paths, connections, warm-up
    passes)`` in ``runs``, in turn, ``repeat`` times each; stop the servers; the figures
    by name, of each name's median run by requests per second (one run is at the mercy
    of how the kernel spreads connections over the workers)."""
    ports = [port for _, port in servers]
    try:
        figures = {}
        for name, (paths, connections, passes) in runs.items():
            for port in ports:
                warm_up(port, paths, key, passes)
            tries = [drive(ports, paths, key, seconds, workdir, connections) for _ in range(repeat)]
            figures[name] = sorted(tries, key=lambda run: run["rps"])[len(tries) // 2]
            if repeat > 1:
                figures[name]["rps_runs"] = [run["rps"] for run in tries]
        return figures
    finally:
        stop(servers)


def measure_project(database_url, workdir, key, seconds, instances, redis_url, repeat) -> dict:
    """The project's figures with the cache on and off, each with its own /healthz."""
    result = {}
    for cache in (True, False):
        servers = [serve(database_url, workdir, cache, redis_url) for _ in range(instances)]
        runs = {name: (paths, 8, 4) for name, paths in ENDPOINTS.items()}
        if cache:
            runs["retrieve_32"] = (ENDPOINTS["retrieve"], TAIL_CONNECTIONS, 0)
        figures = run_all(servers, runs, key, seconds, workdir, repeat)
        ceiling = figures["healthz"]["rps"]
        for name in ("retrieve", "list"):
            figures[name]["ratio"] = round(figures[name]["rps"] / ceiling, 3)
        result["cache" if cache else "no_cache"] = figures
    return result


def measure_peers(database_url, workdir, key, seconds, instances, repeat) -> dict:
    """The bare Flask app's trivial endpoint, and the DRF app's reads (``None`` when
    Django and DRF are not installed)."""
    result = {}
    for peer, runs in (
        ("flask", {"trivial": (["/"], 8, 4)}),
        ("drf", {name: (ENDPOINTS[name], 8, PEER_WARM_UP_PASSES) for name in ("retrieve", "list")}),
    ):  # fmt: skip
        if not peers.available(peer):
            result[peer] = None
            continue
        servers = [serve_peer(peer, database_url, workdir) for _ in range(instances)]
        result[peer] = run_all(servers, runs, key, seconds, workdir, repeat)
    return result


def measure(
    database_url: str,
    seconds: float,
    instances: int = 1,
    redis_url: str | None = None,
    repeat: int = 1,
) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="portfolio-bench-"))
    try:
        key = fill(database_url, workdir)
        return {
            "instances": instances,
            "redis": bool(redis_url),
            "queries_per_request": queries_per_request(database_url, workdir, key),
            "round_trips_per_cached_read": round_trips_per_cached_read(database_url, workdir, key),
            "repeat": repeat,
            **measure_project(database_url, workdir, key, seconds, instances, redis_url, repeat),
            **measure_peers(database_url, workdir, key, seconds, instances, repeat),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def postgres_admin(statement: str) -> None:
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()


def measure_postgres(seconds: float, **options) -> dict:
    """``measure`` on a PostgreSQL database made for the run and dropped after it."""
    postgres_admin(f"CREATE DATABASE {BENCH_DB}")
    try:
        return measure(POSTGRES_ADMIN.rsplit("/", 1)[0] + f"/{BENCH_DB}", seconds, **options)
    finally:
        postgres_admin(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def _figure(result: dict, *keys: str):
    """``result[k1][k2]...``, or ``None`` where anything on the way is missing."""
    for key in keys:
        if result is None:
            return None
        result = result.get(key)
    return result


def _ratio(result: dict, top: tuple, bottom: tuple):
    over, under = _figure(result, *top), _figure(result, *bottom)
    return None if over is None or not under else round(over / under, 3)


def _statements(result: dict):
    """PostgreSQL's own count (a steady read's) when there is one, else the app's."""
    if (counted := result["round_trips_per_cached_read"]) is not None:
        return counted["median"]
    queries = result["queries_per_request"]
    return max(queries["retrieve_cache"], queries["list_cache"])


HEALTHZ = ("cache", "healthz", "rps")
TARGETS = [  # issue 15's targets: measure, its value in one run's result, at least/most
    ("project /healthz ÷ bare Flask trivial",
     lambda r: _ratio(r, HEALTHZ, ("flask", "trivial", "rps")), ">=", 0.85),
    ("cached retrieve ÷ /healthz", lambda r: _figure(r, "cache", "retrieve", "ratio"), ">=", 0.65),
    ("cached list of 20 ÷ /healthz", lambda r: _figure(r, "cache", "list", "ratio"), ">=", 0.55),
    ("uncached retrieve ÷ /healthz",
     lambda r: _figure(r, "no_cache", "retrieve", "ratio"), ">=", 0.3),
    ("uncached list of 20 ÷ /healthz",
     lambda r: _figure(r, "no_cache", "list", "ratio"), ">=", 0.1),
    ("project ÷ DRF, uncached retrieve",
     lambda r: _ratio(r, ("no_cache", "retrieve", "rps"), ("drf", "retrieve", "rps")), ">=", 4),
    ("project ÷ DRF, uncached list of 20",
     lambda r: _ratio(r, ("no_cache", "list", "rps"), ("drf", "list", "rps")), ">=", 6),
    ("project ÷ DRF, cached retrieve",
     lambda r: _ratio(r, ("cache", "retrieve", "rps"), ("drf", "retrieve", "rps")), ">=", 12),
    ("project ÷ DRF, cached list of 20",
     lambda r: _ratio(r, ("cache", "list", "rps"), ("drf", "list", "rps")), ">=", 50),
    (f"cached retrieve p99 ÷ p50 at {TAIL_CONNECTIONS} connections",
     lambda r: _ratio(r, ("cache", "retrieve_32", "p99_ms"), ("cache", "retrieve_32", "p50_ms")),
     "<=", 3),
    ("statements per cached read", _statements, "<=", 1),
]  # fmt: skip


def verdicts(result: dict) -> list[dict]:
    """Every target's row: its value in this run, and whether it passes (``None``: not
    measured, e.g. without the DRF peer's libraries)."""
    rows = []
    for measure_name, value_of, sense, target in TARGETS:
        value = value_of(result)
        passed = None if value is None else (value >= target if sense == ">=" else value <= target)
        rows.append({"measure": measure_name, "value": value, "target": f"{sense} {target}",
                     "pass": passed})  # fmt: skip
    return rows


def _figure_rows(result: dict):
    """(server, endpoint, mode, figures) for every wrk run of ``result``."""
    for mode in ("cache", "no_cache"):
        for name, run in result[mode].items():
            yield "project", name, mode, run
    for peer in ("flask", "drf"):
        for name, run in (result[peer] or {}).items():
            yield peer, name, "-", run


def print_report(report: dict) -> None:
    for database, result in report.items():
        print(f"\n== {database}, {result['instances']} instance(s) of 2 workers"
              f"{', Redis' if result['redis'] else ''} ==")  # fmt: skip
        print(f"{'server':8} {'endpoint':12} {'mode':9} {'req/s':>9} {'p50 ms':>8} "
              f"{'p99 ms':>8} {'ratio':>7} {'failed':>7}")  # fmt: skip
        for server, name, mode, run in _figure_rows(result):
            ratio = f"{run['ratio']:.3f}" if "ratio" in run else ""
            failed = run["errors"] + run["timeouts"]  # non-2xx answers and no answer in time
            print(f"{server:8} {name:12} {mode:9} {run['rps']:9.1f} {run['p50_ms']:8.2f} "
                  f"{run['p99_ms']:8.2f} {ratio:>7} {failed:7}")  # fmt: skip
        if failed := sum(run["errors"] + run["timeouts"] for *_, run in _figure_rows(result)):
            print(f"WARNING: {failed} requests failed (non-2xx or timed out): not valid figures")
        if result["drf"] is None:
            print("DRF peer not measured: pip install -e '.[bench]'")
        print("SQL queries per request (the app's count):", result["queries_per_request"])
        counted = "the app's count on SQLite"
        if trips := result["round_trips_per_cached_read"]:
            counted = (f"PostgreSQL's, off libpq's trace, in-process; the median read's, "
                       f"mean {trips['mean']}, max {trips['max']}")  # fmt: skip
        print(f"\n{'measure':46} {'value':>8} {'target':>8}  verdict")
        for row in result["verdicts"]:
            value = "-" if row["value"] is None else f"{row['value']:g}"
            verdict = {True: "PASS", False: "FAIL", None: "not measured"}[row["pass"]]
            print(f"{row['measure']:46} {value:>8} {row['target']:>8}  {verdict}")
        print(f"(statements per cached read: {counted})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per endpoint and mode")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--instances", type=int, default=1, help="app servers, one wrk each")
    parser.add_argument("--redis", action="store_true", help="REDIS_URL=redis://127.0.0.1:6379/0")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median counts")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install -y wrk")
    report = {}
    options = {"instances": args.instances, "repeat": args.repeat,
               "redis_url": "redis://127.0.0.1:6379/0" if args.redis else None}  # fmt: skip
    if args.db in ("sqlite", "both"):
        path = Path(tempfile.mkdtemp(prefix="portfolio-bench-db-")) / "bench.sqlite3"
        report["sqlite"] = measure(f"sqlite:///{path}", args.seconds, **options)
    if args.db in ("postgres", "both"):
        report["postgresql"] = measure_postgres(args.seconds, **options)
    for result in report.values():
        result["verdicts"] = verdicts(result)
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)


if __name__ == "__main__":
    main()
