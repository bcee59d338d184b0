"""The importer of DUO's school register, run against DUO's real files."""

import codecs
import csv
import io
import json
from decimal import Decimal

import pytest

from schools import importers
from schools.constants import ImportKind, ImportStatus, SchoolKind, Stadsdeel
from schools.importers import RegisterFileError, execute_register_import, validate_register_file
from schools.models import RegisterImport, School, SchoolBoard
from schools.tasks import run_register_import
from tests.factories import RegisterImportFactory, SchoolBoardFactory, SchoolFactory
from tests.schools.duo_files import FINAL_SCORES_FILE, LOCATIONS_FILE, PUPILS_FILE

PRIMARY_TYPES = {"basisschool", "SBAO", "SO", "VSO", "(V)SO"}

pytestmark = pytest.mark.django_db


def run_import(kind: str, content: bytes) -> RegisterImport:
    register_import = RegisterImportFactory(kind=kind, file__data=content)
    execute_register_import(register_import)
    register_import.refresh_from_db()
    return register_import


def import_pupils_file() -> RegisterImport:
    return run_import(ImportKind.PUPILS_PER_LOCATION, PUPILS_FILE.read_bytes())


def import_locations_file() -> RegisterImport:
    return run_import(ImportKind.NATIONAL_LOCATIONS, LOCATIONS_FILE.read_bytes())


def pupils_rows() -> list[dict[str, str]]:
    with PUPILS_FILE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def pupils_csv(rows: list[dict[str, str]]) -> bytes:
    """A file in DUO's format (BOM, semicolons, every field quoted) with the real header and the given rows."""
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(pupils_rows()[0]), delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writeheader()
    writer.writerows(rows)
    return codecs.BOM_UTF8 + output.getvalue().encode("utf-8")


def location_features() -> list[dict]:
    return json.loads(LOCATIONS_FILE.read_text(encoding="utf-8"))["features"]


# --- The pupils file ---------------------------------------------------------------------------------------------


def test_pupils_file_creates_every_location_and_board():
    register_import = import_pupils_file()

    assert register_import.status == ImportStatus.DONE
    assert register_import.error == ""
    assert register_import.finished_at is not None
    assert register_import.rows_total == register_import.rows_processed == 6904
    report = register_import.report
    assert report["schools"] == {"created": 244, "updated": 0, "unchanged": 0}
    assert report["boards"] == {"created": 46, "updated": 0, "unchanged": 0}
    assert report["rejected"] == []
    assert report["skipped"] == 0
    assert (
        report["summary"]
        == "Scholen: 244 nieuw, 0 bijgewerkt, 0 ongewijzigd; besturen: 46 nieuw; afgewezen rijen: 0."
    )
    assert School.objects.count() == 244
    assert SchoolBoard.objects.count() == 46


def test_pupils_file_folds_the_rows_of_a_location_into_one_school():
    expected = 0
    for row in pupils_rows():
        if (row["INSTELLINGSCODE"], row["VESTIGINGSCODE"]) == ("18WD", "00"):
            expected += sum(int(v) for k, v in row.items() if k.startswith("LEEFTIJD_") and v.isdigit())

    import_pupils_file()

    school = School.objects.select_related("board").get(brin="18WD", location_code="00")
    assert expected > 0
    assert school.pupil_count == expected
    assert school.pupil_count_date.isoformat() == "2024-10-01"
    assert school.name == "De Slotermeerschool"
    assert school.kind == SchoolKind.BO
    assert school.denomination == "Openbaar"
    assert school.postcode == "1063 CW"
    assert school.city == "Amsterdam"
    assert school.stadsdeel == Stadsdeel.NIEUW_WEST
    assert school.board.number == "41579"
    assert school.board.name == "Schoolbestuur 41579"
    assert school.board_id is not None


def test_pupils_file_keeps_a_combined_so_vso_school_as_one_special_school():
    """Kentalis Signis (17GW30) reports its pupils in rows of both So and Vso."""
    expected = sum(
        int(value)
        for row in pupils_rows()
        if row["INSTELLINGSCODE"] + row["VESTIGINGSCODE"] == "17GW30"
        for column, value in row.items()
        if column.startswith("LEEFTIJD_") and value.isdigit()
    )

    import_pupils_file()

    school = School.objects.get(brin="17GW", location_code="30")
    assert school.kind == SchoolKind.SO
    assert school.pupil_count == expected


