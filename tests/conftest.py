import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def user_in_role(db):
    """Make a user in a role: `user_in_role(Role.INSPECTION)`."""

    def make(role: Role | None, **kwargs):
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def staff_user(user_in_role):
    return user_in_role(Role.PROGRAMME_STAFF)
