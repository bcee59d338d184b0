"""The trajectory pages as their users work with them: who sees which trajectories, the filters, registration,
the intake, experts, withdrawal and the notes thread."""

import datetime

import pytest
from django.utils import timezone

from improvement_plans.constants import IntakeOutcome, NoteVisibility, Phase, TrajectoryReason
from improvement_plans.models import Trajectory, TrajectoryEvent, TrajectoryNote
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ReferenceList, Stadsdeel
from tests.factories import (
    AnalysisFactory,
    InspectionVerdictFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryEventFactory,
    TrajectoryFactory,
    TrajectoryNoteFactory,
    UserFactory,
)
from tests.pages import queries_for, text

LIST_URL = "/trajecten/"


def login(client, role: Role, **kwargs):
    user = UserFactory(role=role, **kwargs)
    client.force_login(user)
    return user


def listed_schools(response) -> list[str]:
    assert response.status_code == 200
    return sorted(row.record.school.name for row in response.context["table"].page.object_list)


def detail_url(trajectory) -> str:
    return f"/trajecten/{trajectory.pk}/"


# Who sees what


@pytest.fixture
def two_boards(db):
    own_board, other_board = (
        SchoolBoardFactory(name="Stichting Eigen"),
        SchoolBoardFactory(name="Stichting Ander"),
    )
    expert = UserFactory(role=Role.EDUCATION_EXPERT)
    own = TrajectoryFactory(
        school=SchoolFactory(name="Eigen School", board=own_board), phase=Phase.REGISTERED
    )
    other = TrajectoryFactory(
        school=SchoolFactory(name="Andere School", board=other_board), phase=Phase.ANALYSIS
    )
    other.education_experts.add(expert)
    return {"own_board": own_board, "expert": expert, "own": own, "other": other}


def test_a_board_user_sees_only_the_trajectories_of_its_own_schools(client, two_boards):
    login(client, Role.SCHOOL_BOARD, school_board=two_boards["own_board"])
    assert listed_schools(client.get(LIST_URL)) == ["Eigen School"]
    assert client.get(detail_url(two_boards["other"])).status_code == 404
    assert client.get(detail_url(two_boards["own"])).status_code == 200


def test_an_expert_sees_only_the_trajectories_assigned_to_them(client, two_boards):
    client.force_login(two_boards["expert"])
    assert listed_schools(client.get(LIST_URL)) == ["Andere School"]
    assert client.get(detail_url(two_boards["own"])).status_code == 404
    login(client, Role.EDUCATION_EXPERT)
    assert "Geen trajecten gevonden" in text(client.get(LIST_URL))


def test_a_financial_expert_sees_the_trajectories_they_are_assigned_to(client, two_boards):
    financial = login(client, Role.FINANCIAL_EXPERT)
    two_boards["own"].financial_expert = financial
    two_boards["own"].save()
    assert listed_schools(client.get(LIST_URL)) == ["Eigen School"]


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.EXPERT_GROUP])
def test_staff_and_the_expert_group_see_every_trajectory(client, two_boards, role):
    login(client, role)
    assert listed_schools(client.get(LIST_URL)) == ["Andere School", "Eigen School"]


@pytest.mark.parametrize("role", [Role.INSPECTION, Role.MUNICIPALITY])
def test_inspection_and_municipality_may_not_open_the_trajectory_pages(client, two_boards, role):
    login(client, role)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(detail_url(two_boards["own"])).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(client, two_boards):
    response = client.get(detail_url(two_boards["own"]))
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


# The list: filters, marking, export, query count


