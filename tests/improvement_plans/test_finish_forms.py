"""What a new user trips over on the trajectory, analysis and plan forms: every problem the form and its service
find is shown after one submit; messages say what is wrong (a day that does not exist, what is missing); a board
with no school left to register is told so; the intake is held by education experts."""

import datetime

import pytest

from improvement_plans.constants import Phase, TrajectoryReason
from improvement_plans.models import Goal, Measure, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ReferenceList
from tests.factories import (
    GoalFactory,
    InspectionVerdictFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.improvement_plans.test_plan_pages import goal_data, measure_data, url
from tests.improvement_plans.test_plan_pages import plan as plan  # the fixture
from tests.pages import staff as staff  # the fixture
from tests.pages import text

REGISTER = "/trajecten/aanmelden/"


def error_summary(response) -> str:
    content = text(response)
    assert "Er is een probleem" in content
    return content


# All errors in one round: the form's own and the service's


def test_a_measure_shows_a_bad_amount_and_an_end_before_its_start_at_once(client, plan, board_user):
    goal = GoalFactory(plan=plan)
    client.force_login(board_user)
    response = client.post(
        url(plan, f"doelen/{goal.pk}/maatregelen/nieuw/"),
        measure_data(estimated_cost="veel", starts_on="01-07-2009", ends_on="01-11-2008"),
    )
    content = error_summary(response)
    assert "Vul een bedrag in euro in, bijvoorbeeld 12.345,67." in content  # the form's
    assert "Vul een einddatum in die na de begindatum ligt." in content  # the service's, in the same round
    assert 'value="veel"' in content  # what was typed stays
    assert not Measure.objects.exists()


def test_a_goal_shows_a_bad_number_and_a_deadline_outside_the_trajectory_at_once(client, plan, board_user):
    client.force_login(board_user)
    response = client.post(
        url(plan, "doelen/nieuw/"), goal_data(plan, baseline="veel", deadline="01-07-2001")
    )
    content = error_summary(response)
    assert "Vul een getal in, bijvoorbeeld 533,5." in content
    assert "Kies een datum tussen" in content and "binnen het traject." in content
    assert not Goal.objects.exists()


def test_an_empty_registration_names_what_is_missing(client, staff):
    SchoolFactory(name="De Regenboog")
    SchoolFactory(name="De Linde")
    client.force_login(staff)
    content = error_summary(client.post(REGISTER, {"school": "", "reason": "", "registered_on": ""}))
    assert "Kies de school die zich aanmeldt." in content
    assert "Kies de reden waarom de school meedoet." in content
    assert "Vul de datum in waarop de school zich aanmeldde, als dd-mm-jjjj." in content
    assert "Dit veld is verplicht." not in content
    assert not Trajectory.objects.exists()


def test_a_registration_shows_a_day_that_does_not_exist_and_a_wrong_reason_at_once(client, staff):
    school = SchoolFactory(name="De Regenboog")
    SchoolFactory(name="De Linde")
    InspectionVerdictFactory(school=school, reference_list=ReferenceList.NONE)
    client.force_login(staff)
    response = client.post(
        REGISTER,
        {"school": school.pk, "reason": TrajectoryReason.REFERENCE_LIST, "registered_on": "31-02-2026"},
    )
    content = error_summary(response)
    assert "31-02-2026 bestaat niet: februari 2026 heeft 28 dagen." in content
    assert "dd-mm-jjjj, bijvoorbeeld" not in content
    assert "Deze school staat niet op de referentielijst. Kies een andere reden." in content
    assert not Trajectory.objects.exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("29-02-2027", "29-02-2027 bestaat niet: februari 2027 heeft 28 dagen."),
        ("31-04-2026", "31-04-2026 bestaat niet: april 2026 heeft 30 dagen."),
        ("12-13-2026", "12-13-2026 bestaat niet: een jaar heeft 12 maanden."),
        ("morgen", "Vul de datum in als dd-mm-jjjj, bijvoorbeeld 31-01-2008."),
    ],
)
def test_a_date_says_why_it_is_not_a_date(client, staff, typed, message):
    SchoolFactory(name="De Regenboog")
    client.force_login(staff)
    content = error_summary(client.post(REGISTER, {"reason": "vrijwillig", "registered_on": typed}))
    assert message in content


