"""Bad input to the trajectory services: a clear Dutch message (on the right field where there is one), and nothing
saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from improvement_plans import services
from improvement_plans.constants import (
    AnalysisTopic,
    IntakeOutcome,
    ObservationPoint,
    Phase,
    TrajectoryReason,
)
from improvement_plans.models import AnalysisFinding, ClassVisit, Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.constants import ReferenceList, SupervisionArrangement, Verdict
from tests.actors import BOARD, EDUCATION_EXPERT, EXPERT_GROUP, FINANCIAL_EXPERT, STAFF
from tests.factories import ClassVisitFactory, InspectionVerdictFactory, SchoolFactory
from tests.improvement_plans.trajectory_calls import (
    answered_findings,
    call_analysis_update,
    call_assign_experts,
    call_class_visit,
    call_declines,
    call_intake_schedule,
    call_interview,
    call_register,
    call_return,
    call_submit,
    call_withdraw,
    observations,
)
from tests.improvement_plans.worlds import REGISTERED_ON, refused, snapshot, trajectory_in
from tests.refusals import field_messages, messages_of

# Registration


def test_a_second_open_trajectory_for_the_same_school_is_refused(world):
    first = call_register(world, None, world[BOARD])
    error = refused(lambda: call_register(world, None, world[STAFF]))
    assert messages_of(error) == ["Deze school heeft al een lopend traject."]
    assert list(Trajectory.objects.filter(school=world.school)) == [first]


@pytest.mark.parametrize(
    "state", ["closed_at_intake", "withdrawn_during_analysis", "closed_after_sustaining"]
)
def test_after_an_ended_trajectory_the_school_may_register_again(world, state):
    ended = trajectory_in(world, state)
    again = call_register(world, None, world[BOARD], registered_on=timezone.localdate())
    assert again.phase == Phase.REGISTERED
    # The ended one stays in the school's history.
    assert set(world.school.trajectories.all()) == {ended, again}
    assert list(Trajectory.objects.open().filter(school=world.school)) == [again]


def test_the_reason_reference_list_needs_a_school_on_the_reference_list(world):
    school = SchoolFactory(board=world.board)
    InspectionVerdictFactory(school=school, date=datetime.date(2008, 1, 15), verdict=Verdict.WEAK)
    error = refused(
        lambda: services.trajectory_register(
            user=world[STAFF],
            school=school,
            reason=TrajectoryReason.REFERENCE_LIST,
            registered_on=REGISTERED_ON,
        )
    )
    assert field_messages(error, "reason") == [
        "Deze school staat niet op de referentielijst. Kies een andere reden."
    ]


def test_a_later_addition_to_the_reference_list_counts_as_on_the_list(world):
    school = SchoolFactory(board=world.board)
    InspectionVerdictFactory(
        school=school,
        date=datetime.date(2010, 3, 1),
        verdict=Verdict.WEAK,
        reference_list=ReferenceList.ADDITION,
    )
    trajectory = services.trajectory_register(
        user=world[STAFF], school=school, reason=TrajectoryReason.REFERENCE_LIST, registered_on=REGISTERED_ON
    )
    assert trajectory.reason == TrajectoryReason.REFERENCE_LIST


LATER_WEAK_MESSAGE = (
    "Het huidige oordeel van de school is geen (zeer) zwak oordeel van na 31 januari 2008. "
    "Leg eerst het oordeel vast, of kies een andere reden."
)


@pytest.mark.parametrize(
    "verdicts",
    [
        pytest.param([], id="no-verdict"),
        pytest.param(
            [(datetime.date(2009, 3, 1), Verdict.WEAK), (datetime.date(2011, 5, 1), Verdict.SUFFICIENT)],
            id="weak-then-sufficient",
        ),
        pytest.param(
            [(datetime.date(2007, 6, 1), Verdict.VERY_WEAK)], id="very-weak-before-the-reference-date"
        ),
        pytest.param([(datetime.date(2008, 1, 31), Verdict.WEAK)], id="weak-on-the-reference-date"),
    ],
)
def test_the_reason_later_weak_needs_a_current_weak_verdict_after_the_reference_date(world, verdicts):
    school = SchoolFactory(board=world.board)
    for date, verdict in verdicts:
        InspectionVerdictFactory(
            school=school,
            date=date,
            verdict=verdict,
            supervision_arrangement=SupervisionArrangement.BASIC
            if verdict == Verdict.SUFFICIENT
            else SupervisionArrangement.ADJUSTED,
        )
    error = refused(
        lambda: services.trajectory_register(
            user=world[STAFF], school=school, reason=TrajectoryReason.LATER_WEAK, registered_on=REGISTERED_ON
        )
    )
    assert field_messages(error, "reason") == [LATER_WEAK_MESSAGE]


def test_a_school_judged_weak_after_the_reference_date_may_register_as_later_weak(world):
    school = SchoolFactory(board=world.board)
    InspectionVerdictFactory(school=school, date=datetime.date(2008, 1, 15), verdict=Verdict.SUFFICIENT)
    InspectionVerdictFactory(school=school, date=datetime.date(2009, 11, 2), verdict=Verdict.VERY_WEAK)
    trajectory = services.trajectory_register(
        user=world[BOARD],
        school=school,
        reason=TrajectoryReason.LATER_WEAK,
        registered_on=datetime.date(2010, 1, 4),
    )
    assert (trajectory.reason, trajectory.phase) == (TrajectoryReason.LATER_WEAK, Phase.REGISTERED)


@pytest.mark.parametrize("reason", [TrajectoryReason.VOLUNTARY, TrajectoryReason.AT_RISK])
def test_a_voluntary_or_at_risk_school_needs_no_weak_verdict(world, reason):
    school = SchoolFactory(board=world.board)
    trajectory = services.trajectory_register(
        user=world[STAFF], school=school, reason=reason, registered_on=REGISTERED_ON
    )
    assert trajectory.reason == reason


def test_a_registration_date_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    error = refused(lambda: call_register(world, None, world[BOARD], registered_on=tomorrow))
    assert field_messages(error, "registered_on") == ["Deze datum ligt in de toekomst."]


def test_a_registration_date_before_2008_is_refused(world):
    error = refused(
        lambda: call_register(world, None, world[BOARD], registered_on=datetime.date(2007, 12, 31))
    )
    assert field_messages(error, "registered_on") == [
        "De kwaliteitsaanpak begon in 2008; vul een datum in vanaf 1 januari 2008."
    ]


def test_an_unknown_reason_is_refused_with_a_message(world):
    """BUG if this fails with ValueError: the service creates the trajectory and then crashes on
    `TrajectoryReason(reason).label` instead of refusing the reason."""
    error = refused(lambda: call_register(world, None, world[STAFF], reason="onzin"))
    assert field_messages(error, "reason")


# Intake

DUTCH_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def test_an_intake_date_before_the_registration_is_refused(world):
    trajectory = trajectory_in(world, "registered")
    error = refused(
        lambda: call_intake_schedule(world, trajectory, world[STAFF], intake_date=datetime.date(2008, 8, 31))
    )
    assert field_messages(error, "intake_date") == [
        "De intake kan niet plaatsvinden vóór de aanmelding op 1 september 2008."
    ]


def test_moving_the_intake_to_before_the_registration_is_refused(world):
    trajectory = trajectory_in(world, "intake")
    error = refused(
        lambda: call_intake_schedule(world, trajectory, world[STAFF], intake_date=datetime.date(2008, 8, 1))
    )
    assert field_messages(error, "intake_date")
    trajectory.refresh_from_db()
    assert trajectory.intake_date == datetime.date(2008, 9, 22)


def test_an_intake_without_experts_is_refused(world):
    trajectory = trajectory_in(world, "registered")
    error = refused(lambda: call_intake_schedule(world, trajectory, world[STAFF], experts=[]))
    assert field_messages(error, "experts") == ["Kies ten minste één expert die bij de intake is."]


def test_the_outcome_of_an_intake_that_has_not_taken_place_is_refused(world):
    trajectory = trajectory_in(world, "registered")
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    call_intake_schedule(world, trajectory, world[STAFF], intake_date=next_week)
    error = refused(
        lambda: services.intake_record_outcome(
            user=world[STAFF], trajectory=trajectory, outcome=IntakeOutcome.TAKES_PART
        )
    )
    long_date = f"{next_week.day} {DUTCH_MONTHS[next_week.month - 1]} {next_week.year}"
    assert messages_of(error) == [
        f"De intake is gepland op {long_date}; leg de uitkomst vast nadat die heeft plaatsgevonden."
    ]


@pytest.mark.parametrize("remarks", ["", "   \n"])
def test_declining_without_remarks_is_refused(world, remarks):
    trajectory = trajectory_in(world, "intake")
    error = refused(lambda: call_declines(world, trajectory, world[STAFF], remarks=remarks))
    assert field_messages(error, "remarks") == ["Schrijf op waarom de school niet meedoet."]
    trajectory.refresh_from_db()
    assert (trajectory.phase, trajectory.intake_outcome, trajectory.ended_on) == (Phase.INTAKE, "", None)


def test_an_unknown_intake_outcome_is_refused(world):
    """BUG if this fails: an outcome other than "takes part" is treated as "does not take part" and closes the
    trajectory (with remarks) or asks for remarks, instead of being refused."""
    trajectory = trajectory_in(world, "intake")
    error = refused(
        lambda: services.intake_record_outcome(
            user=world[STAFF], trajectory=trajectory, outcome="misschien", remarks="Twijfel."
        )
    )
    assert messages_of(error)


# Experts and withdrawing


def test_assigning_no_education_expert_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(lambda: call_assign_experts(world, trajectory, world[STAFF], education_experts_chosen=[]))
    assert field_messages(error, "education_experts") == ["Kies ten minste één onderwijsexpert."]


@pytest.mark.parametrize("actor", [BOARD, FINANCIAL_EXPERT, EXPERT_GROUP, Role.INSPECTION])
def test_only_education_experts_can_be_assigned_as_education_expert(world, actor):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(
        lambda: call_assign_experts(
            world, trajectory, world[STAFF], education_experts_chosen=[world[EDUCATION_EXPERT], world[actor]]
        )
    )
    assert field_messages(error, "education_experts") == [
        "Hier kunnen alleen onderwijsexperts worden toegewezen."
    ]


@pytest.mark.parametrize("actor", [EDUCATION_EXPERT, BOARD, STAFF])
def test_only_a_financial_expert_can_be_assigned_as_financial_expert(world, actor):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(
        lambda: call_assign_experts(world, trajectory, world[STAFF], financial_expert=world[actor])
    )
    assert field_messages(error, "financial_expert") == [
        "Hier kan alleen een financieel expert worden toegewezen."
    ]


def test_an_inactive_expert_cannot_be_assigned(world):
    expert = world[EDUCATION_EXPERT]
    expert.is_active = False
    expert.save()
    trajectory = trajectory_in(world, "registered")
    trajectory.education_experts.clear()
    error = refused(
        lambda: call_assign_experts(world, trajectory, world[STAFF], education_experts_chosen=[expert])
    )
    assert field_messages(error, "education_experts")


@pytest.mark.parametrize("reason", ["", "  "])
def test_withdrawing_without_a_reason_is_refused(world, reason):
    trajectory = trajectory_in(world, "intake")
    error = refused(lambda: call_withdraw(world, trajectory, world[STAFF], reason=reason))
    assert field_messages(error, "reason") == ["Geef de reden waarom het traject wordt teruggetrokken."]


# Class visits and interviews


def test_a_class_visit_without_observer_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], observer=None))
    assert field_messages(error, "observer") == ["Kies wie de les heeft geobserveerd."]


@pytest.mark.parametrize("how", ["left-out", "no-score"])
def test_a_class_visit_missing_a_score_is_refused(world, how):
    trajectory = trajectory_in(world, "analysis_draft")
    scores = observations()
    if how == "left-out":
        del scores[ObservationPoint.DIFFERENTIATION]
    else:
        scores[ObservationPoint.DIFFERENTIATION] = (None, "Niet gezien.")
    error = refused(lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], observations=scores))
    assert messages_of(error) == ["Geef een score voor: Differentiatie."]


def test_a_class_visit_dated_before_the_registration_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(
        lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], date=datetime.date(2008, 8, 29))
    )
    assert field_messages(error, "date") == ["De datum ligt vóór de aanmelding op 1 september 2008."]


def test_a_class_visit_dated_in_the_future_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    error = refused(lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], date=tomorrow))
    assert field_messages(error, "date") == ["Deze datum ligt in de toekomst."]


@pytest.mark.parametrize("group", [0, 9])
def test_a_class_visit_to_a_group_outside_1_to_8_is_refused(world, group):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], group=group))
    assert field_messages(error, "group")


@pytest.mark.parametrize("score", [0, 5])
def test_a_score_outside_the_four_point_scale_is_refused(world, score):
    """BUG if this fails with IntegrityError: the service does not check the scores and the database constraint
    `observation_score_1_to_4` breaks the request."""
    trajectory = trajectory_in(world, "analysis_draft")
    scores = observations()
    scores[ObservationPoint.INSTRUCTION] = (score, "")
    error = refused(lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], observations=scores))
    assert messages_of(error)


def test_changing_a_class_visit_keeps_one_observation_per_point(world):
    trajectory = trajectory_in(world, "analysis_draft")
    visit = call_class_visit(world, trajectory, world[EDUCATION_EXPERT])
    call_class_visit(
        world, trajectory, world[BOARD], visit=visit, group=6, observations=observations(score=4)
    )
    visit = ClassVisit.objects.get()
    assert visit.group == 6
    assert sorted(visit.observations.values_list("point", "score")) == sorted(
        (point.value, 4) for point in ObservationPoint
    )


def test_a_class_visit_of_another_trajectory_cannot_be_changed_through_this_one(world):
    trajectory = trajectory_in(world, "analysis_draft")
    elsewhere = ClassVisitFactory()
    refused(
        lambda: call_class_visit(world, trajectory, world[EDUCATION_EXPERT], visit=elsewhere),
        PermissionDenied,
    )


@pytest.mark.parametrize("summary", ["", " \n "])
def test_an_interview_without_summary_is_refused(world, summary):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(lambda: call_interview(world, trajectory, world[EDUCATION_EXPERT], summary=summary))
    assert field_messages(error, "summary") == ["Schrijf een korte samenvatting van het gesprek."]


def test_an_interview_dated_before_the_registration_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(
        lambda: call_interview(world, trajectory, world[EDUCATION_EXPERT], date=datetime.date(2008, 1, 2))
    )
    assert field_messages(error, "date") == ["De datum ligt vóór de aanmelding op 1 september 2008."]


# The analysis


def test_a_rating_outside_the_four_point_scale_is_refused(world):
    """BUG if this fails: analysis_update stores any number as a finding's rating (there is no check and no
    database constraint), although ratings are on a four-point scale."""
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(
        lambda: call_analysis_update(
            world,
            trajectory,
            world[EDUCATION_EXPERT],
            findings={AnalysisTopic.CHALLENGE: ("Leerlingen worden weinig uitgedaagd.", 7)},
        )
    )
    assert messages_of(error)


def test_submitting_with_one_question_unanswered_is_refused(world):
    trajectory = trajectory_in(world, "analysis_complete")
    AnalysisFinding.objects.filter(analysis=trajectory.analysis, topic=AnalysisTopic.CHALLENGE).update(
        rating=None
    )
    error = refused(lambda: call_submit(world, trajectory, world[BOARD]))
    assert messages_of(error) == [
        "De analyse is nog niet volledig. Vul een bevinding en een oordeel in voor: "
        "Wordt de leerling uitgedaagd om te leren?."
    ]
    analysis = trajectory.analysis
    analysis.refresh_from_db()
    assert analysis.status == SubmissionStatus.DRAFT
    assert not analysis.reviews.exists()
    assert not trajectory.events.exists()


def test_submitting_an_empty_analysis_names_everything_that_is_missing(world):
    trajectory = trajectory_in(world, "analysis_draft")
    trajectory.analysis.data_used = ""
    trajectory.analysis.save()
    error = refused(lambda: call_submit(world, trajectory, world[BOARD]))
    message, joint = messages_of(error)
    assert joint == (
        "De analyse wordt met de onderwijsexperts gemaakt. Nog nodig: ten minste één lesbezoek door een "
        "onderwijsexpert; een gesprek met de directeur, gevoerd door een onderwijsexpert; een gesprek met "
        "leraren of de intern begeleider (IB), gevoerd door een onderwijsexpert."
    )
    assert message.startswith(
        "De analyse is nog niet volledig. Vul een bevinding en een oordeel in voor: de gebruikte gegevens; "
    )
    for topic in AnalysisTopic:
        assert str(topic.label) in message
    assert "Wordt de leerling uitgedaagd om te leren?" in message  # in Dutch


def test_a_finding_without_text_counts_as_unanswered(world):
    trajectory = trajectory_in(world, "analysis_complete")
    AnalysisFinding.objects.filter(analysis=trajectory.analysis, topic=AnalysisTopic.LANGUAGE).update(
        finding="  "
    )
    error = refused(lambda: call_submit(world, trajectory, world[BOARD]))
    assert "Taal" in messages_of(error)[0]


@pytest.mark.parametrize("comments", ["", "   "])
def test_returning_without_comments_is_refused(world, comments):
    trajectory = trajectory_in(world, "analysis_submitted")
    error = refused(lambda: call_return(world, trajectory, world[EXPERT_GROUP], comments=comments))
    assert field_messages(error, "comments") == [
        "Schrijf op wat er moet veranderen voordat de analyse kan worden goedgekeurd."
    ]
    assert trajectory.analysis.reviews.get().decision == ""


# Who saved it and when, then what they changed (ADR 14).
STALE = "Iemand anders heeft deze analyse opgeslagen terwijl u eraan werkte ("
CHANGED = "Gebruikte gegevens → „Eindtoets 2006–2008, leerlingvolgsysteem, inspectierapport 2007.”"


def test_saving_an_older_version_of_the_analysis_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    call_analysis_update(world, trajectory, world[EDUCATION_EXPERT], expected_version=1)
    # The board opened version 1 too and saves after the expert.
    error = refused(
        lambda: call_analysis_update(
            world, trajectory, world[BOARD], expected_version=1, data_used="Alleen de eindtoets."
        )
    )
    [message] = messages_of(error)
    assert (
        message.startswith(STALE) and CHANGED in message and "Uw wijzigingen zijn niet opgeslagen." in message
    )
    trajectory.analysis.refresh_from_db()
    assert trajectory.analysis.data_used.startswith("Eindtoets 2006–2008")


def test_submitting_an_older_version_of_the_analysis_is_refused(world):
    trajectory = trajectory_in(world, "analysis_complete")
    call_analysis_update(
        world, trajectory, world[EDUCATION_EXPERT], expected_version=1, findings=answered_findings()
    )
    error = refused(lambda: call_submit(world, trajectory, world[BOARD], expected_version=1))
    [message] = messages_of(error)
    assert message.startswith(STALE) and CHANGED in message and "Er is niets ingediend" in message
    analysis = trajectory.analysis
    analysis.refresh_from_db()
    assert (analysis.status, analysis.version) == (SubmissionStatus.DRAFT, 2)
    assert not analysis.reviews.exists()


def test_an_empty_message_is_refused(world):
    trajectory = trajectory_in(world, "analysis_draft")
    error = refused(
        lambda: services.note_add(user=world[BOARD], trajectory=trajectory, text="  ", visibility="gedeeld")
    )
    assert field_messages(error, "text") == ["Schrijf een bericht."]


def test_the_snapshot_notices_a_change(world):
    """The "nothing changed" check of these tests can fail."""
    trajectory = trajectory_in(world, "analysis_draft")
    before = snapshot()
    AnalysisFinding.objects.filter(analysis=trajectory.analysis, topic=AnalysisTopic.TEAM).update(rating=2)
    assert snapshot() != before