@pytest.fixture
def listed(db):
    north, south = SchoolBoardFactory(name="Stichting Noord"), SchoolBoardFactory(name="Stichting Zuid")
    expert = UserFactory(role=Role.EDUCATION_EXPERT, first_name="Ellen", last_name="Expert")
    today = timezone.localdate()

    def trajectory(name, board, stadsdeel, brin=None, **kwargs):
        school = SchoolFactory(
            name=name, board=board, stadsdeel=stadsdeel, **({"brin": brin} if brin else {})
        )
        return TrajectoryFactory(school=school, **kwargs)

    late = trajectory("Het Anker", north, Stadsdeel.NOORD, phase=Phase.REGISTERED, brin="18WD")
    trajectory(
        "De Boomgaard",
        south,
        Stadsdeel.ZUID,
        phase=Phase.REGISTERED,
        registered_on=today,
        reason=TrajectoryReason.AT_RISK,
    )
    analysing = trajectory(
        "De Cirkel", south, Stadsdeel.ZUID, phase=Phase.ANALYSIS, reason=TrajectoryReason.VOLUNTARY
    )
    analysing.education_experts.add(expert)
    trajectory(
        "De Duif",
        north,
        Stadsdeel.NOORD,
        phase=Phase.WITHDRAWN,
        ended_on=datetime.date(2009, 1, 5),
        end_reason="Geen tijd",
    )
    return {"north": north, "expert": expert, "late": late}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["De Boomgaard", "De Cirkel", "Het Anker"]),
        ({"status": "alle"}, ["De Boomgaard", "De Cirkel", "De Duif", "Het Anker"]),
        ({"status": "beeindigd"}, ["De Duif"]),
        ({"phase": "analyse"}, ["De Cirkel"]),
        ({"stadsdeel": "noord"}, ["Het Anker"]),
        ({"stadsdeel": "noord", "status": "alle"}, ["De Duif", "Het Anker"]),
        ({"reason": "risicoschool"}, ["De Boomgaard"]),
        ({"overdue": "on"}, ["Het Anker"]),
        ({"q": "ankE"}, ["Het Anker"]),
        ({"q": "18wd"}, ["Het Anker"]),
    ],
)
def test_filters_narrow_the_trajectory_list(client, listed, params, expected):
    login(client, Role.PROGRAMME_STAFF)
    assert listed_schools(client.get(LIST_URL, params)) == expected


def test_the_list_filters_on_board_and_expert(client, listed):
    login(client, Role.PROGRAMME_STAFF)
    # The board by (part of) its name or by its number: a text field, not a list of every board.
    assert listed_schools(client.get(LIST_URL, {"board": "noord"})) == ["Het Anker"]
    assert listed_schools(client.get(LIST_URL, {"board": listed["north"].number})) == ["Het Anker"]
    assert listed_schools(client.get(LIST_URL, {"expert": listed["expert"].pk})) == ["De Cirkel"]
    page = text(client.get(LIST_URL))
    assert "Ellen Expert" in page  # in the expert filter's choices and the experts column


def test_the_list_marks_at_risk_schools_and_late_intakes(client, listed):
    login(client, Role.PROGRAMME_STAFF)
    response = client.get(LIST_URL, {"reason": "risicoschool"})
    assert '<span class="tag tag-orange">Risicoschool</span>' in text(response)
    response = client.get(LIST_URL, {"overdue": "on"})
    assert '<span class="tag tag-red">Te laat</span>' in text(response)
    assert "1 resultaat" in text(response)


def test_the_list_exports_to_csv(client, listed):
    login(client, Role.PROGRAMME_STAFF)
    response = client.get(LIST_URL, {"_export": "csv", "overdue": "on"})
    exported = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
    assert "Het Anker" in exported
    assert "Te laat" in exported
    assert "<span" not in exported


def test_an_empty_list_says_what_to_do(client, listed):
    login(client, Role.PROGRAMME_STAFF)
    page = text(client.get(LIST_URL, {"q": "bestaat niet"}))
    assert "Geen trajecten gevonden" in page
    assert "School aanmelden" in page


def test_only_who_may_register_sees_the_register_button(client, listed):
    login(client, Role.EXPERT_GROUP)
    assert "School aanmelden" not in text(client.get(LIST_URL))
    login(client, Role.SCHOOL_BOARD)
    assert "School aanmelden" in text(client.get(LIST_URL))


def add_trajectories(count: int, experts) -> None:
    for _ in range(count):
        trajectory = TrajectoryFactory(
            school=SchoolFactory(board=SchoolBoardFactory()), phase=Phase.REGISTERED
        )
        trajectory.education_experts.add(*experts)


