import pytest

from tests.improvement_plans.worlds import make_world
from tests.pages import board, board_user, expert, reviewer  # noqa: F401 (the people of the page tests)


@pytest.fixture
def world(db):
    """A school, its board and a user in every role (see `make_world`), for the service tests."""
    return make_world()
