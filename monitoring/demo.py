"""Fictional demo data for `make run`: `seed_demo` fills an empty register through each app's own demo module.

Each app makes its own part, next to the models it must stay in step with, in the order of the dependency chain:
`schools.demo` the register (boards, schools, verdict histories) and one user per role, `improvement_plans.demo`
the trajectories with their analyses and plans, `finance.demo` the budgets, grants and spending, and `audits.demo`
the execution of the trajectories in execution today (progress reports, expert visits, audits, inspection reviews,
scheduled for today's date and then put in every state); monitoring's own `demo_indicators` adds final-test results,
LWOO percentages, pupil numbers and the G4 and national averages. The orchestration lives in monitoring, the app that may use
every other app. Everything is invented: demo BRIN numbers start with 99, a range DUO does not use.
"""

import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from audits import demo as audits_demo
from finance import demo as finance_demo
from improvement_plans import demo as improvement_plans_demo
from schools import demo as schools_demo
from schools.models import School

from .demo_borging import seed_borging
from .demo_indicators import seed_indicators
from .demo_rounds import seed_rounds


@dataclass
class DemoLogin:
    role: str
    email: str
    board: str | None  # the board of a board user, the school of a school director


@transaction.atomic
def seed_demo(*, seed: int = 2008) -> tuple[bool, list[DemoLogin]]:
    """Fill an empty register with demo data and make sure the demo users exist.

    Returns whether the register was filled (False when it already held schools) and the demo logins.
    """
    filled = not School.objects.exists()
    if filled:
        schools_demo.create_register(random.Random(seed))  # noqa: S311 (seeded on purpose: the same demo every time)
    users = schools_demo.ensure_users()
    if filled:
        today = timezone.localdate()
        trajectories = improvement_plans_demo.create_trajectories(users, today)
        finance_demo.create_budgets(trajectories, users, today)
        revision = improvement_plans_demo.create_revision(users)
        if revision is not None:
            finance_demo.create_budget_revision(revision, users)
        audits_demo.create_execution(users, today)
        seed_indicators(random.Random(seed))  # noqa: S311 (seeded on purpose)
        seed_rounds()
        seed_borging()
    logins = [
        DemoLogin(
            role=role.label,
            email=user.email,
            board=str(user.school_board or user.school) if (user.school_board or user.school) else None,
        )
        for role, user in users.items()
    ]
    return filled, logins
