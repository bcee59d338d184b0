"""The spending pages as their users work with them: the approved budget against what was spent per line, school
year, funder and quarter, with overspending flagged; recording a quarter with Dutch amounts and correcting it;
supporting documents; the downloads; and who may reach what."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from finance import services
from finance.constants import BudgetEventKind, Quarter
from finance.models import RealisationDocument, RealisationEntry, RealisationQuarter
from improvement_plans.constants import Phase
from improvement_plans.models import TrajectoryEvent
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    GoalFactory,
    ImprovementPlanFactory,
    MeasureFactory,
    RealisationEntryFactory,
    RealisationQuarterFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.pages import (
    WRONG_FILES,
    bad_forms,
    downloaded,
    euro,
    reads_but_may_not_record,
    same_query_count,
    text,
)
from tests.pages import part as part_of

TODAY = timezone.localdate()
THIS_QUARTER = Quarter.of(TODAY)
LAST_QUARTER = Quarter.of(THIS_QUARTER.first_day - datetime.timedelta(days=1))
EARLIER_QUARTER = Quarter.of(LAST_QUARTER.first_day - datetime.timedelta(days=1))


def new_trajectory(board, name: str = "De Vuurtoren"):
    """In execution for about a year, registered half a year before that."""
    return TrajectoryFactory(
        school__board=board,
        school__name=name,
        phase=Phase.EXECUTION,
        registered_on=TODAY - datetime.timedelta(days=540),
        execution_started_on=TODAY - datetime.timedelta(days=360),
    )


@pytest.fixture
def trajectory(board):
    return new_trajectory(board)


def approved_budget(trajectory, number: int = 1):
    plan = ImprovementPlanFactory(trajectory=trajectory, number=number, status="goedgekeurd")
    return BudgetFactory(plan=plan, approved=True, approved_at=timezone.now() - datetime.timedelta(days=300))


def add_line(budget, *, kind="scholing_leraren", description="Teamscholing directe instructie.", **fields):
    measure = MeasureFactory(goal=GoalFactory(plan=budget.plan), kind=kind, description=description)
    return BudgetLineFactory(budget=budget, measure=measure, **fields)


@pytest.fixture
def budget(trajectory):
    """Training € 12.500 (€ 10.000 municipality, € 2.500 board) and coaching € 8.000 (€ 6.000 and € 2.000)."""
    budget = approved_budget(trajectory)
    add_line(budget)
    add_line(
        budget,
        kind="coaching_directeur",
        description="Coaching van de directeur.",
        category="coaching",
        amount=Decimal("8000.00"),
        municipality_amount=Decimal("6000.00"),
        board_amount=Decimal("2000.00"),
    )
    return budget


def lines_of(budget) -> list:
    return list(budget.lines.order_by("id"))


def record(user, trajectory, quarter: Quarter, amounts: dict, note: str = ""):
    return services.realisation_save(
        user=user, trajectory=trajectory, quarter=quarter, amounts=amounts, note=note
    )


def url(trajectory, suffix: str = "") -> str:
    return f"/trajecten/{trajectory.pk}/realisatie/{suffix}"


def part(content: str, testid: str) -> str:
    """The HTML from the element with `data-testid` to the end of its table (or the next section)."""
    return part_of(content, testid, ends=("</table>", "</section>"))


def form_data(budget, quarter: Quarter | None = None, amounts: dict | None = None, **extra) -> dict:
    """The spending form as a browser posts it: every amount field, empty unless given."""
    data = {"quarter": quarter.value if quarter else "", "note": ""}
    for line in lines_of(budget):
        municipality, board = (amounts or {}).get(line.pk, ("", ""))
        data[f"municipality_{line.pk}"] = municipality
        data[f"board_{line.pk}"] = board
    return {**data, **extra}


# The page before there is anything to compare


def test_without_an_approved_budget_the_page_says_when_spending_is_recorded(client, trajectory, board_user):
    BudgetFactory(plan=ImprovementPlanFactory(trajectory=trajectory))  # a draft
    client.force_login(board_user)
    content = text(client.get(url(trajectory)))
    assert "<h1>" in content and "Besteding</h1>" in content
    assert "zodra de expertgroep de begroting heeft goedgekeurd" in content
    assert f'href="/trajecten/{trajectory.pk}/begroting/"' in content
    assert "Besteding van een kwartaal vastleggen" not in content

    response = client.get(url(trajectory, "nieuw/"), follow=True)
    assert response.redirect_chain[-1][0] == url(trajectory)
    assert "dit traject heeft nog geen goedgekeurde begroting" in text(response)


def test_an_approved_budget_without_spending_shows_zeros_and_what_to_do(client, budget, board_user):
    client.force_login(board_user)
    content = text(client.get(url(budget.trajectory)))
    assert f"{euro('0,00')} besteed van de goedgekeurde begroting van {euro('20.500,00')}" in content
    assert "Er is nog geen kwartaal vastgelegd." in content
    assert "Er is nog niets besteed." in content
    assert "Besteding van een kwartaal vastleggen" in content
    assert 'data-testid="overspent-alert"' not in content


# Budget against spending


@pytest.fixture
def spent(budget, board_user):
    """Two quarters: training overspent in total and per funder; coaching only the municipality's part."""
    training, coaching = lines_of(budget)
    record(
        board_user,
        budget.trajectory,
        LAST_QUARTER,
        {training.pk: (Decimal("4000"), Decimal("1000")), coaching.pk: (Decimal("6500"), None)},
        note="Teamscholing gestart; coach ingehuurd.",
    )
    record(board_user, budget.trajectory, THIS_QUARTER, {training.pk: (Decimal("7000"), Decimal("2000"))})
    return budget


