"""The one check of every uploaded document: what a file IS, read from its content, not what its name says.

`validate_upload(file, kinds)` refuses (with a Dutch `ValidationError`) a file that is too large or empty, whose
extension is not one of the allowed `kinds`, or whose content is not what its extension claims: an executable renamed
`.pdf`, a web page renamed `.csv`. `recognise(file)` says what the content is; `safe_original_name(name)` is the name
to keep (its base name only, without folders). `DocumentField` in `kwaliteitsaanpak.core.forms` uses them; so should
every other upload (the DUO register import has content checks of its own in `schools.importers.recognise`).

Public: `FileKind`, `KINDS`, `DEFAULT_KINDS`, `OFFICE_KINDS`, `DOCUMENT_MAX_SIZE`, `recognise`, `validate_upload`,
`safe_original_name`, `kinds_for`, `accept_attribute`, `kind_names`.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

DOCUMENT_MAX_SIZE = 20 * 1024 * 1024
CHUNK = 1024 * 1024

# What the content is when it is none of the kinds: a program or a web page (refused with their own reason).
PROGRAM = "program"
WEB_PAGE = "web page"
MACROS = "macros"


@dataclass(frozen=True)
class FileKind:
    key: str
    extensions: tuple[str, ...]
    name: str  # the short name in lists ("PDF", "Word"); not translated, except "text"
    label: Promise  # what the content is, in a sentence ("a Word document (.docx)")
    not_real: Promise  # "This file is not a real PDF"


KINDS: dict[str, FileKind] = {
    kind.key: kind
    for kind in (
        FileKind("pdf", ("pdf",), "PDF", _("a PDF"), _("This file is not a real PDF")),
        FileKind(
            "docx",
            ("docx",),
            "Word",
            _("a Word document (.docx)"),
            _("This file is not a real Word document (.docx)"),
        ),
        FileKind(
            "xlsx",
            ("xlsx",),
            "Excel",
            _("an Excel workbook (.xlsx)"),
            _("This file is not a real Excel workbook (.xlsx)"),
        ),
        FileKind(
            "pptx",
            ("pptx",),
            "PowerPoint",
            _("a PowerPoint presentation (.pptx)"),
            _("This file is not a real PowerPoint presentation (.pptx)"),
        ),
        FileKind(
            "odt",
            ("odt",),
            "OpenDocument",
            _("an OpenDocument text (.odt)"),
            _("This file is not a real OpenDocument text (.odt)"),
        ),
        FileKind(
            "ods",
            ("ods",),
            "OpenDocument",
            _("an OpenDocument spreadsheet (.ods)"),
            _("This file is not a real OpenDocument spreadsheet (.ods)"),
        ),
        FileKind(
            "doc",
            ("doc",),
            "Word",
            _("an old Word document (.doc)"),
            _("This file is not a real Word document (.doc)"),
        ),
        FileKind(
            "xls",
            ("xls",),
            "Excel",
            _("an old Excel workbook (.xls)"),
            _("This file is not a real Excel workbook (.xls)"),
        ),
        FileKind("png", ("png",), "PNG", _("a PNG image"), _("This file is not a real PNG image")),
        FileKind("jpeg", ("jpg", "jpeg"), "JPG", _("a JPG image"), _("This file is not a real JPG image")),
        FileKind("csv", ("csv",), "CSV", _("a CSV file"), _("This file is not a real CSV file")),
        FileKind("txt", ("txt",), "text", _("a text file"), _("This file is not a real text file")),
    )
}
# The kinds every document upload takes unless its form says otherwise (the list the forms have always allowed).
DEFAULT_KINDS = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg", "csv")
# Reports and their supporting documents: office documents only.
OFFICE_KINDS = ("pdf", "docx", "xlsx", "odt", "ods")

_TEXT_KINDS = ("csv", "txt")
_OOXML_PARTS = {"word/": "docx", "xl/": "xlsx", "ppt/": "pptx"}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# The names of the streams that make an OLE2 file a Word document or an Excel workbook, as stored (UTF-16LE).
_OLE2_STREAMS = {"WordDocument".encode("utf-16-le"): "doc", "Workbook".encode("utf-16-le"): "xls"}
# Executables: Windows (MZ), Linux (ELF), macOS (Mach-O, both byte orders, and universal), scripts with a shebang.
_PROGRAM_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xcf\xfa\xed\xfe",
    b"\xce\xfa\xed\xfe",
    b"\xfe\xed\xfa",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
_WEB_MARKERS = (b"<html", b"<script", b"<!doctype", b"<svg", b"<?php", b"<iframe")
# Control characters that never occur in a text file (tab, line feed, form feed and carriage return do).
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def kinds_for(keys: Iterable[str]) -> list[FileKind]:
    return [KINDS[key] for key in keys]


def accept_attribute(keys: Iterable[str]) -> str:
    """The `accept` attribute of a file input for these kinds: ".pdf,.docx,…"."""
    return ",".join(f".{extension}" for kind in kinds_for(keys) for extension in kind.extensions)


def kind_names(keys: Iterable[str]) -> str:
    """The kinds in a sentence: "PDF, Word, Excel of OpenDocument" (each name once)."""
    names: list[str] = []
    for kind in kinds_for(keys):
        name = gettext("text") if kind.name == "text" else kind.name
        if name not in names:
            names.append(name)
    return str(get_text_list(names, gettext("or")))


def safe_original_name(name: str) -> str:
    """The name to keep and show for an uploaded file: its base name without folders (of either kind of slash),
    without control characters, at most 255 characters with its extension kept. `../../etc/passwd.pdf` → `passwd.pdf`."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(character for character in base if character.isprintable()).strip().lstrip(".")
    if not base:
        return "bestand"
    if len(base) > 255:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[: 255 - len(suffix)] + suffix
    return base


