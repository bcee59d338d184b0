"""Which stadsdeel a school lies in, derived from the four digits of its postcode.

DUO's files carry no stadsdeel. The boundaries of Amsterdam's stadsdelen do not follow postcodes exactly, so this
is a best guess that staff can correct on the school's form; an import never overwrites a stadsdeel already set
(ADR 0003).
"""

from .constants import Stadsdeel

_RANGES: list[tuple[int, int, Stadsdeel]] = [
    (1011, 1018, Stadsdeel.CENTRUM),
    (1019, 1019, Stadsdeel.OOST),
    (1020, 1039, Stadsdeel.NOORD),
    (1040, 1049, Stadsdeel.WEST),
    (1050, 1058, Stadsdeel.WEST),
    (1059, 1059, Stadsdeel.ZUID),
    (1060, 1069, Stadsdeel.NIEUW_WEST),
    (1070, 1083, Stadsdeel.ZUID),
    (1086, 1099, Stadsdeel.OOST),
    (1100, 1109, Stadsdeel.ZUIDOOST),
    (1380, 1384, Stadsdeel.WEESP),
]


def stadsdeel_for_postcode(postcode: str) -> Stadsdeel | None:
    """The stadsdeel of an Amsterdam postcode such as "1063 CW", or None when it is not one of Amsterdam's."""
    digits = "".join(character for character in postcode if character.isdigit())[:4]
    if len(digits) != 4:
        return None
    number = int(digits)
    for first, last, stadsdeel in _RANGES:
        if first <= number <= last:
            return stadsdeel
    return None
