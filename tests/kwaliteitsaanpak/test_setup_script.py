"""`make test` sets itself up: scripts/ensure-services.sh (run by `make test` and by .ci/run) installs the missing
Debian and npm packages and starts PostgreSQL and Redis as root, and otherwise says in one line what to run.

The script runs on a copy of the repository's files in a temporary directory, with the system commands it calls
(id, dpkg-query, apt-get, pg_isready, pg_ctlcluster, redis-cli, redis-server, npm, pdftoppm) replaced by stubs
that record their calls and keep their state in files: nothing on the machine is installed or started."""

import os
import shutil
import stat
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SCRIPT = REPOSITORY / "scripts" / "ensure-services.sh"

STUBS = {
    "id": 'echo "$FAKE_UID"',
    # Prints the status of the package (its last argument) unless the package is listed in state/missing.
    "dpkg-query": 'for p; do :; done; grep -qx "$p" "$STATE/missing" && exit 1; printf "install ok installed"',
    "apt-get": 'echo "apt-get $*" >> "$STATE/calls"; [ "$1" = install ] && : > "$STATE/missing"; exit 0',
    "pg_isready": 'test -f "$STATE/postgres_up"',
    "pg_ctlcluster": 'echo "pg_ctlcluster $*" >> "$STATE/calls"; touch "$STATE/postgres_up"',
    "redis-cli": 'test -f "$STATE/redis_up" && echo PONG',
    "redis-server": 'echo "redis-server $*" >> "$STATE/calls"; touch "$STATE/redis_up"',
    "npm": 'echo "npm $*" >> "$STATE/calls"; mkdir -p node_modules/axe-core; touch node_modules/axe-core/axe.min.js '
    "node_modules/.package-lock.json",
    "pdftoppm": "exit 0",
    "chromium": "exit 0",
}


@dataclass
class Machine:
    root: Path
    state: Path
    bin: Path

    def run(self, *args: str, uid: int = 0) -> subprocess.CompletedProcess:
        env = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "STATE": str(self.state),
            "FAKE_UID": str(uid),
            "CHROMIUM": str(self.bin / "chromium"),
            "HOME": str(self.root),
        }
        return subprocess.run(
            ["bash", str(self.root / "scripts" / "ensure-services.sh"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def calls(self) -> list[str]:
        path = self.state / "calls"
        return path.read_text().splitlines() if path.exists() else []

    def missing(self, *packages: str) -> None:
        (self.state / "missing").write_text("".join(f"{package}\n" for package in packages))

    def up(self, *services: str) -> None:
        for service in services:
            (self.state / f"{service}_up").touch()

    def install_npm_packages(self) -> None:
        (self.root / "node_modules" / "axe-core").mkdir(parents=True)
        (self.root / "node_modules" / "axe-core" / "axe.min.js").touch()
        (self.root / "node_modules" / ".package-lock.json").touch()
        os.utime(self.root / "package-lock.json", (1_000_000_000, 1_000_000_000))  # older than the install


@pytest.fixture
def machine(tmp_path) -> Machine:
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / "ensure-services.sh")
    shutil.copy(REPOSITORY / "package-lock.json", tmp_path / "package-lock.json")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in STUBS.items():
        stub = stubs / name
        stub.write_text(f"#!/bin/bash\n{body}\n")
        stub.chmod(stub.stat().st_mode | stat.S_IXUSR)
    state = tmp_path / "state"
    state.mkdir()
    (state / "missing").touch()
    return Machine(root=tmp_path, state=state, bin=stubs)


def test_with_everything_in_place_it_changes_nothing_and_says_nothing(machine):
    machine.up("postgres", "redis")
    machine.install_npm_packages()

    result = machine.run()

    assert result.returncode == 0, result.stderr
    assert result.stdout == result.stderr == ""
    assert machine.calls() == []


def test_as_root_it_installs_the_missing_packages_and_starts_redis(machine):
    machine.up("postgres")
    machine.missing("chromium", "poppler-utils")

    result = machine.run()

    assert result.returncode == 0, result.stderr
    calls = machine.calls()
    assert "apt-get update -qq" in calls
    assert "apt-get install -y -qq --no-install-recommends chromium poppler-utils" in calls
    assert any(call.startswith("redis-server --daemonize yes --bind 127.0.0.1") for call in calls), calls
    assert "npm ci --no-audit --no-fund --loglevel=error" in calls
    assert "installing chromium poppler-utils" in result.stdout


def test_without_root_it_says_in_one_line_what_to_run_and_changes_nothing(machine):
    machine.up("redis")
    machine.missing("chromium")
    machine.install_npm_packages()

    result = machine.run(uid=1000)

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.strip()
    assert line == (
        "make test needs root for its set-up (packages chromium; PostgreSQL is not running): "
        "run `sudo scripts/ensure-services.sh`, then `make test` again."
    )
    assert machine.calls() == []


def test_the_npm_packages_are_installed_again_when_the_lock_file_changed(machine):
    machine.up("postgres", "redis")
    machine.install_npm_packages()
    os.utime(machine.root / "node_modules" / ".package-lock.json", (900_000_000, 900_000_000))

    result = machine.run(uid=1000)  # npm needs no root: a project-local install

    assert result.returncode == 0, result.stderr
    assert machine.calls() == ["npm ci --no-audit --no-fund --loglevel=error"]


def test_the_fast_suite_needs_neither_chromium_nor_npm(machine):
    machine.up("postgres", "redis")
    machine.missing("chromium")

    result = machine.run("--no-browser", uid=1000)

    assert result.returncode == 0, result.stderr
    assert machine.calls() == []


def test_make_test_and_ci_run_the_script():
    makefile = (REPOSITORY / "Makefile").read_text()
    assert "test: install services" in makefile
    assert "@bash scripts/ensure-services.sh\n" in makefile
    assert "bash scripts/ensure-services.sh\n" in (REPOSITORY / ".ci" / "run").read_text()
