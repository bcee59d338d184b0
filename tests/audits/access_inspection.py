"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`)."""

from tests.access import Page

PAGES: list[Page] = []


def build(users, boards, objects) -> dict:
    """Adds this area's objects to the shared world: `users` per role, `boards` = (own board, other board),
    `objects` what is built so far (ids by name). Returns the ids to add, by the names the URLs use."""
    return {}