@pytest.mark.parametrize(
    "url",
    [
        LIST_URL,
        LIST_URL + "?overdue=on&stadsdeel=nieuw_west&status=alle&q=regenboog",
        LIST_URL + "?_export=csv",
    ],
)
def test_list_queries_do_not_grow_with_rows(client, db, url):
    login(client, Role.PROGRAMME_STAFF)
    experts = [UserFactory(role=Role.EDUCATION_EXPERT) for _ in range(3)]
    add_trajectories(2, experts)
    few = queries_for(client, url)
    add_trajectories(15, experts)
    assert queries_for(client, url) == few


def test_the_list_page_query_count_is_pinned(client, db):
    login(client, Role.PROGRAMME_STAFF)
    add_trajectories(3, [UserFactory(role=Role.EDUCATION_EXPERT)])
    # session, user, user and group permissions, board choices, expert choices, count, page, experts
    assert queries_for(client, LIST_URL) == 10


# The trajectory page


def busy_trajectory(size: int) -> Trajectory:
    trajectory = AnalysisFactory(trajectory__phase=Phase.ANALYSIS).trajectory
    staff = UserFactory(role=Role.PROGRAMME_STAFF)
    experts = [UserFactory(role=Role.EDUCATION_EXPERT) for _ in range(size)]
    trajectory.education_experts.set(experts)
    trajectory.intake_experts.set(experts)
    trajectory.intake_date = trajectory.registered_on
    trajectory.intake_outcome = IntakeOutcome.TAKES_PART
    trajectory.financial_expert = UserFactory(role=Role.FINANCIAL_EXPERT)
    trajectory.save()
    for index in range(size):
        TrajectoryEventFactory(trajectory=trajectory, actor=experts[index], comment=f"Stap {index}")
        TrajectoryNoteFactory(trajectory=trajectory, author=staff, visibility=NoteVisibility.INTERNAL)
        TrajectoryNoteFactory(trajectory=trajectory, author=experts[index])
    return trajectory


@pytest.mark.parametrize("role", [Role.PROGRAMME_STAFF, Role.SCHOOL_BOARD, Role.EDUCATION_EXPERT])
def test_trajectory_page_queries_do_not_grow_with_events_notes_and_experts(client, db, role):
    few, many = busy_trajectory(2), busy_trajectory(15)
    user = login(client, role)
    for trajectory in (few, many):
        if role == Role.SCHOOL_BOARD:
            trajectory.school.board = user.school_board
            trajectory.school.save()
        trajectory.education_experts.add(user) if role == Role.EDUCATION_EXPERT else None
    assert queries_for(client, detail_url(few)) == queries_for(client, detail_url(many))


def test_the_trajectory_page_shows_tasks_next_step_summary_and_timeline(client, db):
    staff = login(client, Role.PROGRAMME_STAFF, first_name="Petra", last_name="de Vries")
    school = SchoolFactory(name="De Vuurtoren", board=SchoolBoardFactory(name="Stichting Licht"))
    trajectory = TrajectoryFactory(
        school=school,
        phase=Phase.REGISTERED,
        registered_on=datetime.date(2008, 9, 1),
        registered_by=staff,
        reason=TrajectoryReason.AT_RISK,
    )
    TrajectoryEventFactory(trajectory=trajectory, actor=staff, comment="Risicoschool")
    page = text(client.get(detail_url(trajectory)))
    assert "<h1>De Vuurtoren</h1>" in page
    assert "Risicoschool" in page and "Aangemeld" in page
    assert "Plan het intakegesprek, uiterlijk 29 september 2008." in page
    assert "1 september 2008 door Petra de Vries" in page
    assert '<span class="tag tag-red">Te laat</span>' in page  # the intake, four weeks after registration
    assert "Stichting Licht" in page
    for action in ("Intake plannen", "Experts toewijzen", "Traject terugtrekken"):
        assert action in page
    assert "Uitkomst intake vastleggen" not in page