def test_the_page_sets_the_budget_against_the_spending_per_line_and_flags_overspending(
    client, spent, board_user
):
    client.force_login(board_user)
    content = text(client.get(url(spent.trajectory)))
    assert f"{euro('20.500,00')} besteed van de goedgekeurde begroting van {euro('20.500,00')}" in content
    assert "1 begrotingsregel is overschreden" in part(content, "overspent-alert")

    lines = part(content, "realisation-lines")
    rows = lines.split("<tr")[2:]  # after the header row
    assert len(rows) == 3  # two lines and the total
    training, coaching, total = rows
    assert "Scholing van leraren: Teamscholing directe instructie." in training
    for amount in ("10.000,00", "2.500,00", "11.000,00", "3.000,00", "-1.500,00"):
        assert euro(amount) in training
    assert "112,0%" in training
    assert training.count("Overschreden") == 3  # the municipality's part, the board's part and the line
    assert euro("6.500,00") in coaching and "81,3%" in coaching
    assert coaching.count("Overschreden") == 1  # only the municipality's part
    assert "Totaal" in total and euro("17.500,00") in total and "100,0%" in total


def test_the_page_shows_spending_per_funder_school_year_and_quarter(client, spent, board_user):
    client.force_login(board_user)
    content = text(client.get(url(spent.trajectory)))
    funders = part(content, "realisation-funders")
    municipality, board, total = funders.split("<tr")[2:]
    assert (
        "Gemeente" in municipality and euro("16.000,00") in municipality and euro("17.500,00") in municipality
    )
    assert "Overschreden" in municipality and euro("-1.500,00") in municipality
    assert "Schoolbestuur" in board and euro("4.500,00") in board and "66,7%" in board
    assert "Overschreden" not in board
    assert "Totaal" in total and "100,0%" in total

    years = part(content, "realisation-years")
    assert spent.lines.first().school_year_label in years

    quarters = part(content, "realisation-per-quarter")
    earlier, later, total = quarters.split("<tr")[2:]
    assert LAST_QUARTER.label in earlier and euro("11.500,00") in earlier
    assert THIS_QUARTER.label in later and euro("9.000,00") in later
    assert euro("20.500,00") in total


def test_the_recorded_quarters_say_who_recorded_what_newest_first(client, spent, board_user):
    client.force_login(board_user)
    content = text(client.get(url(spent.trajectory)))
    recorded = content[content.index("Vastgelegde kwartalen") :]
    assert recorded.index(THIS_QUARTER.label) < recorded.index(LAST_QUARTER.label)
    assert "Vastgelegd door Bram Visser op" in recorded
    assert "Teamscholing gestart; coach ingehuurd." in recorded
    assert f"Besteed: <strong>{euro('11.500,00')}</strong>" in recorded
    assert "Nog geen bewijsstukken." in recorded
    assert recorded.count("Document toevoegen") == 2 and recorded.count(">Wijzigen<") == 2


