import pytest

from tests.finance.budgets import budget_in
from tests.finance.worlds import make_world
from tests.pages import board, board_user, expert, financial_expert, reviewer, staff  # noqa: F401 (the people of the page tests)


@pytest.fixture
def world(db):
    """A school of "Stichting Eigen", another board, and a user per actor (see `make_world` in worlds.py):
    the world of the trajectory tests plus a financial expert who is not assigned to its trajectories."""
    return make_world()


@pytest.fixture
def draft(world):
    """A draft budget with one line, of a submitted plan version 1 whose measure runs from 31 October 2008 to
    27 August 2009."""
    return budget_in(world, "draft")


@pytest.fixture
def approved(world):
    """An approved budget with a municipal share of € 10.000,00, approved today."""
    return budget_in(world, "approved")
