"""The pages of the indicators and benchmarks: lists with filters, sorting, export and a pinned query count; the
forms with their Dutch refusals; the import page with its report."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement_plans.constants import FinalTest
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.constants import Indicator, Reference
from monitoring.models import Benchmark, FinalScoreImport, IndicatorValue
from schools.constants import ImportStatus, Stadsdeel
from tests.factories import SchoolBoardFactory, SchoolFactory, UserFactory
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory

SAMPLE = Path(__file__).resolve().parent / "data" / "gemiddelde_eindscores_bo_2024-2025_sample.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    return client


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def add_values(count: int) -> None:
    for _ in range(count):
        school = SchoolFactory(board=SchoolBoardFactory())
        IndicatorValueFactory(school=school)
        IndicatorValueFactory(school=school, indicator=Indicator.LWOO, final_test="", value=Decimal("18.5"))


# --- The list --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "pinned"),
    [
        # session, user, user permissions, group permissions, the board choices, the count, the page, the menu
        ("/monitor/indicatoren/", 7),
        ("/monitor/indicatoren/?school_year=2009&scale=eindtoets:cito&stadsdeel=nieuw_west&q=Regenboog", 7),
        ("/monitor/indicatoren/?sort=-value", 7),
        ("/monitor/benchmarks/", 7),
    ],
)
def test_the_lists_run_a_fixed_number_of_queries(staff_client, url, pinned):
    add_values(2)
    BenchmarkFactory()
    few = queries_for(staff_client, url)
    add_values(20)
    BenchmarkFactory(reference=Reference.NATIONAL)
    assert few == queries_for(staff_client, url) == pinned


def test_the_list_shows_each_value_with_its_test_and_in_dutch_formats(staff_client):
    school = SchoolFactory(name="De Slotermeerschool", brin="18WD")
    IndicatorValueFactory(school=school, value=Decimal("534.5"), pupil_count=28)
    IndicatorValueFactory(
        school=school,
        school_year=2024,
        final_test=FinalTest.LIB,
        value=Decimal("172.06"),
        pupil_count_masked=True,
    )
    IndicatorValueFactory(school=school, indicator=Indicator.LWOO, final_test="", value=Decimal("12.5"))

    content = page(staff_client.get("/monitor/indicatoren/"))

    assert "Eindtoetsresultaat (Cito-eindtoets)" in content
    assert "Eindtoetsresultaat (Leerling in Beeld (LIB))" in content
    assert "534,5" in content and "172,06" in content and "12,5%" in content
    assert "2009–2010" in content and "2024–2025" in content
    assert "&lt;5" in content
    assert "Wijzigen" in content


def test_the_filters_choose_one_scale_a_school_year_and_a_school(staff_client):
    school = SchoolFactory(name="Burg De Vlugt", brin="18WK", stadsdeel=Stadsdeel.NIEUW_WEST)
    other = SchoolFactory(name="Wereldwijs", brin="18ZL", stadsdeel=Stadsdeel.ZUIDOOST)
    IndicatorValueFactory(school=school, school_year=2024, final_test=FinalTest.IEP, value=Decimal("77.3"))
    IndicatorValueFactory(school=other, school_year=2024, final_test=FinalTest.IEP, value=Decimal("74.7"))
    IndicatorValueFactory(school=other, school_year=2024, final_test=FinalTest.LIB, value=Decimal("171"))
    IndicatorValueFactory(school=other, school_year=2009, value=Decimal("530"))

    def schools_in(query: str) -> list[str]:
        response = staff_client.get(f"/monitor/indicatoren/?{query}")
        return [
            row.record.school.name + " " + str(row.record.value) for row in response.context["table"].rows
        ]

    assert schools_in("scale=eindtoets:iep&sort=value") == ["Wereldwijs 74.70", "Burg De Vlugt 77.30"]
    assert schools_in("school_year=2009") == ["Wereldwijs 530.00"]
    assert schools_in("q=18WK") == ["Burg De Vlugt 77.30"]
    assert schools_in("stadsdeel=zuidoost&scale=eindtoets:lib") == ["Wereldwijs 171.00"]
    # The board by its number (or part of its name): a search, not a list of every board.
    board_filter = schools_in(f"board={school.board.number}")
    assert board_filter == ["Burg De Vlugt 77.30"]


def test_an_empty_list_says_what_to_do_next(staff_client):
    content = page(staff_client.get("/monitor/indicatoren/"))

    assert "Geen indicatorwaarden bij deze filters." in content
    assert "Eindscores van DUO importeren" in content


def test_the_list_is_exported_as_csv_with_its_test_and_masked_counts(staff_client):
    IndicatorValueFactory(school__name="Corantijn", final_test=FinalTest.CITO, value=Decimal("533.2"))
    IndicatorValueFactory(
        school__name="Bijlmerhorst",
        school_year=2024,
        final_test=FinalTest.LIB,
        value=Decimal("168.6"),
        pupil_count_masked=True,
    )

    response = staff_client.get("/monitor/indicatoren/?_export=csv&sort=school")

    assert response["Content-Disposition"].endswith('indicatoren.csv"')
    lines = response.getvalue().decode("utf-8-sig").splitlines()
    assert lines[0].startswith(
        "School,Schooljaar,Indicator,Waarde,Getoetste leerlingen,BRIN,Schoolbestuur,Bron"
    )
    assert "Actie" not in lines[0]
    assert "2024–2025,Eindtoetsresultaat (Leerling in Beeld (LIB)),168.60,<5" in lines[1]


def test_readers_see_the_list_without_the_buttons_to_change_it(client):
    IndicatorValueFactory()
    client.force_login(UserFactory(role=Role.MUNICIPALITY))

    content = page(client.get("/monitor/indicatoren/"))

    assert "Waarde toevoegen" not in content
    assert "Eindscores van DUO importeren" not in content
    assert "/wijzigen/" not in content


# --- The form --------------------------------------------------------------------------------------------------


def form_data(school, **fields) -> dict:
    return {
        "school": school.pk,
        "school_year": "2009",
        "indicator": Indicator.FINAL_TEST,
        "final_test": FinalTest.CITO,
        "value": "534,5",
        "pupil_count": "",
        **fields,
    }


def test_staff_add_a_cito_score_with_a_decimal_comma(staff_client):
    school = SchoolFactory()

    response = staff_client.post(
        "/monitor/indicatoren/nieuw/", form_data(school, pupil_count="31"), follow=True
    )

    assert "De indicatorwaarde is toegevoegd." in page(response)
    value = IndicatorValue.objects.get()
    assert (value.school, value.school_year, value.final_test, value.value, value.pupil_count) == (
        school,
        2009,
        FinalTest.CITO,
        Decimal("534.5"),
        31,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": "560"}, "Een score op de Cito-eindtoets ligt tussen 501 en 550."),
        (
            {"indicator": Indicator.LWOO, "final_test": "", "value": "112,5"},
            "Een percentage is hoogstens 100.",
        ),
        ({"school_year": "2001"}, "Selecteer een geldige keuze."),
        ({"school_year": "2024"}, "De Cito-eindtoets is voor het laatst afgenomen in schooljaar 2022–2023"),
        ({"value": "veel"}, "Vul een getal in, bijvoorbeeld 533,5."),
        ({"value": ""}, "Vul de waarde in."),
    ],
)
def test_a_value_that_cannot_be_right_is_refused_beside_its_field_and_nothing_is_stored(
    staff_client, fields, message
):
    school = SchoolFactory()

    response = staff_client.post("/monitor/indicatoren/nieuw/", form_data(school, **fields))

    content = page(response)
    assert message in content
    assert "novalidate" in content
    assert not IndicatorValue.objects.exists()


def test_every_problem_is_reported_in_one_round(staff_client):
    response = staff_client.post(
        "/monitor/indicatoren/nieuw/",
        {
            "school": "",
            "school_year": "2009",
            "indicator": Indicator.LWOO,
            "final_test": FinalTest.IEP,
            "value": "150",
        },
    )

    form = response.context["form"]
    assert set(form.errors) == {"school", "final_test", "value"}


def test_staff_correct_a_value(staff_client):
    value = IndicatorValueFactory(value=Decimal("530"))

    form = page(staff_client.get(f"/monitor/indicatoren/{value.pk}/wijzigen/"))
    assert 'value="530"' in form
    response = staff_client.post(
        f"/monitor/indicatoren/{value.pk}/wijzigen/",
        form_data(value.school, value="531,5", version=value.version),
        follow=True,
    )

    assert "De wijzigingen zijn opgeslagen." in page(response)
    value.refresh_from_db()
    assert value.value == Decimal("531.5")


# --- The import page --------------------------------------------------------------------------------------------


@pytest.fixture
def eager_tasks(monkeypatch):
    """Tasks run in the request, as without a broker, whatever CELERY_BROKER_URL the test run has."""
    from kwaliteitsaanpak.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def test_staff_upload_duos_file_and_read_the_report_with_its_rejected_rows(
    staff_client, eager_tasks, django_capture_on_commit_callbacks
):
    for code in ("18WD", "18WK", "18WU"):
        SchoolFactory(brin=code)

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/monitor/indicatoren/importeren/",
            {"file": SimpleUploadedFile("eindscores.csv", SAMPLE.read_bytes(), content_type="text/csv")},
        )

    final_score_import = FinalScoreImport.objects.get()
    assert response.url == f"/monitor/indicatoren/importeren/{final_score_import.pk}/"
    # The task starts once the upload is committed; run eagerly, the report is there at once.
    final_score_import.refresh_from_db()
    assert final_score_import.status == ImportStatus.DONE
    content = page(staff_client.get(response.url))
    assert "De import is klaar." in content
    assert "resultaten: 3 nieuw, 0 bijgewerkt, 0 ongewijzigd" in content
    assert "7 rijen afgewezen" in content
    assert "School 18ZL00 staat niet in het register." in content
    assert IndicatorValue.objects.count() == 3


def test_a_file_that_is_not_duos_is_refused_on_the_upload_form(staff_client):
    response = staff_client.post(
        "/monitor/indicatoren/importeren/",
        {"file": SimpleUploadedFile("verslag.pdf", b"%PDF-1.7 verslag", content_type="application/pdf")},
    )

    assert "Dit is geen CSV-bestand." in page(response)
    assert not FinalScoreImport.objects.exists()


def test_a_running_import_page_polls_itself(staff_client):
    final_score_import = FinalScoreImport.objects.create(original_filename="eindscores.csv")

    content = page(staff_client.get(f"/monitor/indicatoren/importeren/{final_score_import.pk}/"))

    assert 'hx-trigger="every 1s"' in content
    partial = page(
        staff_client.get(
            f"/monitor/indicatoren/importeren/{final_score_import.pk}/", headers={"HX-Request": "true"}
        )
    )
    assert "<h1" not in partial
    assert "wacht tot de import begint" in partial


# --- Benchmarks --------------------------------------------------------------------------------------------------


def test_staff_add_and_correct_a_g4_average_and_a_duplicate_is_refused(staff_client):
    data = {
        "school_year": "2024",
        "reference": Reference.G4,
        "indicator": Indicator.FINAL_TEST,
        "final_test": FinalTest.IEP,
        "value": "78,4",
    }
    response = staff_client.post("/monitor/benchmarks/nieuw/", data, follow=True)
    assert "Het gemiddelde is toegevoegd." in page(response)
    content = page(response)
    assert "78,4" in content and "G4-gemiddelde" in content

    refused = page(staff_client.post("/monitor/benchmarks/nieuw/", data))
    assert "Dit gemiddelde is al vastgelegd voor schooljaar 2024–2025. Wijzig het." in refused

    benchmark = Benchmark.objects.get()
    staff_client.post(
        f"/monitor/benchmarks/{benchmark.pk}/wijzigen/",
        {**data, "value": "79,1", "version": benchmark.version},
    )
    benchmark.refresh_from_db()
    assert benchmark.value == Decimal("79.1")


def test_two_colleagues_correcting_the_same_value_the_second_is_refused_and_keeps_what_she_typed(
    staff_client,
):
    value = IndicatorValueFactory(value=Decimal("530"))
    url = f"/monitor/indicatoren/{value.pk}/wijzigen/"
    seen = value.version
    staff_client.post(url, form_data(value.school, value="531,5", version=seen))

    refused = page(staff_client.post(url, form_data(value.school, value="528", version=seen)))

    assert "Iemand anders heeft deze waarde opgeslagen terwijl u eraan werkte" in refused
    assert 'value="528"' in refused
    value.refresh_from_db()
    assert value.value == Decimal("531.5")


def test_two_colleagues_correcting_the_same_average_the_second_is_refused(staff_client):
    data = {
        "school_year": "2024",
        "reference": Reference.G4,
        "indicator": Indicator.LWOO,
        "final_test": "",
        "value": "18,0",
    }
    staff_client.post("/monitor/benchmarks/nieuw/", data)
    benchmark = Benchmark.objects.get()
    url = f"/monitor/benchmarks/{benchmark.pk}/wijzigen/"
    seen = benchmark.version
    staff_client.post(url, {**data, "value": "17,5", "version": seen})

    refused = page(staff_client.post(url, {**data, "value": "19,0", "version": seen}))

    assert "Iemand anders heeft deze waarde opgeslagen terwijl u eraan werkte" in refused
    benchmark.refresh_from_db()
    assert benchmark.value == Decimal("17.5")