def _chunks(file: IO[bytes]) -> Iterator[bytes]:
    file.seek(0)
    while chunk := file.read(CHUNK):
        yield chunk


def _zip_kind(file: IO[bytes]) -> str | None:
    """The kind of an OOXML or ODF package (only its directory and its small `mimetype` member are read)."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as package:
            members = package.infolist()
            if not members:
                return None
            names = [member.filename for member in members]
            first = members[0]
            if first.filename == "mimetype" and first.file_size < 200:
                with package.open(first) as mimetype:
                    return _ODF_MIMETYPES.get(mimetype.read(200).strip())
            if "[Content_Types].xml" in names:
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    return MACROS
                for prefix, kind in _OOXML_PARTS.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        return None
    return None


def _ole2_kind(file: IO[bytes]) -> str | None:
    """Word or Excel: the directory of an OLE2 file names its main stream."""
    tail = b""
    for chunk in _chunks(file):
        window = tail + chunk
        for stream, kind in _OLE2_STREAMS.items():
            if stream in window:
                return kind
        tail = window[-32:]
    return None


def _text_kind(file: IO[bytes]) -> str | None:
    """Text (CSV or plain): no NUL or other control bytes, decodable as UTF-8 or else Latin-1, and no web page or
    script anywhere in it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    tail = b""
    for chunk in _chunks(file):
        if _CONTROL.search(chunk):
            return None
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False  # Latin-1 decodes every byte; the control characters were checked above
        window = (tail + chunk).lower()
        if any(marker in window for marker in _WEB_MARKERS):
            return WEB_PAGE
        tail = window[-16:]
    return "text"


def recognise(file: IO[bytes]) -> str | None:
    """What the content of `file` is: the key of a kind in `KINDS`, "text" (CSV or plain text), `PROGRAM`,
    `WEB_PAGE`, `MACROS` (an Office document with macros), or None when unknown. Leaves the file at its start."""
    try:
        file.seek(0)
        head = file.read(2048)
        if head.startswith(_PROGRAM_SIGNATURES):
            return PROGRAM
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(file)
        if head.startswith(_OLE2):
            return _ole2_kind(file)
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if stripped.startswith((b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml")):
            return WEB_PAGE
        return _text_kind(file)
    finally:
        file.seek(0)


def _kind_of_extension(name: str, keys: Iterable[str]) -> FileKind | None:
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    return next((kind for kind in kinds_for(keys) if extension in kind.extensions), None)


def _reason(content: str | None, claimed: FileKind) -> str:
    if content == PROGRAM:
        return gettext("it contains a program. Choose the document itself.")
    if content == WEB_PAGE:
        return gettext("it contains a web page or a script. Choose the document itself.")
    if content == MACROS:
        return gettext("it contains macros. Save it without macros (as .docx or .xlsx) and add it again.")
    if content in KINDS:
        return gettext(
            "its content is %(actual)s. Save it with the extension that belongs to it, or choose another file."
        ) % {"actual": KINDS[content].label}
    if content == "text":
        return gettext("its content is plain text. Choose another file.")
    return gettext("its content was not recognised. Save it again as %(kind)s, or choose another file.") % {
        "kind": claimed.label
    }


def validate_upload(file, keys: Iterable[str] = DEFAULT_KINDS, *, max_size: int = DOCUMENT_MAX_SIZE) -> None:
    """Refuse, with a Dutch `ValidationError`, a file that is empty or larger than `max_size`, whose extension is
    not one of the kinds `keys`, or whose content is not what its extension says. Changes nothing."""
    keys = tuple(keys)
    if not file.size:
        raise ValidationError(gettext("The file is empty."), code="empty")
    if file.size > max_size:
        raise ValidationError(
            gettext("The file is %(size)s; it may be at most %(max)s.")
            % {"size": filesizeformat(file.size), "max": filesizeformat(max_size)},
            code="size",
        )
    claimed = _kind_of_extension(file.name or "", keys)
    if claimed is None and keys == DEFAULT_KINDS:
        raise ValidationError(
            gettext(
                "This kind of file cannot be added. Choose a PDF, Word, Excel, OpenDocument, CSV, PNG or JPG file."
            ),
            code="kind",
        )
    if claimed is None and _kind_of_extension(file.name or "", KINDS) is None:
        raise ValidationError(
            gettext("This kind of file cannot be added. Choose a file of one of these kinds: %(kinds)s.")
            % {"kinds": kind_names(keys)},
            code="kind",
        )
    if claimed is None:  # a document, but not one this upload takes
        raise ValidationError(
            gettext("This kind of file cannot be added here. Choose a file of one of these kinds: %(kinds)s.")
            % {"kinds": kind_names(keys)},
            code="kind",
        )
    content = recognise(file)
    matches = content == claimed.key or (content == "text" and claimed.key in _TEXT_KINDS)
    if not matches:
        raise ValidationError(
            gettext("%(not_real)s: %(reason)s")
            % {"not_real": claimed.not_real, "reason": _reason(content, claimed)},
            code="content",
        )
