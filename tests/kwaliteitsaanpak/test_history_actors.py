"""Who acts when no request does (`kwaliteitsaanpak.core.history.acting_as`, ADR 15): a Celery task or a management
command records the person who asked for the work, or itself as the system actor, in every history row it writes;
the history page says so."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from improvement_plans.models import ProgressReport
from improvement_plans.tasks import create_progress_reports
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.history import acting_as, split_reason
from schools.models import InspectionVerdict, School
from schools.tasks import run_register_import
from tests.factories import InspectionVerdictFactory, RegisterImportFactory, UserFactory
from tests.improvement_plans.factories_progress import executing_trajectory
from tests.schools.duo_files import PUPILS_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_scheduled_task_records_itself_as_the_actor_of_what_it_creates(client):
    executing = executing_trajectory(started_on=datetime.date(2026, 9, 1))

    created = create_progress_reports(today="2027-03-10")

    assert created == 3
    rows = ProgressReport.history.filter(trajectory_id=executing.trajectory.pk)
    assert {(row.history_user_id, row.history_change_reason) for row in rows} == {
        (None, "[task:create_progress_reports]")
    }
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    page = client.get(reverse("improvement_plans:progress_report_history", args=[executing.trajectory.pk, 1]))
    assert 'Door <span data-testid="history-who">systeem (taak create_progress_reports)</span>' in (
        page.content.decode()
    )


def test_a_task_started_by_a_person_records_that_person_and_the_task():
    staff = UserFactory(role=Role.PROGRAMME_STAFF, first_name="Sanne", last_name="de Vries")
    register_import = RegisterImportFactory(started_by=staff, file__data=PUPILS_FILE.read_bytes())

    run_register_import(register_import.pk)

    rows = School.history.all()
    assert rows.count() == 244
    assert {row.history_user_id for row in rows} == {staff.pk}
    kind, name, reason = split_reason(rows.first().history_change_reason)
    assert (kind, name) == ("task", "run_register_import")
    assert reason == "Import van het DUO-register: leerlingen.csv"


def test_a_management_command_records_itself_and_keeps_the_code_s_own_reason():
    call_command("import_duo", str(PUPILS_FILE), stdout=io.StringIO())

    row = School.history.first()
    assert row.history_user_id is None
    kind, name, reason = split_reason(row.history_change_reason)
    assert (kind, name) == ("command", "import_duo")
    assert PUPILS_FILE.name in reason


def test_the_school_page_shows_the_import_s_reason_and_the_command_without_the_stored_marker(client):
    call_command("import_duo", str(PUPILS_FILE), stdout=io.StringIO())
    school = School.objects.order_by("pk").first()
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))

    html = client.get(reverse("schools:school_detail", args=[school.pk])).content.decode()

    assert f"Import van het DUO-register: {PUPILS_FILE.name} (beheercommando import_duo)" in html
    assert "[command:" not in html


def test_acting_as_a_person_names_them_and_the_page_says_through_which_task(client):
    inspector = UserFactory(role=Role.INSPECTION, first_name="Ilse", last_name="Jansen")
    verdict = InspectionVerdictFactory()

    with acting_as(inspector, task="import_verdicts"):
        verdict.report_reference = "INSP-2009-7"
        verdict.save()
    verdict.report_reference = "INSP-2009-8"
    verdict.save()  # after the block: no actor

    latest, during, _created = InspectionVerdict.history.order_by("-history_date", "-history_id")
    assert (during.history_user, during.history_change_reason) == (inspector, "[task:import_verdicts]")
    assert (latest.history_user, latest.history_change_reason) == (None, None)
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    html = client.get(reverse("schools:verdict_history", args=[verdict.pk])).content.decode()
    assert "Ilse Jansen</span> (via taak import_verdicts)" in html


def test_acting_as_needs_one_task_or_one_command():
    with pytest.raises(ValueError), acting_as():
        pass
    with pytest.raises(ValueError), acting_as(task="a", command="b"):
        pass