def test_pupils_file_fills_stadsdeel_and_imports_weesp():
    weesp_codes = {
        row["INSTELLINGSCODE"] + row["VESTIGINGSCODE"]
        for row in pupils_rows()
        if row["PLAATSNAAM"] == "WEESP"
    }

    import_pupils_file()

    weesp = School.objects.filter(city="Weesp")
    assert weesp_codes
    assert {school.code for school in weesp} == weesp_codes
    assert {school.stadsdeel for school in weesp} == {Stadsdeel.WEESP}
    assert not School.objects.filter(stadsdeel="").exists()
    assert set(School.objects.values_list("city", flat=True)) == {"Amsterdam", "Weesp"}


def test_second_run_of_the_same_file_changes_nothing():
    import_pupils_file()
    school_history = School.history.count()
    board_history = SchoolBoard.history.count()

    register_import = import_pupils_file()

    report = register_import.report
    assert report["schools"] == {"created": 0, "updated": 0, "unchanged": 244}
    assert report["boards"] == {"created": 0, "updated": 0, "unchanged": 46}
    assert report["summary"] == "Geen wijzigingen: alle 244 scholen en 46 besturen waren al up-to-date."
    assert School.history.count() == school_history
    assert SchoolBoard.history.count() == board_history


def test_import_keeps_a_board_name_and_a_stadsdeel_that_staff_set():
    board = SchoolBoardFactory(number="41579", name="Stichting Westelijke Tuinsteden")
    school = SchoolFactory(
        brin="18WD",
        location_code="00",
        name="Slotermeerschool (oude naam)",
        board=SchoolBoardFactory(),
        stadsdeel=Stadsdeel.CENTRUM,
        pupil_count=10,
    )

    report = import_pupils_file().report

    board.refresh_from_db()
    school.refresh_from_db()
    assert board.name == "Stichting Westelijke Tuinsteden"
    assert school.stadsdeel == Stadsdeel.CENTRUM
    assert school.name == "De Slotermeerschool"
    assert school.board == board
    assert school.pupil_count != 10
    assert report["schools"] == {"created": 243, "updated": 1, "unchanged": 0}
    assert report["boards"] == {"created": 45, "updated": 0, "unchanged": 1}
    assert school.history.first().history_change_reason.startswith("Import van het DUO-register")


def test_import_reports_progress_on_the_record(monkeypatch):
    register_import = RegisterImportFactory(file__data=PUPILS_FILE.read_bytes())
    seen: list[tuple[int, int]] = []
    original = importers.run.set_fields

    def spy(record, **values):
        original(record, **values)
        if "rows_processed" in values:
            seen.append(RegisterImport.objects.values_list("rows_total", "rows_processed").get(pk=record.pk))

    monkeypatch.setattr(importers.run, "set_fields", spy)

    execute_register_import(register_import)

    assert (6904, 500) in seen
    assert (6904, 6500) in seen
    assert seen[-1] == (6904, 6904)


# --- The national list of locations -------------------------------------------------------------------------------


