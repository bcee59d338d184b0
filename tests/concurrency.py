"""Two people click at once: each click runs in its own thread with its own database connection, and a barrier
starts them together (`at_once`); `one_wins` checks that exactly one step happened and the other was refused.

Used by the transactional `test_services_concurrency.py` of the trajectory and finance apps.
"""

import threading

from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import translation

from kwaliteitsaanpak.accounts.roles import Role

CLICKING_ROLES = (
    Role.PROGRAMME_STAFF,
    Role.EDUCATION_EXPERT,
    Role.FINANCIAL_EXPERT,
    Role.EXPERT_GROUP,
    Role.SCHOOL_BOARD,
)


def with_users_made(world):
    """The world, with the user of every role that clicks made now, not in a thread."""
    for actor in CLICKING_ROLES:
        world[actor]
    return world


def at_once(*calls):
    """Run the calls in threads that start together; return (result or None, error or None) per call."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            with translation.override("nl"):
                barrier.wait(timeout=10)
                outcomes[index] = (call(), None)
        except Exception as error:  # any error: it is reported to the test
            outcomes[index] = (None, error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def one_wins(outcomes):
    """Exactly one call succeeded; the other was refused with a ValidationError. Returns (winner index, error)."""
    errors = [error for _result, error in outcomes]
    assert sorted(error is None for error in errors) == [False, True], errors
    [error] = [error for error in errors if error is not None]
    assert isinstance(error, ValidationError), repr(error)
    return [index for index, (_result, error) in enumerate(outcomes) if error is None][0], error


def run_each(scenarios, subtests, monkeypatch, make_world, slow_down):
    """One transactional test (emptying the database after each is slow) with a subtest per scenario, each on a
    fresh world of its own; `slow_down(patch)` is what the scenario gets to slow the services down with."""
    for scenario in scenarios:
        with subtests.test(scenario=scenario.__name__), monkeypatch.context() as patch:
            scenario(with_users_made(make_world()), slow_down(patch))
