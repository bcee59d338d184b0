"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the school monitor, one page per school.

The own school is the school of the world's own trajectory (own board, the matrix's experts assigned, the director's
school); the other school is another board's, whose trajectory has no experts assigned. The programme's readers
(staff, the expert group, the municipality) open every school; a board its own schools, a director its school and an
education expert the schools of its trajectories: any other school is a 404. The financial expert and the Inspectie
have no monitor (403)."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.access import Page

PROGRAMME_READERS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.MUNICIPALITY}
OWN_SCHOOL_READERS = PROGRAMME_READERS | {Role.EDUCATION_EXPERT, Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR}
NOT_THEIRS = dict.fromkeys((Role.EDUCATION_EXPERT, Role.SCHOOL_BOARD, Role.SCHOOL_DIRECTOR), 404)

PAGES: list[Page] = [
    Page("school monitor, own school", "/monitor/scholen/{own_school}/", OWN_SCHOOL_READERS),
    Page(
        "school monitor, other board's school",
        "/monitor/scholen/{other_school}/",
        PROGRAMME_READERS,
        others=NOT_THEIRS,
    ),
    Page(
        "school monitor, a school without a trajectory",
        "/monitor/scholen/{school_without_trajectory}/",
        PROGRAMME_READERS | {Role.SCHOOL_BOARD},
        others={Role.EDUCATION_EXPERT: 404, Role.SCHOOL_DIRECTOR: 404},
    ),
    Page(
        "school monitor of a school that does not exist",
        "/monitor/scholen/999999/",
        set(),
        others=dict.fromkeys(OWN_SCHOOL_READERS, 404),
    ),
]


def build(users, boards, objects) -> dict:
    """A school of the own board that never took part: the board reads its monitor, its director (of another school)
    and the experts do not."""
    from tests.factories import SchoolFactory

    own_board, _other_board = boards
    return {"school_without_trajectory": SchoolFactory(board=own_board).pk}
