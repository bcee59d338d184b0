"""The benchmark command at a hundredth of the national scale: it builds its data set in a database of its own,
measures every page beside the admin's lists, prints the table and drops the database again."""

import io

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from kwaliteitsaanpak.bench.clone import owned_models
from kwaliteitsaanpak.bench.pages import LISTS
from kwaliteitsaanpak.bench.register import board_sizes

pytestmark = pytest.mark.slow  # handed to a test worker first (tests/conftest.py)


def databases() -> set[str]:
    settings = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"]
    )
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database")
            return {row[0] for row in cursor.fetchall()}
    finally:
        admin.close()


def test_the_bench_builds_measures_prints_and_drops_its_database(django_db_setup, django_db_blocker):
    name = f"{connection.settings_dict['NAME']}_bench"
    output = io.StringIO()

    with django_db_blocker.unblock():
        call_command("bench", scale=0.01, repeat=1, database=name, stdout=output)
        left = databases()

    printed = output.getvalue()
    assert name not in left
    assert connection.settings_dict["NAME"] != name
    assert "| page | median | admin list | ratio | queries (demo → national) | size |" in printed
    lines = {
        line.split(" | ")[0].lstrip("| "): line for line in printed.splitlines() if line.startswith("| ")
    }
    # A list with its admin list beside it: two times, a ratio and the queries at both scales.
    schools = lines["schools"].split(" | ")
    assert schools[1].endswith(" ms") and schools[2].endswith(" ms")
    assert float(schools[3]) > 0
    assert "→" in schools[4]
    for label in (
        "schools CSV",
        "schools XLSX",
        "board of 700 schools",
        "plan PDF",
        "start page, school board",
    ):
        assert lines[label].split(" | ")[1].endswith(" ms"), lines[label]
    # The data set: the register and the demo's stories copied onto it.
    assert "88 schools" in printed
    assert "improvement_plans.Trajectory" in printed


def test_every_list_is_measured_beside_an_admin_list_of_its_model():
    from django.apps import apps

    for page in LISTS:
        if page.admin:
            assert apps.get_model(page.admin)


def test_board_sizes_add_up_with_one_large_board_and_a_long_tail():
    import random

    sizes = board_sizes(random.Random(1), 992, 8717)  # noqa: S311

    assert sum(sizes) == 8717
    assert len(sizes) == 992
    assert sizes[0] == 700
    assert min(sizes) >= 1
    assert sorted(sizes[1:])[len(sizes) // 2] < 10  # most boards run a few schools


def test_the_copied_story_of_a_school_starts_at_its_trajectories_and_leaves_people_alone():
    labels = [model._meta.label for model in owned_models()]

    assert "accounts.User" not in labels
    assert labels.index("improvement_plans.Trajectory") < labels.index("improvement_plans.ImprovementPlan")
    assert labels.index("improvement_plans.ImprovementPlan") < labels.index("finance.Budget")
    assert "schools.InspectionVerdict" in labels
