"""The world the finance service tests start from: the world of the trajectory tests (tests/improvement_plans/
worlds.py) plus a financial expert who is not assigned to its trajectories, the actors of the finance matrix, and
`snapshot` and `refused` over the finance and trajectory apps: a refused call changes nothing in either."""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.formats import date_format

from finance.constants import Quarter
from kwaliteitsaanpak.accounts.roles import Role
from tests.actors import UNASSIGNED_EXPERT, UNASSIGNED_FINANCIAL_EXPERT
from tests.factories import UserFactory
from tests.improvement_plans.worlds import ACTOR_IDS as TRAJECTORY_ACTOR_IDS
from tests.improvement_plans.worlds import ACTORS as TRAJECTORY_ACTORS
from tests.improvement_plans.worlds import World
from tests.pages import euro
from tests.refusals import changes_or_refused, fingerprint, refused_unchanged

# The actors: those of the trajectory tests, plus a financial expert who holds the role's permissions but is not
# assigned to this trajectory.
ACTORS = [*TRAJECTORY_ACTORS, UNASSIGNED_FINANCIAL_EXPERT]
ACTOR_IDS = TRAJECTORY_ACTOR_IDS | {
    UNASSIGNED_EXPERT: "unassigned_education_expert",
    UNASSIGNED_FINANCIAL_EXPERT: "unassigned_financial_expert",
}

WAIVED_ON = datetime.date(2009, 1, 12)
RETURN_COMMENT = "Onderbouw de kosten van de coaching per schooljaar."
REVISION_REASON = "De audit na jaar 1: taal blijft achter, de rekenscholing wordt verlengd."
FIRST_QUARTER = Quarter(2009, 1)


eur = euro  # an amount as a Dutch reader sees it: "€ 12.500,00" with a no-break space


def long_date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# The world


class FinanceWorld(World):
    """The world of the trajectory tests, plus a financial expert who is not assigned to its trajectories."""

    def __getitem__(self, actor):
        if actor == UNASSIGNED_FINANCIAL_EXPERT and actor not in self.users:
            self.users[actor] = UserFactory(role=Role.FINANCIAL_EXPERT)
        return super().__getitem__(actor)


def make_world() -> FinanceWorld:
    return FinanceWorld()


# What the database holds, to show that a refused call changed nothing

FINANCE_APPS = ("finance", "improvement_plans")


def snapshot() -> dict:
    """A fingerprint of every row of the finance and trajectory apps (with their history and many-to-many tables,
    so also the trajectory's events) and of every stored file: table → (row count, hash of the rows)."""
    return fingerprint(FINANCE_APPS)


def refused(call: Callable, error: type[Exception] | None = None) -> Exception:
    """Call, expect `error` (a ValidationError unless told), and check that nothing at all changed."""
    return refused_unchanged(FINANCE_APPS, call, error or ValidationError)


def changed_or_refused(allowed: bool, call: Callable) -> Exception | None:
    """If `allowed`, the call changes something; otherwise it is refused and nothing at all changed."""
    return changes_or_refused(FINANCE_APPS, allowed, call)
