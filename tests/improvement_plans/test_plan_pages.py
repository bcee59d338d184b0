"""The pages of the improvement plan as their users work with them: starting it, result agreements, SMART goals
and measures with Dutch numbers, submitting, returning with comments per goal, approving, new versions and their
comparison, and who may reach what."""

import datetime
from decimal import Decimal

import pytest

from improvement_plans import services
from improvement_plans.constants import Phase
from improvement_plans.models import Goal, ImprovementPlan, Measure, PlanReview
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.constants import Verdict
from tests.factories import (
    AnalysisFactory,
    GoalFactory,
    ImprovementPlanFactory,
    InspectionVerdictFactory,
    MeasureFactory,
    UserFactory,
)
from tests.pages import (
    approve_on_review_page,
    bad_forms,
    forbidden,
    refused_form,
    return_needs_comments,
    same_query_count,
    started_with_a_reason,
    stored_status,
    submitted,
    text,
)


def approved_analysis(board, expert):
    analysis = AnalysisFactory(
        trajectory__phase=Phase.PLAN,
        trajectory__school__board=board,
        trajectory__school__name="De Vuurtoren",
        status="goedgekeurd",
        answered=True,
    )
    analysis.trajectory.education_experts.add(expert)
    return analysis


@pytest.fixture
def plan(board, expert):
    """Version 1 of a plan in the plan phase, with its result agreements and no goals yet."""
    return ImprovementPlanFactory(trajectory=approved_analysis(board, expert).trajectory)


def url(plan, suffix: str = "") -> str:
    return f"/trajecten/{plan.trajectory_id}/plan/{plan.number}/{suffix}"


def goal_data(plan, **overrides) -> dict:
    finding = plan.trajectory.analysis.findings.get(topic="rekenen")
    data = {
        "theme": "rekenen",
        "findings": [finding.pk],
        "description": "Meer leerlingen beheersen de rekenvaardigheden van hun leerjaar.",
        "indicator": "Leerlingen met een voldoende op de M-toets rekenen",
        "unit": "procent van de leerlingen",
        "baseline": "55,5",
        "target": "75",
        "direction": "hoger",
        "deadline": "01-07-2010",
        "owner": "Directeur en rekencoördinator",
    }
    return {**data, **overrides}


def measure_data(**overrides) -> dict:
    data = {
        "kind": "scholing_leraren",
        "description": "Teamscholing directe instructie bij rekenen.",
        "responsible": "Rekencoördinator",
        "starts_on": "01-11-2008",
        "ends_on": "01-07-2009",
        "estimated_cost": "12.345,67",
    }
    return {**data, **overrides}


def complete(plan, count: int = 1, measures: int = 1) -> list[Goal]:
    goals = [GoalFactory(plan=plan) for _index in range(count)]
    for goal in goals:
        for _index in range(measures):
            MeasureFactory(goal=goal)
    return goals


def submit(client, plan):
    plan.refresh_from_db()
    return client.post(url(plan, "indienen/"), {"version": plan.version}, follow=True)


# Starting the plan


def test_the_board_starts_the_plan_from_the_explanation_page(client, board, board_user, expert, reviewer):
    trajectory = approved_analysis(board, expert).trajectory
    client.force_login(reviewer)
    content = text(client.get(f"/trajecten/{trajectory.pk}/plan/"))
    assert "SMART" in content and "Verbeterplan starten" not in content

    client.force_login(board_user)
    content = text(client.get(f"/trajecten/{trajectory.pk}/plan/"))
    assert "Verbeterplan starten" in content
    response = client.post(f"/trajecten/{trajectory.pk}/plan/starten/", follow=True)
    plan = ImprovementPlan.objects.get(trajectory=trajectory)
    assert response.redirect_chain[-1][0] == url(plan)
    assert "Het verbeterplan is gestart." in text(response)
    assert (plan.number, plan.status) == (1, SubmissionStatus.DRAFT)
    # From now on the plan address leads to the newest version.
    assert client.get(f"/trajecten/{trajectory.pk}/plan/").url == url(plan)


