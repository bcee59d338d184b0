import pytest

from tests.finance.test_services import make_world


@pytest.fixture
def world(db):
    """A school of "Stichting Eigen", another board, and a user per actor (see `make_world` in test_services.py):
    the world of the trajectory tests plus a financial expert who is not assigned to its trajectories."""
    return make_world()
