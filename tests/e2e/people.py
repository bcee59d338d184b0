"""The people of the browser tests' stories, who log in with the demo password: Bram Visser of the board
"Stichting Noorderlicht" (bestuur@example.nl), education expert Els Bakker (expert@example.nl) and Greet de Wit of
the expert group (expertgroep@example.nl), with the board's Basisschool De Vuurtoren."""

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory


def school_of_noorderlicht():
    """Basisschool De Vuurtoren of the board Stichting Noorderlicht: (board, school)."""
    board = SchoolBoardFactory(name="Stichting Noorderlicht")
    return board, SchoolFactory(name="Basisschool De Vuurtoren", board=board)


def board_user(board):
    return UserFactory(
        role=Role.SCHOOL_BOARD,
        email="bestuur@example.nl",
        school_board=board,
        first_name="Bram",
        last_name="Visser",
    )


def education_expert():
    return UserFactory(
        role=Role.EDUCATION_EXPERT, email="expert@example.nl", first_name="Els", last_name="Bakker"
    )


def expert_group_user():
    return UserFactory(
        role=Role.EXPERT_GROUP, email="expertgroep@example.nl", first_name="Greet", last_name="de Wit"
    )
