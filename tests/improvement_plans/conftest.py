import pytest

from tests.improvement_plans.test_services import make_world


@pytest.fixture
def world(db):
    """A school, its board and a user in every role (see `make_world`), for the service tests."""
    return make_world()
