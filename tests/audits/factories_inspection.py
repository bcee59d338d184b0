"""Factories of the inspection area: reviews of interim results, their results and submissions, and supervision
arrangements."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from audits.constants import Arrangement, Grade, Subject, TestMoment
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import ReviewFactory, TrajectoryFactory, UserFactory


class InspectionReviewFactory(DjangoModelFactory):
    """A review of a school in execution, still to supply unless `status` says otherwise."""

    class Meta:
        model = "audits.InspectionReview"

    trajectory = factory.SubFactory(TrajectoryFactory, execution_started_on=datetime.date(2025, 9, 1))
    school = factory.SelfAttribute("trajectory.school")
    school_year = 2025
    test_moment = TestMoment.MID_YEAR
    due_on = datetime.date(2026, 3, 1)


class InterimResultFactory(DjangoModelFactory):
    class Meta:
        model = "audits.InterimResult"

    review = factory.SubFactory(InspectionReviewFactory)
    subject = Subject.ARITHMETIC
    grade = 5
    share_at_norm = Decimal("72.5")
    norm = Decimal("65.0")


class InspectionJudgementFactory(ReviewFactory):
    class Meta:
        model = "audits.InspectionJudgement"

    inspection_review = factory.SubFactory(InspectionReviewFactory, status="ingediend")


class SupervisionArrangementFactory(DjangoModelFactory):
    class Meta:
        model = "audits.SupervisionArrangement"

    school = factory.SubFactory("tests.factories.SchoolFactory")
    school_year = 2026
    arrangement = Arrangement.ADJUSTED
    extra_supervision = "Een extra inspectiebezoek in het voorjaar."
    recorded_by = factory.SubFactory(UserFactory, role=Role.INSPECTION)


def fill_every_subject(review, share: str = "71.5", norm: str = "65") -> None:
    """Results for every subject in every grade (what a complete submission has)."""
    InterimResultFactory.create_batch(
        len(Subject.values) * len(Grade.values),
        review=review,
        subject=factory.Iterator([subject for subject in Subject.values for _ in Grade.values]),
        grade=factory.Iterator(Grade.values),
        share_at_norm=Decimal(share),
        norm=Decimal(norm),
    )


def submitted_review(**kwargs):
    """A complete review submitted to the Inspectie, with its pending submission."""
    review = InspectionReviewFactory(status="ingediend", **kwargs)
    fill_every_subject(review)
    InspectionJudgementFactory(inspection_review=review)
    return review
