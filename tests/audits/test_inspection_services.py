"""The services of the Inspectie's reviews of interim results and the supervision arrangements: who may call
them, what bad input says (in Dutch) while nothing changes, the stale-version refusal, and the scheduled job."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from audits import constants
from audits.constants import Arrangement, AuditEventKind, InterimJudgement, Subject
from audits.models import InspectionReview, SupervisionArrangement
from audits.services import inspection as services
from kwaliteitsaanpak.accounts.roles import Role
from tests.audits.factories_inspection import (
    InspectionReviewFactory,
    SupervisionArrangementFactory,
    fill_every_subject,
    submitted_review,
)
from tests.factories import TrajectoryFactory, UserFactory
from tests.refusals import NOT_ALLOWED, field_messages, messages_of, refused_unchanged

APPS = ("audits", "improvement_plans")
pytestmark = pytest.mark.django_db


def _actor(role: Role, trajectory):
    if role == Role.SCHOOL_BOARD:
        return UserFactory(role=role, school_board=trajectory.school.board)
    if role == Role.SCHOOL_DIRECTOR:
        return UserFactory(role=role, school=trajectory.school)
    return UserFactory(role=role)


FULL_GRID = {
    (subject, grade): (Decimal("70"), Decimal("65")) for subject in Subject.values for grade in range(3, 9)
}

SUPPLIERS = {Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR}


@pytest.mark.parametrize("role", list(Role))
def test_only_the_board_and_director_supply_results(role):
    review = InspectionReviewFactory()
    user = _actor(role, review.trajectory)
    call = lambda: services.interim_results_save(  # noqa: E731
        user=user, review=review, expected_version=review.version, results=FULL_GRID
    )
    if role in SUPPLIERS:
        call()
        assert review.results.count() == 24
    else:
        assert str(refused_unchanged(APPS, call, PermissionDenied)) == NOT_ALLOWED


@pytest.mark.parametrize("role", list(Role))
def test_only_the_board_submits(role):
    review = InspectionReviewFactory()
    fill_every_subject(review)
    user = _actor(role, review.trajectory)
    call = lambda: services.interim_results_submit(user=user, review=review, expected_version=review.version)  # noqa: E731
    if role == Role.SCHOOL_BOARD:
        call()
        review.refresh_from_db()
        assert review.is_submitted
        assert review.trajectory.events.filter(kind=AuditEventKind.INTERIM_RESULTS_SUBMITTED).exists()
    else:
        assert str(refused_unchanged(APPS, call, PermissionDenied)) == NOT_ALLOWED


@pytest.mark.parametrize("role", list(Role))
def test_only_the_inspectie_judges_and_returns(role):
    review = submitted_review()
    user = _actor(role, review.trajectory)
    judge = lambda: services.interim_results_judge(  # noqa: E731
        user=user, review=review, judgement=InterimJudgement.SUFFICIENT, note="Op koers."
    )
    back = lambda: services.interim_results_return(user=user, review=review, comments="Groep 5 ontbreekt.")  # noqa: E731
    if role == Role.INSPECTION:
        judge()
        review.refresh_from_db()
        assert (review.is_approved, review.judgement) == (True, InterimJudgement.SUFFICIENT)
    else:
        assert str(refused_unchanged(APPS, judge, PermissionDenied)) == NOT_ALLOWED
        assert str(refused_unchanged(APPS, back, PermissionDenied)) == NOT_ALLOWED


@pytest.mark.parametrize("role", list(Role))
def test_only_the_inspectie_records_an_arrangement(role):
    trajectory = TrajectoryFactory()
    user = _actor(role, trajectory)
    call = lambda: services.arrangement_record(  # noqa: E731
        user=user, school=trajectory.school, school_year=2026, arrangement=Arrangement.BASIC
    )
    with time_machine.travel(datetime.date(2027, 1, 15)):
        if role == Role.INSPECTION:
            call()
            assert SupervisionArrangement.objects.filter(school=trajectory.school, school_year=2026).exists()
        else:
            assert str(refused_unchanged(APPS, call, PermissionDenied)) == NOT_ALLOWED


def _board(review):
    return _actor(Role.SCHOOL_BOARD, review.trajectory)


@pytest.mark.parametrize(
    ("cell", "field", "message"),
    [
        ((Decimal("100.5"), Decimal("65")), "rekenen_5_share", "Vul een percentage in tussen 0 en 100."),
        ((Decimal("70"), Decimal("101")), "rekenen_5_norm", "Vul een percentage in tussen 0 en 100."),
        (
            (Decimal("70"), None),
            "rekenen_5_norm",
            "Rekenen, groep 5: vul de norm in waarmee het percentage wordt vergeleken.",
        ),
        (
            (None, Decimal("65")),
            "rekenen_5_share",
            "Rekenen, groep 5: vul het percentage leerlingen op of boven de norm in.",
        ),
        (
            (Decimal("70.25"), Decimal("65")),
            "rekenen_5_share",
            "Vul een percentage in met hoogstens één cijfer achter de komma.",
        ),
    ],
)
def test_bad_results_are_refused_in_dutch_and_nothing_is_saved(cell, field, message):
    review = InspectionReviewFactory()
    user = _board(review)
    grid = {**FULL_GRID, (Subject.ARITHMETIC.value, 5): cell}
    error = refused_unchanged(
        APPS,
        lambda: services.interim_results_save(
            user=user, review=review, expected_version=review.version, results=grid
        ),
    )
    assert field_messages(error, field) == [message]


def test_a_grade_left_empty_is_not_tested_and_may_be_submitted():
    review = InspectionReviewFactory()
    user = _board(review)
    grid = {**FULL_GRID, (Subject.TECHNICAL_READING.value, 8): (None, None)}
    services.interim_results_save(
        user=user, review=review, expected_version=1, results=grid, school_remarks=" x "
    )
    review.refresh_from_db()
    assert review.results.count() == 23
    assert review.school_remarks == "x"
    services.interim_results_submit(user=user, review=review, expected_version=review.version)
    assert InspectionReview.objects.get(pk=review.pk).is_submitted


def test_a_subject_without_results_cannot_be_submitted():
    review = InspectionReviewFactory()
    user = _board(review)
    grid = {key: value for key, value in FULL_GRID.items() if key[0] != Subject.SPELLING}
    services.interim_results_save(user=user, review=review, expected_version=1, results=grid)
    review.refresh_from_db()
    error = refused_unchanged(
        APPS,
        lambda: services.interim_results_submit(user=user, review=review, expected_version=review.version),
    )
    assert messages_of(error) == [
        "De tussenopbrengsten zijn niet compleet. Er ontbreken nog: resultaten voor spelling."
    ]


def test_a_save_based_on_an_older_version_is_refused():
    review = InspectionReviewFactory()
    user = _board(review)
    services.interim_results_save(user=user, review=review, expected_version=1, results=FULL_GRID)
    error = refused_unchanged(
        APPS,
        lambda: services.interim_results_save(user=user, review=review, expected_version=1, results={}),
    )
    assert "Iemand anders heeft deze beoordeling opgeslagen" in messages_of(error)[0]


def test_submitted_results_cannot_be_changed():
    review = submitted_review()
    error = refused_unchanged(
        APPS,
        lambda: services.interim_results_save(
            user=_board(review), review=review, expected_version=review.version, results=FULL_GRID
        ),
    )
    assert messages_of(error) == ["De tussenopbrengsten zijn ingediend en kunnen niet meer worden gewijzigd."]


def test_an_insufficient_judgement_needs_a_note():
    review = submitted_review()
    inspector = UserFactory(role=Role.INSPECTION)
    error = refused_unchanged(
        APPS,
        lambda: services.interim_results_judge(
            user=inspector, review=review, judgement=InterimJudgement.INSUFFICIENT, note=" "
        ),
    )
    assert field_messages(error, "note") == ["Schrijf op wat tekortschiet, voor de school en haar bestuur."]


def test_a_return_needs_comments_and_reopens_the_results():
    review = submitted_review()
    inspector = UserFactory(role=Role.INSPECTION)
    error = refused_unchanged(
        APPS, lambda: services.interim_results_return(user=inspector, review=review, comments="")
    )
    assert field_messages(error, "comments")
    services.interim_results_return(user=inspector, review=review, comments="Groep 5 ontbreekt.")
    review.refresh_from_db()
    assert review.is_returned and review.is_editable
    error = refused_unchanged(
        APPS,
        lambda: services.interim_results_judge(
            user=inspector, review=review, judgement=InterimJudgement.SUFFICIENT
        ),
    )
    assert messages_of(error) == ["Er zijn geen ingediende tussenopbrengsten om te beoordelen."]


def test_changing_an_arrangement_keeps_history_and_refuses_a_stale_change():
    arrangement = SupervisionArrangementFactory(
        school=TrajectoryFactory().school, arrangement=Arrangement.ADJUSTED
    )
    inspector = UserFactory(role=Role.INSPECTION)
    seen = arrangement.recorded_at
    with time_machine.travel(datetime.date(2027, 1, 15)):
        services.arrangement_record(
            user=inspector,
            school=arrangement.school,
            school_year=2026,
            arrangement=Arrangement.BASIC,
            expected_recorded_at=seen,
        )
        error = refused_unchanged(
            APPS,
            lambda: services.arrangement_record(
                user=inspector,
                school=arrangement.school,
                school_year=2026,
                arrangement=Arrangement.ADJUSTED,
                expected_recorded_at=seen,
            ),
        )
    assert "Iemand anders heeft het arrangement" in messages_of(error)[0]
    arrangement.refresh_from_db()
    assert arrangement.arrangement == Arrangement.BASIC
    assert [row.arrangement for row in arrangement.history.order_by("history_date")] == ["aangepast", "basis"]


def test_an_arrangement_needs_a_participating_school_and_a_choice():
    inspector = UserFactory(role=Role.INSPECTION)
    school = InspectionReviewFactory(trajectory__ended_on=datetime.date(2020, 1, 1)).school
    with time_machine.travel(datetime.date(2027, 1, 15)):
        error = refused_unchanged(
            APPS,
            lambda: services.arrangement_record(
                user=inspector, school=school, school_year=2026, arrangement=""
            ),
        )
    assert field_messages(error, "school") == ["Kies een school die deelneemt aan de kwaliteitsaanpak."]
    assert field_messages(error, "arrangement") == ["Kies het toezichtarrangement."]


# The scheduled job


@pytest.mark.parametrize(
    ("today", "moments"),
    [
        (datetime.date(2027, 1, 31), []),
        (datetime.date(2027, 2, 1), [constants.TestMoment.MID_YEAR]),
        (datetime.date(2027, 6, 30), [constants.TestMoment.MID_YEAR]),
        (datetime.date(2027, 7, 1), [constants.TestMoment.MID_YEAR, constants.TestMoment.END_OF_YEAR]),
        (datetime.date(2027, 8, 1), []),
    ],
)
def test_the_job_creates_the_reviews_of_the_test_moments_passed_once(today, moments):
    executing = TrajectoryFactory(phase="uitvoering")
    TrajectoryFactory(phase="plan")
    TrajectoryFactory(phase="uitvoering", ended_on=datetime.date(2026, 1, 1))
    with time_machine.travel(today):
        assert services.schedule_inspection_reviews() == len(moments)
        assert services.schedule_inspection_reviews() == 0
    reviews = InspectionReview.objects.order_by("test_moment")
    assert sorted(review.test_moment for review in reviews) == sorted(moments)
    for review in reviews:
        assert (review.school_id, review.trajectory_id, review.school_year) == (
            executing.school_id,
            executing.pk,
            2026,
        )
        month = 2 if review.test_moment == constants.TestMoment.MID_YEAR else 7
        assert review.due_on == datetime.date(2027, month, 1) + datetime.timedelta(days=28)
        assert review.is_editable