def test_spending_on_lines_of_an_earlier_budget_version_has_a_row_of_its_own(client, trajectory, board_user):
    first = approved_budget(trajectory)
    dropped = add_line(first)
    RealisationEntryFactory(
        line=dropped,
        realisation=RealisationQuarterFactory(
            trajectory=trajectory, year=LAST_QUARTER.year, quarter=LAST_QUARTER.number
        ),
        municipality_amount=Decimal("900.00"),
        board_amount=Decimal("100.00"),
    )
    first.status = "vervangen"
    first.save()
    first.plan.status = "vervangen"
    first.plan.save()
    second = approved_budget(trajectory, number=2)
    add_line(second)

    client.force_login(board_user)
    content = text(client.get(url(trajectory)))
    lines = part(content, "realisation-lines")
    assert "Besteed op regels van eerdere versies van de begroting" in lines
    earlier_row = lines.split("<tr")[-2]
    assert euro("900,00") in earlier_row and euro("100,00") in earlier_row
    assert euro("900,00") in lines.split("<tr")[-1]  # the total holds it


# Recording a quarter


def test_the_quarter_list_offers_begun_quarters_not_yet_recorded_newest_first(client, budget, board_user):
    record(board_user, budget.trajectory, LAST_QUARTER, {})
    client.force_login(board_user)
    content = text(client.get(url(budget.trajectory, "nieuw/")))
    options = content[content.index('name="quarter"') : content.index("</select>")]
    values = [chunk.split('"')[0] for chunk in options.split('value="')[1:]]
    assert values[0] == ""
    assert values[1] == THIS_QUARTER.value
    assert LAST_QUARTER.value not in values
    assert values[2] == EARLIER_QUARTER.value
    assert f">{THIS_QUARTER.label}</option>" in options
    assert THIS_QUARTER.label == f"{THIS_QUARTER.number}e kwartaal {THIS_QUARTER.year}"
    assert THIS_QUARTER.next().value not in values
    # Beside each line: its budget per funder.
    assert content.count('data-testid="realisation-line"') == 2
    assert euro("10.000,00") in content and euro("6.000,00") in content


def test_the_board_records_a_quarter_with_dutch_amounts(client, budget, board_user):
    training, coaching = lines_of(budget)
    client.force_login(board_user)
    data = form_data(
        budget,
        THIS_QUARTER,
        {training.pk: ("1.250,50", ""), coaching.pk: ("0", "300")},
        note="Eerste factuur teamscholing.",
    )
    response = client.post(url(budget.trajectory, "nieuw/"), data, follow=True)
    assert response.redirect_chain[-1][0].endswith(f"#kwartaal-{THIS_QUARTER.year}-{THIS_QUARTER.number}")
    assert f"De besteding van het {THIS_QUARTER.label} is vastgelegd." in text(response)
    quarter = RealisationQuarter.objects.get()
    assert (quarter.period, quarter.note, quarter.recorded_by) == (
        THIS_QUARTER,
        "Eerste factuur teamscholing.",
        board_user,
    )
    amounts = {
        entry.line_id: (entry.municipality_amount, entry.board_amount) for entry in quarter.entries.all()
    }
    assert amounts == {
        training.pk: (Decimal("1250.50"), Decimal("0")),
        coaching.pk: (Decimal("0"), Decimal("300.00")),
    }
    assert TrajectoryEvent.objects.filter(
        trajectory=budget.trajectory, kind=BudgetEventKind.REALISATION
    ).exists()


@bad_forms(
    {
        "before the trajectory": (Quarter(2000, 1), "100", "Het traject begon in het"),
        "not begun": (THIS_QUARTER.next(), "100", "is nog niet begonnen"),
        "no quarter": (None, "100", "Kwartaal: Kies het kwartaal."),
        "negative": (
            THIS_QUARTER,
            "-5",
            "besteed uit de bijdrage van de gemeente: Het bedrag kan niet negatief zijn.",
        ),
        "three decimals": (THIS_QUARTER, "12.345,678", "hoogstens twee cijfers na de komma"),
        "not an amount": (THIS_QUARTER, "twaalf", "Vul een bedrag in euro in, bijvoorbeeld 12.345,67."),
    },
    argnames=("quarter", "amount", "message"),
)
def test_bad_spending_is_explained_and_nothing_is_saved(client, budget, board_user, quarter, amount, message):
    training, _coaching = lines_of(budget)
    client.force_login(board_user)
    data = form_data(budget, quarter, {training.pk: (amount, "")})
    if quarter and quarter.year == 2000:
        data["quarter"] = quarter.value
    response = client.post(url(budget.trajectory, "nieuw/"), data)
    assert response.status_code == 200
    content = text(response)
    assert "Er is een probleem" in content
    assert message in content
    assert f'value="{amount}"' in content  # what was typed stays
    assert not RealisationQuarter.objects.exists() and not RealisationEntry.objects.exists()


