"""`manage.py import_duo`: DUO's files imported from the command line."""

import io
import json
import shutil

import pytest
from django.core.management import CommandError, call_command

from schools.constants import ImportKind, ImportStatus
from schools.models import RegisterImport, School, SchoolBoard
from tests.schools.duo_files import FINAL_SCORES_FILE, PUPILS_FILE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def import_duo(*args: str) -> str:
    output = io.StringIO()
    call_command("import_duo", *args, stdout=output)
    return output.getvalue()


def test_command_imports_the_pupils_file_and_prints_the_summary():
    output = import_duo(str(PUPILS_FILE))

    assert (
        "Scholen: 244 nieuw, 0 bijgewerkt, 0 ongewijzigd; besturen: 46 nieuw; afgewezen rijen: 0." in output
    )
    assert School.objects.count() == 244
    assert SchoolBoard.objects.count() == 46
    register_import = RegisterImport.objects.get()
    assert register_import.kind == ImportKind.PUPILS_PER_LOCATION
    assert register_import.status == ImportStatus.DONE
    assert register_import.original_filename == PUPILS_FILE.name
    assert register_import.started_by is None
    assert register_import.file.read() == PUPILS_FILE.read_bytes()


def test_command_prints_each_rejected_line(tmp_path):
    lines = PUPILS_FILE.read_text(encoding="utf-8-sig").splitlines()
    good = next(line for line in lines if '"18WD";"00"' in line)
    path = tmp_path / "leerlingen.csv"
    path.write_text("\n".join([lines[0], good.replace('"18WD"', '"18wd"'), good]) + "\n", encoding="utf-8")

    output = import_duo(str(path))

    assert "Scholen: 1 nieuw" in output
    assert (
        "Regel 2 (18wd00): Het BRIN-nummer '18wd' bestaat niet uit twee cijfers en twee hoofdletters."
        in output
    )


def test_command_guesses_a_geojson_file_from_its_extension(tmp_path):
    feature = {
        "type": "Feature",
        "properties": {
            "naam": "Dongeschool",
            "type": "basisschool",
            "denominatie": "Openbaar",
            "straat": "Dintelstraat",
            "huisnummer": 5,
            "huisletter": None,
            "huisnummertoevoeging": None,
            "postcode": "1078VN",
            "plaats": "Amsterdam",
            "gemeente": "AMSTERDAM",
            "brin_nummer": "19BW",
            "vestigingscode": "19BW00",
            "leerlingen": 325,
        },
        "geometry": {"type": "Point", "coordinates": [4.893216533251262, 52.34575209317819]},
    }
    path = tmp_path / "vestigingen.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")

    output = import_duo(str(path))

    # Recognised as the locations file; a location not yet in the register has no board there, so it is refused.
    assert RegisterImport.objects.get().kind == ImportKind.NATIONAL_LOCATIONS
    assert "afgewezen rijen: 1" in output
    assert "importeer eerst het DUO-bestand" in output
    assert not School.objects.exists()


def test_command_takes_the_kind_from_the_option(tmp_path):
    path = tmp_path / "download.txt"
    shutil.copy(PUPILS_FILE, path)

    output = import_duo(str(path), "--kind", ImportKind.PUPILS_PER_LOCATION)

    assert "Scholen: 244 nieuw" in output


def test_command_refuses_a_file_of_the_wrong_kind():
    with pytest.raises(CommandError, match="Dit is geen DUO-bestand 'Leerlingen po per vestiging'"):
        import_duo(str(FINAL_SCORES_FILE))

    assert not RegisterImport.objects.exists()
    assert not School.objects.exists()


def test_command_reports_a_problem_found_during_the_import(tmp_path):
    """The start of this file looks right; its encoding goes wrong 1.3 MB in."""
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(PUPILS_FILE.read_text(encoding="utf-8-sig").encode("latin-1"))

    with pytest.raises(CommandError, match="Het bestand is niet in UTF-8 opgeslagen"):
        import_duo(str(path))

    assert RegisterImport.objects.get().status == ImportStatus.FAILED
    assert not School.objects.exists()


def test_command_needs_a_kind_it_cannot_guess(tmp_path):
    path = tmp_path / "download.txt"
    shutil.copy(PUPILS_FILE, path)

    with pytest.raises(CommandError, match="--kind"):
        import_duo(str(path))


def test_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        import_duo(str(tmp_path / "weg.csv"))