def test_the_plan_cannot_be_started_before_the_analysis_is_approved(client, board, board_user):
    analysis = AnalysisFactory(trajectory__school__board=board)
    client.force_login(board_user)
    content = text(client.get(f"/trajecten/{analysis.trajectory_id}/plan/"))
    assert "Verbeterplan starten" not in content
    assert "zodra de expertgroep de kwaliteitsanalyse heeft goedgekeurd" in content
    response = client.post(f"/trajecten/{analysis.trajectory_id}/plan/starten/", follow=True)
    assert not ImprovementPlan.objects.exists()
    assert "fase" in text(response)


# Result agreements


def agreements(plan, **overrides) -> dict:
    data = {
        "version": plan.version,
        "final_test": "cito",
        "final_test_target": "533,5",
        "lwoo_target": "18,5",
        "target_date": "doel",
        "target_justification": "",
    }
    return {**data, **overrides}


def test_the_result_agreements_take_dutch_decimals(client, plan, board_user):
    client.force_login(board_user)
    content = text(client.get(url(plan, "resultaatafspraken/")))
    assert 'value="533"' in content  # the saved target, shown the Dutch way
    response = client.post(url(plan, "resultaatafspraken/"), agreements(plan), follow=True)
    assert "De resultaatafspraken zijn opgeslagen." in text(response)
    plan.refresh_from_db()
    assert (plan.final_test_target, plan.lwoo_target) == (Decimal("533.5"), Decimal("18.5"))
    assert "533,5" in text(response) and "18,5%" in text(response)
    assert 'value="533,5"' in text(client.get(url(plan, "resultaatafspraken/")))


def test_2011_is_refused_for_a_school_that_is_not_very_weak(client, plan, board_user):
    InspectionVerdictFactory(school=plan.trajectory.school, verdict=Verdict.WEAK)
    client.force_login(board_user)
    data = agreements(plan, target_date="uitzondering", target_justification="Meer tijd nodig.")
    response = refused_form(
        client,
        url(plan, "resultaatafspraken/"),
        data,
        "Alleen een school die zeer zwak is beoordeeld, mag tot 2011 de tijd krijgen",
    )
    assert "Meer tijd nodig." in text(response)  # what was typed stays
    plan.refresh_from_db()
    assert (plan.target_date, plan.final_test_target) == ("doel", Decimal("533"))


def test_2011_for_a_very_weak_school_needs_a_justification(client, plan, board_user):
    InspectionVerdictFactory(school=plan.trajectory.school, verdict=Verdict.VERY_WEAK)
    client.force_login(board_user)
    response = client.post(url(plan, "resultaatafspraken/"), agreements(plan, target_date="uitzondering"))
    assert "Schrijf op waarom deze zeer zwakke school tot 2011 nodig heeft." in text(response)
    plan.refresh_from_db()
    assert plan.target_date == "doel"

    data = agreements(plan, target_date="uitzondering", target_justification="Nieuwe directie pas per 2009.")
    response = client.post(url(plan, "resultaatafspraken/"), data, follow=True)
    plan.refresh_from_db()
    assert (plan.target_date, plan.target_justification) == ("uitzondering", "Nieuwe directie pas per 2009.")
    assert "in 2011" in text(response) and "Nieuwe directie pas per 2009." in text(response)


def test_the_result_agreements_refuse_a_stale_version_and_keep_what_was_typed(
    client, plan, board_user, expert
):
    stale = plan.version
    services.plan_update_agreements(
        user=expert,
        plan=plan,
        expected_version=stale,
        final_test="cito",
        final_test_target=Decimal("540"),
        lwoo_target=Decimal("15"),
        target_date="doel",
    )
    client.force_login(board_user)
    response = client.post(
        url(plan, "resultaatafspraken/"), agreements(plan, version=stale, final_test_target="530")
    )
    assert response.status_code == 200
    assert "Iemand anders heeft dit plan opgeslagen" in text(response)
    assert 'value="530"' in text(response)
    plan.refresh_from_db()
    assert plan.final_test_target == Decimal("540")


