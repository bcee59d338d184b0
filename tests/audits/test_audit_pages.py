"""The audit pages: drawing up, submitting and adopting an audit as the experts and the expert group do it; what the
board reads before and after adoption; the trajectory page's step and panel; "my tasks"; the overview with its
filters and a pinned query count; and the audit report (PDF)."""

import datetime
import re

import pytest
from django.urls import reverse

from audits.constants import AuditDecision, AuditKind
from audits.documents import audit_pdf, audit_pdf_context
from audits.models import Audit
from audits.selectors.audits import audit_with_everything
from audits.services import audits as services
from improvement_plans import services as plan_services
from kwaliteitsaanpak.core.pdf import render_html
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from tests.actors import BOARD, EDUCATION_EXPERT, EXPERT_GROUP, STAFF
from tests.audits.factories_audits import (
    CONCLUSION,
    adopted_audit,
    drawn_up,
    executing_trajectory,
    planned_audit,
    started_audit,
    submitted_audit,
)
from tests.factories import SchoolFactory
from tests.improvement_plans.worlds import make_world
from tests.pages import queries_for, text
from tests.stale_saves import version_on


@pytest.fixture
def world(db):
    return make_world()


def audit_url(audit: Audit, suffix: str = "") -> str:
    return reverse("audits:audit_detail", args=[audit.trajectory_id, audit.pk]) + suffix


def form_data(audit: Audit, **changes) -> dict:
    audit.refresh_from_db()
    data = {
        "version": audit.version,
        "held_on": "10-02-2010",
        "overall_judgement": "onvoldoende",
        "conclusion": CONCLUSION,
        "decision": AuditDecision.ADJUST_PLAN,
        "decision_justification": "",
    }
    for line in audit.goal_judgements.all():
        data[f"goal_{line.goal_id}"] = "op_koers"
        data[f"goal_{line.goal_id}_note"] = "Zichtbaar in de lessen."
    return data | changes


def test_the_expert_draws_up_and_submits_a_year_1_audit_and_the_expert_group_adjusts_the_plan(client, world):
    audit = planned_audit(world)
    client.force_login(world[EDUCATION_EXPERT])
    content = text(client.get(audit_url(audit)))
    assert "Gepland" in content and "Audit gaan opstellen" in content
    response = client.post(audit_url(audit, "starten/"), follow=True)
    assert "De audit is gestart. Beoordeel elk doel van het plan en stel een besluit voor." in text(response)
    assert response.redirect_chain[-1][0] == audit_url(audit, "wijzigen/")

    response = client.post(audit_url(audit, "wijzigen/"), form_data(audit), follow=True)
    assert "De audit is opgeslagen." in text(response)
    response = client.post(
        audit_url(audit, "indienen/"), {"version": Audit.objects.get(pk=audit.pk).version}, follow=True
    )
    assert "De audit is ingediend bij de expertgroep." in text(response)

    client.force_login(world[EXPERT_GROUP])
    review_page = text(client.get(audit_url(audit, "vaststellen/")))
    assert "Audit vaststellen en het besluit uitvoeren" in review_page and CONCLUSION in review_page
    response = client.post(audit_url(audit, "vaststellen/"), {"decision": "goedgekeurd"}, follow=True)
    assert "De audit is vastgesteld. Er wordt een nieuwe versie van het verbeterplan gestart" in text(
        response
    )
    audit.refresh_from_db()
    assert audit.status == SubmissionStatus.APPROVED and audit.follow_up_plan.number == 2
    assert "Nieuwe planversie" in text(client.get(audit_url(audit)))


def test_a_future_date_and_a_third_year_without_justification_are_explained_in_dutch(client, world):
    audit = started_audit(world, AuditKind.YEAR_2)
    client.force_login(world[EDUCATION_EXPERT])
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    response = client.post(
        audit_url(audit, "wijzigen/"), form_data(audit, held_on=tomorrow, decision=AuditDecision.EXTEND)
    )
    content = text(response)
    assert response.status_code == 200
    assert "Deze datum ligt in de toekomst." in content
    assert "Een derde jaar vraagt om een schriftelijke onderbouwing" in content
    assert Audit.objects.get(pk=audit.pk).conclusion == ""


def test_the_submit_page_lists_what_is_missing(client, world):
    audit = started_audit(world)
    client.force_login(world[EDUCATION_EXPERT])
    content = text(client.get(audit_url(audit, "indienen/")))
    assert "De audit kan nog niet worden ingediend" in content
    assert "De datum waarop de audit is gehouden" in content
    assert 'name="version"' not in content  # no form to submit with


