"""The printable improvement plan: who may open it, what the document says, and what its pages look like.

The content is asserted on the HTML the PDF is made from (`plan_pdf_context` + `render_html`, as the view does);
the PDF itself is checked with poppler (`pdfinfo`, `pdftotext`), and its first pages are rendered to PNG under
artifacts/plan-pdf/ so a person can look at them.
"""

import datetime
import re
import shutil
import subprocess
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from improvement_plans import services
from improvement_plans.constants import AnalysisTopic, Direction, MeasureKind, TargetDate
from improvement_plans.documents import PLAN_TEMPLATE as TEMPLATE
from improvement_plans.documents import plan_pdf_context
from improvement_plans.models import ImprovementPlan
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.pdf import render_html, render_pdf
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.constants import Verdict
from tests.actors import (
    BOARD,
    DIRECTOR,
    EXPERT_GROUP,
    OTHER_BOARD,
    OTHER_SCHOOL_DIRECTOR,
    STAFF,
    UNASSIGNED_EXPERT,
)
from tests.factories import (
    GoalFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    MeasureFactory,
    SchoolFactory,
)
from tests.improvement_plans.worlds import ACTOR_IDS, ACTORS, trajectory_in

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "plan-pdf"

THEMES = [AnalysisTopic.ARITHMETIC, AnalysisTopic.LANGUAGE, AnalysisTopic.LEADERSHIP]
LONG_TEXT = (
    "Leerlingen in de groepen 5 tot en met 8 krijgen dagelijks begeleide inoefening na een korte, "
    "doelgerichte instructie; de leraren stemmen de verlengde instructie af op de resultaten van de "
    "methodegebonden toetsen en bespreken de voortgang elke zes weken met de intern begeleider. "
)


def make_plan(
    world, *, goals: int = 2, measures: int = 2, long: bool = False, cost="12345.67", school=None
) -> ImprovementPlan:
    """A draft plan (of the world's school unless another is given) with goals spread over three core themes:
    goal text n on THEMES[n % 3], each with its measures."""
    trajectory = trajectory_in(world, "plan", school=school)
    plan = ImprovementPlanFactory(trajectory=trajectory, created_by=world[BOARD])
    for index in range(goals):
        theme = THEMES[index % len(THEMES)]
        goal = GoalFactory(
            plan=plan,
            theme=theme,
            order=index + 1,
            description=f"Tekst van doel {index + 1}: "
            + (LONG_TEXT * 3 if long else "Meer leerlingen halen het niveau."),
            indicator=f"Indicator {index + 1} – leerlingen met een voldoende op de M-toets",
            baseline=Decimal("55.5") + index,
            target=Decimal("75") + index,
            owner="Directeur en intern begeleider (Anouk Reëel)",
        )
        for number in range(measures):
            MeasureFactory(
                goal=goal,
                kind=list(MeasureKind)[number % len(MeasureKind)],
                description=f"Maatregel {index + 1}.{number + 1}: "
                + (LONG_TEXT * 2 if long else "Teamscholing directe instructie."),
                responsible="Rekencoördinator",
                estimated_cost=Decimal(cost),
            )
    return plan


def approve(world, plan: ImprovementPlan) -> ImprovementPlan:
    plan.refresh_from_db()
    services.plan_submit(user=world[BOARD], plan=plan, expected_version=plan.version)
    return services.plan_approve(user=world[EXPERT_GROUP], plan=plan, comments="Een helder, haalbaar plan.")


def html_of(plan: ImprovementPlan) -> str:
    return render_html(TEMPLATE, plan_pdf_context(plan))


