"""The school director: linked to one school of a board, works on that school's analysis and plan, sees nothing of the
board's other schools, submits nothing; the user administration keeps the link consistent with the role; the demo has
a director of a school in execution. (The service matrices of tests/improvement_plans and tests/finance run every
service for the director and for a director of another school of the same board.)"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from improvement_plans.constants import NoteVisibility, Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.admin import UserAdminForm
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from schools.models import School, SchoolBoard
from tests.factories import (
    AnalysisFactory,
    BudgetFactory,
    BudgetLineFactory,
    ImprovementPlanFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryNoteFactory,
    UserFactory,
)
from tests.pages import text


@pytest.fixture
def board(db):
    return SchoolBoardFactory(name="Stichting Noorderlicht")


@pytest.fixture
def school(board):
    return SchoolFactory(board=board, name="Basisschool De Vuurtoren")


@pytest.fixture
def neighbour(board):
    """Another school of the same board, with a trajectory of its own."""
    return SchoolFactory(board=board, name="Basisschool De Zonnewijzer")


@pytest.fixture
def director(school):
    return UserFactory(role=Role.SCHOOL_DIRECTOR, school=school, first_name="Mohamed", last_name="Yilmaz")


@pytest.fixture
def analysis(school):
    return AnalysisFactory(trajectory__school=school, trajectory__phase=Phase.ANALYSIS)


@pytest.fixture
def neighbours_analysis(neighbour):
    return AnalysisFactory(trajectory__school=neighbour, trajectory__phase=Phase.ANALYSIS)


# What the director sees


def test_the_start_page_says_which_school_the_director_works_for(client, director, school):
    client.force_login(director)
    response = client.get("/")
    assert response.context["role_description"].startswith(f"U werkt hier voor {school}")


def test_the_director_sees_their_school_and_its_board_only(client, director, school, neighbour, board):
    other_board = SchoolBoardFactory(name="Stichting Ander")
    SchoolFactory(board=other_board)
    assert list(School.objects.visible_to(director)) == [school]
    assert list(SchoolBoard.objects.visible_to(director)) == [board]
    client.force_login(director)
    assert client.get(f"/scholen/{school.pk}/").status_code == 200
    assert client.get(f"/scholen/{neighbour.pk}/").status_code == 404
    assert client.get(f"/besturen/{other_board.pk}/").status_code == 404
    board_page = text(client.get(f"/besturen/{board.pk}/"))
    assert "Basisschool De Vuurtoren" in board_page
    assert "Basisschool De Zonnewijzer" not in board_page


def test_a_trajectory_of_another_school_of_the_same_board_is_not_found(
    client, director, analysis, neighbours_analysis
):
    client.force_login(director)
    assert list(Trajectory.objects.visible_to(director)) == [analysis.trajectory]
    assert client.get(f"/trajecten/{analysis.trajectory_id}/").status_code == 200
    for suffix in ("", "analyse/", "analyse/wijzigen/"):
        assert client.get(f"/trajecten/{neighbours_analysis.trajectory_id}/{suffix}").status_code == 404
    listing = text(client.get("/trajecten/"))
    assert f"De trajecten van {analysis.trajectory.school}." in listing
    assert "Basisschool De Zonnewijzer" not in listing


def test_the_director_edits_the_analysis_but_the_board_submits_it(client, director, analysis):
    client.force_login(director)
    assert client.get(f"/trajecten/{analysis.trajectory_id}/analyse/wijzigen/").status_code == 200
    assert client.get(f"/trajecten/{analysis.trajectory_id}/analyse/indienen/").status_code == 403
    assert client.get("/trajecten/aanmelden/").status_code == 403
    assert not director.has_perm("improvement_plans.submit_analysis", analysis.trajectory)
    assert not director.has_perm("improvement_plans.submit_plan", analysis.trajectory)
    assert not director.has_perm("improvement_plans.submit_progress_report", analysis.trajectory)
    assert not director.has_perm("audits.submit_interim_results", analysis.trajectory)
    assert director.has_perm("audits.supply_interim_results", analysis.trajectory)


def test_the_director_reads_the_shared_messages_only(client, director, analysis):
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    TrajectoryNoteFactory(
        trajectory=analysis.trajectory,
        author=staff,
        visibility=NoteVisibility.INTERNAL,
        text="Alleen intern.",
    )
    TrajectoryNoteFactory(
        trajectory=analysis.trajectory, author=staff, visibility=NoteVisibility.SHARED, text="Voor de school."
    )
    client.force_login(director)
    content = text(client.get(f"/trajecten/{analysis.trajectory_id}/"))
    assert "Voor de school." in content
    assert "Alleen intern." not in content


def test_the_finance_overview_shows_the_directors_school_without_a_board_choice(
    client, director, school, neighbour
):
    for each in (school, neighbour):
        plan = ImprovementPlanFactory(
            status="goedgekeurd", trajectory__school=each, trajectory__phase="uitvoering"
        )
        BudgetLineFactory(budget=BudgetFactory(plan=plan))
    client.force_login(director)
    response = client.get("/financien/")
    assert response.status_code == 200
    assert "board" not in response.context["filter"].filters
    assert [row.record.trajectory.school for row in response.context["table"].rows] == [school]
    assert f"De begroting van {school}:" in text(response)


# The user administration


def admin_form(user, **changes) -> UserAdminForm:
    data = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": "2009-01-05 09:00:00",
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "school": user.school_id or "",
        "school_board": user.school_board_id or "",
        "calendar_token": "",
    }
    return UserAdminForm(data={**data, **changes}, instance=user)


def test_the_administration_links_a_director_to_their_school(director, school):
    form = admin_form(director)
    assert form.is_valid(), form.errors
    assert form.save().school == school


def test_a_director_without_a_school_is_refused(director):
    form = admin_form(director, school="")
    assert not form.is_valid()
    assert form.errors["school"] == ["Een schooldirecteur leidt één school: kies de school."]
    assert User.objects.get(pk=director.pk).school_id is not None


def test_a_board_user_with_a_school_is_refused(school):
    board_user = UserFactory(role=Role.SCHOOL_BOARD)
    form = admin_form(board_user, school=school.pk)
    assert not form.is_valid()
    assert form.errors["school"] == [
        "Alleen een schooldirecteur hoort bij een school: maak dit veld leeg, of geef de gebruiker de rol "
        "Schooldirecteur."
    ]
    assert User.objects.get(pk=board_user.pk).school_id is None


def test_a_director_with_a_board_is_refused(director, board):
    form = admin_form(director, school_board=board.pk)
    assert form.errors["school_board"] == [
        "Een schooldirecteur ziet alleen de eigen school en hoort niet bij een schoolbestuur: maak dit veld leeg."
    ]


def test_the_administration_shows_the_school_field(client, director):
    admin = UserFactory(role=Role.PROGRAMME_STAFF, is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/beheer/accounts/user/{director.pk}/change/")
    assert response.status_code == 200
    assert 'name="school"' in response.content.decode()


# The demo


def test_the_demo_director_leads_a_school_of_the_demo_board_in_execution(db, capsys):
    call_command("seed_demo")
    director = User.objects.get(groups=Group.objects.get(name=Role.SCHOOL_DIRECTOR))
    assert director.email == "directeur@kwaliteitsaanpak.example"
    board_user = User.objects.get(groups__name=Role.SCHOOL_BOARD)
    assert director.school.board == board_user.school_board
    assert director.school_board is None
    (trajectory,) = Trajectory.objects.visible_to(director).open()
    assert trajectory.school == director.school
    assert trajectory.phase == Phase.EXECUTION
    assert trajectory.execution_started_on is not None
    assert trajectory.execution_started_on < datetime.date.today()
