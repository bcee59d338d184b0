"""The import of DUO's final-score file: on DUO's real sample and on broken files."""

import codecs
import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from improvement_plans.constants import FinalTest
from monitoring.constants import Indicator, ValueSource
from monitoring.importers import execute_final_score_import
from monitoring.models import FinalScoreImport, IndicatorValue
from monitoring.services import final_score_import_create
from schools.constants import ImportStatus
from tests.factories import SchoolFactory, UserFactory
from tests.monitoring.factories_indicators import IndicatorValueFactory

SAMPLE = Path(__file__).resolve().parent / "data" / "gemiddelde_eindscores_bo_2024-2025_sample.csv"

pytestmark = pytest.mark.django_db


def sample_rows() -> list[dict[str, str]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def scores_csv(rows: list[dict[str, str]], *, fieldnames=None, delimiter=";") -> bytes:
    """A file in DUO's format (BOM, semicolons, every field quoted)."""
    output = io.StringIO()
    writer = csv.DictWriter(
        output, fieldnames=fieldnames or list(sample_rows()[0]), delimiter=delimiter, quoting=csv.QUOTE_ALL
    )
    writer.writeheader()
    writer.writerows(rows)
    return codecs.BOM_UTF8 + output.getvalue().encode("utf-8")


def register_sample_schools() -> None:
    for row in sample_rows():
        SchoolFactory(
            brin=row["INSTELLINGSCODE"],
            location_code=row["VESTIGINGSCODE"],
            name=row["INSTELLINGSNAAM_VESTIGING"],
        )


def run_import(content: bytes, name: str = "eindscores.csv") -> FinalScoreImport:
    final_score_import = FinalScoreImport(original_filename=name)
    final_score_import.file.save(name, ContentFile(content), save=False)
    final_score_import.save()
    execute_final_score_import(final_score_import)
    final_score_import.refresh_from_db()
    return final_score_import


def stored() -> dict[tuple[str, str], IndicatorValue]:
    return {
        (value.school.code, value.final_test): value
        for value in IndicatorValue.objects.select_related("school").filter(indicator=Indicator.FINAL_TEST)
    }


# --- DUO's sample ---------------------------------------------------------------------------------------------


def test_the_sample_stores_each_schools_score_with_its_test_and_school_year():
    register_sample_schools()

    result = run_import(SAMPLE.read_bytes())

    assert result.status == ImportStatus.DONE, result.error
    values = stored()
    # Every school of the sample used exactly one test; 0 / 0,000 elsewhere is no data, not a score of zero.
    assert len(values) == 10
    slotermeer = values["18WD00", FinalTest.LIB]
    assert (slotermeer.school_year, slotermeer.value, slotermeer.pupil_count) == (2024, Decimal("172.06"), 32)
    assert slotermeer.source == ValueSource.DUO
    assert values["18WK00", FinalTest.IEP].value == Decimal("77.29")
    assert values["18YA00", FinalTest.ROUTE8].value == Decimal("113.56")
    assert result.school_year == 2024
    assert result.report["values"] == {"created": 10, "updated": 0, "unchanged": 0}
    assert result.report["rejected"] == []
    assert result.report["summary"].startswith("Schooljaar 2024–2025")


def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    register_sample_schools()
    run_import(SAMPLE.read_bytes())
    history = IndicatorValue.history.count()

    second = run_import(SAMPLE.read_bytes())

    assert second.report["values"] == {"created": 0, "updated": 0, "unchanged": 10}
    assert IndicatorValue.history.count() == history


def test_a_changed_score_is_updated_and_a_value_entered_by_hand_is_replaced_by_duos():
    register_sample_schools()
    school = SchoolFactory._meta.model.objects.get(brin="18WD")
    IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.LIB, value=Decimal("170"))

    result = run_import(SAMPLE.read_bytes())

    assert result.report["values"] == {"created": 9, "updated": 1, "unchanged": 0}
    value = stored()["18WD00", FinalTest.LIB]
    assert (value.value, value.source) == (Decimal("172.06"), ValueSource.DUO)


def test_a_school_outside_the_register_is_rejected_with_its_reason_and_the_others_are_imported():
    register_sample_schools()
    SchoolFactory._meta.model.objects.filter(brin="19AZ").delete()

    result = run_import(SAMPLE.read_bytes())

    assert len(stored()) == 9
    assert result.report["rejected"] == [
        {
            "line": 11,
            "code": "19AZ00",
            "reason": "School 19AZ00 staat niet in het register. Importeer eerst het register van DUO en daarna "
            "dit bestand opnieuw.",
        }
    ]


def test_a_masked_count_is_kept_as_fewer_than_five_and_a_school_with_no_result_adds_nothing():
    register_sample_schools()
    rows = sample_rows()
    rows[0].update(LIB_AANTAL="<5", LIB_GEM="171,5")
    rows[1].update(IEP_AANTAL="NA", IEP_GEM="NA")

    result = run_import(scores_csv(rows))

    value = stored()["18WD00", FinalTest.LIB]
    assert (value.pupil_count, value.pupil_count_masked, value.value) == (None, True, Decimal("171.50"))
    assert ("18WK00", FinalTest.IEP) not in stored()
    assert result.report["without_result"] == 1


