"""Recognising a file: the upload form's check of a file's start, and what makes a file one of DUO's."""

from __future__ import annotations

import codecs
import csv
import json
import re
from typing import IO, Any

from django.utils.translation import gettext as _

from ..constants import ImportKind
from .common import AGE_COLUMN_PREFIX, LOCATION_PROPERTIES, PUPILS_COLUMNS, RegisterFileError

# How much of a file the upload form reads to recognise it.
HEAD_SIZE = 64 * 1024

# Bytes that do not occur in text: a PDF, a spreadsheet or another binary file.
BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def validate_register_file(*, kind: str, file: IO[bytes]) -> None:
    """Recognise the file from its start only (encoding, header, JSON shape) and rewind it.

    Raises RegisterFileError with a message for the user. A problem further down the file is found by the import.
    """
    file.seek(0)
    try:
        head = file.read(HEAD_SIZE)
    finally:
        file.seek(0)
    complete = len(head) < HEAD_SIZE
    text = _decode(head, kind=kind, final=complete)
    if kind == ImportKind.PUPILS_PER_LOCATION:
        _pupils_header(text)
    elif kind == ImportKind.NATIONAL_LOCATIONS:
        _check_locations_head(text, complete=complete)
    else:
        raise _unknown_kind(kind)


def _decode(data: bytes, *, kind: str, final: bool = True) -> str:
    """The text of a file in UTF-8 (with or without byte-order mark), or a RegisterFileError saying why not."""
    if data.startswith(b"PK\x03\x04"):
        raise RegisterFileError(_zip_message(kind))
    if data.startswith(b"%PDF"):
        raise RegisterFileError(_wrong_file_message(kind))
    if _looks_like_utf16(data):
        raise RegisterFileError(_encoding_message(kind))
    if BINARY_BYTES.search(data, 0, HEAD_SIZE):
        raise RegisterFileError(_wrong_file_message(kind))
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(data, final=final)
    except UnicodeDecodeError as exc:
        raise RegisterFileError(_encoding_message(kind)) from exc
    if not text.strip():
        raise RegisterFileError(_("The file is empty."))
    return text


def _looks_like_utf16(data: bytes) -> bool:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    # Without a byte-order mark: every other byte of Latin text is a zero.
    sample = data[:2000]
    half = len(sample) // 2
    return half >= 8 and max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.9 * half


def _encoding_message(kind: str) -> str:
    if kind == ImportKind.NATIONAL_LOCATIONS:
        return _("The file is not saved in UTF-8. Download the GeoJSON file again and upload it unchanged.")
    return _("The file is not saved in UTF-8. Save it as CSV UTF-8 and try again.")


def _zip_message(kind: str) -> str:
    if kind == ImportKind.NATIONAL_LOCATIONS:
        return _("This is a zip file. Unzip it and upload the GeoJSON file inside.")
    return _("This is an Excel or zip file, not a CSV file. Save it as CSV UTF-8 and try again.")


def _wrong_file_message(kind: str) -> str:
    if kind == ImportKind.NATIONAL_LOCATIONS:
        return _("This is not a GeoJSON file with school locations.")
    return _(
        "This is not a CSV file. Download DUO's file 'Leerlingen po per vestiging' as CSV (UTF-8, separated by "
        "semicolons) and try again."
    )


def _unknown_kind(kind: str) -> RegisterFileError:
    return RegisterFileError(_("Unknown kind of file: %(kind)s.") % {"kind": kind})


def _pupils_header(text: str) -> list[str]:
    """The header of a pupils file, or a RegisterFileError naming the columns that are missing."""
    first_line = text.splitlines()[0]
    header = _split_header(first_line, ";")
    missing = _missing_pupils_columns(header)
    if not missing:
        return header
    if not _missing_pupils_columns(_split_header(first_line, ",")):
        raise RegisterFileError(
            _(
                "The columns in the file are separated by commas, but DUO's files use semicolons (;). Download "
                "the file from DUO again and upload it unchanged."
            )
        )
    if len(missing) == 1:
        message = _(
            "This is not DUO's file 'Leerlingen po per vestiging': the column %(columns)s is missing."
        )
    else:
        message = _(
            "This is not DUO's file 'Leerlingen po per vestiging': the columns %(columns)s are missing."
        )
    raise RegisterFileError(message % {"columns": ", ".join(missing)})


def _split_header(line: str, delimiter: str) -> list[str]:
    return [name.strip() for name in next(csv.reader([line], delimiter=delimiter), [])]


def _missing_pupils_columns(header: list[str]) -> list[str]:
    missing = [name for name in PUPILS_COLUMNS if name not in header]
    if not any(name.startswith(AGE_COLUMN_PREFIX) for name in header):
        missing.append(f"{AGE_COLUMN_PREFIX}*")
    return missing


def _check_locations_head(text: str, *, complete: bool) -> None:
    if complete:
        _location_features(_load_json(text))
        return
    if not text.lstrip().startswith("{"):
        raise _not_json()
    if not re.search(r'"type"\s*:\s*"FeatureCollection"', text):
        raise RegisterFileError(_wrong_file_message(ImportKind.NATIONAL_LOCATIONS))
    _check_location_properties([name for name in LOCATION_PROPERTIES if f'"{name}"' not in text])


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _not_json() from exc
    except RecursionError as exc:  # nested deeper than Python's parser goes: no GeoJSON file is
        raise RegisterFileError(
            _("This is not a GeoJSON file with school locations: its content is nested far too deeply.")
        ) from exc


def _not_json() -> RegisterFileError:
    return RegisterFileError(_("This is not a GeoJSON file: its content is not valid JSON."))


def _location_features(data: Any) -> list[Any]:
    """The features of a FeatureCollection of school locations, or a RegisterFileError saying why not."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise RegisterFileError(_wrong_file_message(ImportKind.NATIONAL_LOCATIONS))
    features = data.get("features")
    if not isinstance(features, list):
        raise RegisterFileError(_wrong_file_message(ImportKind.NATIONAL_LOCATIONS))
    if not features:
        raise RegisterFileError(_("The file contains no school locations."))
    first = next((feature for feature in features if isinstance(feature, dict)), {})
    properties = first.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    _check_location_properties([name for name in LOCATION_PROPERTIES if name not in properties])
    return features


def _check_location_properties(missing: list[str]) -> None:
    if missing:
        message = _("This is not a GeoJSON file with school locations: the properties %(names)s are missing.")
        raise RegisterFileError(message % {"names": ", ".join(missing)})
