"""The progress reports' pages: the list per quarter, filling in the whole report in one form (with a document), the
check before submitting, the education expert's assessment with comments per goal, the earlier submissions, and
what the trajectory page, the plan page and "my tasks" show."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from improvement_plans.plug_progress import progress_tasks
from improvement_plans.services import progress as services
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.my_tasks import tasks_for
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.improvement_plans.factories_progress import fill_in, pdf, scheduled, submit
from tests.pages import WRONG_FILES, downloaded, queries_for, text

pytestmark = pytest.mark.django_db

# Execution started on 5 January 2009; on this day quarters 1 and 2 have started and quarter 1 is due on 18 April.
TODAY = datetime.datetime(2009, 4, 10, 12, 0)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def executing():
    return scheduled(TODAY.date(), director=True)


def url(executing, quarter: int = 1, rest: str = "") -> str:
    return f"/trajecten/{executing.trajectory.pk}/voortgang/{quarter}/{rest}"


def form_data(report, **changes) -> dict:
    """The fill-in form as a user completes it."""
    report.refresh_from_db()
    data = {"version": report.version, "summary": "Het kwartaal verliep volgens plan."}
    for line in report.goal_lines.all():
        data |= {
            f"goal_{line.goal_id}_status": "op_schema",
            f"goal_{line.goal_id}_current_value": "61,5",
            f"goal_{line.goal_id}_explanation": "",
        }
    for line in report.measure_lines.all():
        data |= {
            f"measure_{line.measure_id}_status": "volgens_plan",
            f"measure_{line.measure_id}_explanation": "",
        }
    return data | changes


def test_the_list_shows_every_quarter_with_its_state_in_a_fixed_number_of_queries(client, executing):
    client.force_login(executing.board_user)
    list_url = f"/trajecten/{executing.trajectory.pk}/voortgang/"
    content = text(client.get(list_url))
    assert content.count("<tr>") == 1 + 8
    assert "Kwartaal 1" in content and "18 april 2009" in content and "In te vullen" in content
    assert "Nog niet gestart" in content
    small = queries_for(client, list_url)
    services.schedule_progress_reports(datetime.date(2010, 12, 1), trajectory=executing.trajectory)
    assert queries_for(client, list_url) == small
    assert small <= 12


def test_the_board_fills_in_the_whole_report_with_a_document_and_goes_on_to_submit_it(client, executing):
    report = executing.report(1)
    client.force_login(executing.board_user)
    page = text(client.get(url(executing)))
    assert "Rapportage invullen" in page and "Rapportage indienen" in page
    data = form_data(report, document=pdf(), document_description="Trendanalyse", check="")
    response = client.post(url(executing, rest="invullen/"), data)
    assert response.status_code == 302 and response.url == url(executing, rest="indienen/")
    report.refresh_from_db()
    assert report.summary == "Het kwartaal verliep volgens plan."
    assert [str(line.current_value) for line in report.goal_lines.all()] == ["61.50", "61.50"]
    document = report.documents.get()
    assert document.description == "Trendanalyse" and document.uploaded_by == executing.board_user
    check = text(client.get(url(executing, rest="indienen/")))
    assert "Controleer wat u naar de onderwijsexpert stuurt." in check and "trendanalyse.pdf" in check
    response = client.post(url(executing, rest="indienen/"), {"version": report.version}, follow=True)
    assert "De voortgangsrapportage is ingediend." in text(response)
    report.refresh_from_db()
    assert report.status == SubmissionStatus.SUBMITTED
    assert report.reviews.get().snapshot["documents"][0]["name"] == "trendanalyse.pdf"
    content, disposition = downloaded(client.get(url(executing, rest=f"documenten/{document.pk}/")))
    assert content.startswith(b"%PDF") and "trendanalyse.pdf" in disposition


def test_a_bad_number_is_explained_beside_its_field_and_nothing_is_saved(client, executing):
    report = executing.report(1)
    goal_id = report.goal_lines.first().goal_id
    client.force_login(executing.board_user)
    response = client.post(
        url(executing, rest="invullen/"), form_data(report, **{f"goal_{goal_id}_current_value": "veel"})
    )
    assert response.status_code == 200
    assert "Er is een probleem" in text(response) and "Vul een getal in, bijvoorbeeld 533,5." in text(
        response
    )
    report.refresh_from_db()
    assert report.summary == "" and not report.goal_lines.exclude(status="").exists()


def test_a_form_based_on_an_older_version_is_refused(client, executing):
    report = executing.report(1)
    stale = form_data(report, summary="Mijn versie.")
    fill_in(executing.director, report, summary="Versie van de directeur.")
    client.force_login(executing.board_user)
    response = client.post(url(executing, rest="invullen/"), stale)
    assert "Iemand anders heeft deze voortgangsrapportage opgeslagen" in text(response)
    report.refresh_from_db()
    assert report.summary == "Versie van de directeur."


@pytest.mark.parametrize(("name", "content", "message"), WRONG_FILES)
def test_a_wrong_file_is_refused(client, executing, name, content, message):
    report = executing.report(1)
    client.force_login(executing.board_user)
    data = form_data(report, document=SimpleUploadedFile(name, content))
    assert message in text(client.post(url(executing, rest="invullen/"), data))
    assert not report.documents.exists()
    report.refresh_from_db()
    assert report.summary == ""


def test_a_report_takes_office_documents_only(client, executing):
    report = executing.report(1)
    client.force_login(executing.board_user)
    image = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    response = client.post(url(executing, rest="invullen/"), form_data(report, document=image))
    assert "Dit soort bestand kan hier niet worden toegevoegd." in text(response)
    assert not report.documents.exists()


def test_an_oversized_file_is_refused(client, executing, monkeypatch):
    monkeypatch.setattr("kwaliteitsaanpak.core.forms.DOCUMENT_MAX_SIZE", 100)
    report = executing.report(1)
    client.force_login(executing.board_user)
    response = client.post(url(executing, rest="invullen/"), form_data(report, document=pdf(size=500)))
    assert "het mag maximaal 100\xa0bytes zijn" in text(response)
    assert not report.documents.exists()


def test_another_boards_document_is_not_found_by_url(client, executing):
    other = scheduled(TODAY.date())
    document = services.progress_document_add(user=other.board_user, report=other.report(1), file=pdf())
    client.force_login(executing.board_user)
    assert client.get(url(executing, rest=f"documenten/{document.pk}/")).status_code == 404
    assert client.get(url(other, rest=f"documenten/{document.pk}/")).status_code == 404


def test_a_document_is_removed_after_confirmation_by_who_added_it(client, executing):
    report = executing.report(1)
    document = services.progress_document_add(user=executing.director, report=report, file=pdf())
    remove = url(executing, rest=f"documenten/{document.pk}/verwijderen/")
    client.force_login(executing.board_user)
    assert "Alleen wie dit document heeft toegevoegd" in text(client.get(remove, follow=True))
    client.force_login(executing.director)
    assert "Weet u zeker dat u dit document" in text(client.get(remove))
    assert report.documents.exists()
    response = client.post(remove, follow=True)
    assert "Het document is uit de rapportage verwijderd." in text(response)
    assert not report.documents.exists()


def test_the_director_fills_in_but_the_board_submits(client, executing):
    client.force_login(executing.director)
    page = text(client.get(url(executing)))
    assert "Rapportage invullen" in page and "het schoolbestuur dient haar in" in page
    assert "Rapportage indienen" not in page
    assert client.get(url(executing, rest="indienen/")).status_code == 403
    response = client.post(url(executing, rest="invullen/"), form_data(executing.report(1)), follow=True)
    assert "De voortgangsrapportage is opgeslagen." in text(response)


def test_the_expert_returns_with_a_comment_on_a_goal_and_every_version_stays_readable(client, executing):
    report = executing.report(1)
    fill_in(executing.board_user, report, summary="Eerste versie.")
    submit(executing.board_user, report)
    goal = report.goal_lines.first().goal
    client.force_login(executing.expert)
    assess = url(executing, rest="beoordelen/")
    page = text(client.get(assess))
    assert "Voldoende" in page and "Terugsturen met opmerkingen" in page and "Eerste versie." in page
    refused = client.post(assess, {"decision": "teruggestuurd", "comments": ""})
    assert "Schrijf op wat er moet veranderen" in text(refused)
    data = {
        "decision": "teruggestuurd",
        "comments": "Licht de cijfers toe.",
        f"goal_{goal.pk}": "Welke toets?",
    }
    response = client.post(assess, data, follow=True)
    assert "De voortgangsrapportage is teruggestuurd naar het schoolbestuur." in text(response)
    client.force_login(executing.board_user)
    page = text(client.get(url(executing)))
    assert "Licht de cijfers toe." in page and "Welke toets?" in page
    assert "Teruggestuurd" in page and "Eerste versie." in page
    fill_in(executing.board_user, report, summary="Tweede versie.")
    submit(executing.board_user, report)
    client.force_login(executing.expert)
    response = client.post(assess, {"decision": "goedgekeurd", "comments": ""}, follow=True)
    assert "De voortgangsrapportage is voldoende beoordeeld." in text(response)
    page = text(client.get(url(executing)))
    assert "Eerste versie." in page and "Tweede versie." in page and "Welke toets?" in page


def test_the_assessment_page_is_only_there_while_the_report_waits(client, executing):
    client.force_login(executing.expert)
    response = client.get(url(executing, rest="beoordelen/"), follow=True)
    assert "Er is geen ingediende voortgangsrapportage om te beoordelen." in text(response)


def test_the_trajectory_page_shows_the_reports_and_the_goals_latest_status(client, executing):
    fill_in(executing.board_user, executing.report(1))
    submit(executing.board_user, executing.report(1))
    client.force_login(executing.board_user)
    page = text(client.get(f"/trajecten/{executing.trajectory.pk}/"))
    assert "Voortgangsrapportages" in page and "0 van 8 beoordeeld" in page
    assert "Voortgang van de uitvoering" in page and "Op schema" in page and "61,5" in page
    plan_page = text(client.get(f"/trajecten/{executing.trajectory.pk}/plan/1/"))
    assert "Voortgang van de doelen" in plan_page and "Op schema" in plan_page


def test_an_overdue_report_is_shown_late_on_the_task_list(client, executing):
    with time_machine.travel(datetime.datetime(2009, 4, 20, 12, 0), tick=False):
        client.force_login(executing.board_user)  # a session is signed in on the day it is used (it expires)
        page = text(client.get(f"/trajecten/{executing.trajectory.pk}/"))
        assert "kwartaal 1 te laat" in page
        assert "Deze rapportage moest uiterlijk 18 april 2009 binnen zijn." in text(
            client.get(url(executing))
        )


def test_my_tasks_name_the_reports_to_fill_in_and_to_assess_in_a_fixed_number_of_queries(
    executing, django_assert_num_queries
):
    board_user = User.objects.get(pk=executing.board_user.pk)  # no permissions cached yet
    with django_assert_num_queries(3):
        board_tasks = progress_tasks(board_user, TODAY.date())
    assert [str(task.what) for task in board_tasks] == [
        "Voortgangsrapportage kwartaal 1 invullen",
        "Voortgangsrapportage kwartaal 2 invullen",
    ]
    assert board_tasks[0].url == executing.report(1).get_absolute_url()
    assert board_tasks[0].due_on == datetime.date(2009, 4, 18)
    services.schedule_progress_reports(datetime.date(2010, 6, 1), trajectory=executing.trajectory)
    board_user = User.objects.get(pk=executing.board_user.pk)
    with django_assert_num_queries(3):
        assert len(progress_tasks(board_user, TODAY.date())) == 6
    assert len(progress_tasks(executing.director, TODAY.date())) == 6
    fill_in(executing.board_user, executing.report(1))
    submit(executing.board_user, executing.report(1))
    expert_tasks = [task for task in tasks_for(executing.expert) if task.kind == "progress_reports"]
    assert [str(task.what) for task in expert_tasks] == ["Voortgangsrapportage kwartaal 1 beoordelen"]
    assert progress_tasks(executing.expert, TODAY.date())[0].url == url(executing, rest="beoordelen/")
