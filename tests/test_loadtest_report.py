"""The load test's verdict (`loadtest/run.py`, ADR 17), from a made-up record of requests: the measured part starts
when the last user arrived, a failure anywhere fails the run, and a page's p99 of a second or more fails it."""

import csv
import importlib.util
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parent.parent / "loadtest" / "run.py"


@pytest.fixture(scope="module")
def run():
    spec = importlib.util.spec_from_file_location("loadtest_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def record(path: Path, requests, all_arrived=100.0) -> Path:
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["all_arrived", all_arrived])
        writer.writerows(requests)
    return path


def pages(name: str, milliseconds: list[float], start: float = 101.0, failed: bool = False):
    return [(start + index, name, ms, failed) for index, ms in enumerate(milliseconds)]


def test_a_quick_run_passes_and_the_arrival_is_not_in_the_table(run, tmp_path, capsys):
    requests = pages("log in", [9000.0], start=1.0) + pages("start page", [50.0] * 99 + [900.0])
    assert run.report(record(tmp_path / "r.csv", requests)) == 0
    printed = capsys.readouterr().out
    assert "Arrival: 1 requests" in printed
    assert "log in" not in printed.split("(ms)")[1]  # the slow login of the arrival is left out of the table


def test_a_page_with_a_p99_of_a_second_fails_the_run(run, tmp_path, capsys):
    requests = pages("school list", [50.0] * 98 + [1000.0, 1200.0])
    assert run.report(record(tmp_path / "r.csv", requests)) == 1
    assert "FAILED: p99 of school list" in capsys.readouterr().out


def test_a_failed_login_during_the_arrival_fails_the_run(run, tmp_path, capsys):
    requests = pages("log in", [400.0], start=1.0, failed=True) + pages("start page", [50.0] * 10)
    assert run.report(record(tmp_path / "r.csv", requests)) == 1
    assert "FAILED: 1 requests failed" in capsys.readouterr().out


def test_a_run_in_which_not_every_user_arrived_fails(run, tmp_path):
    assert run.report(record(tmp_path / "r.csv", pages("start page", [50.0]), all_arrived="")) == 1


def test_the_percentile_is_the_nearest_rank(run):
    times = [float(ms) for ms in range(1, 101)]
    assert (run.percentile(times, 0.5), run.percentile(times, 0.99), run.percentile(times, 1.0)) == (
        50,
        99,
        100,
    )