def test_the_intake_shows_a_date_before_the_registration_and_no_education_expert_at_once(client, staff):
    trajectory = TrajectoryFactory(phase=Phase.REGISTERED, registered_on=datetime.date(2026, 9, 1))
    financial_expert = UserFactory(role=Role.FINANCIAL_EXPERT)
    client.force_login(staff)
    response = client.post(
        f"/trajecten/{trajectory.pk}/intake/",
        {"intake_date": "01-08-2026", "experts": [financial_expert.pk]},
    )
    content = error_summary(response)
    assert "De intake kan niet plaatsvinden vóór de aanmelding op 1 september 2026." in content
    assert (
        "Het intakegesprek wordt gevoerd door onderwijsexperts: kies ten minste één onderwijsexpert."
        in content
    )
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.intake_date) == (Phase.REGISTERED, None)


def test_an_intake_with_an_education_expert_and_a_financial_expert_is_scheduled(client, staff):
    trajectory = TrajectoryFactory(phase=Phase.REGISTERED, registered_on=datetime.date(2026, 9, 1))
    experts = [UserFactory(role=Role.EDUCATION_EXPERT), UserFactory(role=Role.FINANCIAL_EXPERT)]
    client.force_login(staff)
    client.post(
        f"/trajecten/{trajectory.pk}/intake/",
        {"intake_date": "01-10-2026", "experts": [expert.pk for expert in experts]},
    )
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.INTAKE
    assert set(trajectory.intake_experts.all()) == set(experts)


# Messages that help, and no dead ends


def test_after_a_board_registers_it_reads_that_dmo_plans_the_intake(client, board, board_user):
    school = SchoolFactory(board=board, name="De Regenboog")
    client.force_login(board_user)
    response = client.post(
        REGISTER, {"school": school.pk, "reason": "vrijwillig", "registered_on": "01-09-2026"}, follow=True
    )
    content = text(response)
    assert (
        "De Regenboog is aangemeld. Volgende stap: DMO plant het intakegesprek met de onderwijsexperts"
        in content
    )
    assert Trajectory.objects.get().school == school


def test_a_board_with_every_school_taking_part_is_told_so_instead_of_an_empty_list(client, board, board_user):
    TrajectoryFactory(school__board=board, phase=Phase.ANALYSIS)
    client.force_login(board_user)
    home = text(client.get("/"))
    assert REGISTER not in home  # the start page does not invite it
    assert "Uw schoolbestuur" in home and "Schoolbesturen opzoeken" not in home  # a board sees its own
    content = text(client.get(REGISTER))
    assert 'data-testid="no-school-left"' in content
    assert "Er is geen school meer om aan te melden" in content
    assert f"Elke school van {board.name} heeft al een lopend traject" in content
    assert 'name="school"' not in content


def test_a_board_with_a_school_left_is_invited_to_register_it(client, board, board_user):
    TrajectoryFactory(school__board=board, phase=Phase.ANALYSIS)
    SchoolFactory(board=board, name="De Linde")
    client.force_login(board_user)
    assert REGISTER in text(client.get("/"))
    content = text(client.get(REGISTER))
    assert "De Linde" in content and 'data-testid="no-school-left"' not in content


@pytest.mark.parametrize(
    ("role", "shown", "not_shown"),
    [
        (
            Role.PROGRAMME_STAFF,
            "leg de beschikkingen van de gemeente vast",
            "Stel met de schoolbesturen de begrotingen",
        ),
        (Role.EXPERT_GROUP, "Beoordeel de begrotingen", "Stel met de schoolbesturen de begrotingen"),
        (Role.FINANCIAL_EXPERT, "Stel met de schoolbesturen de begrotingen", "Beoordeel de begrotingen"),
    ],
)
def test_the_start_page_cards_describe_what_the_role_does(client, db, role, shown, not_shown):
    client.force_login(UserFactory(role=role))
    content = text(client.get("/"))
    assert shown in content
    assert not_shown not in content