def test_locations_file_after_pupils_file_adds_addresses_and_coordinates():
    features = location_features()
    amsterdam_primary = [
        feature["properties"]
        for feature in features
        if feature["properties"]["gemeente"] == "AMSTERDAM" and feature["properties"]["type"] in PRIMARY_TYPES
    ]
    pupils_codes = {row["INSTELLINGSCODE"] + row["VESTIGINGSCODE"] for row in pupils_rows()}
    new_codes = {properties["vestigingscode"] for properties in amsterdam_primary} - pupils_codes
    slotermeer = next(p for p in amsterdam_primary if p["vestigingscode"] == "18WD00")
    slotermeer_point = next(f for f in features if f["properties"] is slotermeer)["geometry"]["coordinates"]
    import_pupils_file()
    pupils_before = dict(School.objects.values_list("brin", "pupil_count").filter(location_code="00"))

    register_import = import_locations_file()

    report = register_import.report
    assert register_import.status == ImportStatus.DONE
    assert report["skipped"] == len(features) - len(amsterdam_primary)
    assert report["skipped_reason"] == "buiten Amsterdam of geen primair onderwijs"
    # A school has a board: the national list names none, so it adds no school the pupils file did not bring.
    assert report["schools"]["created"] == 0 and len(new_codes) == 3
    assert report["boards"] == {"created": 0, "updated": 0, "unchanged": 0}
    # The national list repeats some locations once per building: the first one is used, the others reported.
    rejected = {rejection["code"]: rejection["reason"] for rejection in report["rejected"]}
    assert set(rejected) == {"18TV00", "08VA00", "20WR11"} | new_codes
    for code in new_codes:
        assert rejected[code].startswith(
            "Deze vestiging staat nog niet in het register en dit bestand noemt geen"
        )

    school = School.objects.get(brin="18WD", location_code="00")
    assert school.street_address == f"{slotermeer['straat']} {slotermeer['huisnummer']}"
    assert school.latitude == Decimal(str(slotermeer_point[1])).quantize(Decimal("0.000001"))
    assert school.longitude == Decimal(str(slotermeer_point[0])).quantize(Decimal("0.000001"))
    assert school.name == "De Slotermeerschool"
    assert school.board.number == "41579"
    assert School.objects.get(brin="18TV", location_code="00").street_address == "Kortvoort 61A"
    assert dict(School.objects.values_list("brin", "pupil_count").filter(location_code="00")) == pupils_before
    without_coordinates = pupils_codes - {properties["vestigingscode"] for properties in amsterdam_primary}
    assert {school.code for school in School.objects.filter(latitude__isnull=True)} == without_coordinates

    assert not [school for school in School.objects.all() if school.code in new_codes]


def test_locations_file_twice_changes_nothing_the_second_time():
    import_pupils_file()
    first = import_locations_file().report["schools"]
    history = School.history.count()

    report = import_locations_file().report

    assert report["schools"]["created"] == report["schools"]["updated"] == 0
    assert report["schools"]["unchanged"] == first["updated"] + first["unchanged"] > 200
    assert report["summary"] == (
        f"Geen wijzigingen: alle {report['schools']['unchanged']} scholen waren al up-to-date; "
        f"afgewezen rijen: {len(report['rejected'])}; overgeslagen: {report['skipped']} "
        "(buiten Amsterdam of geen primair onderwijs)."
    )
    assert School.history.count() == history


# --- Broken files -------------------------------------------------------------------------------------------------


def latin1_pupils_file() -> bytes:
    rows = [row for row in pupils_rows() if row["DENOMINATIE_VESTIGING"] == "Hindoeïstisch"][:3]
    return pupils_csv(rows).decode("utf-8-sig").encode("latin-1")


BROKEN_FILES = {
    "wrong DUO file": (
        ImportKind.PUPILS_PER_LOCATION,
        lambda: FINAL_SCORES_FILE.read_bytes(),
        "Dit is geen DUO-bestand 'Leerlingen po per vestiging': de kolommen PEILDATUM, LEEFTIJD_* ontbreken.",
    ),
    "pdf": (
        ImportKind.PUPILS_PER_LOCATION,
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        "Dit is geen CSV-bestand.",
    ),
    "binary": (ImportKind.PUPILS_PER_LOCATION, lambda: bytes(range(256)) * 8, "Dit is geen CSV-bestand."),
    "excel": (ImportKind.PUPILS_PER_LOCATION, lambda: b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "Excel"),
    "utf-16": (
        ImportKind.PUPILS_PER_LOCATION,
        lambda: PUPILS_FILE.read_text(encoding="utf-8-sig").encode("utf-16"),
        "Het bestand is niet in UTF-8 opgeslagen. Sla het op als CSV UTF-8 en probeer het opnieuw.",
    ),
    "latin-1": (
        ImportKind.PUPILS_PER_LOCATION,
        latin1_pupils_file,
        "Het bestand is niet in UTF-8 opgeslagen. Sla het op als CSV UTF-8 en probeer het opnieuw.",
    ),
    "commas": (
        ImportKind.PUPILS_PER_LOCATION,
        lambda: PUPILS_FILE.read_bytes().replace(b'";"', b'","'),
        "De kolommen in het bestand zijn gescheiden door komma's",
    ),
    "empty csv": (ImportKind.PUPILS_PER_LOCATION, lambda: b"", "Het bestand is leeg."),
    "empty geojson": (ImportKind.NATIONAL_LOCATIONS, lambda: b"\n", "Het bestand is leeg."),
    "not json": (
        ImportKind.NATIONAL_LOCATIONS,
        lambda: b"<html><body>Niet gevonden</body></html>",
        "Dit is geen GeoJSON-bestand: de inhoud is geen geldige JSON.",
    ),
    "csv as geojson": (
        ImportKind.NATIONAL_LOCATIONS,
        lambda: PUPILS_FILE.read_bytes(),
        "Dit is geen GeoJSON-bestand: de inhoud is geen geldige JSON.",
    ),
    "json but no feature collection": (
        ImportKind.NATIONAL_LOCATIONS,
        lambda: json.dumps({"type": "Feature", "properties": {}, "geometry": None}).encode(),
        "Dit is geen GeoJSON-bestand met schoolvestigingen.",
    ),
    "features of something else": (
        ImportKind.NATIONAL_LOCATIONS,
        lambda: json.dumps(
            {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"naam": "Vondelpark"}}],
            }
        ).encode(),
        "Dit is geen GeoJSON-bestand met schoolvestigingen: de eigenschappen type, gemeente, vestigingscode, "
        "postcode ontbreken.",
    ),
    "zip": (
        ImportKind.NATIONAL_LOCATIONS,
        lambda: b"PK\x03\x04\x14\x00" + bytes(64),
        "Dit is een zipbestand.",
    ),
}


