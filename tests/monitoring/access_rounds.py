"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the programme rounds: list, open a new one, change one."""

import datetime

from kwaliteitsaanpak.accounts.roles import Role
from tests.access import STAFF, Page, not_found
from tests.factories import ProgrammeRoundFactory

# Who reads the rounds: staff, the expert group and the municipality (the monitor's readers); staff manage them.
ROUND_READERS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.MUNICIPALITY}

PAGES: list[Page] = [
    Page("programme rounds", "/monitor/rondes/", ROUND_READERS),
    Page("programme rounds, exported", "/monitor/rondes/?_export=csv", ROUND_READERS),
    Page("programme rounds, sorted", "/monitor/rondes/?sort=-trajectory_count", ROUND_READERS),
    Page("a programme round", "/monitor/rondes/{programme_round}/", ROUND_READERS),
    not_found("a programme round that does not exist", "/monitor/rondes/999999/", ROUND_READERS),
    Page("open a programme round", "/monitor/rondes/nieuw/", STAFF),
    Page("change a programme round", "/monitor/rondes/{programme_round}/wijzigen/", STAFF),
    not_found("change a programme round that does not exist", "/monitor/rondes/999999/wijzigen/", STAFF),
    Page(
        "fill a programme round's reference list",
        "/monitor/rondes/{programme_round}/referentielijst-vullen/",
        STAFF,
    ),
]


def build(users, boards, objects) -> dict:
    """A later round with a school of each board on its reference list."""
    own_board, other_board = boards
    programme_round = ProgrammeRoundFactory(
        name="Ronde 2025", reference_date=datetime.date(2025, 1, 31), target_year=2026
    )
    programme_round.reference_schools.add(*own_board.schools.all()[:1], *other_board.schools.all()[:1])
    return {"programme_round": programme_round.pk}
