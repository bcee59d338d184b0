"""The school and board pages as their users work with them: forms, messages, filters and the import page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ImportStatus, ParticipationReason, Stadsdeel, Verdict
from schools.models import InspectionVerdict, RegisterImport, School, SchoolBoard
from tests.factories import (
    InspectionVerdictFactory,
    SchoolBoardFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.schools.duo_files import PUPILS_FILE


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    return client


@pytest.fixture
def inspector_client(client, db):
    client.force_login(UserFactory(role=Role.INSPECTION))
    return client


def listed_names(response) -> list[str]:
    return [row.record.name for row in response.context["table"].page.object_list]


def test_filters_narrow_the_school_list(staff_client):
    weak_in_noord = SchoolFactory(name="De Noorderzon", stadsdeel=Stadsdeel.NOORD)
    InspectionVerdictFactory(school=weak_in_noord, verdict=Verdict.WEAK)
    sufficient_in_noord = SchoolFactory(name="Het Noorderlicht", stadsdeel=Stadsdeel.NOORD)
    InspectionVerdictFactory(school=sufficient_in_noord, verdict=Verdict.SUFFICIENT)
    SchoolFactory(name="De Zuiderzon", stadsdeel=Stadsdeel.ZUID)

    response = staff_client.get("/scholen/", {"stadsdeel": "noord", "current_verdict": "zwak"})
    assert listed_names(response) == ["De Noorderzon"]
    assert "1 resultaat" in response.content.decode()


def test_the_school_list_searches_name_and_brin(staff_client):
    SchoolFactory(name="De Regenboog", brin="18WD", location_code="01")
    SchoolFactory(name="Het Kompas", brin="19AB")
    assert listed_names(staff_client.get("/scholen/", {"q": "regenb"})) == ["De Regenboog"]
    assert listed_names(staff_client.get("/scholen/", {"q": "18wd01"})) == ["De Regenboog"]
    assert listed_names(staff_client.get("/scholen/", {"q": "19AB"})) == ["Het Kompas"]


def test_participation_filter_and_at_risk_marking(staff_client):
    at_risk = SchoolFactory(name="De Risico")
    TrajectoryFactory(school=at_risk, reason=ParticipationReason.AT_RISK)
    SchoolFactory(name="De Buitenstaander")
    response = staff_client.get("/scholen/", {"participating": "ja"})
    assert listed_names(response) == ["De Risico"]
    assert "Risicoschool" in response.content.decode()
    assert listed_names(staff_client.get("/scholen/", {"participating": "nee"})) == ["De Buitenstaander"]


def test_an_empty_list_says_what_to_do(staff_client):
    content = staff_client.get("/scholen/", {"q": "bestaat niet"}).content.decode()
    assert "Geen scholen gevonden" in content


def test_the_school_list_sorts_by_pupils(staff_client):
    SchoolFactory(name="Groot", pupil_count=500)
    SchoolFactory(name="Klein", pupil_count=90)
    assert listed_names(staff_client.get("/scholen/", {"sort": "pupil_count"})) == ["Klein", "Groot"]
    assert listed_names(staff_client.get("/scholen/", {"sort": "-pupil_count"})) == ["Groot", "Klein"]


def test_the_school_page_shows_data_board_and_inspection_history(staff_client):
    board = SchoolBoardFactory(name="Stichting Amstelscholen")
    school = SchoolFactory(name="De Vuurtoren", board=board)
    InspectionVerdictFactory(school=school, date=datetime.date(2007, 6, 1), verdict=Verdict.VERY_WEAK)
    InspectionVerdictFactory(school=school, date=datetime.date(2010, 6, 1), verdict=Verdict.SUFFICIENT)
    content = staff_client.get(f"/scholen/{school.pk}/").content.decode()
    assert "Stichting Amstelscholen" in content
    assert content.index("1 juni 2010") < content.index("1 juni 2007")  # newest first
    assert "Zeer zwak" in content and "Voldoende" in content


def test_staff_add_a_board_and_a_school(staff_client):
    response = staff_client.post("/besturen/nieuw/", {"name": "Stichting Nieuw", "number": "41234"})
    board = SchoolBoard.objects.get(number="41234")
    assert response.url == f"/besturen/{board.pk}/"
    response = staff_client.post(
        "/scholen/nieuw/",
        {
            "name": "De Nieuwe School",
            "brin": "12ab",
            "location_code": "00",
            "board": board.pk,
            "kind": "bo",
            "postcode": "1024ab",
        },
    )
    school = School.objects.get(brin="12AB")
    assert (school.postcode, school.board) == ("1024 AB", board)
    assert response.url == f"/scholen/{school.pk}/"


def test_a_school_with_a_bad_brin_and_a_duplicate_is_refused_in_dutch(staff_client):
    SchoolFactory(brin="12AB", location_code="00")
    response = staff_client.post(
        "/scholen/nieuw/", {"name": "Dubbel", "brin": "12AB", "location_code": "00", "kind": "bo"}
    )
    assert response.status_code == 200
    assert "bestaat al" in response.content.decode()
    response = staff_client.post(
        "/scholen/nieuw/", {"name": "Fout", "brin": "1ABC", "location_code": "0", "kind": "bo"}
    )
    content = response.content.decode()
    assert "twee cijfers en twee hoofdletters" in content
    assert 'value="Fout"' in content  # what the user typed is kept
    assert School.objects.count() == 1


def test_staff_change_a_school_and_the_change_is_in_its_history(staff_client):
    school = SchoolFactory(name="Oude Naam")
    data = {
        "name": "Nieuwe Naam",
        "brin": school.brin,
        "location_code": "00",
        "board": school.board_id,
        "kind": "bo",
        "stadsdeel": "zuid",
        "version": school.version,
    }
    response = staff_client.post(f"/scholen/{school.pk}/wijzigen/", data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert (school.name, school.stadsdeel) == ("Nieuwe Naam", "zuid")
    assert school.history.first().history_user is not None


def test_an_inspector_records_a_verdict_with_a_dutch_date(inspector_client):
    school = SchoolFactory()
    response = inspector_client.post(
        f"/scholen/{school.pk}/oordeel/",
        {
            "date": "31-01-2008",
            "verdict": "zeer_zwak",
            "supervision_arrangement": "aangepast",
            "reference_list": "origineel",
        },
    )
    assert response.url == f"/scholen/{school.pk}/"
    verdict = InspectionVerdict.objects.get()
    assert verdict.date == datetime.date(2008, 1, 31)
    page = inspector_client.get(response.url).content.decode()
    assert "Het oordeel is vastgelegd." in page
    assert "Referentielijst van 31 januari 2008" in page


def test_a_verdict_form_with_errors_shows_a_summary_and_saves_nothing(inspector_client):
    school = SchoolFactory()
    response = inspector_client.post(
        f"/scholen/{school.pk}/oordeel/",
        {"date": "2008-31-01x", "verdict": "voldoende", "supervision_arrangement": "basis"},
    )
    content = response.content.decode()
    assert "Er is een probleem" in content
    assert "dd-mm-jjjj" in content
    assert 'href="#id_date"' in content
    assert not InspectionVerdict.objects.exists()


def test_uploading_a_wrong_file_gets_a_dutch_message_and_stores_nothing(staff_client):
    response = staff_client.post(
        "/import/nieuw/",
        {
            "kind": "leerlingen",
            "file": SimpleUploadedFile("scholen.pdf", b"%PDF-1.4 binary \x00\xff", "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "UTF-8" in response.content.decode()
    assert not RegisterImport.objects.exists()


def test_importing_the_real_duo_file_from_the_page(staff_client, django_capture_on_commit_callbacks):
    source = PUPILS_FILE
    upload = SimpleUploadedFile(source.name, source.read_bytes(), "text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post("/import/nieuw/", {"kind": "leerlingen", "file": upload})
    register_import = RegisterImport.objects.get()
    assert response.url == f"/import/{register_import.pk}/"
    # The task starts once the upload is committed; tests run it eagerly, so the report is there at once.
    register_import.refresh_from_db()
    assert register_import.status == ImportStatus.DONE
    assert (School.objects.count(), SchoolBoard.objects.count()) == (244, 46)
    page = staff_client.get(response.url).content.decode()
    assert "De import is klaar." in page
    assert "hx-trigger" not in page  # a finished import stops polling


def test_a_running_import_polls_for_its_progress(staff_client):
    register_import = RegisterImport.objects.create(
        kind="leerlingen", status=ImportStatus.RUNNING, rows_total=1000, rows_processed=250
    )
    page = staff_client.get(f"/import/{register_import.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert "25%" in page
    partial = staff_client.get(f"/import/{register_import.pk}/", headers={"HX-Request": "true"})
    assert partial.templates[0].name == "schools/includes/import_status.html"