@bad_forms(
    {
        "outside the scale": (
            {"final_test_target": "600"},
            "Een score op de Cito-eindtoets ligt tussen 501 en 550.",
        ),
        "too many decimals": ({"final_test_target": "533,55"}, "Vul hoogstens 1 cijfer(s) na de komma in."),
        "not a number": ({"lwoo_target": "veel"}, "Vul een percentage in, bijvoorbeeld 18,5."),
    },
)
def test_bad_result_agreements_are_explained(client, plan, board_user, change, message):
    client.force_login(board_user)
    response = client.post(url(plan, "resultaatafspraken/"), agreements(plan, **change))
    assert message in text(response)
    plan.refresh_from_db()
    assert (plan.final_test_target, plan.lwoo_target) == (Decimal("533"), Decimal("18"))


# Goals


def test_a_smart_goal_is_added_and_shown_under_its_theme(client, plan, board_user):
    client.force_login(board_user)
    content = text(client.get(url(plan, "doelen/nieuw/")))
    for part in ["Specifiek", "Meetbaar", "Acceptabel en realistisch", "Tijdgebonden", "Eigenaar"]:
        assert part in content
    assert "Rekenen (3 – voldoende): Bevinding over dit onderdeel." in content
    response = client.post(url(plan, "doelen/nieuw/"), goal_data(plan), follow=True)
    assert "Het doel is toegevoegd." in text(response)
    goal = Goal.objects.get(plan=plan)
    assert (goal.baseline, goal.target, goal.deadline) == (
        Decimal("55.5"),
        Decimal("75"),
        datetime.date(2010, 7, 1),
    )
    assert list(goal.findings.values_list("topic", flat=True)) == ["rekenen"]
    content = text(response)
    assert "55,5 → 75" in content and "1 juli 2010" in content
    assert content.index("Rekenen") < content.index("Meer leerlingen beheersen")


@bad_forms(
    {
        "deadline after the trajectory": (
            {"deadline": "01-01-2035"},
            "Kies een datum tussen 1 september 2008 en",
        ),
        "deadline before the trajectory": (
            {"deadline": "01-08-2008"},
            "Kies een datum tussen 1 september 2008 en",
        ),
        "target equals baseline": ({"target": "55,5"}, "de streefwaarde moet verschillen van de beginwaarde"),
        "target below baseline while higher is better": (
            {"target": "40"},
            "Bij deze indicator is hoger beter: kies een streefwaarde boven de beginwaarde.",
        ),
        "target above baseline while lower is better": (
            {"direction": "lager", "target": "60"},
            "Bij deze indicator is lager beter: kies een streefwaarde onder de beginwaarde.",
        ),
        "no findings": ({"findings": []}, "Kies de bevinding(en) van de analyse waar dit doel op antwoordt."),
        "no indicator": ({"indicator": ""}, "Meetbaar: noem de indicator die gemeten wordt."),
        "no deadline": ({"deadline": ""}, "Tijdgebonden:"),
        "no owner": ({"owner": " "}, "Noem de eigenaar die verantwoordelijk is voor het doel."),
    },
)
def test_a_goal_that_is_not_smart_is_explained_and_nothing_is_saved(
    client, plan, board_user, change, message
):
    client.force_login(board_user)
    response = refused_form(client, url(plan, "doelen/nieuw/"), goal_data(plan, **change), message)
    assert "Directeur en rekencoördinator" in text(response) or change.get("owner")  # what was typed stays
    assert not Goal.objects.exists()


def test_a_goal_is_changed_and_removed_after_confirmation(client, plan, board_user):
    goal, other_plan_goal = GoalFactory(plan=plan), GoalFactory()
    MeasureFactory(goal=goal)
    client.force_login(board_user)
    assert client.get(url(plan, f"doelen/{goal.pk}/")).context["form"].initial["baseline"] == goal.baseline
    client.post(url(plan, f"doelen/{goal.pk}/"), goal_data(plan, target="80,25", version=goal.version))
    goal.refresh_from_db()
    assert goal.target == Decimal("80.25")
    assert client.get(url(plan, f"doelen/{other_plan_goal.pk}/")).status_code == 404

    content = text(client.get(url(plan, f"doelen/{goal.pk}/verwijderen/")))
    assert "Weet u zeker dat u dit doel uit het plan wilt verwijderen?" in content
    assert Goal.objects.filter(pk=goal.pk).exists()  # looking removes nothing
    response = client.post(
        url(plan, f"doelen/{goal.pk}/verwijderen/"), {"version": goal.version}, follow=True
    )
    assert "Het doel is uit het plan verwijderd." in text(response)
    assert (
        not Goal.objects.filter(pk=goal.pk).exists() and not Measure.objects.filter(goal__plan=plan).exists()
    )