def test_the_error_summary_names_the_line_of_a_bad_amount(client, budget, board_user):
    training, _coaching = lines_of(budget)
    client.force_login(board_user)
    response = client.post(
        url(budget.trajectory, "nieuw/"), form_data(budget, THIS_QUARTER, {training.pk: ("", "-1")})
    )
    content = text(response)
    start = content.index('id="error-summary"')
    summary = content[start : content.index("</ul>", start)]
    assert (
        f'<a href="#id_board_{training.pk}">Scholing {training.school_year_label}, Scholing van leraren: '
        "Teamscholing directe instructie (Teamscholing) – besteed uit de bijdrage van het schoolbestuur: "
        "Het bedrag kan niet negatief zijn.</a>"
    ) in summary
    assert f'aria-describedby="id_board_{training.pk}_error"' in content


def test_a_quarter_that_is_already_recorded_is_refused(client, budget, board_user):
    record(board_user, budget.trajectory, LAST_QUARTER, {})
    client.force_login(board_user)
    response = client.post(url(budget.trajectory, "nieuw/"), form_data(budget, LAST_QUARTER))
    assert f"De besteding van het {LAST_QUARTER.label} is al vastgelegd; wijzig die daar." in text(response)
    assert RealisationQuarter.objects.count() == 1


def test_when_every_quarter_is_recorded_the_form_sends_the_user_back(client, budget, board_user, monkeypatch):
    monkeypatch.setattr(
        "finance.services.reporting_quarters", lambda trajectory: (LAST_QUARTER, THIS_QUARTER)
    )
    record(board_user, budget.trajectory, LAST_QUARTER, {})
    record(board_user, budget.trajectory, THIS_QUARTER, {})
    client.force_login(board_user)
    response = client.get(url(budget.trajectory, "nieuw/"), follow=True)
    assert response.redirect_chain[-1][0] == url(budget.trajectory)
    assert "De besteding van alle kwartalen tot nu toe is vastgelegd." in text(response)


# Changing a recorded quarter


def update_url(trajectory, quarter: Quarter) -> str:
    return url(trajectory, f"{quarter.year}/{quarter.number}/")


def test_a_recorded_quarter_is_changed(client, budget, board_user):
    training, coaching = lines_of(budget)
    saved = record(
        board_user, budget.trajectory, LAST_QUARTER, {training.pk: (Decimal("1250.50"), None)}, note="Oud."
    )
    client.force_login(board_user)
    content = text(client.get(update_url(budget.trajectory, LAST_QUARTER)))
    assert f"Besteding van het {LAST_QUARTER.label} wijzigen" in content
    assert 'name="quarter"' not in content  # the quarter is fixed
    assert f'name="municipality_{training.pk}" value="1.250,50"' in content
    assert f'name="version" value="{saved.version}"' in content

    data = form_data(
        budget, None, {training.pk: ("1.000", ""), coaching.pk: ("", "250,25")}, note="Gecorrigeerd."
    )
    data["version"] = saved.version
    response = client.post(update_url(budget.trajectory, LAST_QUARTER), data, follow=True)
    assert f"De besteding van het {LAST_QUARTER.label} is gewijzigd." in text(response)
    saved.refresh_from_db()
    assert saved.note == "Gecorrigeerd." and saved.version == 2
    amounts = {
        entry.line_id: (entry.municipality_amount, entry.board_amount) for entry in saved.entries.all()
    }
    assert amounts == {
        training.pk: (Decimal("1000.00"), Decimal("0")),
        coaching.pk: (Decimal("0"), Decimal("250.25")),
    }


def test_a_stale_change_is_refused_and_keeps_what_was_typed(client, budget, board_user, staff):
    training, _coaching = lines_of(budget)
    saved = record(board_user, budget.trajectory, LAST_QUARTER, {training.pk: (Decimal("100"), None)})
    stale = saved.version
    services.realisation_save(
        user=staff,
        trajectory=budget.trajectory,
        quarter=LAST_QUARTER,
        amounts={training.pk: (Decimal("200"), None)},
        expected_version=stale,
    )
    client.force_login(board_user)
    data = form_data(budget, None, {training.pk: ("999", "")})
    data["version"] = stale
    response = client.post(update_url(budget.trajectory, LAST_QUARTER), data)
    assert response.status_code == 200
    assert "Iemand anders heeft de besteding van dit kwartaal opgeslagen" in text(response)
    assert 'value="999"' in text(response)
    assert RealisationEntry.objects.get().municipality_amount == Decimal("200.00")