@pytest.mark.parametrize(("kind", "content", "message"), BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_broken_file_fails_and_changes_nothing(kind, content, message):
    SchoolFactory.create_batch(3)
    schools, boards = School.objects.count(), SchoolBoard.objects.count()
    school_history = School.history.count()

    register_import = run_import(kind, content())

    assert register_import.status == ImportStatus.FAILED
    assert message in register_import.error
    assert register_import.finished_at is not None
    assert register_import.report == {}
    assert (School.objects.count(), SchoolBoard.objects.count()) == (schools, boards)
    assert School.history.count() == school_history


@pytest.mark.parametrize(("kind", "content", "message"), BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_upload_check_recognises_a_broken_file_from_its_start(kind, content, message):
    file = io.BytesIO(content())
    file.read(10)

    with pytest.raises(RegisterFileError) as excinfo:
        validate_register_file(kind=kind, file=file)

    assert message in str(excinfo.value)
    assert file.tell() == 0


def test_import_finds_a_wrong_encoding_beyond_the_start_the_upload_check_reads():
    """The first non-ASCII character of DUO's Amsterdam file is 1.3 MB in ('Hindoeïstisch')."""
    content = PUPILS_FILE.read_text(encoding="utf-8-sig").encode("latin-1")
    SchoolFactory()

    validate_register_file(kind=ImportKind.PUPILS_PER_LOCATION, file=io.BytesIO(content))
    register_import = run_import(ImportKind.PUPILS_PER_LOCATION, content)

    assert register_import.status == ImportStatus.FAILED
    assert register_import.error.startswith("Het bestand is niet in UTF-8 opgeslagen.")
    assert School.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "path"),
    [(ImportKind.PUPILS_PER_LOCATION, PUPILS_FILE), (ImportKind.NATIONAL_LOCATIONS, LOCATIONS_FILE)],
)
def test_upload_check_accepts_duos_files_and_rewinds(kind, path):
    with path.open("rb") as file:
        validate_register_file(kind=kind, file=file)
        assert file.tell() == 0


def test_unexpected_error_while_applying_rolls_everything_back(monkeypatch):
    SchoolFactory.create_batch(2)
    schools, boards = School.objects.count(), SchoolBoard.objects.count()
    original = importers.apply._save
    calls = []

    def fail_on_the_tenth_save(instance, author, update_fields=None):
        calls.append(instance)
        if len(calls) == 10:
            raise RuntimeError("database went away")
        original(instance, author, update_fields=update_fields)

    monkeypatch.setattr(importers.apply, "_save", fail_on_the_tenth_save)

    register_import = import_pupils_file()

    assert register_import.status == ImportStatus.FAILED
    assert register_import.error.startswith("Het importeren is mislukt door een onverwachte fout")
    assert (School.objects.count(), SchoolBoard.objects.count()) == (schools, boards)


# --- Rejected rows ------------------------------------------------------------------------------------------------