def test_the_expert_group_and_boards_get_no_staff_actions(client, db):
    trajectory = TrajectoryFactory(phase=Phase.INTAKE, intake_date=datetime.date(2008, 9, 10))
    login(client, Role.EXPERT_GROUP)
    page = text(client.get(detail_url(trajectory)))
    assert "Traject terugtrekken" not in page and "Uitkomst intake vastleggen" not in page
    assert client.get(f"/trajecten/{trajectory.pk}/terugtrekken/").status_code == 403
    login(client, Role.SCHOOL_BOARD, school_board=trajectory.school.board)
    assert client.post(f"/trajecten/{trajectory.pk}/experts/", {}).status_code == 403


# Registration


def test_staff_register_any_school_from_its_page_link(client, db):
    staff = login(client, Role.PROGRAMME_STAFF)
    school = SchoolFactory(name="De Zonnewijzer")
    form_page = text(client.get(f"/trajecten/aanmelden/?school={school.pk}"))
    assert f'<option value="{school.pk}" selected>' in form_page
    response = client.post(
        "/trajecten/aanmelden/",
        {"school": school.pk, "reason": TrajectoryReason.VOLUNTARY, "registered_on": "01-09-2008"},
        follow=True,
    )
    trajectory = Trajectory.objects.get(school=school)
    assert response.redirect_chain[-1][0] == detail_url(trajectory)
    assert "De Zonnewijzer is aangemeld." in text(response)
    assert (trajectory.phase, trajectory.registered_by, trajectory.registered_on) == (
        Phase.REGISTERED,
        staff,
        datetime.date(2008, 9, 1),
    )


def test_a_board_user_registers_its_own_school_and_no_other(client, db):
    board_user = login(client, Role.SCHOOL_BOARD)
    own = SchoolFactory(name="Eigen School", board=board_user.school_board)
    other = SchoolFactory(name="Andere School")
    form_page = text(client.get("/trajecten/aanmelden/"))
    assert "Eigen School" in form_page and "Andere School" not in form_page
    response = client.post(
        "/trajecten/aanmelden/", {"school": other.pk, "reason": "vrijwillig", "registered_on": "01-09-2008"}
    )
    assert "Kies een school uit de lijst; een school met een lopend traject staat er niet in." in text(
        response
    )
    assert not Trajectory.objects.exists()
    client.post(
        "/trajecten/aanmelden/", {"school": own.pk, "reason": "vrijwillig", "registered_on": "01-09-2008"}
    )
    assert Trajectory.objects.get().school == own


def test_a_school_with_an_open_trajectory_cannot_be_registered_again(client, db):
    login(client, Role.PROGRAMME_STAFF)
    school = SchoolFactory(name="De Bezette School")
    SchoolFactory(name="De Vrije School")
    TrajectoryFactory(school=school, phase=Phase.INTAKE)
    assert "De Bezette School" not in text(client.get("/trajecten/aanmelden/"))
    response = client.post(
        "/trajecten/aanmelden/", {"school": school.pk, "reason": "vrijwillig", "registered_on": "01-09-2008"}
    )
    assert "Er is een probleem" in text(response)
    assert Trajectory.objects.filter(school=school).count() == 1


def test_the_reference_list_reason_is_refused_for_a_school_not_on_it(client, db):
    login(client, Role.PROGRAMME_STAFF)
    school = SchoolFactory()
    InspectionVerdictFactory(school=school, reference_list=ReferenceList.NONE)
    response = client.post(
        "/trajecten/aanmelden/",
        {"school": school.pk, "reason": TrajectoryReason.REFERENCE_LIST, "registered_on": "01-09-2008"},
    )
    assert "Deze school staat niet op de referentielijst. Kies een andere reden." in text(response)
    assert 'value="01-09-2008"' in text(response)  # what the user typed is kept
    assert not Trajectory.objects.exists()


def test_registration_dates_are_written_the_dutch_way(client, db):
    login(client, Role.PROGRAMME_STAFF)
    school = SchoolFactory()
    response = client.post(
        "/trajecten/aanmelden/", {"school": school.pk, "reason": "vrijwillig", "registered_on": "2008/09/01"}
    )
    assert "Vul de datum in als dd-mm-jjjj" in text(response)
    assert not Trajectory.objects.exists()


# Intake and experts


@pytest.fixture
def registered(db):
    return TrajectoryFactory(phase=Phase.REGISTERED, registered_on=datetime.date(2008, 9, 1))