def test_rows_of_other_municipalities_are_skipped():
    register_sample_schools()
    rows = sample_rows()
    rows[2]["GEMEENTENAAM"] = "Utrecht"

    result = run_import(scores_csv(rows))

    assert result.report["skipped"] == 1
    assert len(stored()) == 9


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"LIB_GEM": "veel"}, "LIB_GEM bevat 'veel'; dat is geen score."),
        ({"LIB_AANTAL": "twintig"}, "LIB_AANTAL bevat 'twintig'; dat is geen aantal leerlingen."),
        (
            {"LIB_AANTAL": "0"},
            "LIB_GEM bevat een gemiddelde, maar volgens LIB_AANTAL heeft geen leerling de toets gemaakt.",
        ),
        (
            {"INSTELLINGSCODE": "18W"},
            "Het BRIN-nummer '18W' bestaat niet uit twee cijfers en twee hoofdletters.",
        ),
        (
            {"PEILDATUM_LEERLINGEN": "20231001"},
            "De peildatum (PEILDATUM_LEERLINGEN) '20231001' valt niet in schooljaar 2024–2025.",
        ),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason_and_the_rest_is_imported(change, reason):
    register_sample_schools()
    rows = sample_rows()
    rows[0].update(change)

    result = run_import(scores_csv(rows))

    assert result.status == ImportStatus.DONE
    assert [(row["line"], row["reason"]) for row in result.report["rejected"]] == [(2, reason)]
    assert len(stored()) == 9


def test_a_cito_score_outside_its_scale_is_rejected():
    register_sample_schools()
    rows = sample_rows()
    fieldnames = [*rows[0], "CITO_AANTAL", "CITO_GEM"]
    for row in rows:
        row.update(CITO_AANTAL="0", CITO_GEM="0")
    rows[0].update(CITO_AANTAL="30", CITO_GEM="560,2", PEILDATUM_LEERLINGEN="20091001")
    for row in rows[1:]:
        row["PEILDATUM_LEERLINGEN"] = "20091001"

    result = run_import(scores_csv(rows, fieldnames=fieldnames))

    assert result.report["rejected"][0]["reason"] == (
        "CITO_GEM bevat 560,2; dat valt buiten de schaal van Cito-eindtoets (501–550)."
    )


BROKEN_FILES = {
    "comma-separated": (
        lambda: scores_csv(sample_rows(), delimiter=","),
        "De kolommen in het bestand zijn gescheiden door komma's",
    ),
    "another file": (
        lambda: b'"PEILDATUM";"GEMEENTENAAM"\n"20241001";"AMSTERDAM"\n',
        "Dit is niet het bestand 'Gemiddelde eindscores' van DUO",
    ),
    "a PDF": (lambda: b"%PDF-1.7\n...", "Dit is geen CSV-bestand."),
    "an Excel file": (lambda: b"PK\x03\x04" + b"\x00" * 40, "Dit is een Excel- of zipbestand"),
    "UTF-16": (lambda: SAMPLE.read_text(encoding="utf-8-sig").encode("utf-16"), "niet in UTF-8 opgeslagen"),
    "empty": (lambda: b"", "Het bestand is leeg."),
    "a year outside the programme": (
        lambda: scores_csv([{**row, "PEILDATUM_LEERLINGEN": "20301001"} for row in sample_rows()]),
        "Het bestand bevat schooljaar 2030–2031, dat buiten het programma valt",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN_FILES))
def test_a_broken_file_fails_with_a_dutch_message_and_changes_nothing(name):
    register_sample_schools()
    IndicatorValueFactory(school=SchoolFactory._meta.model.objects.get(brin="18WD"))
    before = list(IndicatorValue.objects.values_list("pk", "value"))
    content, message = BROKEN_FILES[name]

    result = run_import(content())

    assert result.status == ImportStatus.FAILED
    assert message in result.error
    assert list(IndicatorValue.objects.values_list("pk", "value")) == before


@pytest.mark.parametrize("name", ["comma-separated", "another file", "a PDF", "UTF-16"])
def test_the_upload_refuses_a_file_that_is_not_duos_before_storing_it(name):
    content, message = BROKEN_FILES[name]

    with pytest.raises(ValidationError) as refused:
        final_score_import_create(user=None, file=io.BytesIO(content()), original_filename="x.csv")

    assert message in refused.value.message_dict["file"][0]
    assert not FinalScoreImport.objects.exists()


def test_an_error_halfway_rolls_back_every_value(monkeypatch):
    register_sample_schools()
    saved = []
    original_save = IndicatorValue.save

    def save_then_fail(self, *args, **kwargs):
        if saved:
            raise RuntimeError("database gone")
        saved.append(self)
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(IndicatorValue, "save", save_then_fail)

    result = run_import(SAMPLE.read_bytes())

    assert result.status == ImportStatus.FAILED
    assert "er is niets gewijzigd" in result.error
    assert not IndicatorValue.objects.exists()


def test_an_import_without_permission_is_refused():
    with pytest.raises(Exception, match="U mag dit niet doen"):
        final_score_import_create(
            user=UserFactory(role=None), file=io.BytesIO(SAMPLE.read_bytes()), original_filename="x.csv"
        )


def test_the_command_imports_the_file_and_prints_the_report(capsys):
    register_sample_schools()
    SchoolFactory._meta.model.objects.filter(brin="19AZ").delete()

    call_command("import_final_scores", str(SAMPLE))

    output = capsys.readouterr().out
    assert "resultaten: 9 nieuw, 0 bijgewerkt, 0 ongewijzigd" in output
    assert "Regel 11 (19AZ00): School 19AZ00 staat niet in het register." in output
    assert IndicatorValue.objects.count() == 9


def test_the_command_stops_on_a_missing_or_broken_file(tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_final_scores", str(tmp_path / "weg.csv"))
    broken = tmp_path / "kapot.csv"
    broken.write_bytes(b"%PDF-1.7")
    with pytest.raises(CommandError, match="Dit is geen CSV-bestand"):
        call_command("import_final_scores", str(broken))
