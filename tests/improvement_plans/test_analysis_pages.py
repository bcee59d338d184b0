"""The pages of the quality analysis as their users work with them: the findings form, class visits, interviews,
attachments, submitting, returning and approving, and who may reach what."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from improvement_plans import services
from improvement_plans.constants import ANALYSIS_QUESTIONS, CORE_THEMES, ObservationPoint, Phase
from improvement_plans.models import Analysis, AnalysisAttachment, AnalysisReview, ClassVisit, Interview
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import AnalysisFactory, ClassVisitFactory, InterviewFactory, UserFactory
from tests.pages import (
    WRONG_FILES,
    approve_on_review_page,
    bad_forms,
    decide,
    downloaded,
    forbidden,
    refused_form,
    return_needs_comments,
    same_query_count,
    stored_status,
    submitted,
    text,
)

TOPICS = [*ANALYSIS_QUESTIONS, *CORE_THEMES]


@pytest.fixture
def analysis(board, expert):
    """A draft analysis with its findings still open; the expert is assigned to its trajectory."""
    analysis = AnalysisFactory(trajectory__school__board=board, trajectory__school__name="De Vuurtoren")
    analysis.trajectory.education_experts.add(expert)
    return analysis


def url(analysis, suffix: str = "") -> str:
    return f"/trajecten/{analysis.trajectory_id}/analyse/{suffix}"


def analysis_form_data(analysis, *, answered: bool = True, **overrides) -> dict:
    data = {
        "version": analysis.version,
        "data_used": "Eindtoets 2006–2008 en het leerlingvolgsysteem.",
        "strengths": "Betrokken team.",
        "weaknesses": "Weinig zicht op de opbrengsten.",
    }
    for topic in TOPICS:
        data[f"finding_{topic}"] = f"Bevinding over {topic}." if answered else ""
        data[f"rating_{topic}"] = 3 if answered else ""
    return {**data, **overrides}


def visit_form_data(observer, /, **overrides) -> dict:
    data = {
        "date": "06-10-2008",
        "group": "5",
        "teacher_role": "groepsleraar",
        "observer": observer.pk if observer else "",
        "remarks": "Rustige les.",
    }
    for point in ObservationPoint:
        data[f"score_{point}"] = "2"
        data[f"remark_{point}"] = ""
    return {**data, **overrides}


# Writing the analysis


def test_the_edit_form_saves_findings_and_ratings(client, analysis, expert):
    client.force_login(expert)
    data = analysis_form_data(analysis, answered=False)
    data["finding_rekenen"] = "De rekenmethode wordt niet gevolgd."
    data["rating_rekenen"] = "2"
    response = client.post(url(analysis, "wijzigen/"), data, follow=True)

    assert "De analyse is opgeslagen." in text(response)
    analysis.refresh_from_db()
    assert analysis.strengths == "Betrokken team."
    assert analysis.version == 2
    arithmetic = analysis.findings.get(topic="rekenen")
    assert (arithmetic.finding, arithmetic.rating) == ("De rekenmethode wordt niet gevolgd.", 2)
    # Drafting with open questions is fine.
    assert analysis.findings.get(topic="taal").rating is None
    assert "De rekenmethode wordt niet gevolgd." in text(client.get(url(analysis)))


def test_the_edit_form_shows_the_saved_findings_in_two_groups(client, analysis, expert):
    finding = analysis.findings.get(topic="zorg")
    finding.finding, finding.rating = "Handelingsplannen ontbreken.", 1
    finding.save()
    client.force_login(expert)
    content = text(client.get(url(analysis, "wijzigen/")))
    assert "De zes vragen van de analyse" in content and "Kernthema&#x27;s" in content
    assert "Handelingsplannen ontbreken." in content
    assert 'name="rating_zorg" value="1"' in content and "checked" in content


def test_a_save_on_an_old_version_is_refused_and_keeps_what_was_typed(client, analysis, expert):
    client.force_login(expert)
    stale = analysis.version
    services.analysis_update(
        user=expert,
        trajectory=analysis.trajectory,
        expected_version=stale,
        data_used="Door een collega opgeslagen.",
        strengths="",
        weaknesses="",
        findings={},
    )
    data = analysis_form_data(analysis, version=stale, strengths="Mijn eigen tekst.")
    response = client.post(url(analysis, "wijzigen/"), data)

    assert response.status_code == 200
    assert "Iemand anders heeft deze analyse opgeslagen" in text(response)
    assert "Mijn eigen tekst." in text(response)
    analysis.refresh_from_db()
    assert (analysis.data_used, analysis.strengths) == ("Door een collega opgeslagen.", "")
    assert not analysis.findings.exclude(finding="").exists()


# Class visits and interviews


def test_a_class_visit_is_added_with_its_scores(client, analysis, expert):
    client.force_login(expert)
    data = visit_form_data(expert, score_instructie="4", remark_instructie="Heldere uitleg.")
    response = client.post(url(analysis, "lesbezoeken/nieuw/"), data, follow=True)

    assert "Het lesbezoek is toegevoegd." in text(response)
    visit = ClassVisit.objects.get(analysis=analysis)
    assert (visit.group, visit.observer, visit.date) == (5, expert, datetime.date(2008, 10, 6))
    assert visit.observations.get(point="instructie").remark == "Heldere uitleg."
    content = text(client.get(url(analysis)))
    assert "Groep 5" in content and "Els Bakker" in content and "Heldere uitleg." in content


def test_the_class_visit_form_preselects_the_expert_as_observer(client, analysis, expert):
    client.force_login(expert)
    response = client.get(url(analysis, "lesbezoeken/nieuw/"))
    assert response.context["form"].initial["observer"] == expert.pk


@bad_forms(
    {
        "without observer": ({"observer": ""}, "Kies wie de les heeft geobserveerd."),
        "without a score": ({"score_differentiatie": ""}, "Differentiatie: Kies een score van 1 tot 4."),
        "before registration": (
            {"date": "01-08-2008"},
            "De datum ligt vóór de aanmelding op 1 september 2008.",
        ),
        "bad date": ({"date": "2008-13-01"}, "dd-mm-jjjj"),
    },
)
def test_a_bad_class_visit_is_explained_and_nothing_is_saved(client, analysis, expert, change, message):
    client.force_login(expert)
    refused_form(client, url(analysis, "lesbezoeken/nieuw/"), visit_form_data(expert, **change), message)
    assert not ClassVisit.objects.exists()


def test_a_class_visit_is_changed_and_one_of_another_analysis_is_not_found(client, analysis, expert):
    visit = ClassVisitFactory(analysis=analysis, observer=expert, group=3)
    other_visit = ClassVisitFactory()
    client.force_login(expert)
    assert client.get(url(analysis, f"lesbezoeken/{visit.pk}/")).context["form"].initial["group"] == 3
    client.post(url(analysis, f"lesbezoeken/{visit.pk}/"), visit_form_data(expert, group="7"))
    visit.refresh_from_db()
    assert visit.group == 7
    assert client.get(url(analysis, f"lesbezoeken/{other_visit.pk}/")).status_code == 404


def test_an_interview_without_summary_is_refused(client, analysis, expert):
    client.force_login(expert)
    data = {"date": "07-10-2008", "partner": "directeur", "interviewer": expert.pk, "summary": "  "}
    response = client.post(url(analysis, "gesprekken/nieuw/"), data)
    assert "Schrijf een korte samenvatting van het gesprek." in text(response)
    assert not Interview.objects.exists()

    data["summary"] = "Over de aansturing van het team."
    response = client.post(url(analysis, "gesprekken/nieuw/"), data, follow=True)
    assert "Het gesprek is toegevoegd." in text(response)
    interview = Interview.objects.get()
    assert (interview.partner, interview.interviewer) == ("directeur", expert)
    assert "Over de aansturing van het team." in text(response)


def test_an_interview_is_changed(client, analysis, expert):
    interview = InterviewFactory(analysis=analysis)
    client.force_login(expert)
    data = {
        "date": "08-10-2008",
        "partner": "intern_begeleider",
        "interviewer": expert.pk,
        "summary": "Met de IB.",
    }
    client.post(url(analysis, f"gesprekken/{interview.pk}/"), data)
    interview.refresh_from_db()
    assert (interview.partner, interview.summary, interview.date, interview.interviewer) == (
        "intern_begeleider",
        "Met de IB.",
        datetime.date(2008, 10, 8),
        expert,
    )


# Submitting, returning and approving


def test_submitting_with_open_questions_lists_what_is_missing_and_changes_nothing(
    client, analysis, board_user
):
    client.force_login(board_user)
    response = client.get(url(analysis, "indienen/"))
    content = text(response)
    assert "De analyse kan nog niet worden ingediend" in content
    assert "Schoolleiding" in content and "Wordt de leerling uitgedaagd om te leren?" in content
    assert 'name="submit"' not in content  # no submit button
    assert f'href="{url(analysis, "wijzigen/")}"' in content

    response = client.post(url(analysis, "indienen/"), {"version": analysis.version})
    assert "De analyse is nog niet volledig." in text(response)
    assert stored_status(analysis) == SubmissionStatus.DRAFT
    assert not AnalysisReview.objects.exists()


@pytest.fixture
def complete_analysis(board, expert):
    analysis = AnalysisFactory(trajectory__school__board=board, answered=True, made_jointly=expert)
    analysis.trajectory.education_experts.add(expert)
    return analysis


def submit(client, analysis):
    analysis.refresh_from_db()
    return client.post(url(analysis, "indienen/"), {"version": analysis.version}, follow=True)


def test_a_complete_analysis_is_submitted_after_checking(client, complete_analysis, board_user):
    client.force_login(board_user)
    content = text(client.get(url(complete_analysis, "indienen/")))
    assert "Wat wordt verstuurd" in content and "12 van 12" in content
    assert "De expertgroep beoordeelt de analyse" in content

    response = submitted(
        client,
        url(complete_analysis, "indienen/"),
        complete_analysis,
        "De analyse is ingediend bij de expertgroep.",
    )
    review = AnalysisReview.objects.get(analysis=complete_analysis)
    assert (review.submitted_by, review.decision) == (board_user, "")
    assert "Ingediend" in text(response)
    # While submitted, nothing can be changed.
    response = client.get(url(complete_analysis, "wijzigen/"), follow=True)
    assert "wacht op het oordeel van de expertgroep" in text(response)


def test_return_needs_comments_then_the_board_fixes_and_resubmits(
    client, complete_analysis, board_user, reviewer
):
    client.force_login(board_user)
    submit(client, complete_analysis)

    client.force_login(reviewer)
    assert "Analyse beoordelen" in text(client.get(url(complete_analysis)))
    refused = return_needs_comments(
        client,
        url(complete_analysis, "beoordelen/"),
        complete_analysis,
        "Beschrijf de zorgstructuur concreter.",
        "De analyse is teruggestuurd naar het schoolbestuur.",
    )
    assert "Schrijf op wat er moet veranderen voordat de analyse kan worden goedgekeurd." in text(refused)

    client.force_login(board_user)
    content = text(client.get(url(complete_analysis)))
    assert "Teruggestuurd" in content
    assert content.index("Beschrijf de zorgstructuur concreter.") < content.index("Bevindingen")  # at the top
    response = client.post(
        url(complete_analysis, "wijzigen/"),
        analysis_form_data(complete_analysis, finding_zorgsysteem="Zorgstructuur met drie niveaus."),
    )
    assert response.status_code == 302
    submit(client, complete_analysis)
    client.force_login(reviewer)
    decide(client, url(complete_analysis, "beoordelen/"), "teruggestuurd", "Nog de VVE-koppeling uitwerken.")

    client.force_login(board_user)
    content = text(client.get(url(complete_analysis)))
    assert AnalysisReview.objects.filter(analysis=complete_analysis).count() == 2
    assert "Beschrijf de zorgstructuur concreter." in content
    assert "Nog de VVE-koppeling uitwerken." in content
    assert content.count("Teruggestuurd met opmerkingen") == 2


def test_approving_freezes_the_analysis_and_moves_the_trajectory_on(
    client, complete_analysis, board_user, reviewer, expert
):
    client.force_login(board_user)
    submit(client, complete_analysis)
    client.force_login(reviewer)
    response = approve_on_review_page(
        client,
        url(complete_analysis, "beoordelen/"),
        complete_analysis,
        "De analyse is goedgekeurd. Het traject gaat door naar het verbeterplan.",
    )
    assert complete_analysis.trajectory.phase == Phase.PLAN
    assert "Deze analyse is goedgekeurd op" in text(response)
    assert "kan niet meer worden gewijzigd" in text(response)

    # Frozen: the change pages send the expert back with a message, and a post changes nothing.
    client.force_login(expert)
    assert "Analyse bewerken" not in text(client.get(url(complete_analysis)))
    for suffix in ["wijzigen/", "lesbezoeken/nieuw/", "gesprekken/nieuw/", "bijlagen/nieuw/"]:
        response = client.get(url(complete_analysis, suffix))
        assert response.status_code == 302 and response.url == url(complete_analysis)
    response = client.post(
        url(complete_analysis, "wijzigen/"),
        analysis_form_data(complete_analysis, strengths="Te laat."),
        follow=True,
    )
    assert "Deze analyse is goedgekeurd en kan niet meer worden gewijzigd." in text(response)
    response = client.post(url(complete_analysis, "lesbezoeken/nieuw/"), visit_form_data(expert))
    assert response.status_code == 302
    complete_analysis.refresh_from_db()
    assert complete_analysis.strengths == ""
    assert ClassVisit.objects.count() == 1  # the one it was made with
    # Nothing left to review either.
    client.force_login(reviewer)
    assert client.get(url(complete_analysis, "beoordelen/")).status_code == 302


def test_the_buttons_follow_role_and_status(client, complete_analysis, board_user, reviewer, expert):
    client.force_login(expert)
    content = text(client.get(url(complete_analysis)))
    assert "Analyse bewerken" in content and "Lesbezoek toevoegen" in content
    assert "Analyse indienen" not in content and "Analyse beoordelen" not in content
    client.force_login(board_user)
    assert "Analyse indienen" in text(client.get(url(complete_analysis)))
    client.force_login(reviewer)
    content = text(client.get(url(complete_analysis)))
    assert "Analyse beoordelen" not in content and "Analyse bewerken" not in content
    assert client.get(url(complete_analysis, "beoordelen/")).status_code == 302  # nothing submitted yet


# Attachments


def test_an_attachment_is_uploaded_and_downloaded_under_its_own_name(client, analysis, expert, board_user):
    client.force_login(expert)
    upload = SimpleUploadedFile(
        "Toetsresultaten 2008.pdf", b"%PDF-1.4 toetsen", content_type="application/pdf"
    )
    response = client.post(
        url(analysis, "bijlagen/nieuw/"), {"file": upload, "description": "Eindtoets"}, follow=True
    )
    assert "De bijlage is toegevoegd." in text(response)
    attachment = AnalysisAttachment.objects.get()
    assert attachment.original_filename == "Toetsresultaten 2008.pdf"
    assert "Toetsresultaten 2008.pdf" not in attachment.file.name  # stored under a random name
    assert "Toetsresultaten 2008.pdf" in text(response)

    client.force_login(board_user)
    content, disposition = downloaded(client.get(url(analysis, f"bijlagen/{attachment.pk}/")))
    assert content == b"%PDF-1.4 toetsen"
    assert "Toetsresultaten" in disposition


@pytest.mark.parametrize(("name", "content", "message"), WRONG_FILES)
def test_a_wrong_file_is_refused(client, analysis, expert, name, content, message):
    client.force_login(expert)
    response = client.post(url(analysis, "bijlagen/nieuw/"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in text(response)
    assert not AnalysisAttachment.objects.exists()


def test_a_too_large_file_is_refused(client, analysis, expert, monkeypatch):
    monkeypatch.setattr("kwaliteitsaanpak.core.forms.DOCUMENT_MAX_SIZE", 10)
    client.force_login(expert)
    response = client.post(
        url(analysis, "bijlagen/nieuw/"), {"file": SimpleUploadedFile("groot.pdf", b"x" * 100)}
    )
    assert "het mag maximaal" in text(response)
    assert not AnalysisAttachment.objects.exists()


# Scope


def test_another_boards_user_finds_neither_the_analysis_nor_its_files(client, analysis, expert):
    attachment = services.attachment_add(
        user=expert,
        trajectory=analysis.trajectory,
        file=SimpleUploadedFile("verslag.pdf", b"%PDF"),
        description="",
    )
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD))
    assert client.get(url(analysis)).status_code == 404
    assert client.get(url(analysis, f"bijlagen/{attachment.pk}/")).status_code == 404
    # An expert not assigned to the trajectory does not find it either.
    client.force_login(UserFactory(role=Role.EDUCATION_EXPERT))
    assert client.get(url(analysis, f"bijlagen/{attachment.pk}/")).status_code == 404


def test_an_attachment_of_another_analysis_is_not_found(client, analysis, expert, reviewer):
    other = AnalysisFactory()
    other_expert = UserFactory(role=Role.EDUCATION_EXPERT)
    other.trajectory.education_experts.add(other_expert)
    attachment = services.attachment_add(
        user=other_expert, trajectory=other.trajectory, file=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    client.force_login(reviewer)  # sees both trajectories
    assert client.get(url(analysis, f"bijlagen/{attachment.pk}/")).status_code == 404
    assert client.get(url(other, f"bijlagen/{attachment.pk}/")).status_code == 200


def test_a_trajectory_without_analysis_has_no_analysis_page(client, reviewer):
    from tests.factories import TrajectoryFactory

    trajectory = TrajectoryFactory(phase=Phase.INTAKE)
    client.force_login(reviewer)
    assert client.get(f"/trajecten/{trajectory.pk}/analyse/").status_code == 404


def test_the_expert_group_cannot_change_the_analysis(client, analysis, reviewer):
    forbidden(client, reviewer, url(analysis, "wijzigen/"), url(analysis, "indienen/"))


# Queries


def _fill(analysis, expert, count: int) -> None:
    for index in range(count):
        ClassVisitFactory(analysis=analysis, observer=expert, group=1 + index % 8)
        InterviewFactory(analysis=analysis, interviewer=expert, partner=("directeur", "leraren")[index % 2])
        services.attachment_add(
            user=expert, trajectory=analysis.trajectory, file=SimpleUploadedFile(f"b{index}.pdf", b"%PDF")
        )


def _reviews(analysis, board_user, reviewer, count: int) -> None:
    finding_data = {topic.value: ("Bevinding.", 3) for topic in TOPICS}
    for _index in range(count):
        analysis.refresh_from_db()
        services.analysis_update(
            user=board_user,
            trajectory=analysis.trajectory,
            expected_version=analysis.version,
            data_used="Gegevens.",
            strengths="",
            weaknesses="",
            findings=finding_data,
        )
        analysis.refresh_from_db()
        services.analysis_submit(
            user=board_user, trajectory=analysis.trajectory, expected_version=analysis.version
        )
        services.analysis_return(user=reviewer, trajectory=analysis.trajectory, comments="Nog niet goed.")


def test_the_analysis_page_does_not_query_per_row(client, board, board_user, reviewer, expert):
    small = AnalysisFactory(trajectory__school__board=board)
    large = AnalysisFactory(trajectory__school__board=board)
    small.trajectory.education_experts.add(expert)
    large.trajectory.education_experts.add(expert)
    _fill(small, expert, 2)
    _fill(large, expert, 10)
    _reviews(small, board_user, reviewer, 1)
    _reviews(large, board_user, reviewer, 3)

    client.force_login(expert)
    # The first request warms the user's permission cache and the session.
    assert same_query_count(client, url(small), url(large)) <= 16
    content = text(client.get(url(large)))
    assert content.count("Nog niet goed.") >= 3


def test_the_analysis_model_is_untouched_by_reading_pages(client, analysis, expert):
    """Opening the pages writes nothing (the version only moves on a save)."""
    client.force_login(expert)
    for suffix in ["", "wijzigen/", "lesbezoeken/nieuw/", "gesprekken/nieuw/", "bijlagen/nieuw/"]:
        assert client.get(url(analysis, suffix)).status_code == 200
    assert Analysis.objects.get(pk=analysis.pk).version == analysis.version