def test_a_returned_audit_shows_the_comments_to_the_experts(client, world):
    audit = submitted_audit(world)
    services.audit_return(user=world[EXPERT_GROUP], audit=audit, comments="Onderbouw het oordeel over lezen.")
    client.force_login(world[EDUCATION_EXPERT])
    content = text(client.get(audit_url(audit)))
    assert "Onderbouw het oordeel over lezen." in content and "Audit wijzigen" in content


def test_the_board_reads_an_audit_only_once_it_is_adopted(client, world):
    audit = submitted_audit(world)
    client.force_login(world[BOARD])
    content = text(client.get(audit_url(audit)))
    assert "U kunt de audit en het besluit hier lezen zodra hij is vastgesteld." in content
    assert CONCLUSION not in content
    assert client.get(audit_url(audit, "pdf/")).status_code == 404
    services.audit_adopt(user=world[EXPERT_GROUP], audit=audit)
    content = text(client.get(audit_url(audit)))
    assert CONCLUSION in content and "Plan bijstellen" in content
    assert client.get(audit_url(audit, "pdf/"))["Content-Type"] == "application/pdf"


def test_the_trajectory_page_shows_the_audits_and_asks_for_the_budget_revision(client, world):
    trajectory = executing_trajectory(world)
    audit = adopted_audit(world, AuditDecision.ADJUST_PLAN, trajectory=trajectory)
    client.force_login(world[STAFF])
    content = text(client.get(trajectory.get_absolute_url()))
    panel = content[content.index('data-testid="audits-panel"') :]
    assert "Audit na jaar 1" in panel and "Plan bijstellen" in panel and "planversie 2" in panel
    assert "Audit na jaar 2" in panel
    assert "Audit na jaar 1: Plan bijstellen" in content  # the task list's hint
    revision = audit.follow_up_plan
    plan_services.plan_submit(user=world[STAFF], plan=revision, expected_version=revision.version)
    plan_services.plan_approve(user=world[EXPERT_GROUP], plan=revision)
    content = text(client.get(trajectory.get_absolute_url()))
    assert "Stel de begroting van het goedgekeurde plan op en dien die in bij de expertgroep." in content


def test_my_tasks_show_the_audit_to_draw_up_and_the_audit_to_adopt(client, world):
    planned_audit(world)
    client.force_login(world[EDUCATION_EXPERT])
    assert "Stel de audit na jaar 1 op en dien hem in bij de expertgroep" in text(client.get("/mijn-taken/"))
    audit = Audit.objects.get(kind=AuditKind.YEAR_1)
    services.audit_start(user=world[EDUCATION_EXPERT], audit=audit)
    audit = drawn_up(world, audit, AuditDecision.CONTINUE)
    services.audit_submit(user=world[EDUCATION_EXPERT], audit=audit, expected_version=audit.version)
    client.force_login(world[EXPERT_GROUP])
    assert "Stel de audit na jaar 1 vast of stuur hem terug" in text(client.get("/mijn-taken/"))


def test_the_overview_filters_and_takes_the_same_queries_for_more_audits(client, world):
    first = executing_trajectory(world)
    adopted_audit(world, AuditDecision.CONTINUE, trajectory=first)
    client.force_login(world[STAFF])
    content = text(client.get("/uitvoering/audits/?state=vastgesteld"))
    assert "Doorgaan volgens plan" in content and "1 resultaat" in content
    assert "Audit na jaar 2" in text(client.get("/uitvoering/audits/?kind=jaar_2"))
    late = text(client.get("/uitvoering/audits/?overdue=on"))
    assert "1 resultaat" in late and "Te laat" in late and "Audit na jaar 2</td>" in late
    assert "Geen audits gevonden met deze filters" in text(
        client.get("/uitvoering/audits/?planned_until=01-01-2009")
    )
    small = queries_for(client, "/uitvoering/audits/")
    for _number in range(3):
        executing_trajectory(world, school=SchoolFactory(board=world.board))
    services.schedule_audits()
    assert Audit.objects.count() == 8
    assert queries_for(client, "/uitvoering/audits/") == small


def test_the_overview_is_for_staff_and_the_expert_group_only(client, world):
    client.force_login(world[EDUCATION_EXPERT])
    assert client.get("/uitvoering/audits/").status_code == 403
    client.force_login(world[EXPERT_GROUP])
    assert client.get("/uitvoering/audits/?_export=csv")["Content-Type"].startswith("text/csv")


