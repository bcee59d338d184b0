"""Fictional demo data for `make run`: `seed_demo` fills an empty register through each app's own demo module.

Each app makes its own part, next to the models it must stay in step with, in the order of the dependency chain:
`schools.demo` the register (boards, schools, verdict histories) and one user per role, `improvement_plans.demo`
the trajectories with their analyses and plans, `finance.demo` the budgets, grants and spending. The orchestration
lives in monitoring, the app that may use every other app. Everything is invented: demo BRIN numbers start with 99,
a range DUO does not use.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from finance import demo as finance_demo
from improvement_plans import demo as improvement_plans_demo
from schools import demo as schools_demo
from schools.models import School


@dataclass
class DemoLogin:
    role: str
    email: str
    board: str | None


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
        trajectories = improvement_plans_demo.create_trajectories(users)
        finance_demo.create_budgets(trajectories, users)
        revision = improvement_plans_demo.create_revision(users)
        if revision is not None:
            finance_demo.create_budget_revision(revision, users)
    logins = [
        DemoLogin(
            role=role.label, email=user.email, board=str(user.school_board) if user.school_board else None
        )
        for role, user in users.items()
    ]
    return filled, logins
