"""The pages of the Inspectie's reviews of interim results and the supervision arrangements, as their users see
them: the board fills in the grid with decimal commas and submits, the Inspectie judges, the municipality reads the
judgement without a figure per grade, a board sees only its own schools; and the panel and tasks elsewhere."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.constants import Arrangement, Grade, InterimJudgement, Subject
from audits.models import InspectionReview, SupervisionArrangement
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.dates import school_year_label, school_year_of
from kwaliteitsaanpak.core.my_tasks import tasks_for
from tests.audits.factories_inspection import (
    InspectionReviewFactory,
    InterimResultFactory,
    SupervisionArrangementFactory,
    fill_every_subject,
    submitted_review,
)
from tests.factories import SchoolBoardFactory, SchoolFactory, TrajectoryFactory, UserFactory
from tests.pages import queries_for, text

pytestmark = pytest.mark.django_db
LIST = "/inspectie/beoordelingen/"


@pytest.fixture
def board():
    return SchoolBoardFactory(name="Stichting Amstelland")


@pytest.fixture
def board_user(board):
    return UserFactory(role=Role.SCHOOL_BOARD, school_board=board, first_name="Bram", last_name="Visser")


@pytest.fixture
def inspector():
    return UserFactory(role=Role.INSPECTION, first_name="Ilse", last_name="de Groot")


@pytest.fixture
def review(board):
    return InspectionReviewFactory(trajectory__school=SchoolFactory(board=board, name="De Regenboog"))


def _grid(share: str = "72,5", norm: str = "65") -> dict:
    data = {}
    for subject in Subject.values:
        for grade in Grade.values:
            data[f"{subject}_{grade}_share"] = share
            data[f"{subject}_{grade}_norm"] = norm
    return data


def test_the_board_fills_in_the_grid_with_decimal_commas(client, board_user, review):
    client.force_login(board_user)
    path = f"{LIST}{review.pk}/resultaten/"
    assert "Tussenopbrengsten invullen" in text(client.get(path))
    data = _grid() | {"technisch_lezen_8_share": "", "technisch_lezen_8_norm": ""}
    response = client.post(
        path, data | {"version": review.version, "school_remarks": "Cito-toetsen"}, follow=True
    )
    assert "De tussenopbrengsten zijn opgeslagen." in text(response)
    assert review.results.count() == 23
    assert review.results.get(subject="rekenen", grade=5).share_at_norm == Decimal("72.5")
    assert "72,5%" in text(response) and "niet getoetst" in text(response)


def test_a_wrong_percentage_is_explained_beside_its_field_and_nothing_is_saved(client, board_user, review):
    client.force_login(board_user)
    path = f"{LIST}{review.pk}/resultaten/"
    data = _grid() | {"rekenen_5_share": "150", "spelling_4_norm": "", "version": review.version}
    content = text(client.post(path, data))
    assert "Er is een probleem" in content
    assert (
        "Rekenen, groep 5: leerlingen op of boven de norm (%): Vul een percentage in tussen 0 en 100."
        in content
    )
    assert "Spelling, groep 4: vul de norm in waarmee het percentage wordt vergeleken." in content
    assert 'value="150"' in content
    assert review.results.count() == 0


def test_the_board_submits_and_the_inspectie_judges(client, board_user, inspector, review):
    fill_every_subject(review)
    client.force_login(board_user)
    submit = f"{LIST}{review.pk}/indienen/"
    assert "Controleer wat u naar de Inspectie gaat sturen." in text(client.get(submit))
    response = client.post(submit, {"version": review.version}, follow=True)
    assert "De tussenopbrengsten zijn ingediend bij de Inspectie." in text(response)
    client.force_login(inspector)
    judge = f"{LIST}{review.pk}/beoordelen/"
    content = text(client.post(judge, {"decision": "goedgekeurd", "judgement": "onvoldoende", "note": ""}))
    assert "Schrijf op wat tekortschiet, voor de school en haar bestuur." in content
    response = client.post(
        judge,
        {"decision": "goedgekeurd", "judgement": "onvoldoende", "note": "Rekenen blijft achter."},
        follow=True,
    )
    assert "De tussenopbrengsten zijn onvoldoende beoordeeld." in text(response)
    review.refresh_from_db()
    assert (review.judgement, review.judgement_note) == (
        InterimJudgement.INSUFFICIENT,
        "Rekenen blijft achter.",
    )


def test_the_inspectie_returns_incomplete_results_with_a_note(client, inspector):
    review = submitted_review()
    client.force_login(inspector)
    judge = f"{LIST}{review.pk}/beoordelen/"
    content = text(client.post(judge, {"decision": "teruggestuurd", "note": ""}))
    assert "Schrijf op wat er ontbreekt of wat er moet veranderen in de resultaten." in content
    client.post(judge, {"decision": "teruggestuurd", "note": "Groep 6 ontbreekt."})
    review.refresh_from_db()
    assert review.is_returned
    board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=review.school.board)
    client.force_login(board_user)
    content = text(client.get(review.get_absolute_url()))
    assert "Teruggestuurd door de Inspectie" in content and "Groep 6 ontbreekt." in content


def test_the_municipality_reads_the_judgement_without_a_figure_per_grade(client):
    review = submitted_review()
    InspectionReview.objects.filter(pk=review.pk).update(
        status="goedgekeurd", judgement="voldoende", judgement_note="Op koers."
    )
    review.results.filter(subject="rekenen", grade=5).update(
        share_at_norm=Decimal("83.7"), norm=Decimal("61.3")
    )
    municipality = UserFactory(role=Role.MUNICIPALITY)
    client.force_login(municipality)
    content = text(client.get(review.get_absolute_url()))
    assert "Voldoende" in content and "Op koers." in content
    assert "results-grid" not in content
    assert not re.search(r"\d+(,\d)?%", content)
    assert "83,7" not in content and "61,3" not in content and "71,5" not in content
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    client.force_login(staff)
    assert "83,7%" in text(client.get(review.get_absolute_url()))


def test_a_board_sees_only_its_own_schools_reviews(client, board_user, review):
    other = InspectionReviewFactory(trajectory__school=SchoolFactory(name="Het Anker"))
    client.force_login(board_user)
    content = text(client.get(LIST))
    assert "De Regenboog" in content and "Het Anker" not in content
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"{LIST}{other.pk}/resultaten/").status_code == 404


def test_the_list_filters_by_judgement_and_takes_the_same_queries_for_more_rows(client, inspector):
    judged = InspectionReviewFactory(
        status="goedgekeurd", judgement="onvoldoende", trajectory__school__name="Onvoldoende school"
    )
    InspectionReviewFactory(trajectory__school__name="Open school")
    client.force_login(inspector)
    content = text(client.get(LIST + "?judgement=onvoldoende"))
    assert judged.school.name in content and "Open school" not in content
    small = queries_for(client, LIST + "?sort=school")
    InspectionReviewFactory.create_batch(5, status="goedgekeurd", judgement="voldoende")
    assert queries_for(client, LIST + "?sort=school") == small


def test_the_list_pins_its_query_count(client, inspector, django_assert_num_queries):
    InspectionReviewFactory.create_batch(3)
    client.force_login(inspector)
    client.get(LIST)
    with django_assert_num_queries(8):
        assert client.get(LIST).status_code == 200


def test_the_empty_list_says_when_reviews_appear(client, board_user):
    client.force_login(board_user)
    assert "Voor elke school in uitvoering wordt een beoordeling aangemaakt" in text(client.get(LIST))


def test_the_inspectie_records_and_changes_an_arrangement_keeping_history(client, inspector):
    trajectory = TrajectoryFactory(school__name="De Regenboog")
    client.force_login(inspector)
    year = school_year_of(timezone.localdate())
    listing = text(client.get("/inspectie/toezichtarrangementen/"))
    assert f"Scholen in uitvoering zonder arrangement voor {school_year_label(year)}" in listing
    assert "De Regenboog" in listing
    new = "/inspectie/toezichtarrangementen/nieuw/"
    content = text(client.post(new, {"school": trajectory.school_id, "school_year": year}))
    assert "Kies het toezichtarrangement." in content
    response = client.post(
        new,
        {
            "school": trajectory.school_id,
            "school_year": year,
            "arrangement": "aangepast",
            "extra_supervision": "Extra bezoek",
        },
        follow=True,
    )
    assert "Het toezichtarrangement is vastgelegd." in text(response)
    arrangement = SupervisionArrangement.objects.get()
    change = f"/inspectie/toezichtarrangementen/{arrangement.pk}/wijzigen/"
    form = text(client.get(change))
    recorded_at = re.search(r'name="recorded_at" value="([^"]+)"', form).group(1)
    client.post(change, {"arrangement": "basis", "recorded_at": recorded_at})
    content = text(client.post(change, {"arrangement": "aangepast", "recorded_at": recorded_at}))
    assert "Iemand anders heeft het arrangement" in content
    detail = text(
        client.get(
            arrangement.get_absolute_url()
            if hasattr(arrangement, "get_absolute_url")
            else f"/inspectie/toezichtarrangementen/{arrangement.pk}/"
        )
    )
    assert "Basisarrangement" in detail and "Aangepast arrangement" in detail and "Extra bezoek" in detail
    assert arrangement.history.count() == 2


def test_tasks_for_the_board_and_the_inspectie(board_user, inspector, review):
    board_tasks = [task for task in tasks_for(board_user) if task.kind == "inspection_results"]
    assert [(task.school, task.due_on) for task in board_tasks] == [("De Regenboog", review.due_on)]
    assert str(board_tasks[0].what) == "Tussenopbrengsten Midden van het jaar (februari) 2025-2026 aanleveren"
    judged = submitted_review()
    kinds = [(task.kind, task.school) for task in tasks_for(inspector)]
    assert ("inspection_judge", judged.school.name) in kinds
    assert ("inspection_arrangement", review.school.name) in kinds


def test_the_trajectory_page_shows_the_latest_judgement_and_arrangement(client, board_user, review):
    InspectionReview.objects.filter(pk=review.pk).update(status="goedgekeurd", judgement="voldoende")
    InterimResultFactory(review=review)
    year = school_year_of(timezone.localdate())
    SupervisionArrangementFactory(school=review.school, school_year=year, arrangement=Arrangement.BASIC)
    client.force_login(board_user)
    content = text(client.get(review.trajectory.get_absolute_url()))
    assert 'data-testid="inspection-panel"' in content
    assert "Basisarrangement" in content and "Voldoende" in content


def test_the_director_supplies_but_the_board_submits(client, review):
    director = UserFactory(role=Role.SCHOOL_DIRECTOR, school=review.school)
    client.force_login(director)
    content = text(client.get(review.get_absolute_url()))
    assert "Tussenopbrengsten invullen" in content and "Tussenopbrengsten indienen" not in content
    assert client.get(f"{LIST}{review.pk}/indienen/").status_code == 403
    assert [task.kind for task in tasks_for(director)] == ["inspection_results"]


def test_the_submit_page_lists_the_subjects_still_missing(client, board_user, review):
    InterimResultFactory(review=review, subject="rekenen", grade=5)
    client.force_login(board_user)
    content = text(client.get(f"{LIST}{review.pk}/indienen/"))
    assert "De tussenopbrengsten kunnen nog niet worden ingediend" in content
    assert "Resultaten voor technisch lezen" in content and "Resultaten voor rekenen" not in content
    assert "Tussenopbrengsten indienen bij de Inspectie" not in content


def test_the_inspecties_tasks_take_the_same_queries_for_more_schools(inspector):
    submitted_review()
    TrajectoryFactory()
    tasks_for(inspector)  # the user's permissions are cached after the first call
    with CaptureQueriesContext(connection) as few:
        tasks_for(inspector)
    for _ in range(3):
        submitted_review()
        TrajectoryFactory()
    with CaptureQueriesContext(connection) as more:
        inspection_tasks = [task for task in tasks_for(inspector) if task.kind.startswith("inspection")]
    assert len(more.captured_queries) == len(few.captured_queries)
    assert len(inspection_tasks) == 4 + 8


def test_numbers_in_links_and_captions_are_not_written_with_a_thousands_separator(client, inspector):
    """Dutch formatting writes 4604 as “4.604”: an id in a link or a year in a caption must not get it."""
    trajectory = TrajectoryFactory(school=SchoolFactory(pk=4604, name="De Regenboog"))
    client.force_login(inspector)
    listing = client.get("/inspectie/toezichtarrangementen/").content.decode()
    assert "?school=4604" in listing
    year = school_year_of(timezone.localdate())
    arrangement = SupervisionArrangementFactory(school=trajectory.school, school_year=year)
    form = text(client.get(f"/inspectie/toezichtarrangementen/{arrangement.pk}/wijzigen/"))
    assert f"De Regenboog · {year}-{year + 1}" in form
