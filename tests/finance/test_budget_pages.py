"""The budget pages as their users work with them: the budget step before there is a budget, starting a budget and
its revision, lines typed the Dutch way (and the bad ones explained with nothing saved), submitting, the expert
group's decision with the board's waiver, the grant decision and who sees which buttons. The totals, downloads and
query count are in test_budget_page_figures.py."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from finance import services
from finance.models import Budget, BudgetLine, GrantDecision
from improvement_plans import services as plan_services
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.factories import GoalFactory, MeasureFactory, TrajectoryFactory, UserFactory
from tests.finance.page_budgets import (
    add_line,
    approved_budget,
    line_data,
    make_plan,
    submit_budget,
    submit_plan,
    submitted_budget,
    url,
)
from tests.pages import (
    bad_forms,
    decide,
    return_needs_comments,
    started_with_a_reason,
    stored_status,
    submitted,
    text,
)


@pytest.fixture
def plan(board, financial_expert):
    return make_plan(board, financial_expert)


@pytest.fixture
def budget(plan, financial_expert):
    return services.budget_create(user=financial_expert, plan=plan)


# Before there is a budget


def test_without_a_plan_the_budget_page_says_the_plan_comes_first(client, board, board_user):
    trajectory = TrajectoryFactory(school__board=board, phase=Phase.PLAN)
    client.force_login(board_user)
    response = client.get(f"/trajecten/{trajectory.pk}/begroting/")
    assert response.status_code == 200
    content = text(response)
    assert "Het plan komt eerst" in content
    assert f'href="/trajecten/{trajectory.pk}/plan/"' in content
    assert "Begroting opstellen" not in content


def test_the_budget_page_explains_the_step_and_the_financial_expert_starts_it(
    client, plan, board_user, financial_expert
):
    trajectory = plan.trajectory
    client.force_login(board_user)
    content = text(client.get(f"/trajecten/{trajectory.pk}/begroting/"))
    assert (
        "financieel expert" in content and "expertgroep" in content and "financiële gelijkstelling" in content
    )
    assert "versie 1 van het verbeterplan" in content
    assert "Begroting opstellen" not in content  # the board reads, the financial expert draws up

    client.force_login(financial_expert)
    content = text(client.get(f"/trajecten/{trajectory.pk}/begroting/"))
    assert f'href="/trajecten/{trajectory.pk}/begroting/starten/"' in content
    content = text(client.get(f"/trajecten/{trajectory.pk}/begroting/starten/"))
    assert "Begroting starten" in content and 'name="reason"' not in content
    response = client.post(f"/trajecten/{trajectory.pk}/begroting/starten/", follow=True)
    budget = Budget.objects.get(trajectory=trajectory)
    assert response.redirect_chain[-1][0] == url(budget)
    assert "De begroting is gestart." in text(response)
    assert (budget.plan, budget.status) == (plan, SubmissionStatus.DRAFT)
    assert 'data-testid="no-lines"' in text(response)
    # From now on the budget address leads to the newest version, and starting again leads there too.
    assert client.get(f"/trajecten/{trajectory.pk}/begroting/").url == url(budget)
    response = client.get(f"/trajecten/{trajectory.pk}/begroting/starten/", follow=True)
    assert response.redirect_chain[-1][0] == url(budget)
    assert "heeft al een begroting" in text(response)
    assert Budget.objects.count() == 1


def test_a_budget_cannot_be_started_outside_the_plan_and_execution(client, plan, financial_expert):
    plan.trajectory.phase = Phase.ANALYSIS
    plan.trajectory.save()
    client.force_login(financial_expert)
    assert "Begroting opstellen" not in text(client.get(f"/trajecten/{plan.trajectory_id}/begroting/"))
    response = client.post(f"/trajecten/{plan.trajectory_id}/begroting/starten/", follow=True)
    assert "fase" in text(response)
    assert not Budget.objects.exists()


# Lines


def test_a_line_takes_dutch_amounts_and_shows_them_in_the_table(client, plan, budget, financial_expert):
    client.force_login(financial_expert)
    content = text(client.get(url(budget, "regels/nieuw/")))
    assert "Doel 1 (Rekenen) · Scholing van leraren" in content and "€\u00a012.500,00" in content
    assert '<option value="2008">2008/2009</option>' in content
    assert '<option value="2009">2009/2010</option>' in content
    assert "tellen samen op tot het bedrag" in content

    response = client.post(url(budget, "regels/nieuw/"), line_data(plan))
    assert response.url == url(budget) + "#regels"
    line = BudgetLine.objects.get(budget=budget)
    assert (line.amount, line.municipality_amount, line.board_amount) == (
        Decimal("12345.67"),
        Decimal("10000.00"),
        Decimal("2345.67"),
    )
    response = client.get(url(budget))
    content = text(response)
    assert "De regel is toegevoegd aan de begroting." in content
    assert "€\u00a012.345,67" in content and "€\u00a02.345,67" in content
    assert "2008/2009" in content and "Scholing" in content and "Teamscholing directe instructie" in content


@bad_forms(
    {
        "shares do not add up": (
            {"amount": "12.000", "municipality_amount": "10.000", "board_amount": "1.000"},
            "amount",
            "De bijdragen komen niet uit op het bedrag van €\u00a012.000,00",
        ),
        "negative": (
            {"amount": "-100", "municipality_amount": "0", "board_amount": "0"},
            "amount",
            "negatief",
        ),
        "three decimals": ({"amount": "12.345,678"}, "amount", "hoogstens twee cijfers na de komma"),
        "not an amount": (
            {"municipality_amount": "veel"},
            "municipality_amount",
            "Vul een bedrag in euro in",
        ),
        "year outside": ({"school_year": "2011"}, "school_year", "Kies een van de schooljaren uit de lijst."),
        "no category": ({"category": ""}, "category", "Kies de kostensoort."),
    },
    argnames=("change", "field", "message"),
)
def test_a_bad_line_is_explained_beside_its_field_and_nothing_is_saved(
    client, plan, budget, financial_expert, change, field, message
):
    client.force_login(financial_expert)
    response = client.post(url(budget, "regels/nieuw/"), line_data(plan, **change))
    assert response.status_code == 200
    content = text(response)
    assert "Er is een probleem" in content
    assert message in content
    assert f'href="#id_{field}"' in content  # the summary links to the field
    assert f'id="id_{field}"' in content and "is-invalid" in content
    assert not BudgetLine.objects.exists()
    budget.refresh_from_db()
    assert budget.version == 1


def test_a_year_in_which_the_measure_does_not_run_is_refused(client, plan, budget, financial_expert):
    late = MeasureFactory(
        goal=GoalFactory(plan=plan),
        starts_on=datetime.date(2009, 9, 1),
        ends_on=datetime.date(2010, 6, 30),
    )
    client.force_login(financial_expert)
    response = client.post(url(budget, "regels/nieuw/"), line_data(plan, measure=late.pk, school_year="2008"))
    assert "De maatregel loopt van 1 september 2009 tot 30 juni 2010: kies schooljaar 2009/2010." in text(
        response
    )
    assert not BudgetLine.objects.exists()


def test_a_line_is_changed_and_removed_after_confirmation(client, plan, budget, financial_expert):
    line = add_line(financial_expert, budget)
    client.force_login(financial_expert)
    content = text(client.get(url(budget, f"regels/{line.pk}/")))
    assert 'value="10.000,00"' in content and 'value="2.500,00"' in content
    response = client.post(
        url(budget, f"regels/{line.pk}/"),
        line_data(
            plan,
            amount="15.000",
            municipality_amount="12.000",
            board_amount="3.000",
            school_year="2009",
            version=line.version,
        ),
        follow=True,
    )
    assert "De regel is gewijzigd." in text(response)
    line.refresh_from_db()
    assert (line.amount, line.school_year) == (Decimal("15000"), 2009)

    content = text(client.get(url(budget, f"regels/{line.pk}/verwijderen/")))
    assert "Weet u zeker dat u deze regel uit de begroting wilt verwijderen?" in content
    assert "€\u00a015.000,00" in content and "2009/2010" in content
    assert "btn-danger" in content and "Regel verwijderen" in content
    response = client.post(
        url(budget, f"regels/{line.pk}/verwijderen/"), {"version": line.version}, follow=True
    )
    assert "De regel is verwijderd uit de begroting." in text(response)
    assert not BudgetLine.objects.exists()


def test_a_line_of_another_budget_is_not_found(client, board, plan, budget, financial_expert):
    other_plan = make_plan(board, financial_expert, name="De Horizon")
    other = services.budget_create(user=financial_expert, plan=other_plan)
    line = add_line(financial_expert, other)
    client.force_login(financial_expert)
    assert client.get(url(budget, f"regels/{line.pk}/")).status_code == 404
    assert client.post(url(budget, f"regels/{line.pk}/verwijderen/")).status_code == 404
    assert BudgetLine.objects.filter(pk=line.pk).exists()


# Submitting


def test_an_incomplete_budget_says_what_is_missing_with_links(client, plan, budget, financial_expert):
    client.force_login(financial_expert)
    content = text(client.get(url(budget, "indienen/")))
    assert "De begroting kan nog niet worden ingediend" in content
    assert f'href="{url(budget, "regels/nieuw/")}"' in content
    assert f'href="/trajecten/{plan.trajectory_id}/plan/1/"' in content
    assert "Begroting indienen</button>" not in content and 'value="Begroting indienen"' not in content
    response = client.post(url(budget, "indienen/"), {"version": budget.version})
    assert response.status_code == 200
    assert stored_status(budget) == SubmissionStatus.DRAFT


def test_a_complete_budget_is_submitted_after_checking(client, plan, budget, board_user, financial_expert):
    add_line(financial_expert, budget)
    add_line(financial_expert, budget, year=2009, category="coaching", municipality="3000", board="0")
    submit_plan(board_user, plan)
    budget.refresh_from_db()
    client.force_login(financial_expert)
    content = text(client.get(url(budget, "indienen/")))
    assert "Controleer wat u naar de expertgroep gaat sturen." in content
    assert "€\u00a013.000,00" in content and "€\u00a02.500,00" in content and "€\u00a015.500,00" in content
    assert f'name="version" value="{budget.version}"' in content
    response = submitted(
        client, url(budget, "indienen/"), budget, "De begroting is ingediend bij de expertgroep."
    )
    assert 'data-testid="budget-status">Ingediend' in text(response)
    # A submitted budget cannot be changed: the pages say so.
    response = client.get(url(budget, "regels/nieuw/"), follow=True)
    assert response.redirect_chain[-1][0] == url(budget)
    assert "kan nu niet worden gewijzigd" in text(response)


def test_a_stale_submit_is_refused(client, plan, budget, board_user, financial_expert):
    add_line(financial_expert, budget)
    submit_plan(board_user, plan)
    budget.refresh_from_db()
    stale = budget.version
    add_line(financial_expert, budget, year=2009)
    client.force_login(financial_expert)
    response = client.post(url(budget, "indienen/"), {"version": stale})
    assert "Iemand anders heeft deze begroting opgeslagen" in text(response)
    assert stored_status(budget) == SubmissionStatus.DRAFT


# The expert group's decision


def test_a_budget_of_a_plan_that_is_not_approved_cannot_be_approved(
    client, plan, budget, board_user, financial_expert, reviewer
):
    submitted_budget(board_user, financial_expert, budget)
    client.force_login(reviewer)
    content = text(client.get(url(budget)))
    assert "Begroting beoordelen" in content
    content = text(client.get(url(budget, "beoordelen/")))
    assert 'data-testid="plan-not-approved"' in content
    assert f'href="/trajecten/{plan.trajectory_id}/plan/1/beoordelen/"' in content
    data = {
        "decision": "goedgekeurd",
        "waiver_confirmed": "on",
        "equalisation_waived_on": timezone.localdate().strftime("%d-%m-%Y"),
    }
    response = client.post(url(budget, "beoordelen/"), data)
    assert "De gemeente financiert alleen mee aan een goedgekeurd plan" in text(response)
    assert stored_status(budget) == SubmissionStatus.SUBMITTED


def test_approving_needs_the_waiver_beside_its_fields(
    client, plan, budget, board_user, financial_expert, reviewer
):
    submitted_budget(board_user, financial_expert, budget)
    plan_services.plan_approve(user=reviewer, plan=plan)
    client.force_login(reviewer)
    response = decide(client, url(budget, "beoordelen/"), "goedgekeurd")
    content = text(response)
    assert 'href="#id_waiver_confirmed"' in content and 'href="#id_equalisation_waived_on"' in content
    assert "afstand heeft gedaan" in content
    assert "Vul de datum in waarop het bestuur afstand heeft gedaan" in content
    future = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d-%m-%Y")
    response = decide(
        client,
        url(budget, "beoordelen/"),
        "goedgekeurd",
        waiver_confirmed="on",
        equalisation_waived_on=future,
    )
    assert "Deze datum ligt in de toekomst." in text(response)
    assert stored_status(budget) == SubmissionStatus.SUBMITTED

    today = timezone.localdate()
    waiver = {"waiver_confirmed": "on", "equalisation_waived_on": today.strftime("%d-%m-%Y")}
    response = decide(client, url(budget, "beoordelen/"), "goedgekeurd", follow=True, **waiver)
    content = text(response)
    assert (
        "De begroting is goedgekeurd: de bijdrage van de gemeente van €\u00a010.000,00 is toegezegd."
        in content
    )
    budget.refresh_from_db()
    assert (budget.status, budget.equalisation_waived_on) == (SubmissionStatus.APPROVED, today)
    assert 'data-testid="budget-status">Goedgekeurd' in content
    commitment = content.split('data-testid="budget-commitment"')[1].split("</p>")[0]
    assert "€\u00a010.000,00" in commitment and "Toegezegd" in commitment


def test_returning_needs_comments_and_shows_them_on_the_budget(
    client, plan, budget, board_user, financial_expert, reviewer
):
    submitted_budget(board_user, financial_expert, budget)
    client.force_login(reviewer)
    refused = return_needs_comments(
        client,
        url(budget, "beoordelen/"),
        budget,
        "De bijdrage van het bestuur is te laag.",
        "De begroting is met uw opmerkingen teruggestuurd",
        blank=" ",
    )
    assert 'href="#id_comments"' in text(refused)

    client.force_login(financial_expert)
    content = text(client.get(url(budget)))
    assert (
        'data-testid="returned-comments"' in content and "De bijdrage van het bestuur is te laag." in content
    )
    assert "Regel toevoegen" in content and "Begroting indienen" in content


def test_reviewing_a_budget_that_is_not_submitted_leads_back(client, budget, reviewer):
    client.force_login(reviewer)
    response = client.get(url(budget, "beoordelen/"), follow=True)
    assert response.redirect_chain[-1][0] == url(budget)
    assert "Er is geen ingediende begroting om te beoordelen." in text(response)


# The grant decision


def test_a_grant_decision_above_the_share_is_refused_and_a_good_one_recorded(
    client, plan, budget, board_user, financial_expert, reviewer, staff
):
    client.force_login(staff)
    response = client.get(url(budget, "beschikking/"), follow=True)
    assert "Een beschikking wordt alleen vastgelegd voor de goedgekeurde begroting." in text(response)

    approved_budget(board_user, financial_expert, reviewer, budget)
    content = text(client.get(url(budget)))
    assert "Beschikking vastleggen" in content
    content = text(client.get(url(budget, "beschikking/")))
    assert "Hoogstens de goedgekeurde bijdrage van de gemeente van €\u00a010.000,00" in content
    today = timezone.localdate().strftime("%d-%m-%Y")
    data = {"date": today, "reference": "DMO/2009/0042", "amount": "10.000,01"}
    response = client.post(url(budget, "beschikking/"), data)
    assert "mag niet hoger zijn dan de goedgekeurde bijdrage van de gemeente van €\u00a010.000,00" in text(
        response
    )
    assert 'href="#id_amount"' in text(response)
    assert not GrantDecision.objects.exists()

    response = client.post(url(budget, "beschikking/"), {**data, "amount": "9.500"}, follow=True)
    assert "De beschikking is vastgelegd." in text(response)
    decision = GrantDecision.objects.get(budget=budget)
    assert (decision.reference, decision.amount) == ("DMO/2009/0042", Decimal("9500"))
    content = text(response)
    assert (
        'data-testid="grant-decision"' in content
        and "DMO/2009/0042" in content
        and "€\u00a09.500,00" in content
    )

    # Correcting starts from what was recorded.
    content = text(client.get(url(budget, "beschikking/")))
    assert 'value="DMO/2009/0042"' in content and 'value="9.500,00"' in content
    assert "Correctie opslaan" in content


# Who sees what


def test_who_sees_which_buttons(client, board, plan, budget, board_user, financial_expert, reviewer, staff):
    add_line(financial_expert, budget)
    expert = UserFactory(role=Role.EDUCATION_EXPERT)
    plan.trajectory.education_experts.add(expert)

    def actions(user) -> str:
        client.force_login(user)
        response = client.get(url(budget))
        assert response.status_code == 200
        content = text(response)
        if 'data-testid="budget-actions"' not in content:
            return ""
        return content.split('data-testid="budget-actions"')[1].split("</div>")[0]

    draft = {user: actions(user) for user in (board_user, expert, financial_expert, reviewer, staff)}
    assert draft[board_user] == "" and draft[expert] == ""
    assert "Regel toevoegen" in draft[financial_expert] and "Begroting indienen" in draft[financial_expert]
    assert "Regel toevoegen" in draft[staff] and "Begroting indienen" in draft[staff]
    # Separation of duties (ADR 2): the expert group judges the budget and does not draw it up.
    assert "Regel toevoegen" not in draft[reviewer] and "Begroting indienen" not in draft[reviewer]
    client.force_login(board_user)
    assert "Wijzigen" not in text(client.get(url(budget)))

    submit_plan(board_user, plan)
    submit_budget(financial_expert, budget)
    assert actions(financial_expert) == ""
    assert "Begroting beoordelen" in actions(reviewer)
    assert "Begroting beoordelen" not in actions(staff)

    plan_services.plan_approve(user=reviewer, plan=plan)
    services.budget_approve(
        user=reviewer, budget=budget, waiver_confirmed=True, equalisation_waived_on=timezone.localdate()
    )
    assert "Beschikking vastleggen" in actions(staff)
    assert actions(reviewer) == "" and actions(financial_expert) == ""


def test_the_budget_pages_are_closed_to_others(client, board, budget, financial_expert, reviewer):
    client.force_login(UserFactory(role=Role.MUNICIPALITY))
    assert client.get(url(budget)).status_code == 403
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD))  # another board
    assert client.get(url(budget)).status_code == 404
    client.force_login(UserFactory(role=Role.FINANCIAL_EXPERT))  # not assigned
    assert client.get(url(budget)).status_code == 404
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD, school_board=board))
    assert client.get(url(budget, "regels/nieuw/")).status_code == 403
    assert client.get(url(budget, "indienen/")).status_code == 403
    client.force_login(reviewer)
    assert client.get(url(budget, "indienen/")).status_code == 403
    assert client.get(url(budget, "beschikking/")).status_code == 403
    client.force_login(financial_expert)
    assert client.get(url(budget, "beoordelen/")).status_code == 403
    assert client.get(f"/trajecten/{budget.trajectory_id}/begroting/7/").status_code == 404


# Revisions


def test_a_revision_copies_the_lines_and_keeps_the_earlier_version_readable(
    client, plan, budget, board_user, financial_expert, reviewer, staff
):
    approved_budget(board_user, financial_expert, reviewer, budget)
    plan_services.plan_new_version(
        user=staff, trajectory=plan.trajectory, reason="De audit vraagt minder scholing en meer coaching."
    )
    client.force_login(financial_expert)
    content = text(client.get(url(budget)))
    assert 'data-testid="revise-notice"' in content and "Begroting herzien" in content

    content = text(client.get(f"/trajecten/{plan.trajectory_id}/begroting/starten/"))
    assert "De audit vraagt minder scholing en meer coaching.</textarea>" in content
    assert 'data-testid="revision-explained"' in content and "€\u00a012.500,00" in content
    assert "Herziening starten" in content
    response = started_with_a_reason(
        client,
        f"/trajecten/{plan.trajectory_id}/begroting/starten/",
        "",
        "Geef de reden",
        "Na de audit: minder scholing, meer coaching.",
    )
    revision = Budget.objects.get(trajectory=plan.trajectory, plan__number=2)
    assert response.redirect_chain[-1][0] == url(revision)
    content = text(response)
    assert (
        'data-testid="change-reason"' in content and "Na de audit: minder scholing, meer coaching." in content
    )
    assert revision.lines.count() == 1
    assert 'data-testid="budget-versions"' in content
    # The approved version stays approved and readable until the revision is approved.
    assert stored_status(budget) == SubmissionStatus.APPROVED
    assert client.get(url(budget)).status_code == 200
    assert client.get(f"/trajecten/{plan.trajectory_id}/begroting/").url == url(revision)
