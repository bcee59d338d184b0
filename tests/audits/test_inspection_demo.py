"""The inspection area's demo data: reviews in every state a user should see and arrangements, with one school
left without an arrangement for the Inspectie's task."""

import datetime

import pytest

from audits import demo_inspection
from audits.models import InspectionReview, SupervisionArrangement
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import TrajectoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_puts_reviews_in_every_state_and_records_arrangements():
    trajectories = TrajectoryFactory.create_batch(3, execution_started_on=datetime.date(2025, 9, 1))
    TrajectoryFactory(execution_started_on=datetime.date(2026, 9, 1))  # too late for the last test moments
    users = {role: UserFactory(role=role) for role in Role}
    users[Role.SCHOOL_DIRECTOR].school = trajectories[1].school
    users[Role.SCHOOL_DIRECTOR].save()

    demo_inspection.seed(users, datetime.date(2026, 12, 2))

    reviews = InspectionReview.objects.all()
    assert {(review.school_year, review.test_moment) for review in reviews} == {
        (2025, "midden"),
        (2025, "eind"),
    }
    assert reviews.count() == 6
    assert {review.status for review in reviews} == {"goedgekeurd", "concept", "ingediend", "teruggestuurd"}
    assert set(reviews.exclude(judgement="").values_list("judgement", flat=True)) == {
        "voldoende",
        "onvoldoende",
    }
    assert reviews.filter(
        school=trajectories[1].school, status="concept"
    ).exists()  # the director's to supply
    assert SupervisionArrangement.objects.filter(school_year=2026).count() == 3
