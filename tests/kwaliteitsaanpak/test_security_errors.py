"""Hostile input that used to give a server error gets a Dutch message instead (issue 13, "Server errors")."""

import pytest

from improvement_plans.models import Goal
from tests.improvement_plans.test_plan_pages import goal_data, plan, url  # noqa: F401 (the plan fixture)
from tests.pages import board, board_user, expert, text  # noqa: F401 (the people of the page tests)

HUGE_ID = str(10**30)


@pytest.mark.parametrize("finding", [HUGE_ID, "-" + HUGE_ID, "1e400", "abc"])
def test_a_goal_with_a_finding_id_out_of_range_is_refused_in_dutch(client, plan, board_user, finding):  # noqa: F811
    client.force_login(board_user)

    response = client.post(url(plan, "doelen/nieuw/"), goal_data(plan, findings=[finding]))

    assert response.status_code == 200
    assert "Kies alleen bevindingen uit de lijst" in text(response)
    assert not Goal.objects.filter(plan=plan).exists()


@pytest.mark.parametrize("size", ["small", "large"])
def test_a_deeply_nested_json_file_in_the_duo_import_is_refused_in_dutch(
    client, db, django_capture_on_commit_callbacks, size
):
    """Small: recognised whole on upload, the form says why. Large: read by the import task, its report says why."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kwaliteitsaanpak.accounts.roles import Role
    from schools.constants import ImportStatus
    from schools.models import RegisterImport, School
    from tests.factories import UserFactory

    # Whole within the upload's first 64 KB (small), or past it (large): the properties DUO's file has are named.
    depth = 30_000 if size == "small" else 100_000
    head = '{"type": "FeatureCollection", "naam": "", "gemeente": "", "vestigingscode": "", "postcode": "", '
    nested = (head + '"features": ' + "[" * depth + "]" * depth + "}").encode()
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/import/nieuw/",
            {
                "kind": "vestigingen",
                "file": SimpleUploadedFile("vestigingen.geojson", nested, "application/json"),
            },
        )

    dutch = "veel te diep genest"
    if response.status_code == 200:
        assert dutch in text(response)
        assert not RegisterImport.objects.exists()
    else:
        record = RegisterImport.objects.get()
        assert record.status == ImportStatus.FAILED
        assert dutch in client.get(response.url).content.decode()
    assert not School.objects.exists()


def test_a_school_cannot_be_saved_without_a_board(client, db):
    from django.db import IntegrityError, transaction

    from kwaliteitsaanpak.accounts.roles import Role
    from schools.models import School
    from tests.factories import SchoolFactory, UserFactory

    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    response = client.post(
        "/scholen/nieuw/", {"name": "Zonder Bestuur", "brin": "12AB", "location_code": "00", "kind": "bo"}
    )
    assert response.status_code == 200
    assert "Kies het schoolbestuur van de school: een school hoort altijd bij een bestuur." in text(response)
    assert 'value="Zonder Bestuur"' in text(response)

    school = SchoolFactory()
    changed = client.post(
        f"/scholen/{school.pk}/wijzigen/",
        {
            "name": school.name,
            "brin": school.brin,
            "location_code": school.location_code,
            "kind": "bo",
            "board": "",
        },
    )
    assert changed.status_code == 200
    assert School.objects.get(pk=school.pk).board_id == school.board_id
    with pytest.raises(IntegrityError), transaction.atomic():
        School.objects.filter(pk=school.pk).update(board=None)
