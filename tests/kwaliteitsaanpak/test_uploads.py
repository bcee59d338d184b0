"""The one check of every uploaded document (`kwaliteitsaanpak.core.uploads`): a file is what its content says, not
what its name says. A refused file is explained in Dutch and nothing is stored."""

import io
import tempfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from improvement_plans.models import AnalysisAttachment
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core import uploads
from kwaliteitsaanpak.core.forms import DocumentField
from tests.factories import AnalysisFactory, UserFactory
from tests.pages import text

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64 + b"This program cannot be run"
)
WEB_PAGE = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def package(members: list[tuple[str, bytes]]) -> bytes:
    """A ZIP package with these members in this order (the first one stored, as ODF wants its `mimetype`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, (name, content) in enumerate(members):
            archive.writestr(name, content, zipfile.ZIP_STORED if index == 0 else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def ooxml(part: str, *extra: tuple[str, bytes]) -> bytes:
    return package(
        [
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
            ("_rels/.rels", b'<?xml version="1.0"?><Relationships/>'),
            (part, b'<?xml version="1.0"?><document/>'),
            *extra,
        ]
    )


def odf(kind: str) -> bytes:
    return package(
        [
            ("mimetype", f"application/vnd.oasis.opendocument.{kind}".encode()),
            ("content.xml", b'<?xml version="1.0"?><office:document-content/>'),
            ("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>'),
        ]
    )


DOCX = ooxml("word/document.xml")
XLSX = ooxml("xl/workbook.xml")
ODT = odf("text")
ODS = odf("spreadsheet")
WORD_97 = OLE2 + "WordDocument".encode("utf-16-le") + b"\x00" * 100
EXCEL_97 = OLE2 + "Workbook".encode("utf-16-le") + b"\x00" * 100


def clean(name: str, content: bytes, **field_options):
    return DocumentField(**field_options).clean(SimpleUploadedFile(name, content))


def refusal(name: str, content: bytes, **field_options) -> str:
    with pytest.raises(ValidationError) as error:
        clean(name, content, **field_options)
    return " ".join(error.value.messages)


# What is accepted


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("verslag.pdf", PDF),
        ("verbeterplan.docx", DOCX),
        ("begroting.xlsx", XLSX),
        ("notulen.odt", ODT),
        ("toetsen.ods", ODS),
        ("foto.png", PNG),
        ("foto.jpg", JPEG),
        ("foto.JPEG", JPEG),
        ("leerlingen.csv", b"groep;naam;score\n5;Fenna;533\n6;Daan;528\n"),
        ("oud-excel.csv", "groep;naam\n5;Zoë\n".encode("latin-1")),
    ],
)
def test_a_real_document_is_accepted_under_its_base_name(name, content):
    file = clean(name, content)
    assert file.name == name
    assert file.read() == content  # the check read the file and left it at its start


@pytest.mark.parametrize(("name", "content"), [("oud.doc", WORD_97), ("oud.xls", EXCEL_97)])
def test_old_office_files_are_accepted_where_a_form_allows_them(name, content):
    assert clean(name, content, kinds=(*uploads.OFFICE_KINDS, "doc", "xls")).name == name


def test_an_old_office_file_is_not_a_document_by_default():
    assert refusal("oud.doc", WORD_97) == (
        "Dit soort bestand kan niet worden toegevoegd. Kies een PDF-, Word-, Excel-, OpenDocument-, CSV-, PNG- of "
        "JPG-bestand."
    )


# What is refused, and why


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "factuur.pdf",
            EXECUTABLE,
            "Dit bestand is geen echte PDF: het bevat een programma. Kies het document zelf.",
        ),
        (
            "leerlingen.csv",
            WEB_PAGE,
            "Dit bestand is geen echt CSV-bestand: het bevat een webpagina of script. Kies het document zelf.",
        ),
        (
            "leerlingen.csv",
            b"groep;naam\n5;<script src=//x.example/a.js></script>\n",
            "Dit bestand is geen echt CSV-bestand: het bevat een webpagina of script.",
        ),
        (
            "plan.docx",
            XLSX,
            "Dit bestand is geen echt Word-document (.docx): de inhoud is een Excel-werkmap (.xlsx). Sla het op met "
            "de extensie die erbij hoort, of kies een ander bestand.",
        ),
        ("plan.pdf", DOCX, "Dit bestand is geen echte PDF: de inhoud is een Word-document (.docx)."),
        (
            "plan.docx",
            ooxml("word/document.xml", ("word/vbaProject.bin", b"\x00" * 10)),
            "Dit bestand is geen echt Word-document (.docx): het bevat macro's.",
        ),
        (
            "plan.odt",
            ODS,
            "Dit bestand is geen echte OpenDocument-tekst (.odt): de inhoud is een OpenDocument-rekenblad (.ods).",
        ),
        (
            "plan.docx",
            package([("leesmij.txt", b"hallo")]),
            "Dit bestand is geen echt Word-document (.docx): de inhoud is niet herkend.",
        ),
        ("kapot.pdf", b"%PD\x00\x01\x02", "Dit bestand is geen echte PDF: de inhoud is niet herkend."),
        ("foto.png", JPEG, "Dit bestand is geen echte PNG-afbeelding: de inhoud is een JPG-afbeelding."),
        ("tabel.csv", b"groep\x00naam\n", "Dit bestand is geen echt CSV-bestand: de inhoud is niet herkend."),
        ("tabel.csv", PDF, "Dit bestand is geen echt CSV-bestand: de inhoud is een PDF."),
        ("leeg.pdf", b"", "Het bestand is leeg."),
        ("programma.exe", EXECUTABLE, "Dit soort bestand kan niet worden toegevoegd."),
        ("geen-extensie", PDF, "Dit soort bestand kan niet worden toegevoegd."),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 20 else None,
)
def test_a_file_that_is_not_what_its_name_says_is_refused(name, content, message):
    assert message in refusal(name, content)


def test_a_form_that_takes_office_documents_only_says_which(settings):
    assert refusal("foto.png", PNG, kinds=uploads.OFFICE_KINDS) == (
        "Dit soort bestand kan hier niet worden toegevoegd. Kies een bestand van een van deze soorten: PDF, Word, "
        "Excel of OpenDocument."
    )
    assert refusal("programma.exe", b"MZ", kinds=uploads.OFFICE_KINDS) == (
        "Dit soort bestand kan niet worden toegevoegd. Kies een bestand van een van deze soorten: PDF, Word, Excel "
        "of OpenDocument."
    )
    field = DocumentField(kinds=uploads.OFFICE_KINDS)
    assert field.widget.attrs["accept"] == ".pdf,.docx,.xlsx,.odt,.ods"
    assert (
        str(field.help_text)
        == "Een bestand van een van deze soorten: PDF, Word, Excel of OpenDocument; hoogstens 20,0\xa0MB."
    )


def test_a_file_larger_than_the_limit_is_refused_without_reading_it():
    """A sparse temporary file one byte over 20 MB: refused on its size."""
    with tempfile.TemporaryFile() as handle:
        handle.write(PDF)
        handle.truncate(uploads.DOCUMENT_MAX_SIZE + 1)
        handle.seek(0)
        upload = UploadedFile(handle, name="groot.pdf", size=uploads.DOCUMENT_MAX_SIZE + 1)
        with pytest.raises(ValidationError) as error:
            DocumentField().clean(upload)
    assert error.value.messages == ["Het bestand is 20,0\xa0MB; het mag maximaal 20,0\xa0MB zijn."]
    assert error.value.code == "size"


def test_a_file_at_the_limit_is_accepted():
    content = PDF + b"0" * (1000 - len(PDF))
    assert clean("precies.pdf", content, max_size=1000).name == "precies.pdf"
    assert "het mag maximaal" in refusal("te-groot.pdf", content + b"0", max_size=1000)


# Names


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\verslag.pdf", "verslag.pdf"),
        ("C:\\Users\\directeur\\Bureaublad\\plan 2009.docx", "plan 2009.docx"),
        (".verborgen.pdf", "verborgen.pdf"),
        ("regel\neinde.pdf", "regeleinde.pdf"),
        ("../", "bestand"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_only_the_base_name_of_a_file_is_kept(name, kept):
    assert uploads.safe_original_name(name) == kept


def test_the_field_keeps_the_base_name_of_a_path():
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload._name = "../../etc/passwd.pdf"  # what a client could send past Django's own clean-up
    assert DocumentField().clean(upload).name == "passwd.pdf"


# Through a page: the analysis's attachments (the school director may add them)


@pytest.fixture
def director_and_analysis(db):
    analysis = AnalysisFactory(trajectory__phase="analyse")
    director = UserFactory(role=Role.SCHOOL_DIRECTOR, school=analysis.trajectory.school)
    return director, analysis


def attachment_url(analysis) -> str:
    return f"/trajecten/{analysis.trajectory_id}/analyse/bijlagen/nieuw/"


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("factuur.pdf", EXECUTABLE, "Dit bestand is geen echte PDF: het bevat een programma."),
        (
            "leerlingen.csv",
            WEB_PAGE,
            "Dit bestand is geen echt CSV-bestand: het bevat een webpagina of script.",
        ),
    ],
)
def test_a_disguised_file_is_refused_on_the_page_and_nothing_is_stored(
    client, settings, director_and_analysis, name, content, message
):
    director, analysis = director_and_analysis
    client.force_login(director)
    response = client.post(attachment_url(analysis), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert "Er is een probleem" in text(response)
    assert message in text(response)
    assert not AnalysisAttachment.objects.exists()
    assert stored_files(settings) == []


def test_a_real_document_is_stored_under_a_random_name_and_its_base_name_kept(
    client, settings, director_and_analysis
):
    director, analysis = director_and_analysis
    client.force_login(director)
    upload = SimpleUploadedFile("x.docx", DOCX)
    upload._name = "../../etc/Verbeterplan.docx"
    response = client.post(attachment_url(analysis), {"file": upload, "description": "Concept"}, follow=True)
    assert "De bijlage is toegevoegd." in text(response)
    attachment = AnalysisAttachment.objects.get()
    assert attachment.original_filename == "Verbeterplan.docx"
    assert attachment.uploaded_by == director
    assert "Verbeterplan" not in attachment.file.name and ".." not in attachment.file.name
    assert [path.read_bytes() for path in stored_files(settings)] == [DOCX]