def test_a_quarter_that_was_not_recorded_is_not_found(client, budget, board_user):
    client.force_login(board_user)
    assert client.get(update_url(budget.trajectory, LAST_QUARTER)).status_code == 404
    assert client.get(url(budget.trajectory, "2009/7/")).status_code == 404


def test_spending_is_not_recorded_outside_the_execution(client, budget, board_user):
    record(board_user, budget.trajectory, LAST_QUARTER, {})
    budget.trajectory.phase = Phase.CLOSED
    budget.trajectory.save()
    client.force_login(board_user)
    content = text(client.get(url(budget.trajectory)))
    assert "Besteding van een kwartaal vastleggen" not in content and "Document toevoegen" not in content
    for path in ("nieuw/", f"{LAST_QUARTER.year}/{LAST_QUARTER.number}/"):
        response = client.get(url(budget.trajectory, path), follow=True)
        assert response.redirect_chain[-1][0] == url(budget.trajectory)
        assert "dit traject is in de fase „Afgesloten”" in text(response)


# Supporting documents


def document_url(trajectory, quarter: Quarter) -> str:
    return url(trajectory, f"{quarter.year}/{quarter.number}/documenten/nieuw/")


def test_a_document_is_added_to_a_quarter_and_downloaded_under_its_own_name(client, budget, board_user):
    record(board_user, budget.trajectory, LAST_QUARTER, {})
    client.force_login(board_user)
    content = text(client.get(document_url(budget.trajectory, LAST_QUARTER)))
    assert f"Document toevoegen aan het {LAST_QUARTER.label}" in content
    upload = SimpleUploadedFile("Factuur oktober.pdf", b"%PDF-1.4 factuur", content_type="application/pdf")
    response = client.post(
        document_url(budget.trajectory, LAST_QUARTER),
        {"file": upload, "description": "Factuur teamscholing"},
        follow=True,
    )
    assert f"Het document is toegevoegd aan het {LAST_QUARTER.label}." in text(response)
    document = RealisationDocument.objects.get()
    assert document.original_filename == "Factuur oktober.pdf"
    assert "Factuur" not in document.file.name  # stored under a random name
    documents = part(text(response), "realisation-documents")
    assert "Factuur oktober.pdf</a> – Factuur teamscholing" in documents
    assert f'href="{url(budget.trajectory, f"documenten/{document.pk}/")}"' in documents

    # Whoever may read the budget downloads it, e.g. the expert group.
    client.force_login(UserFactory(role=Role.EXPERT_GROUP))
    content, disposition = downloaded(client.get(url(budget.trajectory, f"documenten/{document.pk}/")))
    assert content == b"%PDF-1.4 factuur"
    assert "Factuur" in disposition


