"""The experts' costs of a trajectory as programme staff record them: hours and rate per expert and quarter, typed
the Dutch way, with totals per quarter and per expert, downloads, and who may reach what."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from finance.constants import Quarter
from finance.models import ExpertCost
from improvement_plans.constants import Phase
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import ExpertCostFactory, TrajectoryFactory, UserFactory
from tests.pages import euro, part, reads_but_may_not_record, refused_form, same_query_count, text

TODAY = timezone.localdate()
THIS_QUARTER = Quarter.of(TODAY)
LAST_QUARTER = Quarter.of(THIS_QUARTER.first_day - datetime.timedelta(days=1))


@pytest.fixture
def own_expert(expert):
    return expert


@pytest.fixture
def other_expert(db):
    return UserFactory(role=Role.FINANCIAL_EXPERT, first_name="Anna", last_name="Jansen")


@pytest.fixture
def trajectory(own_expert):
    trajectory = TrajectoryFactory(
        school__name="De Vuurtoren",
        phase=Phase.EXECUTION,
        registered_on=TODAY - datetime.timedelta(days=400),
        execution_started_on=TODAY - datetime.timedelta(days=200),
    )
    trajectory.education_experts.add(own_expert)
    return trajectory


def url(trajectory, suffix: str = "") -> str:
    return f"/trajecten/{trajectory.pk}/expertkosten/{suffix}"


def cost_data(who, **overrides) -> dict:
    data = {
        "expert": who.pk,
        "quarter": LAST_QUARTER.value,
        "hours": "12,5",
        "hourly_rate": "95,00",
        "note": "",
    }
    return {**data, **overrides}


def cost(trajectory, expert, quarter: Quarter = LAST_QUARTER, **fields):
    return ExpertCostFactory(
        trajectory=trajectory, expert=expert, year=quarter.year, quarter=quarter.number, **fields
    )


# The list


def test_without_hours_the_page_explains_what_these_costs_are(client, trajectory, staff):
    client.force_login(staff)
    content = text(client.get(url(trajectory)))
    assert "Expertkosten</h1>" in content
    assert "De gemeente betaalt deze kosten alleen" in content
    assert "Voor dit traject zijn nog geen uren vastgelegd." in content
    assert "Uren van een expert vastleggen" in content


def test_the_page_lists_the_hours_with_totals_per_quarter_and_per_expert(
    client, trajectory, staff, own_expert, other_expert
):
    cost(
        trajectory, own_expert, LAST_QUARTER, hours=Decimal("12.5"), hourly_rate=Decimal("95"), note="Analyse"
    )
    cost(trajectory, own_expert, THIS_QUARTER, hours=Decimal("8"), hourly_rate=Decimal("95"))
    cost(trajectory, other_expert, THIS_QUARTER, hours=Decimal("4.25"), hourly_rate=Decimal("110.50"))
    client.force_login(staff)
    content = text(client.get(url(trajectory)))
    assert (
        f"In totaal 24,75 uur, {euro('2.417,13')}" in content
    )  # 1.187,50 + 760,00 + 469,63 (rounded per line)

    records = part(content, "expert-costs")
    rows = records.split("<tr")[2:]
    assert len(rows) == 3
    assert THIS_QUARTER.label in rows[0] and LAST_QUARTER.label in rows[2]  # newest first
    assert (
        "Els Bakker" in rows[2] and "12,5" in rows[2] and euro("1.187,50") in rows[2] and "Analyse" in rows[2]
    )
    assert content.count(">Wijzigen<") == 3 and content.count(">Verwijderen<") == 3

    per_quarter = part(content, "expert-costs-per-quarter").split("<tr")[2:]
    assert LAST_QUARTER.label in per_quarter[0] and euro("1.187,50") in per_quarter[0]
    assert (
        THIS_QUARTER.label in per_quarter[1]
        and "12,25" in per_quarter[1]
        and euro("1.229,63") in per_quarter[1]
    )
    assert "Totaal" in per_quarter[2] and "24,75" in per_quarter[2] and euro("2.417,13") in per_quarter[2]

    per_expert = part(content, "expert-costs-per-expert").split("<tr")[2:]
    assert "Anna Jansen" in per_expert[0] and "Els Bakker" in per_expert[1]
    assert "20,5" in per_expert[1] and euro("1.947,50") in per_expert[1]
    assert "Totaal" in per_expert[2]


def test_the_hours_download_as_xlsx_and_csv_with_numbers(client, trajectory, staff, own_expert):
    cost(trajectory, own_expert, LAST_QUARTER, hours=Decimal("12.5"), hourly_rate=Decimal("95"))
    client.force_login(staff)
    response = client.get(url(trajectory), {"tabel": "kosten", "_export": "xlsx"})
    assert "expertkosten-de-vuurtoren-kosten.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Expert", "Kwartaal", "Uren", "Uurtarief", "Bedrag", "Opmerking"]  # no links column
    assert rows[1][:5] == ["Els Bakker", LAST_QUARTER.label, 12.5, 95, 1187.5]

    response = client.get(url(trajectory), {"tabel": "experts", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows == [
        ["Expert", "Uren", "Bedrag"],
        ["Els Bakker", "12.50", "1187.50"],
        ["Totaal", "12.50", "1187.50"],
    ]


# Recording


def test_staff_record_an_experts_hours_the_dutch_way(client, trajectory, staff, own_expert, other_expert):
    client.force_login(staff)
    content = text(client.get(url(trajectory, "nieuw/")))
    # The trajectory's own experts come first; the current quarter is chosen.
    own_group = content.index('label="Experts van dit traject"')
    other_group = content.index('label="Andere experts"')
    assert own_group < content.index(">Els Bakker<") < other_group < content.index(">Anna Jansen<")
    assert f'value="{THIS_QUARTER.value}" selected' in content
    response = client.post(
        url(trajectory, "nieuw/"), cost_data(own_expert, note="Klassenbezoeken"), follow=True
    )
    assert "De uren zijn vastgelegd." in text(response)
    saved = ExpertCost.objects.get()
    assert (saved.expert, saved.period, saved.hours, saved.hourly_rate, saved.note) == (
        own_expert,
        LAST_QUARTER,
        Decimal("12.50"),
        Decimal("95.00"),
        "Klassenbezoeken",
    )
    assert saved.recorded_by == staff


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours": "twaalf"}, "Uren: Vul de uren in als getal, bijvoorbeeld 12,5."),
        ({"hours": "0"}, "Vul een aantal uren boven nul in."),
        ({"hours": "600"}, "Een kwartaal heeft hoogstens 520 werkuren; controleer het aantal."),
        ({"hours": "12,555"}, "Vul hoogstens 2 cijfer(s) na de komma in."),
        ({"hourly_rate": "-95"}, "Het bedrag kan niet negatief zijn."),
        ({"hourly_rate": "12.345,678"}, "hoogstens twee cijfers na de komma"),
        ({"hourly_rate": "0"}, "Vul een uurtarief boven nul in."),
        ({"hourly_rate": ""}, "Vul het uurtarief in."),
        ({"quarter": "2000-1"}, "Het traject begon in het"),
        ({"quarter": THIS_QUARTER.next().value}, "is nog niet begonnen"),
        ({"quarter": "gisteren"}, "Kies een kwartaal uit de lijst."),
        ({"expert": ""}, "Kies de expert."),
    ],
    ids=lambda value: str(value)[:20],
)
def test_bad_hours_are_explained_and_nothing_is_saved(client, trajectory, staff, own_expert, change, message):
    client.force_login(staff)
    refused_form(client, url(trajectory, "nieuw/"), cost_data(own_expert, **change), message)
    assert not ExpertCost.objects.exists()


def test_only_an_education_or_financial_expert_can_be_chosen(client, trajectory, staff):
    client.force_login(staff)
    board_user = UserFactory(role=Role.SCHOOL_BOARD)
    response = client.post(url(trajectory, "nieuw/"), cost_data(board_user))
    assert "Kies een onderwijsexpert of een financieel expert." in text(response)
    assert not ExpertCost.objects.exists()


def test_an_experts_quarter_is_recorded_once(client, trajectory, staff, own_expert):
    cost(trajectory, own_expert, LAST_QUARTER)
    client.force_login(staff)
    response = client.post(url(trajectory, "nieuw/"), cost_data(own_expert, hours="3"))
    assert (
        f"De uren van Els Bakker in het {LAST_QUARTER.label} zijn al vastgelegd; wijzig die regel."
        in text(response)
    )
    assert ExpertCost.objects.get().hours == Decimal("12.50")


def test_recorded_hours_are_changed(client, trajectory, staff, own_expert):
    saved = cost(trajectory, own_expert, LAST_QUARTER, hours=Decimal("12.5"), hourly_rate=Decimal("95"))
    client.force_login(staff)
    content = text(client.get(url(trajectory, f"{saved.pk}/")))
    assert 'value="12,5"' in content and 'value="95,00"' in content
    assert (
        f'value="{own_expert.pk}" selected' in content and f'value="{LAST_QUARTER.value}" selected' in content
    )
    response = client.post(
        url(trajectory, f"{saved.pk}/"),
        cost_data(own_expert, hours="14,75", version=saved.version),
        follow=True,
    )
    assert "De uren zijn gewijzigd." in text(response)
    saved.refresh_from_db()
    assert saved.hours == Decimal("14.75")
    assert euro("1.401,25") in text(response)


def test_hours_of_an_expert_who_left_the_role_can_still_be_changed(client, trajectory, staff):
    former = UserFactory(first_name="Piet", last_name="Oud")  # no expert role (any more)
    saved = cost(trajectory, former, LAST_QUARTER)
    client.force_login(staff)
    assert ">Piet Oud<" in text(client.get(url(trajectory, f"{saved.pk}/")))
    response = client.post(
        url(trajectory, f"{saved.pk}/"), cost_data(former, hours="2", version=saved.version), follow=True
    )
    assert "De uren zijn gewijzigd." in text(response)
    # A new record cannot be made for them.
    assert ">Piet Oud<" not in text(client.get(url(trajectory, "nieuw/")))


def test_removing_hours_asks_for_confirmation(client, trajectory, staff, own_expert):
    saved = cost(trajectory, own_expert, LAST_QUARTER, hours=Decimal("12.5"), hourly_rate=Decimal("95"))
    client.force_login(staff)
    content = text(client.get(url(trajectory, f"{saved.pk}/verwijderen/")))
    assert "Weet u zeker dat u deze uren wilt verwijderen?" in content
    assert "Els Bakker" in content and euro("1.187,50") in content and "Uren verwijderen" in content
    assert ExpertCost.objects.exists()
    response = client.post(
        url(trajectory, f"{saved.pk}/verwijderen/"), {"version": saved.version}, follow=True
    )
    assert "De uren zijn verwijderd." in text(response)
    assert not ExpertCost.objects.exists()


# Who may do what


def test_hours_of_another_trajectory_are_not_found(client, trajectory, staff, own_expert):
    other = cost(TrajectoryFactory(), own_expert)
    client.force_login(staff)
    assert client.get(url(trajectory, f"{other.pk}/")).status_code == 404
    assert client.post(url(trajectory, f"{other.pk}/verwijderen/")).status_code == 404
    assert ExpertCost.objects.filter(pk=other.pk).exists()


def test_who_may_read_and_who_may_record(client, trajectory, own_expert):
    saved = cost(trajectory, own_expert)
    financial_expert = UserFactory(role=Role.FINANCIAL_EXPERT)
    trajectory.financial_expert = financial_expert
    trajectory.save()
    closed = [url(trajectory, path) for path in ("nieuw/", f"{saved.pk}/", f"{saved.pk}/verwijderen/")]
    for reader in (financial_expert, UserFactory(role=Role.EXPERT_GROUP)):
        reads_but_may_not_record(
            client, reader, url(trajectory), "Els Bakker", "Uren van een expert vastleggen", closed
        )
    board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=trajectory.school.board)
    for outsider in (own_expert, board_user, UserFactory(role=Role.MUNICIPALITY)):
        client.force_login(outsider)
        assert client.get(url(trajectory)).status_code == 403


def test_hours_are_recorded_from_the_intake_on(client, staff):
    registered = TrajectoryFactory(phase=Phase.REGISTERED, registered_on=TODAY - datetime.timedelta(days=10))
    client.force_login(staff)
    assert "Uren van een expert vastleggen" not in text(client.get(url(registered)))
    response = client.get(url(registered, "nieuw/"), follow=True)
    assert response.redirect_chain[-1][0] == url(registered)
    assert "zodra het traject in de intake is" in text(response)


# Query count


def test_the_list_does_not_query_per_record(client, staff, own_expert, other_expert):
    small, large = TrajectoryFactory(), TrajectoryFactory()
    cost(small, own_expert)
    for quarter in (Quarter(2009, 1), Quarter(2009, 2), Quarter(2009, 3), Quarter(2009, 4)):
        for expert in (own_expert, other_expert, UserFactory(role=Role.EDUCATION_EXPERT)):
            cost(large, expert, quarter)
    client.force_login(staff)
    assert same_query_count(client, url(small), url(large)) <= 8