def test_the_intake_page_shows_the_due_date_and_that_it_is_late(client, registered):
    login(client, Role.PROGRAMME_STAFF)
    page = text(client.get(f"/trajecten/{registered.pk}/intake/"))
    assert "uiterlijk 29 september 2008" in page
    assert "Te laat" in page


def test_an_intake_date_before_the_registration_is_refused(client, registered):
    login(client, Role.PROGRAMME_STAFF)
    expert = UserFactory(role=Role.EDUCATION_EXPERT)
    response = client.post(
        f"/trajecten/{registered.pk}/intake/", {"intake_date": "31-08-2008", "experts": [expert.pk]}
    )
    assert "De intake kan niet plaatsvinden vóór de aanmelding op 1 september 2008." in text(response)
    registered.refresh_from_db()
    assert (registered.phase, registered.intake_date) == (Phase.REGISTERED, None)
    assert not registered.events.exists()


def test_staff_schedule_the_intake_and_record_that_the_school_takes_part(client, registered):
    login(client, Role.PROGRAMME_STAFF)
    expert = UserFactory(role=Role.EDUCATION_EXPERT, first_name="Ellen", last_name="Expert")
    financial = UserFactory(role=Role.FINANCIAL_EXPERT, first_name="Frank", last_name="Financieel")
    form_page = text(client.get(f"/trajecten/{registered.pk}/intake/"))
    assert (
        "Ellen Expert (Onderwijsexpert)" in form_page and "Frank Financieel (Financieel expert)" in form_page
    )
    response = client.post(
        f"/trajecten/{registered.pk}/intake/",
        {"intake_date": "15-09-2008", "experts": [expert.pk, financial.pk]},
        follow=True,
    )
    assert "De intake is gepland." in text(response)
    assert "Uitkomst intake vastleggen" in text(response)

    outcome_page = text(client.get(f"/trajecten/{registered.pk}/intake/uitkomst/"))
    assert "Wat gebeurt er hierna" in outcome_page
    response = client.post(
        f"/trajecten/{registered.pk}/intake/uitkomst/", {"outcome": IntakeOutcome.TAKES_PART}, follow=True
    )
    assert "De school doet mee." in text(response)
    registered.refresh_from_db()
    assert registered.phase == Phase.ANALYSIS
    assert registered.analysis.findings.count() == 12


def test_declining_without_remarks_is_refused_and_with_remarks_closes_the_trajectory(client, db):
    login(client, Role.PROGRAMME_STAFF)
    trajectory = TrajectoryFactory(phase=Phase.INTAKE, intake_date=datetime.date(2008, 9, 15))
    url = f"/trajecten/{trajectory.pk}/intake/uitkomst/"
    response = client.post(url, {"outcome": IntakeOutcome.DECLINES, "remarks": "  "})
    assert "Schrijf op waarom de school niet meedoet." in text(response)
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.intake_outcome, trajectory.ended_on) == (Phase.INTAKE, "", None)

    response = client.post(url, {"outcome": IntakeOutcome.DECLINES, "remarks": "Bestuur kiest eigen aanpak."})
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.CLOSED
    page = text(client.get(detail_url(trajectory)))
    assert "Bestuur kiest eigen aanpak." in page
    assert "Afgesloten" in page
    assert "Traject terugtrekken" not in page


def test_staff_assign_experts(client, db):
    login(client, Role.PROGRAMME_STAFF)
    trajectory = AnalysisFactory().trajectory
    experts = [UserFactory(role=Role.EDUCATION_EXPERT, first_name=name, last_name="Expert") for name in "AB"]
    financial = UserFactory(role=Role.FINANCIAL_EXPERT, first_name="Frank", last_name="Financieel")
    url = f"/trajecten/{trajectory.pk}/experts/"
    response = client.post(url, {"financial_expert": financial.pk})
    assert "Kies ten minste één onderwijsexpert." in text(response)
    assert not trajectory.education_experts.exists()
    response = client.post(
        url, {"education_experts": [e.pk for e in experts], "financial_expert": financial.pk}, follow=True
    )
    assert "De experts zijn toegewezen." in text(response)
    assert set(trajectory.education_experts.all()) == set(experts)
    assert "A Expert, B Expert" in text(response)
    assert "Frank Financieel" in text(response)