@pytest.mark.parametrize(("name", "content", "message"), WRONG_FILES)
def test_a_wrong_document_is_refused(client, budget, board_user, name, content, message):
    record(board_user, budget.trajectory, LAST_QUARTER, {})
    client.force_login(board_user)
    response = client.post(
        document_url(budget.trajectory, LAST_QUARTER), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not RealisationDocument.objects.exists()


def test_documents_stay_within_their_trajectory(client, budget, board_user, staff, board):
    saved = record(board_user, budget.trajectory, LAST_QUARTER, {})
    document = services.realisation_document_add(
        user=board_user, realisation=saved, file=SimpleUploadedFile("bon.pdf", b"%PDF"), description=""
    )
    document_path = url(budget.trajectory, f"documenten/{document.pk}/")
    # Another board's user does not find the trajectory, nor its documents.
    client.force_login(UserFactory(role=Role.SCHOOL_BOARD))
    assert client.get(url(budget.trajectory)).status_code == 404
    assert client.get(document_path).status_code == 404
    # A document of one trajectory is not served under another's address.
    other = new_trajectory(board, "De Klimop")
    client.force_login(staff)
    assert client.get(url(other, f"documenten/{document.pk}/")).status_code == 404
    assert client.get(document_path).status_code == 200
    # A quarter that was not recorded takes no documents.
    client.force_login(board_user)
    assert client.get(document_url(budget.trajectory, THIS_QUARTER)).status_code == 404


# Who may do what


def test_who_may_read_and_who_may_record(client, spent):
    trajectory = spent.trajectory
    expert = UserFactory(role=Role.EDUCATION_EXPERT)
    trajectory.education_experts.add(expert)
    financial_expert = UserFactory(role=Role.FINANCIAL_EXPERT)
    trajectory.financial_expert = financial_expert
    trajectory.save()
    for reader in (expert, UserFactory(role=Role.EXPERT_GROUP)):
        reads_but_may_not_record(
            client,
            reader,
            url(trajectory),
            "Per begrotingsregel",
            "Besteding van een kwartaal vastleggen",
            [url(trajectory, "nieuw/")],
        )
    client.force_login(financial_expert)
    assert "Besteding van een kwartaal vastleggen" in text(client.get(url(trajectory)))
    assert client.get(url(trajectory, "nieuw/")).status_code == 200
    # The municipality sees totals on the overview only; an unassigned expert does not find the trajectory.
    client.force_login(UserFactory(role=Role.MUNICIPALITY))
    assert client.get(url(trajectory)).status_code == 403
    client.force_login(UserFactory(role=Role.EDUCATION_EXPERT))
    assert client.get(url(trajectory)).status_code == 404


# Query count


def test_the_page_does_not_query_per_line_quarter_or_document(client, board, board_user):
    small, large = (
        approved_budget(new_trajectory(board, "Klein")),
        approved_budget(new_trajectory(board, "Groot")),
    )
    add_line(small)
    for _index in range(6):
        add_line(large)
    saved = record(board_user, small.trajectory, LAST_QUARTER, {small.lines.get().pk: (Decimal("10"), None)})
    services.realisation_document_add(
        user=board_user, realisation=saved, file=SimpleUploadedFile("a.pdf", b"%PDF"), description=""
    )
    for quarter in (EARLIER_QUARTER, LAST_QUARTER, THIS_QUARTER):
        saved = record(
            board_user,
            large.trajectory,
            quarter,
            {line.pk: (Decimal("10"), Decimal("5")) for line in lines_of(large)},
        )
        for name in ("a.pdf", "b.pdf"):
            services.realisation_document_add(
                user=board_user, realisation=saved, file=SimpleUploadedFile(name, b"%PDF"), description=""
            )
    client.force_login(board_user)
    assert same_query_count(client, url(small.trajectory), url(large.trajectory)) <= 13


# Downloads


def test_the_table_per_line_downloads_as_xlsx_with_numbers(client, spent, board_user):
    client.force_login(board_user)
    response = client.get(url(spent.trajectory), {"tabel": "regels", "_export": "xlsx"})
    assert response.status_code == 200
    assert "besteding-de-vuurtoren-regels.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    assert header[:5] == ["Maatregel", "Schooljaar", "Kostensoort", "Omschrijving", "Begroot gemeente"]
    column = {name: index for index, name in enumerate(header)}
    training, coaching, total = rows[1:]
    assert training[column["Begroot gemeente"]] == 10000
    assert training[column["Besteed gemeente"]] == 11000
    assert training[column["Resterend"]] == -1500
    # A percentage as a percentage (1.12 shown as 112,0%), not the number 112.
    assert training[column["Besteed (%)"]] == pytest.approx(1.12)
    assert sheet.cell(row=2, column=column["Besteed (%)"] + 1).number_format == "0.0%"
    assert training[column["Overschreden"]] == "Overschreden"
    assert coaching[column["Overschreden"]] == "Bijdrage overschreden: gemeente"
    assert total[0] == "Totaal" and total[column["Besteed gemeente"]] == 17500
    assert all(isinstance(value, int | float) for value in training[column["Begroot gemeente"] :][:6])


def test_the_table_per_quarter_downloads_as_csv(client, spent, board_user):
    client.force_login(board_user)
    response = client.get(url(spent.trajectory), {"tabel": "kwartalen", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Kwartaal", "Besteed gemeente", "Besteed schoolbestuur", "Totaal besteed"]
    assert rows[1] == [LAST_QUARTER.label, "10500.00", "1000.00", "11500.00"]
    assert rows[-1] == ["Totaal", "17500.00", "3000.00", "20500.00"]