# Measures


def test_a_measure_takes_a_dutch_amount(client, plan, board_user):
    goal = GoalFactory(plan=plan)
    client.force_login(board_user)
    response = client.post(url(plan, f"doelen/{goal.pk}/maatregelen/nieuw/"), measure_data(), follow=True)
    assert "De maatregel is toegevoegd." in text(response)
    measure = Measure.objects.get(goal=goal)
    assert measure.estimated_cost == Decimal("12345.67")
    assert isinstance(measure.estimated_cost, Decimal)
    assert "€&nbsp;12.345,67" in text(response)
    # Shown again the Dutch way, and changed without the thousands dot.
    assert 'value="12.345,67"' in text(client.get(url(plan, f"maatregelen/{measure.pk}/")))
    client.post(url(plan, f"maatregelen/{measure.pk}/"), measure_data(estimated_cost="12345", version=1))
    measure.refresh_from_db()
    assert measure.estimated_cost == Decimal("12345")
    client.post(url(plan, f"maatregelen/{measure.pk}/"), measure_data(estimated_cost="12345,67", version=2))
    measure.refresh_from_db()
    assert measure.estimated_cost == Decimal("12345.67")


@bad_forms(
    {
        "three decimals": ({"estimated_cost": "12.345,678"}, "hoogstens twee cijfers na de komma"),
        "negative": ({"estimated_cost": "-500"}, "Het bedrag kan niet negatief zijn."),
        "words": ({"estimated_cost": "twaalfduizend"}, "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
        "ends before start": ({"ends_on": "01-10-2008"}, "Vul een einddatum in die na de begindatum ligt."),
        "before the trajectory": ({"starts_on": "01-01-2008"}, "Kies een datum tussen 1 september 2008 en"),
    },
)
def test_a_bad_measure_is_explained_and_nothing_is_saved(client, plan, board_user, change, message):
    goal = GoalFactory(plan=plan)
    client.force_login(board_user)
    refused_form(client, url(plan, f"doelen/{goal.pk}/maatregelen/nieuw/"), measure_data(**change), message)
    assert not Measure.objects.exists()


def test_a_measure_is_removed_after_confirmation(client, plan, board_user):
    measure = MeasureFactory(goal=GoalFactory(plan=plan))
    client.force_login(board_user)
    assert "Weet u zeker" in text(client.get(url(plan, f"maatregelen/{measure.pk}/verwijderen/")))
    client.post(url(plan, f"maatregelen/{measure.pk}/verwijderen/"), {"version": measure.version})
    assert not Measure.objects.exists()


# Submitting, returning and approving


def test_an_empty_plan_cannot_be_submitted(client, plan, board_user):
    client.force_login(board_user)
    content = text(client.get(url(plan, "indienen/")))
    assert "Het plan kan nog niet worden ingediend" in content
    assert f'href="{url(plan, "doelen/nieuw/")}"' in content
    assert 'name="submit"' not in content
    response = client.post(url(plan, "indienen/"), {"version": plan.version})
    assert "Het plan is nog niet volledig." in text(response)
    assert stored_status(plan) == SubmissionStatus.DRAFT
    assert not PlanReview.objects.exists()


def test_a_goal_without_findings_or_measures_is_listed_with_a_link(client, plan, board_user):
    goal = GoalFactory(plan=plan, findings=[])
    client.force_login(board_user)
    content = text(client.get(url(plan, "indienen/")))
    assert f'href="{url(plan, f"doelen/{goal.pk}/")}"' in content
    assert f'href="{url(plan, f"doelen/{goal.pk}/maatregelen/nieuw/")}"' in content
    assert 'name="submit"' not in content


def test_a_complete_plan_is_submitted_after_checking(client, plan, board_user):
    complete(plan, count=2, measures=2)
    client.force_login(board_user)
    content = text(client.get(url(plan, "indienen/")))
    assert "Wat wordt verstuurd" in content and "€&nbsp;50.000,00" in content
    assert "2 doelen" in content
    response = submitted(
        client, url(plan, "indienen/"), plan, "Het verbeterplan is ingediend bij de expertgroep."
    )
    assert "Plan indienen" not in text(response) and "Doel toevoegen" not in text(response)


def test_a_returned_plan_shows_the_comments_at_their_goals(client, plan, board_user, reviewer):
    first, second = complete(plan, count=2)
    client.force_login(board_user)
    submit(client, plan)

    client.force_login(reviewer)
    content = text(client.get(url(plan, "beoordelen/")))
    assert "Doel 1:" in content and "Doel 2:" in content
    goal_comments = {f"goal_{second.pk}": "De streefwaarde is niet realistisch."}
    return_needs_comments(
        client,
        url(plan, "beoordelen/"),
        plan,
        "Maak de maatregelen concreter.",
        "Het verbeterplan is teruggestuurd naar het schoolbestuur.",
        **goal_comments,
    )

    client.force_login(board_user)
    content = text(client.get(url(plan)))
    assert "Maak de maatregelen concreter." in content
    assert content.count("De streefwaarde is niet realistisch.") == 1
    # At the second goal, not the first.
    assert content.index(f'id="doel-{first.pk}"') < content.index(f'id="doel-{second.pk}"')
    assert content.index(f'id="doel-{second.pk}"') < content.index("De streefwaarde is niet realistisch.")
    assert "Plan indienen" in content and "Doel toevoegen" in content


def test_approving_starts_the_execution(client, plan, board_user, reviewer):
    complete(plan)
    client.force_login(board_user)
    submit(client, plan)
    client.force_login(reviewer)
    approve_on_review_page(
        client,
        url(plan, "beoordelen/"),
        plan,
        "Het verbeterplan is goedgekeurd. De uitvoering begint vandaag.",
    )
    assert plan.trajectory.phase == Phase.EXECUTION
    # Nothing left to review. The expert group decides on the plan and does not write it (separation of duties,
    # ADR 2): a new version starts with its adoption of an audit, or by programme staff.
    assert client.get(url(plan, "beoordelen/")).status_code == 302
    assert "Nieuwe versie starten" not in text(client.get(url(plan)))
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    assert "Nieuwe versie starten" in text(client.get(url(plan)))


def test_a_version_that_is_not_editable_cannot_be_changed(client, plan, board_user):
    goal = complete(plan)[0]
    measure = goal.measures.get()
    client.force_login(board_user)
    submit(client, plan)
    for suffix in [
        "resultaatafspraken/",
        "doelen/nieuw/",
        f"doelen/{goal.pk}/",
        f"doelen/{goal.pk}/verwijderen/",
        f"doelen/{goal.pk}/maatregelen/nieuw/",
        f"maatregelen/{measure.pk}/",
        f"maatregelen/{measure.pk}/verwijderen/",
        "indienen/",
    ]:
        response = client.get(url(plan, suffix))
        assert response.status_code == 302 and response.url == url(plan), suffix
    response = client.post(url(plan, f"doelen/{goal.pk}/"), goal_data(plan, target="99"), follow=True)
    assert "Het plan is ingediend en wacht op het oordeel van de expertgroep" in text(response)
    client.post(url(plan, f"doelen/{goal.pk}/verwijderen/"))
    client.post(url(plan, f"maatregelen/{measure.pk}/"), measure_data(estimated_cost="1"))
    goal.refresh_from_db()
    measure.refresh_from_db()
    assert (goal.target, measure.estimated_cost) == (Decimal("75"), Decimal("12500"))


# Versions


@pytest.fixture
def approved_plan(plan, board_user, reviewer):
    complete(plan)
    plan.refresh_from_db()
    services.plan_submit(user=board_user, plan=plan, expected_version=plan.version)
    return services.plan_approve(user=reviewer, plan=plan)


def test_a_new_version_needs_a_reason_and_the_comparison_shows_a_changed_target(
    client, approved_plan, board_user, reviewer
):
    trajectory = approved_plan.trajectory
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    response = started_with_a_reason(
        client,
        f"/trajecten/{trajectory.pk}/plan/nieuwe-versie/",
        " ",
        "Geef de reden voor een nieuwe versie",
        "De audit na het eerste jaar: rekenen loopt achter.",
    )
    second = ImprovementPlan.objects.get(trajectory=trajectory, number=2)
    assert response.redirect_chain[-1][0] == url(second)
    assert "De audit na het eerste jaar: rekenen loopt achter." in text(response)
    assert "Nieuwe versie starten" not in text(response)  # one open version at a time

    client.force_login(board_user)
    goal = second.goals.get()
    content = text(client.get(url(second, f"doelen/{goal.pk}/")))
    assert "In versie 1 was de streefwaarde 75." in content
    response = client.post(
        url(second, f"doelen/{goal.pk}/"), goal_data(second, target="70", version=goal.version)
    )
    assert "geef de reden voor de wijziging" in text(response)
    client.post(
        url(second, f"doelen/{goal.pk}/"),
        goal_data(
            second, target="70", target_change_reason="De nieuwe methode start later.", version=goal.version
        ),
    )

    content = text(client.get(url(second, "vergelijken/")))
    assert "Gewijzigd" in content
    assert "<td>75</td><td>70</td>" in content
    assert "De nieuwe methode start later." in content
    assert "Versie 1" in content and "Versie 2" in content
    # Version 1 stays readable and links to the newest.
    content = text(client.get(url(approved_plan)))
    assert "Vervangen" not in content and "Goedgekeurd" in content
    assert url(second) in content


def test_the_first_version_has_no_comparison(client, plan, board_user):
    client.force_login(board_user)
    assert client.get(url(plan, "vergelijken/")).status_code == 404
    assert "Vergelijken met versie" not in text(client.get(url(plan)))


# Scope and roles


def test_another_boards_user_finds_no_plan_page(client, plan):
    goal = complete(plan)[0]
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD))
    for suffix in ["", "resultaatafspraken/", "doelen/nieuw/", f"doelen/{goal.pk}/", "indienen/"]:
        assert client.get(url(plan, suffix)).status_code == 404, suffix
    assert client.get(f"/trajecten/{plan.trajectory_id}/plan/").status_code == 404
    assert client.post(url(plan, "doelen/nieuw/"), goal_data(plan)).status_code == 404
    assert Goal.objects.count() == 1


