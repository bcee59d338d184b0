"""The budget with the plan: the plan's submit page says whether its budget is drawn up; the budget's check page
warns about measures without a budgeted amount and about spending booked outside its line's school year; a budget
line shows the form's and the service's problems in one round; a supporting document added by mistake is removed
by whoever added it while the quarter can still be corrected."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from finance import selectors, services
from finance.constants import BudgetEventKind, Quarter
from finance.models import BudgetLine, RealisationDocument
from improvement_plans.constants import Phase
from tests.factories import RealisationEntryFactory, RealisationQuarterFactory
from tests.finance.page_budgets import add_line, line_data, make_plan, measures, url
from tests.finance.test_realisation_pages import LAST_QUARTER, record
from tests.finance.test_realisation_pages import budget as budget  # the fixture
from tests.finance.test_realisation_pages import trajectory as trajectory  # the fixture
from tests.finance.test_realisation_pages import url as spending_url
from tests.pages import text


def started_budget(board, financial_expert):
    plan = make_plan(board, financial_expert)
    return plan, services.budget_create(user=financial_expert, plan=plan)


# The plan's submit page


def test_submitting_a_plan_shows_that_its_budget_is_not_drawn_up(client, board, board_user, financial_expert):
    plan = make_plan(board, financial_expert)
    client.force_login(board_user)
    content = text(client.get(f"/trajecten/{plan.trajectory_id}/plan/{plan.number}/indienen/"))
    assert 'data-testid="plan-part"' in content
    assert "Begroting" in content and "Niet gestart" in content
    assert "De begroting van deze versie is nog niet opgesteld." in content


def test_submitting_a_plan_shows_its_budget_with_lines_and_total(client, board, board_user, financial_expert):
    plan, budget = started_budget(board, financial_expert)
    add_line(financial_expert, budget)
    client.force_login(board_user)
    content = text(client.get(f"/trajecten/{plan.trajectory_id}/plan/{plan.number}/indienen/"))
    assert "1 regel, in totaal €\u00a012.500,00." in content
    assert f'href="{url(budget)}"' in content


# The budget's check page


def test_the_check_page_warns_about_a_measure_without_a_budgeted_amount(
    client, board, board_user, financial_expert
):
    plan, budget = started_budget(board, financial_expert)
    add_line(financial_expert, budget)  # the first goal's measure only
    client.force_login(financial_expert)
    content = text(client.get(url(budget, "indienen/")))
    assert 'data-testid="budget-warnings"' in content
    assert "Doel 2, Scholing van leraren" in content
    assert "voor deze maatregel is geen bedrag begroot." in content
    assert "Doel 1," not in content

    add_line(financial_expert, budget, measures(plan)[1])
    assert 'data-testid="budget-warnings"' not in text(client.get(url(budget, "indienen/")))


def test_spending_booked_outside_its_lines_school_year_is_warned_about(budget):
    line = budget.lines.order_by("id").first()
    year = line.school_year  # from 1 August of `year` to 31 July of the next

    def spend(quarter: Quarter) -> None:
        realisation = RealisationQuarterFactory(
            trajectory=budget.trajectory, year=quarter.year, quarter=quarter.number
        )
        RealisationEntryFactory(line=line, realisation=realisation)

    def spending_warnings() -> list[str]:
        return [warning for warning in selectors.budget_warnings(budget) if warning.startswith("Besteding")]

    spend(Quarter(year, 4))  # October–December: inside
    spend(Quarter(year + 1, 3))  # July–September touches the line's school year: not outside
    assert spending_warnings() == []

    spend(Quarter(year + 1, 4))  # October–December of the next school year
    assert spending_warnings() == [
        f"Besteding van het {Quarter(year + 1, 4).label} is geboekt op de regel “Scholing, "
        f"Scholing van leraren”, die voor schooljaar {line.school_year_label} is: dat kwartaal valt daarbuiten."
    ]


# A budget line in one round


def test_a_budget_line_shows_a_missing_category_and_shares_that_do_not_add_up_at_once(
    client, board, financial_expert
):
    plan, budget = started_budget(board, financial_expert)
    client.force_login(financial_expert)
    response = client.post(
        url(budget, "regels/nieuw/"),
        line_data(plan, category="", amount="12.000", municipality_amount="1.000"),
    )
    content = text(response)
    assert "Er is een probleem" in content
    assert "Kies de kostensoort." in content  # the form's
    assert "De bijdragen komen niet uit op het bedrag van" in content  # the service's, in the same round
    assert not BudgetLine.objects.exists()


# A supporting document added by mistake


def add_document(budget, user) -> RealisationDocument:
    saved = record(user, budget.trajectory, LAST_QUARTER, {})
    upload = SimpleUploadedFile("leerlingen.pdf", b"%PDF-1.4 namen", content_type="application/pdf")
    return services.realisation_document_add(user=user, realisation=saved, file=upload, description="")


def test_whoever_added_a_document_removes_it_after_confirming(
    client, budget, board_user, django_capture_on_commit_callbacks
):
    document = add_document(budget, board_user)
    stored, storage = document.file.name, document.file.storage
    remove_url = spending_url(budget.trajectory, f"documenten/{document.pk}/verwijderen/")
    client.force_login(board_user)
    assert f'href="{remove_url}"' in text(client.get(spending_url(budget.trajectory)))
    confirm = text(client.get(remove_url))
    assert f"Weet u zeker dat u dit document uit het {LAST_QUARTER.label} wilt verwijderen?" in confirm

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url, follow=True)
    assert f"Het document is verwijderd uit het {LAST_QUARTER.label}." in text(response)
    assert not RealisationDocument.objects.exists()
    assert not storage.exists(stored)
    event = budget.trajectory.events.get(kind=BudgetEventKind.REALISATION_DOCUMENT_REMOVED)
    assert (event.actor, event.comment) == (board_user, f"{LAST_QUARTER.label.capitalize()}: leerlingen.pdf")


def test_only_whoever_added_a_document_may_remove_it(client, budget, board_user, staff):
    document = add_document(budget, board_user)
    remove_url = spending_url(budget.trajectory, f"documenten/{document.pk}/verwijderen/")
    client.force_login(staff)
    assert f'href="{remove_url}"' not in text(client.get(spending_url(budget.trajectory)))
    response = client.post(remove_url, follow=True)
    assert "Alleen wie dit document heeft toegevoegd, kan het verwijderen." in text(response)
    assert RealisationDocument.objects.exists()


def test_a_document_of_an_ended_trajectory_stays(client, budget, board_user):
    document = add_document(budget, board_user)
    trajectory = budget.trajectory
    trajectory.phase, trajectory.ended_on = Phase.CLOSED, datetime.date.today()
    trajectory.save()
    client.force_login(board_user)
    response = client.post(spending_url(trajectory, f"documenten/{document.pk}/verwijderen/"), follow=True)
    assert "Besteding wordt vastgelegd terwijl de school haar plan uitvoert" in text(response)
    assert RealisationDocument.objects.exists()


def test_trying_the_service_on_a_form_with_errors_keeps_nothing(client, board, financial_expert):
    """Only the description is wrong (too long): the service would accept the rest, but its trial is rolled back."""
    plan, budget = started_budget(board, financial_expert)
    events_before = budget.trajectory.events.count()
    client.force_login(financial_expert)
    response = client.post(url(budget, "regels/nieuw/"), line_data(plan, description="x" * 201))
    assert "Er is een probleem" in text(response)
    assert not BudgetLine.objects.exists()
    assert budget.trajectory.events.count() == events_before
    budget.refresh_from_db()
    assert budget.version == 1
