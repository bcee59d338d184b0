"""The load test (`make load`): gunicorn with the production settings, 50 Locust users for 60 seconds, on loopback.

1. A scratch PostgreSQL database, `<database of DATABASE_URL>_load` (a leftover of an earlier run is dropped first),
   migrated and filled with the demo data (`seed_demo`); the static files collected (the production settings serve
   them from the manifest).
2. gunicorn on a free port of 127.0.0.1 with the production settings: DEBUG off, a throwaway SECRET_KEY,
   ALLOWED_HOSTS 127.0.0.1, HTTPS off (no TLS proxy on loopback), tasks eager (no broker), mail to the console.
   TWO_FACTOR_REQUIRED=0: programme staff must otherwise pass a TOTP step after the password (ADR 13), which a load
   test's users cannot do; the step costs one session read per page, which the run still pays.
3. Locust headless (loadtest/locustfile.py): the users arrive one a second (`--spawn-rate 1`), as people starting
   their day do, each logging in once; once all 50 are there the figures are reset (`--reset-stats`) and the
   measured part runs for `--run-time` (60 s) with all of them browsing. The arrival is not measured: a login is a
   deliberately slow password hash (PBKDF2, about half a second of CPU), and 50 of them within a few seconds on a
   two-CPU machine would measure the hash, not the pages. A stop timeout, and each user stops after a bounded number
   of pages.
4. A table per page over the measured part: requests, failures, median, p95, p99 (ms). The exit status is non-zero
   when any request failed (the arrival's logins included: a failed login stops its user, who then makes no
   requests, which the table shows) or the p99 of a page is 1000 ms or more.
5. gunicorn stopped, the scratch database dropped, also after a failure (`--keep` keeps the database).

Usage: `.venv/bin/python loadtest/run.py [--users 50] [--spawn-rate 1] [--run-time 60] [--workers 3] [--threads 1]
[--keep]`.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2  # type: ignore[import-untyped]  # (psycopg2 has no stubs)

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kwaliteitsaanpak"
P99_LIMIT_MS = 1000


def scratch_url(database_url: str) -> tuple[str, str]:
    """The scratch database's URL and name: the configured one's name with `_load` after it."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") + "_load"
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"Not a plain database name: {name!r}")
    return urlunsplit(parts._replace(path="/" + name)), name


def admin(database_url: str, *statements: str) -> None:
    """Run statements on the server's `postgres` database (CREATE and DROP DATABASE need autocommit)."""
    parts = urlsplit(database_url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=parts.username or None,
        password=parts.password or None,
        host=parts.hostname or None,
        port=parts.port or None,
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (our own loopback server)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url} within {seconds:.0f} s")


def manage(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True)  # noqa: S603


def percentile(times: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted response times (as Locust reports them)."""
    return times[max(0, math.ceil(share * len(times)) - 1)]


def report(raw_csv: Path) -> int:
    """Print the table of the measured part and return the exit status."""
    with raw_csv.open(newline="") as file:
        rows = list(csv.reader(file))
    all_arrived = float(rows[0][1]) if rows and rows[0][1] else None
    requests = [(float(start), name, float(ms), failed == "True") for start, name, ms, failed in rows[1:]]
    failures = sum(failed for *_, failed in requests)
    if all_arrived is None:
        print("FAILED: not every user arrived before the end of the run")
        return 1
    arrival = [request for request in requests if request[0] < all_arrived]
    measured = [request for request in requests if request[0] >= all_arrived]
    print(
        f"\nArrival: {len(arrival)} requests (the logins among them), "
        f"{sum(failed for *_, failed in arrival)} failures; not in the table."
    )
    print(f"\n{'page':<20} {'requests':>9} {'failures':>9} {'median':>8} {'p95':>8} {'p99':>8}   (ms)")
    slow = []
    names = sorted({name for _, name, _, _ in measured})
    for name in [*names, "all pages"]:
        chosen = [request for request in measured if name in ("all pages", request[1])]
        times = sorted(ms for _, _, ms, _ in chosen)
        p99 = percentile(times, 0.99)
        print(
            f"{name:<20} {len(chosen):>9} {sum(failed for *_, failed in chosen):>9} "
            f"{percentile(times, 0.5):>8.0f} {percentile(times, 0.95):>8.0f} {p99:>8.0f}"
        )
        if name != "all pages" and p99 >= P99_LIMIT_MS:
            slow.append(name)
    print(f"\n{len(requests)} requests in all, {failures} failures")
    if failures:
        print(f"FAILED: {failures} requests failed")
    if slow:
        print(f"FAILED: p99 of {', '.join(slow)} is {P99_LIMIT_MS} ms or more")
    return 1 if failures or slow or not measured else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=1, help="users arriving per second")
    parser.add_argument("--run-time", type=int, default=60, help="seconds measured once every user is there")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (the Dockerfile's 3)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (more than 1: gthread)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    arguments = parser.parse_args()

    database_url, name = scratch_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)
    work = Path(tempfile.mkdtemp(prefix="kwaliteitsaanpak-load-"))
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),  # thrown away with the run
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "0",
        "TWO_FACTOR_REQUIRED": "0",  # see the module docstring
        "CELERY_BROKER_URL": "",
        "EMAIL_URL": "consolemail://",
        "PRIVATE_MEDIA_ROOT": str(work / "private-media"),
    }
    quoted = f'"{name}"'
    admin(database_url, f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", f"CREATE DATABASE {quoted}")
    server = None
    server_log = (work / "gunicorn.log").open("w")  # the server's own log, kept with the CSV files
    try:
        print(f"Scratch database {name}: migrating, demo data, static files", flush=True)
        manage(env, "migrate", "--no-input", "--verbosity", "0")
        manage(env, "seed_demo")
        manage(env, "collectstatic", "--no-input", "--verbosity", "0")
        server = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "kwaliteitsaanpak.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(arguments.workers),
                "--threads",
                str(arguments.threads),
                "--log-level",
                "warning",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        host = f"http://127.0.0.1:{port}"
        wait_until_up(f"{host}/inloggen/")
        # Every worker past its first, cold request (imports, templates).
        for _ in range(4 * arguments.workers):
            wait_until_up(f"{host}/inloggen/")
        arrival_seconds = math.ceil(arguments.users / arguments.spawn_rate)
        raw_csv = work / "requests.csv"
        print(
            f"gunicorn ({arguments.workers} workers, {arguments.threads} threads each) on {host}; Locust: "
            f"{arguments.users} users arriving over {arrival_seconds} s, then {arguments.run_time} s measured",
            flush=True,
        )
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(BASE_DIR / "loadtest" / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--users",
                str(arguments.users),
                "--spawn-rate",
                str(arguments.spawn_rate),
                "--run-time",
                f"{arrival_seconds + arguments.run_time}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(work / "load"),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=BASE_DIR,
            env={**os.environ, "LOAD_RAW_CSV": str(raw_csv)},
            check=False,  # the exit status is ours: from the figures below
        )
        status = report(raw_csv)
        print(f"Locust's CSV files and the server's log: {work}")
        return status
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        server_log.close()
        if not arguments.keep:
            admin(database_url, f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


if __name__ == "__main__":
    sys.exit(main())