def test_an_unknown_version_is_not_found(client, plan, board_user):
    client.force_login(board_user)
    assert client.get(f"/trajecten/{plan.trajectory_id}/plan/7/").status_code == 404


def test_the_expert_group_cannot_write_the_plan(client, plan, reviewer):
    forbidden(client, reviewer, url(plan, "doelen/nieuw/"), url(plan, "indienen/"))
    assert "Doel toevoegen" not in text(client.get(url(plan)))


# Queries


def test_the_plan_page_does_not_query_per_goal_or_measure(client, board, board_user, expert, reviewer):
    small = ImprovementPlanFactory(trajectory=approved_analysis(board, expert).trajectory)
    large = ImprovementPlanFactory(trajectory=approved_analysis(board, expert).trajectory)
    complete(small, count=2, measures=2)
    large_goals = complete(large, count=6, measures=4)
    for goal, theme in zip(large_goals, ["taal", "zorgsysteem", "schoolleiding"], strict=False):
        goal.theme = theme
        goal.save()
    for plan in (small, large):
        plan.refresh_from_db()
        services.plan_submit(user=board_user, plan=plan, expected_version=plan.version)
        services.plan_return(
            user=reviewer,
            plan=plan,
            comments="Nog niet goed.",
            goal_comments={goal.pk: "Scherper." for goal in plan.goals.all()},
        )

    client.force_login(board_user)
    assert same_query_count(client, url(small), url(large)) <= 16
    content = text(client.get(url(large)))
    assert content.count('data-testid="goal-comment"') == 6
    assert content.count("€&nbsp;12.500,00") == 24
