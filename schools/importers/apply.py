"""Applying the changes: the boards and schools of a parsed file, created or updated with history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from ..models import RegisterImport, School, SchoolBoard
from ..stadsdelen import stadsdeel_for_postcode
from .common import Counts, FieldValues, Location, ParsedFile, Rejection

if TYPE_CHECKING:
    from kwaliteitsaanpak.accounts.models import User


def _new_without_board() -> str:
    return _(
        "This location is not in the register yet and this file names no school board: import DUO's file "
        "'Leerlingen po per vestiging' first, which adds the location with its board."
    )


@dataclass(frozen=True)
class _Author:
    """Who and why, for the history rows of every save."""

    user: User | None
    reason: str


def _apply(parsed: ParsedFile, *, register_import: RegisterImport) -> tuple[Counts, Counts]:
    """Create or update the boards and schools of the parsed file; returns the counts of schools and boards."""
    author = _Author(
        user=register_import.started_by,
        reason=_("Import of DUO's register: %(file)s")
        % {"file": register_import.original_filename or register_import.get_kind_display()},
    )
    # Only the boards and schools the file names: the register may hold thousands more.
    board_numbers = {
        location.board_number for location in parsed.locations if location.board_number is not None
    }
    boards_by_number = {board.number: board for board in SchoolBoard.objects.filter(number__in=board_numbers)}
    schools_by_code = {
        (school.brin, school.location_code): school
        for school in School.objects.filter(brin__in={location.brin for location in parsed.locations})
    }
    schools, boards = Counts(), Counts()
    boards_in_file: set[str] = set()
    for location in parsed.locations:
        board = None
        if location.board_number is not None:
            board = _board(
                location.board_number, boards_by_number, counts=boards, seen=boards_in_file, author=author
            )
        school = schools_by_code.get((location.brin, location.location_code))
        if school is None and board is None:
            # A school has a board: a file without board numbers (the national list) only adds to known schools.
            code = location.brin + location.location_code
            parsed.rejected.append(Rejection(line=location.line, code=code, reason=_new_without_board()))
            continue
        if school is None:
            schools_by_code[location.brin, location.location_code] = _create_school(location, board, author)
            schools.created += 1
        elif _update_school(school, location, board, author):
            schools.updated += 1
        else:
            schools.unchanged += 1
    return schools, boards


def _board(
    number: str, boards_by_number: dict[str, SchoolBoard], *, counts: Counts, seen: set[str], author: _Author
) -> SchoolBoard:
    """The board with this number; a new one is named after its number, an existing one keeps its name."""
    board = boards_by_number.get(number)
    if board is None:
        board = SchoolBoard(number=number, name=_("School board %(number)s") % {"number": number})
        _save(board, author)
        boards_by_number[number] = board
        counts.created += 1
    elif number not in seen:
        counts.unchanged += 1
    seen.add(number)
    return board


def _create_school(location: Location, board: SchoolBoard | None, author: _Author) -> School:
    values = {**location.on_create, **location.fill, **location.overwrite}
    school = School(
        brin=location.brin,
        location_code=location.location_code,
        board=board,
        stadsdeel=stadsdeel_for_postcode(values.get("postcode", "")) or "",
        **values,
    )
    _save(school, author)
    return school


def _update_school(school: School, location: Location, board: SchoolBoard | None, author: _Author) -> bool:
    """Save only the fields that differ; False when nothing did."""
    changes = _school_changes(school, location, board)
    if not changes:
        return False
    for name, value in changes.items():
        setattr(school, name, value)
    # A form opened before the import is refused rather than undoing it (ADR 14).
    school.version += 1
    _save(school, author, update_fields=[*changes, "updated_at", "version"])
    return True


def _school_changes(school: School, location: Location, board: SchoolBoard | None) -> FieldValues:
    wanted: FieldValues = dict(location.overwrite)
    wanted.update({name: value for name, value in location.fill.items() if not getattr(school, name)})
    if board is not None:
        wanted["board"] = board
    # The stadsdeel is a guess from the postcode; one that staff chose is never replaced (ADR 0003).
    if not school.stadsdeel:
        stadsdeel = stadsdeel_for_postcode(wanted.get("postcode", school.postcode))
        if stadsdeel:
            wanted["stadsdeel"] = stadsdeel
    return {name: value for name, value in wanted.items() if _differs(school, name, value)}


def _differs(school: School, name: str, value: Any) -> bool:
    if name == "board":
        return school.board_id != value.pk
    return getattr(school, name) != value


def _save(instance: School | SchoolBoard, author: _Author, update_fields: list[str] | None = None) -> None:
    # django-simple-history reads these two attributes for the history row it writes on save.
    instance._history_user = author.user
    instance._change_reason = author.reason
    instance.save(update_fields=update_fields)
