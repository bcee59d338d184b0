"""Factories for the tests of "my tasks", the profile and the calendar feed: a returned or submitted analysis, plan
or budget with its review, and expert visits and audits for the calendar."""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests.factories import (
    AnalysisFactory,
    AnalysisReviewFactory,
    BudgetFactory,
    BudgetReviewFactory,
    ImprovementPlanFactory,
    PlanReviewFactory,
    TrajectoryFactory,
    UserFactory,
)


def at(day: datetime.date) -> datetime.datetime:
    """Ten in the morning of `day`, in UTC."""
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC)


def returned(review_factory, submitted_on: datetime.date, returned_on: datetime.date, **kwargs):
    """A record of the review's kind, returned with comments on `returned_on`."""
    return review_factory(
        submitted_at=at(submitted_on),
        decision="teruggestuurd",
        decided_at=at(returned_on),
        decided_by=UserFactory(),
        comments="Maak de analyse concreter.",
        **kwargs,
    )


def returned_analysis(school, returned_on: datetime.date):
    analysis = AnalysisFactory(trajectory__school=school, status="teruggestuurd", answered=True)
    returned(AnalysisReviewFactory, returned_on - datetime.timedelta(days=7), returned_on, analysis=analysis)
    return analysis


def submitted_analysis(school, submitted_on: datetime.date):
    analysis = AnalysisFactory(trajectory__school=school, status="ingediend", answered=True)
    AnalysisReviewFactory(analysis=analysis, submitted_at=at(submitted_on))
    return analysis


def submitted_plan(school, submitted_on: datetime.date, **kwargs):
    plan = ImprovementPlanFactory(trajectory__school=school, status="ingediend", **kwargs)
    PlanReviewFactory(plan=plan, submitted_at=at(submitted_on))
    return plan


def returned_plan(school, returned_on: datetime.date):
    plan = ImprovementPlanFactory(trajectory__school=school, status="teruggestuurd")
    returned(PlanReviewFactory, returned_on - datetime.timedelta(days=7), returned_on, plan=plan)
    return plan


def approved_plan(school, **kwargs):
    return ImprovementPlanFactory(
        trajectory__school=school,
        trajectory__phase="uitvoering",
        status="goedgekeurd",
        approved_at=at(datetime.date(2009, 1, 5)),
        **kwargs,
    )


def submitted_budget(school, submitted_on: datetime.date):
    budget = BudgetFactory(plan=approved_plan(school), status="ingediend")
    BudgetReviewFactory(budget=budget, submitted_at=at(submitted_on))
    return budget


def returned_budget(school, returned_on: datetime.date, financial_expert=None):
    plan = approved_plan(school, trajectory__financial_expert=financial_expert)
    budget = BudgetFactory(plan=plan, status="teruggestuurd")
    returned(BudgetReviewFactory, returned_on - datetime.timedelta(days=7), returned_on, budget=budget)
    return budget


class ExpertVisitFactory(DjangoModelFactory):
    class Meta:
        model = "audits.ExpertVisit"

    trajectory = factory.SubFactory(TrajectoryFactory)
    quarter = factory.Sequence(lambda n: n % 8 + 1)
    planned_on = datetime.date(2009, 3, 2)


class AuditFactory(DjangoModelFactory):
    class Meta:
        model = "audits.Audit"

    trajectory = factory.SubFactory(TrajectoryFactory)
    kind = "jaar_1"
    planned_on = datetime.date(2010, 1, 15)
