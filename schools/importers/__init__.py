"""Import of DUO's national school register into `SchoolBoard` and `School`.

Two of DUO's open-data files are read:

- "Leerlingen po per vestiging naar postcode leerling en leeftijd" (`ImportKind.PUPILS_PER_LOCATION`): CSV in
  UTF-8 with a byte-order mark, `;`-separated, every field quoted. One row per school location (INSTELLINGSCODE =
  BRIN, VESTIGINGSCODE) and pupils' postcode, with the location's name, postcode, place, kind (SOORT_PO: Bo, Sbo,
  So, Vso), denomination and board number (BEVOEGD_GEZAG_NUMMER), and pupil counts per age (LEEFTIJD_*) in which
  DUO masks small counts as "<5". The rows of one location are folded into one school. This file is the source of
  boards, names, kinds and pupil counts. Rows of schools outside the municipality (GEMEENTENAAM) are skipped.
- "Alle schoolvestigingen", geocoded (`ImportKind.NATIONAL_LOCATIONS`): a GeoJSON FeatureCollection with one Point
  feature per location nationwide: name, type, denomination, address, municipality, a six-character
  vestigingscode (BRIN + location code) and pupils, but no board number. Only Amsterdam's primary-level locations
  are used. This file is the source of addresses and coordinates; it never changes the name, board or pupil count
  of a school that already exists.

An import parses the whole file first, without writing anything but its progress, then applies every change in
one transaction. A problem with the file as a whole changes nothing; a problem in a row rejects only that row or
location. Values are compared before saving, so running the same file twice saves nothing the second time and adds
no history.

The package follows the stages of an import: `recognise` (the upload form's check and what makes a file one of
DUO's), `pupils` and `locations` (parsing each file into `Location`s and `Rejection`s; `common` holds those types
and `values` the checks of the values both files hold), `apply` (the changes in one transaction), `report` (the
counts and summary) and `run` (the import as a whole, with its status and progress on the RegisterImport).
"""

from .common import Counts, Location, ParsedFile, RegisterFileError, Rejection
from .recognise import validate_register_file
from .run import execute_register_import

__all__ = [
    "Counts",
    "Location",
    "ParsedFile",
    "RegisterFileError",
    "Rejection",
    "execute_register_import",
    "validate_register_file",
]
