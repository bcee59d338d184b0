import rules

from kwaliteitsaanpak.permissions import has_model_perm

sees_all_schools = has_model_perm("schools.view_all_schools")


@rules.predicate
def is_own_board_school(user, school) -> bool:
    return school is not None and bool(user.school_board_id) and school.board_id == user.school_board_id


@rules.predicate
def is_own_board(user, board) -> bool:
    return board is not None and bool(user.school_board_id) and board.pk == user.school_board_id


rules.add_perm(
    "schools.view_school", has_model_perm("schools.view_school") & (sees_all_schools | is_own_board_school)
)
rules.add_perm("schools.change_school", has_model_perm("schools.change_school") & sees_all_schools)
rules.add_perm(
    "schools.view_schoolboard", has_model_perm("schools.view_schoolboard") & (sees_all_schools | is_own_board)
)
rules.add_perm("schools.change_schoolboard", has_model_perm("schools.change_schoolboard") & sees_all_schools)
rules.add_perm(
    "schools.add_inspectionverdict", has_model_perm("schools.add_inspectionverdict") & sees_all_schools
)
rules.add_perm(
    "schools.change_inspectionverdict", has_model_perm("schools.change_inspectionverdict") & sees_all_schools
)
