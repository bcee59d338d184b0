"""Demo data of the visits area: called by the execution demo (`audits/demo.py`), after it ran
`schedule_expert_visits`. Everything is written through the services, as the expert would."""

from __future__ import annotations

import datetime

from django.utils import timezone

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.dates import quarter_period

from .constants import VISIT_DAY_IN_QUARTER, VisitStatus
from .models import ExpertVisit
from .services import visits as services
from .services.visits import current_quarter

SPOKEN_WITH = "De directeur, de intern begeleider en de leerkrachten van groep 3 en 4."
FINDINGS = [
    "De school werkt volgens plan. De nieuwe rekenmethode is in alle groepen ingevoerd; "
    "de leerkrachten zijn enthousiast over de scholing.",
    "De groepsplannen voor taal zijn klaar. De instructie in groep 5 is nog weinig gedifferentieerd.",
    "Het team is gestart met collegiale consultatie; de directeur bezoekt elke week twee groepen.",
]
STAGNATION_FINDINGS = (
    "De uitvoering loopt achter: de groepsplannen voor rekenen zijn niet af, de intern begeleider is ziek en "
    "de geplande scholing is niet begonnen. Met de directeur zijn afspraken gemaakt."
)


def seed(users: dict, today: datetime.date) -> None:
    """On the trajectories in execution: the visits of the quarters before `today` recorded; on the first (the
    director's school when it is in execution) the last visit stagnating with two open actions, one of them
    overdue; on the second a stagnating visit whose action has been closed. The current quarter's visit stays
    planned, as `schedule_expert_visits` left it."""
    staff = users[Role.PROGRAMME_STAFF]
    director = users.get(Role.SCHOOL_DIRECTOR)
    trajectories = list(
        Trajectory.objects.open()
        .filter(phase=Phase.EXECUTION, execution_started_on__isnull=False)
        .select_related("school")
        .prefetch_related("education_experts")
        .order_by("pk")
    )
    if director is not None and director.school_id:
        trajectories.sort(key=lambda trajectory: trajectory.school_id != director.school_id)
    real_today = timezone.localdate()
    for index, trajectory in enumerate(trajectories):
        experts = list(trajectory.education_experts.all())
        recorder = experts[0] if experts else staff
        quarters = min(
            current_quarter(trajectory.execution_started_on, today) - 1, trajectory.execution_quarters
        )
        last = None
        for quarter in range(1, quarters + 1):
            day = quarter_period(trajectory.execution_started_on, quarter)[0] + VISIT_DAY_IN_QUARTER
            if day > real_today:
                break
            visit, _created = ExpertVisit.objects.get_or_create(
                trajectory=trajectory, quarter=quarter, defaults={"planned_on": day, "expert": recorder}
            )
            if visit.status != VisitStatus.PLANNED:
                continue
            stagnating = index < 2 and quarter == quarters
            last = services.visit_record(
                user=recorder,
                visit=visit,
                expected_version=visit.version,
                visited_on=day,
                spoken_with=SPOKEN_WITH,
                classes_visited="Groep 3, 5 en 7",
                findings=STAGNATION_FINDINGS if stagnating else FINDINGS[quarter % len(FINDINGS)],
                stagnating=stagnating,
            )
        if last is None or not last.stagnating:
            continue
        _agree_actions(recorder, last, today, close=index == 1)


def _agree_actions(user, visit: ExpertVisit, today: datetime.date, *, close: bool) -> None:
    overdue_on = visit.visited_on + datetime.timedelta(days=14)
    first = services.action_add(
        user=user,
        visit=visit,
        description="De intern begeleider maakt de groepsplannen rekenen voor groep 3 tot en met 8 af.",
        responsible="Intern begeleider",
        due_on=overdue_on if overdue_on < today else today + datetime.timedelta(days=14),
    )
    if close:
        services.action_close(
            user=user,
            action=first,
            closing_note="De groepsplannen zijn af en besproken in de teamvergadering.",
        )
        return
    services.action_add(
        user=user,
        visit=visit,
        description="De directeur plant de scholing directe instructie opnieuw in, vóór de volgende vakantie.",
        responsible="Directeur",
        due_on=min(
            max(today, visit.visited_on) + datetime.timedelta(days=30),
            visit.visited_on + datetime.timedelta(days=360),
        ),
    )