def text_of(html: str) -> str:
    """The document's text as a reader sees it: tags gone, white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", html, flags=re.S)))


def pdf_info(path: Path) -> dict[str, str]:
    output = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in output.splitlines() if ":" in line)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def write_pdf(content: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(content)
    return path


def render_png(pdf: Path, page: int) -> Path:
    """Page `page` of the PDF as a PNG next to it (artifacts/plan-pdf/<name>-<page>.png)."""
    prefix = pdf.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "80",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            f"{prefix}-{page}",
        ],
        check=True,
    )
    return Path(f"{prefix}-{page}.png")


# Who may open it


def pdf_url(plan: ImprovementPlan, number: int | None = None) -> str:
    return reverse("improvement_plans:plan_pdf", args=[plan.trajectory_id, number or plan.number])


MAY_SEE = {
    Role.PROGRAMME_STAFF,
    Role.EDUCATION_EXPERT,
    Role.FINANCIAL_EXPERT,
    Role.EXPERT_GROUP,
    BOARD,
    DIRECTOR,
}
# A role without the permission at all: 403; a role with it but outside its scope: 404.
STATUS_IF_REFUSED = {
    Role.INSPECTION: 403,
    Role.MUNICIPALITY: 403,
    OTHER_BOARD: 404,
    OTHER_SCHOOL_DIRECTOR: 404,
    UNASSIGNED_EXPERT: 404,
}


@pytest.mark.parametrize("actor", ACTORS, ids=[ACTOR_IDS[actor] for actor in ACTORS])
def test_the_pdf_opens_for_everyone_who_may_see_the_trajectory(client, world, actor):
    plan = make_plan(world, goals=1, measures=1)
    client.force_login(world[actor])
    response = client.get(pdf_url(plan))
    if actor in MAY_SEE:
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        school = world.school
        assert response["Content-Disposition"] == (
            f'attachment; filename="verbeterplan-{school.brin}{school.location_code}-versie-1.pdf"'
        )
        assert response.content.startswith(b"%PDF")
    else:
        assert response.status_code == STATUS_IF_REFUSED[actor]
        assert not response.content.startswith(b"%PDF")


def test_a_version_that_does_not_exist_is_not_found(client, world):
    plan = make_plan(world, goals=1, measures=1)
    client.force_login(world[Role.PROGRAMME_STAFF])
    assert client.get(pdf_url(plan, number=2)).status_code == 404


def test_a_version_number_of_another_trajectory_is_not_found(client, world):
    """Version 1 exists on another school's trajectory, but not on this one."""
    plan = make_plan(world, goals=1, measures=1)
    empty = trajectory_in(world, "plan", school=SchoolFactory(board=world.board, name="De Zonnewijzer"))
    client.force_login(world[Role.PROGRAMME_STAFF])
    assert client.get(reverse("improvement_plans:plan_pdf", args=[empty.pk, plan.number])).status_code == 404


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    plan = make_plan(world, goals=1, measures=1)
    response = client.get(pdf_url(plan))
    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]


def test_every_version_stays_printable(client, world):
    plan = approve(world, make_plan(world, goals=1, measures=1))
    services.plan_new_version(
        user=world[STAFF], trajectory=plan.trajectory, reason="De audit na jaar 1 vraagt meer taal."
    )
    client.force_login(world[BOARD])
    for number in (1, 2):
        response = client.get(pdf_url(plan, number=number))
        assert response.status_code == 200
        assert response["Content-Disposition"].endswith(f'-versie-{number}.pdf"')


# What the document says


def test_the_document_holds_the_school_its_goals_per_theme_and_the_measures(world):
    plan = make_plan(world, goals=3, measures=2)
    text = text_of(html_of(plan))
    assert "Verbeterplan" in text
    assert f"{world.school.name}" in text
    assert f"{world.school.brin}{world.school.location_code}" in text
    assert "Stichting Eigen" in text
    # Every goal under its own theme, the themes in the order of the programme's core themes.
    assert goals_per_theme(text) == {"Schoolleiding": [3], "Rekenen": [1], "Taal": [2]}
    assert list(goals_per_theme(text)) == ["Schoolleiding", "Rekenen", "Taal"]
    # The SMART elements and the finding the goal answers.
    assert "Indicator 1 – leerlingen met een voldoende op de M-toets (procent van de leerlingen)" in text
    assert "Van 55,5 naar 75 procent van de leerlingen (hoger is beter)" in text
    assert "Directeur en intern begeleider (Anouk Reëel)" in text
    assert "Rekenen (3 – voldoende): Bevinding over dit onderdeel." in text
    # Measures with Dutch amounts, their total per goal and for the whole plan.
    assert text.count("€ 12.345,67") == 6
    assert "Totaal voor doel 1 € 24.691,34" in text
    assert "€ 74.074,02" in text


def goals_per_theme(text: str) -> dict[str, list[int]]:
    """Theme heading → the numbers of the goal texts under it, in the document's order."""
    sections = re.split(r" (Schoolleiding|Teamfunctioneren|Zorgsysteem|Rekenen|Taal) (?=Doel \d)", text)
    return {
        sections[i]: [int(n) for n in re.findall(r"Tekst van doel (\d+):", sections[i + 1])]
        for i in range(1, len(sections), 2)
    }


def test_six_goals_are_grouped_under_their_themes_and_numbered_in_the_documents_order(world):
    plan = make_plan(world, goals=6, measures=1)
    text = text_of(html_of(plan))
    assert goals_per_theme(text) == {"Schoolleiding": [3, 6], "Rekenen": [1, 4], "Taal": [2, 5]}
    assert re.findall(r"Doel (\d+) Specifiek", text) == ["1", "2", "3", "4", "5", "6"]


def test_the_document_holds_the_result_agreements(world):
    InspectionVerdictFactory(school=world.school, date=datetime.date(2008, 6, 1), verdict=Verdict.VERY_WEAK)
    plan = make_plan(world, goals=1, measures=1)
    services.plan_update_agreements(
        user=world[BOARD],
        plan=plan,
        expected_version=plan.version,
        final_test="cito",
        final_test_target=Decimal("534.5"),
        lwoo_target=Decimal("12.5"),
        target_date=TargetDate.EXCEPTION,
        target_justification="De school was in 2008 zeer zwak; de nieuwe directeur begint pas in augustus.",
    )
    text = text_of(html_of(plan))
    assert "Resultaatafspraken" in text
    assert "Cito-eindtoets (standaardscore 501–550)" in text
    assert "534,5" in text
    assert "12,5%" in text
    assert "in 2011" in text
    assert "de nieuwe directeur begint pas in augustus." in text