def test_a_row_with_a_bad_brin_is_rejected_and_the_rest_imported():
    good = next(row for row in pupils_rows() if row["INSTELLINGSCODE"] == "18WD")
    bad = {**good, "INSTELLINGSCODE": "1XWD"}

    register_import = run_import(ImportKind.PUPILS_PER_LOCATION, pupils_csv([bad, good]))

    report = register_import.report
    assert register_import.status == ImportStatus.DONE
    assert report["schools"]["created"] == 1
    assert report["rejected"] == [
        {
            "line": 2,
            "code": "1XWD00",
            "reason": "Het BRIN-nummer '1XWD' bestaat niet uit twee cijfers en twee hoofdletters.",
        }
    ]
    assert (
        report["summary"]
        == "Scholen: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd; besturen: 1 nieuw; afgewezen rijen: 1."
    )
    assert School.objects.get().code == "18WD00"


def test_row_problems_reject_only_their_row_or_location():
    rows = pupils_rows()
    slotermeer = [row for row in rows if row["INSTELLINGSCODE"] == "18WD"][:2]
    other = next(row for row in rows if row["INSTELLINGSCODE"] == "18WK")
    content = pupils_csv(
        [
            slotermeer[0],  # line 2: fine
            {**other, "VESTIGINGSCODE": "0"},  # line 3
            {**other, "BEVOEGD_GEZAG_NUMMER": ""},  # line 4
            {**other, "SOORT_PO": "Vo"},  # line 5
            {**other, "LEEFTIJD_7": "veel"},  # line 6
            {**other, "POSTCODE_VESTIGING": "0000XX"},  # line 7
            other,  # line 8: fine
            {**slotermeer[1], "INSTELLINGSNAAM_VESTIGING": "Een andere naam"},  # line 9: rejects 18WD00
            {**other, "GEMEENTENAAM": "Amstelveen"},  # line 10: skipped
        ]
    )

    report = run_import(ImportKind.PUPILS_PER_LOCATION, content).report

    rejected = {rejection["line"]: rejection for rejection in report["rejected"]}
    assert sorted(rejected) == [3, 4, 5, 6, 7, 9]
    assert rejected[3]["reason"] == "De vestigingscode '0' bestaat niet uit twee cijfers."
    assert rejected[4]["reason"] == "Het bevoegd-gezagnummer (BEVOEGD_GEZAG_NUMMER) ontbreekt."
    assert rejected[5]["reason"].startswith("De soort onderwijs (SOORT_PO) 'Vo' is onbekend")
    assert rejected[6]["reason"] == "LEEFTIJD_7 bevat 'veel'; dat is geen aantal leerlingen."
    assert rejected[7]["reason"] == "De postcode '0000XX' is geen Nederlandse postcode."
    assert rejected[9]["code"] == "18WD00"
    assert rejected[9]["reason"].startswith(
        "De rijen van deze vestiging verschillen in INSTELLINGSNAAM_VESTIGING"
    )
    assert report["skipped"] == 1
    assert report["schools"]["created"] == 1
    assert School.objects.get().code == "18WK00"


# --- The Celery task ----------------------------------------------------------------------------------------------


def test_task_runs_a_queued_import():
    register_import = RegisterImportFactory(file__data=PUPILS_FILE.read_bytes())

    run_register_import(register_import.pk)

    register_import.refresh_from_db()
    assert register_import.status == ImportStatus.DONE
    assert School.objects.count() == 244


def test_task_leaves_a_finished_import_alone():
    register_import = RegisterImportFactory(file__data=PUPILS_FILE.read_bytes())
    run_register_import(register_import.pk)
    register_import.refresh_from_db()
    finished_at, history = register_import.finished_at, School.history.count()
    School.objects.filter(brin="18WD").update(name="Handmatig gewijzigd")

    run_register_import(register_import.pk)

    register_import.refresh_from_db()
    assert register_import.finished_at == finished_at
    assert School.history.count() == history
    assert School.objects.get(brin="18WD", location_code="00").name == "Handmatig gewijzigd"


def test_task_leaves_a_failed_import_alone():
    register_import = RegisterImportFactory(file__data=b"")
    run_register_import(register_import.pk)
    register_import.refresh_from_db()
    assert register_import.status == ImportStatus.FAILED
    RegisterImport.objects.filter(pk=register_import.pk).update(error="eerdere fout")

    run_register_import(register_import.pk)

    register_import.refresh_from_db()
    assert register_import.status == ImportStatus.FAILED
    assert register_import.error == "eerdere fout"