def test_the_audit_report_holds_the_judgements_and_the_decision(world):
    trajectory = executing_trajectory(world)
    adopted_audit(world, AuditDecision.CONTINUE, trajectory=trajectory)
    audit = adopted_audit(world, AuditDecision.EXTEND, kind=AuditKind.YEAR_2, trajectory=trajectory)
    audit = audit_with_everything(audit)
    html = render_html("audits/pdf/audit.html", audit_pdf_context(audit))
    for shown in (
        "Audit na jaar 2",
        trajectory.school.name,
        "Op koers",
        "Uitvoering verlengen met een derde jaar",
        "Het team is vernieuwd",
        "10 februari 2010",
        "Vaststelling door de expertgroep",
    ):
        assert shown in html, shown
    assert "niet vastgesteld" not in html
    assert audit_pdf(audit).startswith(b"%PDF")


def test_the_audits_step_says_who_acts_next(world):
    from audits.selectors.audits import audits_next_step

    audit = planned_audit(world)
    action = audits_next_step(audit.trajectory)
    assert (
        str(action.text)
        == "Stel de audit na jaar 1 op (gepland op 14 februari 2010) en dien hem in bij de expertgroep."
    )
    assert str(action.who) == "Onderwijsexperts"
    services.audit_start(user=world[EDUCATION_EXPERT], audit=audit)
    audit = drawn_up(world, audit, AuditDecision.CONTINUE)
    services.audit_submit(user=world[EDUCATION_EXPERT], audit=audit, expected_version=audit.version)
    action = audits_next_step(audit.trajectory)
    assert (str(action.text), str(action.who)) == (
        "Stel de audit na jaar 1 vast of stuur hem terug met opmerkingen.",
        "Expertgroep",
    )


def test_a_submission_refused_because_a_colleague_saved_meanwhile_can_be_sent_again_after_reading(
    client, world
):
    audit = drawn_up(world, started_audit(world), AuditDecision.CONTINUE)
    client.force_login(world[EDUCATION_EXPERT])
    opened_at = Audit.objects.get(pk=audit.pk).version
    # A colleague saves the audit after the page was opened.
    colleague = text(
        client.post(audit_url(audit, "wijzigen/"), form_data(audit, conclusion="Nieuw."), follow=True)
    )
    assert "De audit is opgeslagen." in colleague

    refused = client.post(audit_url(audit, "indienen/"), {"version": opened_at})
    content = refused.content.decode()
    assert "Iemand anders heeft" in text(refused)
    assert Audit.objects.get(pk=audit.pk).status != SubmissionStatus.SUBMITTED
    # The page shown with the refusal is based on the version now read: sending it again is accepted.
    assert version_on(content) == Audit.objects.get(pk=audit.pk).version
    response = client.post(audit_url(audit, "indienen/"), {"version": version_on(content)}, follow=True)
    assert "De audit is ingediend bij de expertgroep." in text(response)


def test_staff_read_in_the_audits_history_who_drew_it_up_judged_each_goal_and_adopted_it(client, world):
    audit = started_audit(world)
    client.force_login(world[EDUCATION_EXPERT])
    client.post(audit_url(audit, "wijzigen/"), form_data(audit))
    client.post(audit_url(audit, "indienen/"), {"version": Audit.objects.get(pk=audit.pk).version})
    client.force_login(world[EXPERT_GROUP])
    client.post(audit_url(audit, "vaststellen/"), {"decision": "goedgekeurd"})
    assert audit_url(audit, "geschiedenis/") not in client.get(audit_url(audit)).content.decode()

    client.force_login(world[STAFF])
    assert f'href="{audit_url(audit, "geschiedenis/")}"' in client.get(audit_url(audit)).content.decode()
    page = client.get(audit_url(audit, "geschiedenis/"))
    main = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(page).split("<main", 1)[1]))
    expert, group = world[EDUCATION_EXPERT].get_full_name(), world[EXPERT_GROUP].get_full_name()
    assert "Wijzigingsgeschiedenis Audit na jaar 1, gepland op" in main
    assert f"Besloten Beoordeling van een audit Door {group} Besluit Goedgekeurd" in main
    assert f"Ingediend Beoordeling van een audit Door {expert}" in main
    assert f"Door {expert} Oordeel – → werd Op koers Toelichting – → werd Zichtbaar in de lessen." in main
    assert "Totaaloordeel – → werd Onvoldoende voortgang" in main