def test_a_draft_says_it_is_not_approved(world):
    text = text_of(html_of(make_plan(world, goals=1, measures=1)))
    assert "Concept — nog niet goedgekeurd" in text
    assert "nog niet ingediend" in text


def test_the_document_holds_the_approval(world):
    plan = make_plan(world, goals=2, measures=1)
    plan.refresh_from_db()
    services.plan_submit(user=world[BOARD], plan=plan, expected_version=plan.version)
    goal = plan.goals.order_by("order").first()
    services.plan_return(
        user=world[EXPERT_GROUP],
        plan=plan,
        comments="Maak de doelen op taal concreter.",
        goal_comments={goal.pk: "Noem de toets waarop de streefwaarde wordt gemeten."},
    )
    approve(world, plan)
    plan.refresh_from_db()
    text = text_of(html_of(plan))
    today = timezone.localdate()
    assert "Concept" not in text
    assert f"Goedgekeurd op {date_format(today, 'j F Y')}" in text
    assert "Goedkeuring" in text
    assert str(world[BOARD]) in text and str(world[EXPERT_GROUP]) in text
    assert "Teruggestuurd met opmerkingen" in text
    assert "Maak de doelen op taal concreter." in text
    assert "Noem de toets waarop de streefwaarde wordt gemeten." in text
    assert "Een helder, haalbaar plan." in text
    assert plan.status == SubmissionStatus.APPROVED


def test_a_later_version_shows_its_reason(world):
    plan = approve(world, make_plan(world, goals=1, measures=1))
    new = services.plan_new_version(
        user=world[STAFF], trajectory=plan.trajectory, reason="De audit na jaar 1 vraagt meer taal."
    )
    text = text_of(html_of(new))
    assert "Reden voor deze versie De audit na jaar 1 vraagt meer taal." in text
    assert "Versie 2" in text


# The PDF itself


def test_a_big_plan_makes_a_pdf_of_several_pages_with_page_numbers_and_the_school(world):
    plan = make_plan(world, goals=6, measures=3)
    started = time.perf_counter()
    content = render_pdf(TEMPLATE, plan_pdf_context(plan))
    seconds = time.perf_counter() - started
    assert content.startswith(b"%PDF")
    path = write_pdf(content, "plan-6-goals")
    (ARTIFACTS / "render-time.txt").write_text(f"6 goals x 3 measures: {seconds:.2f} s\n")
    pages = int(pdf_info(path)["Pages"])
    assert pages > 1
    text = pdf_text(path)
    assert f"pagina 1 van {pages}" in text
    assert f"pagina {pages} van {pages}" in text
    assert text.count(world.school.name) >= pages  # in every page's footer
    # The glyphs that need the font: the euro sign and the diaeresis.
    assert "€ 12.345,67" in text
    assert "Reëel" in text


def test_the_first_page_and_a_page_with_long_texts_render_to_png(world):
    """PNGs under artifacts/plan-pdf/ for a person to look at: page 1 of a normal plan and page 2 of a plan
    with long texts (tables that must wrap, not be cut off)."""
    assert shutil.which("pdftoppm"), "poppler-utils is needed to look at the PDF"
    context = plan_pdf_context(make_plan(world, goals=6, measures=3))
    (ARTIFACTS / "plan.html").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "plan.html").write_text(render_html(TEMPLATE, context))  # to try out CSS by hand
    normal = write_pdf(render_pdf(TEMPLATE, context), "plan")
    first = render_png(normal, 1)
    other_school = SchoolFactory(
        board=world.board, name="Openbare Basisschool Het Kompas – locatie Geuzenveld", location_code="01"
    )
    long_plan = make_plan(world, goals=3, measures=3, long=True, cost="1234567.89", school=other_school)
    long = write_pdf(render_pdf(TEMPLATE, plan_pdf_context(long_plan)), "plan-long-texts")
    second = render_png(long, 2)
    for png in (first, second):
        assert png.exists() and png.stat().st_size > 10_000
    # Nothing is cut off: the long amounts and the end of a long description are in the text.
    text = pdf_text(long)
    assert "€ 1.234.567,89" in text
    assert "intern begeleider." in text


def test_goals_in_a_lower_is_better_direction_read_the_right_way(world):
    plan = make_plan(world, goals=0)
    GoalFactory(
        plan=plan,
        theme=AnalysisTopic.CARE_SYSTEM,
        description="Minder leerlingen met een LWOO-indicatie.",
        indicator="Leerlingen met een LWOO-indicatie",
        unit="procent",
        baseline=30,
        target=Decimal("22.5"),
        direction=Direction.LOWER_IS_BETTER,
    )
    text = text_of(html_of(plan))
    assert "Zorgsysteem Doel 1" in text
    assert "Van 30 naar 22,5 procent (lager is beter)" in text
