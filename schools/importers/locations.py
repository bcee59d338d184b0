"""The national list of locations (GeoJSON): Amsterdam's primary-level locations with address and coordinates."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ..constants import ImportKind, SchoolKind
from ..models import School
from .common import MUNICIPALITY, FieldValues, Location, ParsedFile, Progress, Rejection
from .recognise import _decode, _load_json, _location_features
from .values import _check_code, _clean, _name, _place_name, _postcode, _RowError, _text, _too_long

# The national list's types of primary-level locations; "(V)SO" is a combined so/vso school, kept as so.
LOCATION_KINDS = {
    "basisschool": SchoolKind.BO,
    "SBAO": SchoolKind.SBO,
    "SO": SchoolKind.SO,
    "VSO": SchoolKind.VSO,
    "(V)SO": SchoolKind.SO,
}
COORDINATE_STEP = Decimal("0.000001")


def _parse_locations_file(data: bytes, progress: Progress) -> ParsedFile:
    text = _decode(data, kind=ImportKind.NATIONAL_LOCATIONS)
    features = _location_features(_load_json(text))
    progress.start(len(features))
    locations: list[Location] = []
    rejected: list[Rejection] = []
    skipped = 0
    first_seen: dict[tuple[str, str], int] = {}
    for number, feature in enumerate(features, start=1):
        progress.row(number)
        try:
            location = _parse_feature(feature, number)
        except _RowError as exc:
            rejected.append(Rejection(line=number, code=_feature_code(feature), reason=str(exc)))
            continue
        if location is None:
            skipped += 1
            continue
        key = (location.brin, location.location_code)
        if key in first_seen:
            # The national list repeats a location once per building; the first address is the one kept.
            reason = _(
                "This location already appeared as feature %(first)s; that feature's address was used."
            )
            rejected.append(
                Rejection(line=number, code="".join(key), reason=reason % {"first": first_seen[key]})
            )
            continue
        first_seen[key] = number
        locations.append(location)
    progress.finish()
    return ParsedFile(locations=locations, rejected=rejected, skipped=skipped)


def _feature_properties(feature: Any) -> dict[str, Any] | None:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else None


def _feature_code(feature: Any) -> str:
    return _clean((_feature_properties(feature) or {}).get("vestigingscode"))


def _parse_feature(feature: Any, number: int) -> Location | None:
    """The location a feature describes, or None when it is not one of Amsterdam's primary-level locations."""
    properties = _feature_properties(feature)
    if properties is None:
        raise _RowError(_("The feature has no properties."))
    kind = LOCATION_KINDS.get(_clean(properties.get("type")))
    if kind is None or _clean(properties.get("gemeente")).upper() != MUNICIPALITY:
        return None
    code = _clean(properties.get("vestigingscode"))
    if len(code) != 6:
        message = _("The vestigingscode '%(value)s' is not a BRIN number followed by two digits.")
        raise _RowError(message % {"value": code})
    brin, location_code = code[:4], code[4:]
    _check_code(brin, location_code)
    overwrite: FieldValues = {"postcode": _postcode(properties.get("postcode"))}
    city = _place_name(_text(properties.get("plaats"), column="plaats", field_name="city"))
    street_address = _street_address(properties)
    coordinates = _coordinates(feature.get("geometry"))
    if city:
        overwrite["city"] = city
    if street_address:
        overwrite["street_address"] = street_address
    if coordinates:
        overwrite["latitude"], overwrite["longitude"] = coordinates
    # The national list writes denominations shorter and coarser ("Bijzonder", cut off at 30 characters) than the
    # pupils file does; it only fills an empty one.
    denomination = _text(properties.get("denominatie"), column="denominatie", field_name="denomination")
    return Location(
        line=number,
        brin=brin,
        location_code=location_code,
        board_number=None,
        overwrite=overwrite,
        fill={"denomination": denomination} if denomination else {},
        on_create={
            "name": _name(properties.get("naam"), column="naam"),
            "kind": kind,
            "pupil_count": _feature_pupils(properties.get("leerlingen")),
        },
    )


def _street_address(properties: dict[str, Any]) -> str:
    """Street, number, letter and addition as one line: "Kortvoort 61A", "Damrak 1-3"."""
    street = _clean(properties.get("straat"))
    if not street:
        return ""
    house = _clean(properties.get("huisnummer")) + _clean(properties.get("huisletter"))
    addition = _clean(properties.get("huisnummertoevoeging"))
    if addition:
        house = f"{house}-{addition}"
    address = f"{street} {house}".strip()
    limit = School._meta.get_field("street_address").max_length
    if len(address) > limit:
        raise _RowError(_too_long("straat", limit))
    return address


def _coordinates(geometry: Any) -> tuple[Decimal, Decimal] | None:
    """Latitude and longitude of a GeoJSON Point, to six decimals (about 10 cm); None when there is none."""
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if not isinstance(coordinates, list) or len(coordinates) < 2:
        return None
    longitude, latitude = coordinates[:2]
    if not all(
        isinstance(value, int | float) and not isinstance(value, bool) for value in (longitude, latitude)
    ):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return Decimal(str(latitude)).quantize(COORDINATE_STEP), Decimal(str(longitude)).quantize(COORDINATE_STEP)


def _feature_pupils(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None
