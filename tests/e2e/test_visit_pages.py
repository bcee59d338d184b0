"""In the browser: the education expert's quarterly visit, from the planned visit to the closed action.

The scheduled job has planned the first visit of a school in execution; its day has passed, so the trajectory page
flags it. Education expert Els Bakker records it: an empty form is explained first, then she records that execution
stagnates and is taken to agree actions with the school; she agrees two, one of them already overdue. Programme
staff find both in the overview of open actions and filter the overdue one. Later Els closes the overdue action with
a note; the board reads the visit on a phone-sized screen.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from audits.models import StagnationAction
from audits.services.visits import schedule_expert_visits
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.people import board_user, education_expert, school_of_noorderlicht
from tests.e2e.steps import open_as, refused, save, typed_date
from tests.factories import TrajectoryFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def trajectory(db) -> Trajectory:
    """Basisschool De Vuurtoren, in execution for 60 days with Els Bakker assigned; its first visit was planned 3
    days ago."""
    board, school = school_of_noorderlicht()
    board_user(board)
    UserFactory(role=Role.PROGRAMME_STAFF, email="staf@example.nl", first_name="Sanne", last_name="de Boer")
    today = timezone.localdate()
    trajectory = TrajectoryFactory(
        school=school,
        phase="uitvoering",
        registered_on=today - datetime.timedelta(days=300),
        execution_started_on=today - datetime.timedelta(days=60),
    )
    trajectory.education_experts.add(education_expert())
    assert schedule_expert_visits() == 1
    # Planned a week ahead of the job's run; that day has passed since.
    trajectory.expert_visits.update(planned_on=today - datetime.timedelta(days=3))
    return trajectory


def test_a_stagnating_visit_leads_to_actions_that_are_followed_up_and_closed(
    live_server, page, screenshot, trajectory
):
    today = timezone.localdate()
    visit = trajectory.expert_visits.get()
    open_as(
        page,
        live_server,
        "expert@example.nl",
        live_server.url + trajectory.get_absolute_url(),
        "De Vuurtoren",
    )
    panel = page.get_by_test_id("visit-panel")
    expect(panel.get_by_test_id("next-visit")).to_contain_text("Nog niet vastgelegd")
    screenshot(page, "visits-trajectory-planned")

    panel.get_by_test_id("next-visit").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bezoek van kwartaal 1")
    screenshot(page, "visits-visit-planned")
    page.get_by_role("link", name="Bezoek vastleggen").click()
    expect(page.get_by_label("Datum van het schoolbezoek")).to_have_value(typed_date(visit.planned_on))
    refused(
        page,
        "Bezoek vastleggen",
        "Schrijf op met wie u hebt gesproken",
        "Schrijf op wat u bij het bezoek hebt gezien.",
        "Kies of de uitvoering stagneert.",
    )
    screenshot(page, "visits-record-refused")

    page.get_by_label("Gesproken met", exact=True).fill(
        "De directeur, de IB en de leerkrachten van groep 3 en 4"
    )
    page.get_by_label("Bezochte groepen").fill("Groep 3 en 4")
    page.get_by_label("Bevindingen").fill(
        "De groepsplannen rekenen zijn niet af; de scholing is niet begonnen."
    )
    page.get_by_label("Ja: er moeten acties worden afgesproken met de school").check()
    save(page, "Bezoek vastleggen", "De uitvoering stagneert: leg vast wat u met de school hebt afgesproken.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Een actie afspreken met de school")
    screenshot(page, "visits-action-form")

    page.get_by_label("Wat is afgesproken").fill(
        "De directeur plant de scholing directe instructie opnieuw in."
    )
    page.get_by_label("Wie doet het").fill("Directeur")
    page.get_by_label("Uiterlijk").fill(typed_date(today + datetime.timedelta(days=14)))
    save(page, "Actie toevoegen", "De actie is toegevoegd.")
    page.get_by_role("link", name="Nog een actie toevoegen").click()
    page.get_by_label("Wat is afgesproken").fill("De IB maakt de groepsplannen rekenen af.")
    page.get_by_label("Wie doet het").fill("Intern begeleider")
    page.get_by_label("Uiterlijk").fill(typed_date(today - datetime.timedelta(days=1)))
    save(page, "Actie toevoegen", "De actie is toegevoegd.")
    expect(page.get_by_test_id("actions")).to_contain_text("Te laat")
    screenshot(page, "visits-visit-with-actions")

    page.get_by_role("link", name="De Vuurtoren").first.click()
    open_actions = page.get_by_test_id("panel-open-actions")
    expect(open_actions.get_by_role("listitem")).to_have_count(2)
    expect(open_actions.get_by_role("listitem").first).to_contain_text("Te laat")
    screenshot(page, "visits-trajectory-open-actions")

    open_as(page, live_server, "staf@example.nl", live_server.url + "/uitvoering/acties/", "Open acties")
    expect(page.get_by_test_id("result-count")).to_have_text("2 resultaten")
    screenshot(page, "visits-open-actions-overview")
    page.get_by_label("Alleen te laat").check()
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resultaat")
    expect(page.get_by_test_id("open-actions")).to_contain_text("Intern begeleider")

    late = StagnationAction.objects.get(responsible="Intern begeleider")
    open_as(page, live_server, "expert@example.nl", live_server.url + trajectory.get_absolute_url())
    page.get_by_test_id("panel-open-actions").get_by_role("link", name="Sluiten").first.click()
    expect(page.get_by_test_id("action-summary")).to_contain_text(late.description)
    refused(page, "Actie sluiten", "Schrijf op hoe de actie is uitgevoerd.")
    page.get_by_label("Hoe het is uitgevoerd").fill("De groepsplannen zijn af en besproken in het team.")
    screenshot(page, "visits-action-close")
    save(page, "Actie sluiten", "De actie is gesloten.")
    expect(page.get_by_test_id("panel-open-actions").get_by_role("listitem")).to_have_count(1)
    late.refresh_from_db()
    assert late.closing_note == "De groepsplannen zijn af en besproken in het team."

    page.set_viewport_size({"width": 390, "height": 844})
    open_as(
        page,
        live_server,
        "bestuur@example.nl",
        live_server.url + visit.get_absolute_url(),
        "Bezoek van kwartaal 1",
    )
    expect(page.get_by_test_id("findings")).to_contain_text("De groepsplannen rekenen zijn niet af")
    expect(page.get_by_role("link", name="Bezoek vastleggen")).to_have_count(0)
    screenshot(page, "visits-visit-board-390")
    page.get_by_role("link", name="Alle bezoeken aan deze school").click()
    expect(page.get_by_test_id("visits").get_by_role("row")).to_have_count(3)  # the header, quarters 2 and 1
    screenshot(page, "visits-list-board-390")
