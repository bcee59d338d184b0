"""Retention (docs/retention.md, `kwaliteitsaanpak.core.retention`): `manage.py retention_due` lists, per kind of
record, what is due for destruction today or on a given day, as text or CSV, and deletes nothing."""

import csv
import datetime
import io
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from finance.models import Budget
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.models import SentReminder
from kwaliteitsaanpak.core.retention import RULES, due_on, years_before
from schools.models import RegisterImport
from tests.factories import (
    BudgetFactory,
    InspectionVerdictFactory,
    RegisterImportFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 3, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def retention_due(*args: str) -> str:
    output = io.StringIO()
    call_command("retention_due", *args, stdout=output)
    return output.getvalue()


def ended(day: datetime.date, **fields) -> Trajectory:
    trajectory = TrajectoryFactory(phase="afgesloten", **fields)
    trajectory.ended_on = day
    trajectory.save()
    return trajectory


def test_a_trajectory_dossier_is_due_ten_years_after_its_end_and_an_open_one_never():
    due = ended(datetime.date(2016, 12, 3))
    not_yet = ended(datetime.date(2016, 12, 4))
    TrajectoryFactory()  # open

    with time_machine.travel(TODAY):
        output = retention_due()

    assert "Te vernietigen op 03-12-2026 (alleen een lijst: er wordt niets verwijderd):" in output
    assert f"Trajectdossier, improvement_plans.Trajectory: 1 (ids {due.pk})" in output
    assert Trajectory.objects.filter(pk__in=[due.pk, not_yet.pk]).count() == 2  # nothing deleted
    later = retention_due("--on", "04-12-2026")
    assert f"Trajectdossier, improvement_plans.Trajectory: 2 (ids {due.pk}, {not_yet.pk})" in later


def test_the_finance_of_a_trajectory_goes_with_its_dossier():
    budget = BudgetFactory()
    trajectory = budget.trajectory
    trajectory.ended_on = datetime.date(2012, 6, 30)
    trajectory.save()

    found = {(due.rule.key, due.counted.model): due.ids for due in due_on(datetime.date(2022, 6, 30))}

    assert found["finance", "finance.Budget"] == [budget.pk]
    assert found["trajectory", "improvement_plans.Trajectory"] == [trajectory.pk]
    assert Budget.objects.filter(pk=budget.pk).exists()


def test_an_old_verdict_stays_while_its_school_s_dossier_is_kept():
    lone = InspectionVerdictFactory(date=datetime.date(2008, 1, 15))
    school = SchoolFactory()
    kept = InspectionVerdictFactory(school=school, date=datetime.date(2008, 1, 15))
    ended(datetime.date(2020, 7, 31), school=school)
    recent = InspectionVerdictFactory(date=datetime.date(2020, 1, 15))

    found = {(due.rule.key, due.counted.model): due.ids for due in due_on(datetime.date(2026, 12, 3))}

    assert found["verdict", "schools.InspectionVerdict"] == [lone.pk]
    assert kept.pk not in found["verdict", "schools.InspectionVerdict"]
    assert recent.pk not in found["verdict", "schools.InspectionVerdict"]


def test_reminders_and_imports_are_due_a_year_after_they_were_made_and_csv_lists_them():
    user = UserFactory()
    with time_machine.travel(datetime.datetime(2025, 12, 2, 12, tzinfo=datetime.UTC)):
        old_reminder = SentReminder.objects.create(user=user, key="a", subject="Herinnering")
        old_import = RegisterImportFactory()
    with time_machine.travel(datetime.datetime(2025, 12, 4, 12, tzinfo=datetime.UTC)):
        SentReminder.objects.create(user=user, key="b", subject="Herinnering")

    with time_machine.travel(TODAY):
        rows = list(csv.reader(io.StringIO(retention_due("--csv"))))

    assert rows[0] == ["soort", "model", "id", "termijn liep vanaf"]
    assert ["reminder", "accounts.SentReminder", str(old_reminder.pk), "02-12-2025"] in rows
    assert ["import", "schools.RegisterImport", str(old_import.pk), "02-12-2025"] in rows
    assert len(rows) == 3
    assert SentReminder.objects.count() == 2 and RegisterImport.objects.count() == 1


def test_a_day_not_written_as_dd_mm_jjjj_is_refused():
    with pytest.raises(CommandError, match="dd-mm-jjjj"):
        retention_due("--on", "2026-12-03")


def test_a_period_counted_back_from_29_february_ends_on_28_february():
    assert years_before(datetime.date(2028, 2, 29), 1) == datetime.date(2027, 2, 28)


def test_every_rule_names_existing_models_and_dates_and_is_in_the_documented_table():
    document = (Path(settings.BASE_DIR) / "docs" / "retention.md").read_text()
    table_keys = set(re.findall(r"^\| `([a-z_]+)` \|", document, flags=re.M))
    assert table_keys == {rule.key for rule in RULES}
    for rule in RULES:
        for counted in rule.counted:
            assert counted.start_field().get_internal_type() in ("DateField", "DateTimeField")
        assert (rule.years is None) == (not rule.counted)
