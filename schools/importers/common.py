"""What both of DUO's files are made into, and the format constants that more than one stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

MUNICIPALITY = "AMSTERDAM"
PUPILS_COLUMNS = (
    "PEILDATUM",
    "GEMEENTENAAM",
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    "INSTELLINGSNAAM_VESTIGING",
    "POSTCODE_VESTIGING",
    "PLAATSNAAM",
    "SOORT_PO",
    "DENOMINATIE_VESTIGING",
    "BEVOEGD_GEZAG_NUMMER",
)
AGE_COLUMN_PREFIX = "LEEFTIJD_"
LOCATION_PROPERTIES = ("naam", "type", "gemeente", "vestigingscode", "postcode")

FieldValues = dict[str, Any]


class RegisterFileError(Exception):
    """A problem with the file as a whole; `str(exc)` is a message for the user."""


@dataclass(frozen=True)
class Rejection:
    line: int
    code: str
    reason: str


@dataclass
class Location:
    """One school location as a file describes it, ready to apply."""

    line: int
    brin: str
    location_code: str
    # None when the file says nothing about boards.
    board_number: str | None
    # Fields the file is the source of.
    overwrite: FieldValues
    # Fields set only while the school has no value.
    fill: FieldValues = field(default_factory=dict)
    # Fields set only on a school the import creates.
    on_create: FieldValues = field(default_factory=dict)


@dataclass
class ParsedFile:
    locations: list[Location]
    rejected: list[Rejection]
    skipped: int


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class Progress(Protocol):
    """Where a parse reports how far it is: the number of rows, each row, the end."""

    def start(self, total: int) -> None: ...

    def row(self, number: int) -> None: ...

    def finish(self) -> None: ...
