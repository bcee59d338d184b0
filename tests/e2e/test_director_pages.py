"""In the browser: school director Mohamed Yilmaz of Basisschool De Vuurtoren (board Stichting Noorderlicht) logs in,
sees his own school only, opens its trajectory and works on the analysis; the board's other school is not his to see,
and he has no button to submit. Screenshots of the start page, the trajectory page and the analysis form (also at
390 px wide)."""

import pytest
from playwright.sync_api import expect

from improvement_plans.constants import NoteVisibility, Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.e2e.browser import log_in
from tests.e2e.people import school_of_noorderlicht
from tests.factories import AnalysisFactory, SchoolFactory, TrajectoryNoteFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def school_with_director(db):
    board, school = school_of_noorderlicht()
    analysis = AnalysisFactory(trajectory__school=school, trajectory__phase=Phase.ANALYSIS)
    neighbour = AnalysisFactory(
        trajectory__school=SchoolFactory(board=board, name="Basisschool De Zonnewijzer"),
        trajectory__phase=Phase.ANALYSIS,
    )
    staff = UserFactory(role=Role.PROGRAMME_STAFF, first_name="Petra", last_name="de Vries")
    TrajectoryNoteFactory(
        trajectory=analysis.trajectory,
        author=staff,
        visibility=NoteVisibility.SHARED,
        text="Graag de toetsgegevens voor de lesbezoeken klaarzetten.",
    )
    TrajectoryNoteFactory(
        trajectory=analysis.trajectory,
        author=staff,
        visibility=NoteVisibility.INTERNAL,
        text="Intern: de directeur is nieuw dit schooljaar.",
    )
    UserFactory(
        role=Role.SCHOOL_DIRECTOR,
        email="directeur@example.nl",
        school=school,
        first_name="Mohamed",
        last_name="Yilmaz",
    )
    return analysis, neighbour


def test_a_director_works_on_the_analysis_of_his_own_school(
    live_server, page, screenshot, school_with_director
):
    analysis, neighbour = school_with_director
    school = analysis.trajectory.school
    log_in(page, live_server, "directeur@example.nl")
    expect(page.get_by_test_id("role-description")).to_contain_text(str(school))
    screenshot(page, "director-start")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    expect(page.get_by_test_id("result-count")).to_have_text("1 resultaat")
    expect(page.get_by_text(f"De trajecten van {school}.")).to_be_visible()
    expect(page.get_by_role("cell", name="Basisschool De Zonnewijzer")).to_have_count(0)
    page.get_by_role("link", name="Basisschool De Vuurtoren").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Basisschool De Vuurtoren")
    expect(page.get_by_text("Graag de toetsgegevens voor de lesbezoeken klaarzetten.")).to_be_visible()
    expect(page.get_by_text("Intern: de directeur is nieuw dit schooljaar.")).to_have_count(0)
    screenshot(page, "director-trajectory")

    page.goto(f"{live_server.url}/trajecten/{analysis.trajectory_id}/analyse/")
    expect(page.get_by_role("link", name="Analyse indienen")).to_have_count(0)
    screenshot(page, "director-analysis")
    page.goto(f"{live_server.url}/trajecten/{analysis.trajectory_id}/analyse/wijzigen/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "director-analysis-form-390")

    response = page.goto(f"{live_server.url}/trajecten/{neighbour.trajectory_id}/")
    assert response.status == 404
