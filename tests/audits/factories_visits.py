"""Factories of the visits area: a trajectory in execution with its education expert, a visit, an agreed action."""

import datetime

import factory
from factory.django import DjangoModelFactory

from audits.constants import VisitStatus
from audits.models import ExpertVisit, StagnationAction
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import TrajectoryFactory, UserFactory

# Execution of the trajectories below starts on 2 February 2009: quarter 1 runs to 1 May, quarter 2 to 1 August.
EXECUTION_START = datetime.date(2009, 2, 2)


class ExecutingTrajectoryFactory(TrajectoryFactory):
    """A trajectory in execution since EXECUTION_START; `expert` (an education expert, made unless given) is
    assigned."""

    class Meta:
        skip_postgeneration_save = True

    phase = Phase.EXECUTION
    execution_started_on = EXECUTION_START

    @factory.post_generation
    def expert(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        obj.education_experts.add(extracted or UserFactory(role=Role.EDUCATION_EXPERT))


class ExpertVisitFactory(DjangoModelFactory):
    class Meta:
        model = ExpertVisit

    trajectory = factory.SubFactory(ExecutingTrajectoryFactory)
    quarter = 1
    planned_on = datetime.date(2009, 3, 19)
    status = VisitStatus.PLANNED


class RecordedVisitFactory(ExpertVisitFactory):
    """A visit recorded on its planned day, stagnating unless told otherwise."""

    status = VisitStatus.DONE
    visited_on = factory.SelfAttribute("planned_on")
    spoken_with = "De directeur en de intern begeleider"
    findings = "De groepsplannen rekenen zijn niet af."
    stagnating = True
    recorded_by = factory.SubFactory(UserFactory, role=Role.EDUCATION_EXPERT)


class StagnationActionFactory(DjangoModelFactory):
    class Meta:
        model = StagnationAction

    visit = factory.SubFactory(RecordedVisitFactory)
    trajectory = factory.SelfAttribute("visit.trajectory")
    description = factory.Sequence(lambda n: f"De intern begeleider maakt groepsplan {n} af.")
    responsible = "Intern begeleider"
    due_on = datetime.date(2009, 4, 15)
    created_by = factory.SubFactory(UserFactory, role=Role.EDUCATION_EXPERT)
