"""The analysis as the brochure describes it: made by the school with the education experts, on class visits and
interviews with the director and with teachers or the internal supervisor; and an attachment added by mistake is
removed by whoever added it while the analysis is open, with a confirmation and a line on the timeline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from improvement_plans import services
from improvement_plans.constants import EventKind
from improvement_plans.models import AnalysisAttachment, AnalysisReview, Interview
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import AnalysisFactory, ClassVisitFactory, InterviewFactory, UserFactory
from tests.pages import stored_status, text


def url(analysis, suffix: str = "") -> str:
    return f"/trajecten/{analysis.trajectory_id}/analyse/{suffix}"


@pytest.fixture
def analysis(board, expert):
    """Every question and theme answered, but no class visit or interview yet."""
    analysis = AnalysisFactory(trajectory__school__board=board, answered=True)
    analysis.trajectory.education_experts.add(expert)
    return analysis


# Made jointly


def test_the_check_page_names_the_missing_visit_and_interviews_and_links_to_them(
    client, analysis, board_user
):
    client.force_login(board_user)
    content = text(client.get(url(analysis, "indienen/")))
    assert 'data-testid="missing"' in content
    assert (
        f'href="{url(analysis, "lesbezoeken/nieuw/")}">Ten minste één lesbezoek door een onderwijsexpert'
        in (content)
    )
    assert "Een gesprek met de directeur, gevoerd door een onderwijsexpert" in content
    assert "Een gesprek met leraren of de intern begeleider (IB), gevoerd door een onderwijsexpert" in content
    assert 'value="Analyse indienen"' not in content and "Analyse indienen</button>" not in content

    response = client.post(url(analysis, "indienen/"), {"version": analysis.version}, follow=True)
    assert "De analyse wordt met de onderwijsexperts gemaakt. Nog nodig:" in text(response)
    assert stored_status(analysis) == SubmissionStatus.DRAFT
    assert not AnalysisReview.objects.exists()


def test_an_interview_without_an_education_expert_does_not_count(client, analysis, board_user, expert):
    ClassVisitFactory(analysis=analysis, observer=expert)
    InterviewFactory(analysis=analysis, partner="directeur", interviewer=expert)
    InterviewFactory(analysis=analysis, partner="leraren", interviewer=None)  # recorded before the rule
    client.force_login(board_user)
    content = text(client.get(url(analysis, "indienen/")))
    assert "Ten minste één lesbezoek" not in content
    assert "Een gesprek met de directeur" not in content
    assert "Een gesprek met leraren of de intern begeleider (IB), gevoerd door een onderwijsexpert" in content
    InterviewFactory(analysis=analysis, partner="intern_begeleider", interviewer=expert)
    content = text(client.get(url(analysis, "indienen/")))
    assert 'data-testid="missing"' not in content


def test_with_a_visit_and_both_interviews_the_analysis_is_submitted(client, analysis, board_user, expert):
    ClassVisitFactory(analysis=analysis, observer=expert)
    InterviewFactory(analysis=analysis, partner="directeur", interviewer=expert)
    InterviewFactory(analysis=analysis, partner="intern_begeleider", interviewer=expert)
    client.force_login(board_user)
    client.post(url(analysis, "indienen/"), {"version": analysis.version})
    assert stored_status(analysis) == SubmissionStatus.SUBMITTED


def test_the_page_shows_the_education_expert_of_each_visit_and_interview(client, analysis, board_user):
    observer = UserFactory(role="Onderwijsexpert", first_name="Olga", last_name="Observant")
    interviewer = UserFactory(role="Onderwijsexpert", first_name="Ivo", last_name="Interviewer")
    ClassVisitFactory(analysis=analysis, observer=observer)
    InterviewFactory(analysis=analysis, partner="directeur", interviewer=interviewer)
    InterviewFactory(analysis=analysis, partner="leraren", interviewer=None)
    client.force_login(board_user)
    content = text(client.get(url(analysis)))
    assert "geobserveerd door Olga Observant" in content
    assert "<td>Ivo Interviewer</td>" in content
    assert "<td>niet vastgelegd</td>" in content


def test_an_interview_needs_the_education_expert_who_held_it(client, analysis, expert):
    client.force_login(expert)
    data = {"date": "07-10-2008", "partner": "directeur", "interviewer": "", "summary": "  "}
    content = text(client.post(url(analysis, "gesprekken/nieuw/"), data))
    assert "Kies de onderwijsexpert die het gesprek heeft gevoerd." in content
    assert "Schrijf een korte samenvatting van het gesprek." in content  # both in one round
    assert not Interview.objects.exists()


# An attachment added by mistake


def attach(analysis, user, name="leerlingenlijst.pdf") -> AnalysisAttachment:
    upload = SimpleUploadedFile(name, b"%PDF-1.4 leerlingen", content_type="application/pdf")
    return services.attachment_add(
        user=user, trajectory=analysis.trajectory, file=upload, description="Per ongeluk"
    )


def test_whoever_added_an_attachment_removes_it_after_confirming(
    client, analysis, expert, django_capture_on_commit_callbacks
):
    attachment = attach(analysis, expert)
    stored = attachment.file.name
    storage = attachment.file.storage
    assert storage.exists(stored)
    client.force_login(expert)
    page = text(client.get(url(analysis)))
    remove_url = url(analysis, f"bijlagen/{attachment.pk}/verwijderen/")
    assert f'href="{remove_url}"' in page

    confirm = text(client.get(remove_url))
    assert "Weet u zeker dat u deze bijlage uit de analyse wilt verwijderen?" in confirm
    assert "leerlingenlijst.pdf" in confirm
    assert AnalysisAttachment.objects.exists()  # nothing happens before the confirmation

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url, follow=True)
    assert "De bijlage is uit de analyse verwijderd." in text(response)
    assert not AnalysisAttachment.objects.exists()
    assert not storage.exists(stored)  # the stored file is gone too
    event = analysis.trajectory.events.get(kind=EventKind.ANALYSIS_ATTACHMENT_REMOVED)
    assert (event.actor, event.comment) == (expert, "leerlingenlijst.pdf")
    assert "Bijlage van de analyse verwijderd" in text(client.get(f"/trajecten/{analysis.trajectory_id}/"))


def test_only_whoever_added_an_attachment_may_remove_it(client, analysis, expert, board_user):
    attachment = attach(analysis, expert)
    client.force_login(board_user)
    remove_url = url(analysis, f"bijlagen/{attachment.pk}/verwijderen/")
    assert f'href="{remove_url}"' not in text(client.get(url(analysis)))
    response = client.post(remove_url, follow=True)
    assert "Alleen wie deze bijlage heeft toegevoegd, kan haar verwijderen." in text(response)
    assert AnalysisAttachment.objects.exists()


def test_an_attachment_of_a_submitted_analysis_stays(client, analysis, expert, board_user):
    attachment = attach(analysis, expert)
    analysis.status = SubmissionStatus.SUBMITTED
    analysis.save()
    client.force_login(expert)
    remove_url = url(analysis, f"bijlagen/{attachment.pk}/verwijderen/")
    assert f'href="{remove_url}"' not in text(client.get(url(analysis)))
    response = client.post(remove_url, follow=True)
    assert "wacht op het oordeel van de expertgroep" in text(response)
    assert AnalysisAttachment.objects.exists()
    assert not analysis.trajectory.events.filter(kind=EventKind.ANALYSIS_ATTACHMENT_REMOVED).exists()
