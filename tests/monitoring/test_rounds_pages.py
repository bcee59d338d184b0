"""The pages of the programme rounds: the list with its years and counts (sorting, search, export, a pinned query
count, the empty state), a round's page with its reference list and trajectories, opening and changing a round with
every Dutch refusal in one submit, filling the list from the verdicts after confirmation, and the round on the
trajectory's page and in the registration's confirmation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement_plans.models import ProgrammeRound, first_round
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import Verdict
from tests.factories import (
    InspectionVerdictFactory,
    ProgrammeRoundFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/monitor/rondes/"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    return client


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def a_round(year: int, schools: int = 0, trajectories: int = 0) -> ProgrammeRound:
    programme_round = ProgrammeRoundFactory(
        name=f"Kwaliteitsaanpak {year}–{year + 2}",
        reference_date=datetime.date(year, 1, 31),
        target_year=year + 1,
        exception_year=year + 2,
    )
    programme_round.reference_schools.add(*[SchoolFactory() for _ in range(schools)])
    for _ in range(trajectories):
        TrajectoryFactory(programme_round=programme_round)
    return programme_round


def form_data(**overrides) -> dict:
    return {
        "name": "Kwaliteitsaanpak 2026–2028",
        "reference_date": "31-01-2026",
        "target_year": "2027",
        "exception_year": "2028",
        "follow_up_years": "2",
        "indicators": ["eindtoets", "lwoo"],
        "reference": "g4",
        "add_codes": "",
    } | overrides


# The list


@pytest.mark.parametrize(
    "url",
    # session, user, user and group permissions, the count, the user's groups (the menu), the rounds (with their
    # counts in subqueries)
    [LIST, f"{LIST}?sort=-school_count", f"{LIST}?q=2026"],
)
def test_the_list_runs_a_fixed_number_of_queries(staff_client, url):
    a_round(2024, schools=2, trajectories=1)
    few = queries_for(staff_client, url)
    a_round(2025, schools=5, trajectories=4)
    a_round(2026, schools=3, trajectories=2)
    assert few == queries_for(staff_client, url) == 7


def test_the_list_shows_each_rounds_years_and_counts(staff_client):
    first_round()  # as the migrations leave it (a transactional test may have emptied the table)
    a_round(2026, schools=3, trajectories=2)
    content = page(staff_client.get(LIST))
    assert "Programmarondes" in content
    row = content[content.index("Kwaliteitsaanpak 2026–2028") :]
    row = row[: row.index("</tr>")]
    for cell in ["31 januari 2026", ">2027<", ">2028<", ">3<", ">2<", "2030", "G4-gemiddelde", "Wijzigen"]:
        assert cell in row
    assert "Kwaliteitsaanpak Basisonderwijs 2008–2011" in content


def test_the_list_sorts_by_number_of_schools_and_searches_by_year(staff_client):
    a_round(2024, schools=1)
    a_round(2025, schools=4)
    content = page(staff_client.get(f"{LIST}?sort=-school_count"))
    assert content.index("Kwaliteitsaanpak 2025–2027") < content.index("Kwaliteitsaanpak 2024–2026")
    searched = page(staff_client.get(f"{LIST}?q=2024"))  # the 2024 round's reference list
    assert "Kwaliteitsaanpak 2024–2026" in searched and "Kwaliteitsaanpak 2025–2027" not in searched


def test_a_search_without_rounds_says_what_to_do(staff_client):
    content = page(staff_client.get(f"{LIST}?q=bestaat-niet"))
    assert "Maak het zoekveld leeg om alle rondes te zien." in content


def test_the_municipality_reads_the_rounds_but_cannot_open_or_change_one(client):
    a_round(2026)
    client.force_login(UserFactory(role=Role.MUNICIPALITY))
    content = page(client.get(LIST))
    assert "Kwaliteitsaanpak 2026–2028" in content
    assert "Nieuwe ronde openen" not in content and "/wijzigen/" not in content


def test_the_export_has_the_rounds_in_dutch_dates(staff_client):
    a_round(2026, schools=2)
    response = staff_client.get(f"{LIST}?_export=csv")
    content = b"".join(response.streaming_content).decode()
    assert "31-01-2026" in content and "Kwaliteitsaanpak 2026–2028" in content


def test_the_indicator_list_links_to_the_rounds(staff_client):
    assert 'href="/monitor/rondes/"' in page(staff_client.get("/monitor/indicatoren/"))


# A round's page


def test_a_rounds_page_shows_its_years_list_with_current_verdicts_and_trajectories(staff_client):
    programme_round = a_round(2026)
    weak = SchoolFactory(name="De Linde")
    InspectionVerdictFactory(school=weak, date=datetime.date(2025, 6, 1), verdict=Verdict.VERY_WEAK)
    programme_round.reference_schools.add(weak)
    TrajectoryFactory(programme_round=programme_round, school__name="De Esch", phase="intake")
    content = page(staff_client.get(programme_round.get_absolute_url()))
    for part in [
        "31 januari 2026",
        "In 2027 geen school meer (zeer) zwak",
        "2028, alleen voor een zeer zwakke school",
        "Eindtoetsresultaat, LWOO-percentage",
        "De Linde",
        "Zeer zwak",
        "De Esch",
        "Intake",
        f'href="/monitor/?ronde={programme_round.pk}"',
        "Huidige ronde",
    ]:
        assert part in content, part


def test_the_round_page_paginates_its_list_in_a_fixed_number_of_queries(staff_client):
    programme_round = a_round(2026, schools=3, trajectories=2)
    url = programme_round.get_absolute_url()
    few = queries_for(staff_client, url)
    programme_round.reference_schools.add(*[SchoolFactory() for _ in range(60)])
    for _ in range(5):
        TrajectoryFactory(programme_round=programme_round)
    assert queries_for(staff_client, url) == few
    content = page(staff_client.get(url))
    assert "63 scholen op de referentielijst" in content
    assert "school-page=2" in content  # 50 per page


def test_an_empty_reference_list_says_how_to_fill_it(staff_client):
    content = page(staff_client.get(a_round(2026).get_absolute_url()))
    assert "Nog geen scholen op de referentielijst." in content
    assert "Nog geen trajecten in deze ronde." in content


# Opening and changing a round


def test_staff_open_a_round_with_schools_by_code(staff_client):
    school = SchoolFactory(brin="18WD", location_code="00", name="De Slinger")
    response = staff_client.post("/monitor/rondes/nieuw/", form_data(add_codes="18wd00"), follow=True)
    content = page(response)
    created = ProgrammeRound.objects.get(name="Kwaliteitsaanpak 2026–2028")
    assert (created.reference_date, created.target_year, created.exception_year) == (
        datetime.date(2026, 1, 31),
        2027,
        2028,
    )
    assert list(created.reference_schools.all()) == [school]
    assert "De ronde is geopend." in content and "De Slinger" in content


def test_a_bad_round_is_explained_all_at_once_and_what_was_typed_stays(staff_client):
    a_round(2025)
    before = ProgrammeRound.objects.count()
    data = form_data(
        name="Kwaliteitsaanpak 2025–2027",
        reference_date="31-01-2025",
        target_year="2024",
        exception_year="twee",
        follow_up_years="",
        indicators=[],
        add_codes="18WD00, 1",
    )
    content = page(staff_client.post("/monitor/rondes/nieuw/", data))
    for message in [
        "Er is al een ronde met de naam “Kwaliteitsaanpak 2025–2027”. Kies een andere naam.",
        "Er is al een ronde met een referentielijst van 31 januari 2025.",
        "Het doeljaar kan niet vóór de datum van de referentielijst (2025) liggen.",
        "Vul een jaartal in, bijvoorbeeld 2027.",
        "Vul het aantal jaren borging in.",
        "Kies ten minste één indicator die in de ronde is afgesproken.",
        "Er staat geen school 18WD00 in het register.",
        "“1” is geen BRIN-nummer met vestigingscode, zoals 18WD00.",
    ]:
        assert message in content, message
    assert 'value="twee"' in content and 'value="18WD00, 1"' in content
    assert ProgrammeRound.objects.count() == before


def test_a_date_that_does_not_exist_or_lies_far_ahead_is_refused(staff_client):
    content = page(staff_client.post("/monitor/rondes/nieuw/", form_data(reference_date="31-02-2026")))
    assert "31-02-2026" in content and "bestaat niet" in content
    ahead = (datetime.date.today() + datetime.timedelta(days=400)).strftime("%d-%m-%Y")
    content = page(
        staff_client.post(
            "/monitor/rondes/nieuw/",
            form_data(reference_date=ahead, target_year="2030", exception_year="2031"),
        )
    )
    assert "De datum van de referentielijst ligt meer dan een jaar vooruit." in content


def test_changing_a_round_removes_and_adds_schools_and_its_plans_take_the_new_years(staff_client):
    programme_round = a_round(2025)
    leaving, joining = SchoolFactory(brin="11AA"), SchoolFactory(brin="11BB")
    programme_round.reference_schools.add(leaving)
    url = f"/monitor/rondes/{programme_round.pk}/wijzigen/"
    content = page(staff_client.get(url))
    assert "Kwaliteitsaanpak 2025–2027 wijzigen" in content and 'value="31-01-2025"' in content
    data = form_data(
        name=programme_round.name,
        reference_date="31-01-2025",
        target_year="2027",
        exception_year="2028",
        add_codes="11BB00",
        remove_codes="11AA00",
        version=programme_round.version,
    )
    response = staff_client.post(url, data)
    assert response.status_code == 302
    programme_round.refresh_from_db()
    assert (programme_round.target_year, list(programme_round.reference_schools.all())) == (2027, [joining])


def test_a_change_based_on_an_older_version_is_refused_and_what_was_typed_stays(staff_client):
    programme_round = a_round(2025)
    url = f"/monitor/rondes/{programme_round.pk}/wijzigen/"
    seen = programme_round.version
    # A colleague changes the round in the meantime.
    staff_client.post(url, form_data(name=programme_round.name, reference_date="31-01-2025", version=seen))
    data = form_data(
        name="Ronde van mijn scherm", reference_date="31-01-2025", exception_year="2029", version=seen
    )
    content = page(staff_client.post(url, data))
    assert "Iemand anders heeft deze ronde opgeslagen terwijl u eraan werkte" in content
    assert 'value="Ronde van mijn scherm"' in content
    programme_round.refresh_from_db()
    assert (programme_round.name, programme_round.exception_year) != ("Ronde van mijn scherm", 2029)


def test_filling_the_list_from_the_verdicts_asks_first_then_adds(staff_client):
    programme_round = a_round(2026)
    for _ in range(2):
        InspectionVerdictFactory(school=SchoolFactory(), date=datetime.date(2025, 3, 1), verdict=Verdict.WEAK)
    url = f"/monitor/rondes/{programme_round.pk}/referentielijst-vullen/"
    content = page(staff_client.get(url))
    assert "het laatste oordeel van 2 scholen in het register zwak of zeer zwak" in content
    assert programme_round.reference_schools.count() == 0
    response = staff_client.post(url, follow=True)
    assert "2 scholen zijn op de referentielijst gezet." in page(response)
    assert programme_round.reference_schools.count() == 2


# The round of a trajectory


def test_the_trajectory_page_names_its_round(staff_client):
    trajectory = TrajectoryFactory(programme_round=first_round())
    content = page(staff_client.get(trajectory.get_absolute_url()))
    assert "Kwaliteitsaanpak Basisonderwijs 2008–2011" in content
    assert f'href="/monitor/rondes/{first_round().pk}/"' in content


def test_the_registration_confirms_the_round_the_school_joins(staff_client):
    current = a_round(2026)
    school = SchoolFactory(name="De Klimop")
    response = staff_client.post(
        "/trajecten/aanmelden/",
        {
            "school": school.pk,
            "reason": "vrijwillig",
            "registered_on": datetime.date.today().strftime("%d-%m-%Y"),
        },
        follow=True,
    )
    content = page(response)
    assert f"De school doet mee in de ronde {current.name}." in content
    assert school.trajectories.get().programme_round == current
