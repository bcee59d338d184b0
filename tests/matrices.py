"""The role × service matrices of the service tests: for every service the actors that may call it. An allowed
actor's call does what the service's check says; every other actor is refused with PermissionDenied, and nothing
changes."""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied

from tests.refusals import NOT_ALLOWED


def matrix(services: dict, actors: list, actor_ids: dict) -> list:
    """(service name, actor, allowed) for every service and actor, with ids like "budget_submit-staff-allowed"."""
    return [
        pytest.param(
            name,
            actor,
            actor in service.allowed,
            id=f"{name}-{actor_ids[actor]}-{'allowed' if actor in service.allowed else 'refused'}",
        )
        for name, service in services.items()
        for actor in actors
    ]


def allowed_or_refused(allowed: bool, call: Callable, check: Callable, refused: Callable) -> None:
    """If allowed, `check` the result of the call; otherwise the call is `refused` with PermissionDenied and the
    message that the user may not do this."""
    if allowed:
        check(call())
    else:
        error = refused(call, PermissionDenied)
        assert str(error) == NOT_ALLOWED


def decision_of(review) -> tuple:
    """What a review says: (decision, decided by, comments)."""
    return (review.decision, review.decided_by, review.comments)
