import rules

from kwaliteitsaanpak.permissions import has_model_perm

sees_all_schools = has_model_perm("schools.view_all_schools")


@rules.predicate
def is_own_board_school(user, school) -> bool:
    return school is not None and bool(user.school_board_id) and school.board_id == user.school_board_id


@rules.predicate
def is_own_board(user, board) -> bool:
    return board is not None and bool(user.school_board_id) and board.pk == user.school_board_id


@rules.predicate
def is_directors_school(user, school) -> bool:
    """The one school a school director leads (for reading: a director changes nothing in the register)."""
    return school is not None and bool(user.school_id) and school.pk == user.school_id


@rules.predicate
def is_directors_board(user, board) -> bool:
    """The board of the school a school director leads, which the director may read."""
    return board is not None and bool(user.school_id) and board.pk == user.school.board_id


rules.add_perm(
    "schools.view_school",
    has_model_perm("schools.view_school") & (sees_all_schools | is_own_board_school | is_directors_school),
)
rules.add_perm("schools.change_school", has_model_perm("schools.change_school") & sees_all_schools)
rules.add_perm(
    "schools.view_schoolboard",
    has_model_perm("schools.view_schoolboard") & (sees_all_schools | is_own_board | is_directors_board),
)
rules.add_perm("schools.change_schoolboard", has_model_perm("schools.change_schoolboard") & sees_all_schools)
rules.add_perm(
    "schools.add_inspectionverdict", has_model_perm("schools.add_inspectionverdict") & sees_all_schools
)
rules.add_perm(
    "schools.change_inspectionverdict", has_model_perm("schools.change_inspectionverdict") & sees_all_schools
)