# Withdrawal


def test_staff_withdraw_a_trajectory_after_confirming_with_a_reason(client, db):
    login(client, Role.PROGRAMME_STAFF)
    trajectory = AnalysisFactory().trajectory
    TrajectoryEventFactory(trajectory=trajectory)
    url = f"/trajecten/{trajectory.pk}/terugtrekken/"
    confirmation = text(client.get(url))
    assert "Weet u zeker" in confirmation
    assert "Er wordt niets verwijderd" in confirmation

    response = client.post(url, {"reason": ""})
    assert "Geef de reden waarom het traject wordt teruggetrokken." in text(response)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.ANALYSIS

    response = client.post(url, {"reason": "De school fuseert."}, follow=True)
    trajectory.refresh_from_db()
    assert trajectory.phase == Phase.WITHDRAWN
    page = text(response)
    assert "Het traject is teruggetrokken." in page
    assert "Teruggetrokken" in page and "De school fuseert." in page
    assert TrajectoryEvent.objects.filter(trajectory=trajectory).count() == 2
    assert trajectory.analysis.findings.count() == 12
    assert client.post(url, {"reason": "Nog een keer"}).status_code == 200
    assert TrajectoryEvent.objects.filter(trajectory=trajectory).count() == 2


# Notes


@pytest.fixture
def noted(db):
    trajectory = AnalysisFactory().trajectory
    TrajectoryNoteFactory(
        trajectory=trajectory, text="Gedeeld: de planning.", visibility=NoteVisibility.SHARED
    )
    TrajectoryNoteFactory(
        trajectory=trajectory, text="Intern: zorgen over de directie.", visibility=NoteVisibility.INTERNAL
    )
    return trajectory


def test_a_board_user_never_sees_internal_notes(client, noted):
    login(client, Role.SCHOOL_BOARD, school_board=noted.school.board)
    for url in (detail_url(noted), LIST_URL, LIST_URL + "?_export=csv"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "zorgen over de directie" not in body.decode()
    page = text(client.get(detail_url(noted)))
    assert "Gedeeld: de planning." in page
    assert "Gedeeld met het bestuur" in page
    assert 'name="visibility"' not in page


def test_a_board_user_cannot_post_an_internal_note(client, noted):
    board_user = login(client, Role.SCHOOL_BOARD, school_board=noted.school.board)
    response = client.post(
        f"/trajecten/{noted.pk}/berichten/", {"text": "Vraag van het bestuur", "visibility": "intern"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"{detail_url(noted)}#berichten")
    note = TrajectoryNote.objects.get(author=board_user)
    assert note.visibility == NoteVisibility.SHARED


def test_staff_see_and_write_internal_notes(client, noted):
    staff = login(client, Role.PROGRAMME_STAFF)
    page = text(client.get(detail_url(noted)))
    assert "Intern: zorgen over de directie." in page
    assert 'name="visibility"' in page
    client.post(f"/trajecten/{noted.pk}/berichten/", {"text": "Alleen voor ons", "visibility": "intern"})
    assert TrajectoryNote.objects.get(author=staff).visibility == NoteVisibility.INTERNAL


def test_an_empty_message_is_refused_on_the_trajectory_page(client, noted):
    login(client, Role.PROGRAMME_STAFF)
    response = client.post(f"/trajecten/{noted.pk}/berichten/", {"text": "   ", "visibility": "gedeeld"})
    assert response.status_code == 200
    assert "Schrijf een bericht." in text(response)
    assert "<h1>" in text(response)
    assert TrajectoryNote.objects.filter(trajectory=noted).count() == 2


def test_notes_cannot_be_posted_to_a_trajectory_outside_ones_scope(client, noted):
    login(client, Role.SCHOOL_BOARD)
    response = client.post(f"/trajecten/{noted.pk}/berichten/", {"text": "Hallo"})
    assert response.status_code == 404
    assert TrajectoryNote.objects.filter(trajectory=noted).count() == 2
