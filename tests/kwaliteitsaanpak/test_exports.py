"""Every list's downloads (`kwaliteitsaanpak.core.exports`): the CSV streamed, the XLSX formatted (euros,
percentages, dates, a frozen header, the totals row), and no cell that a spreadsheet would run as a formula."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from finance.selectors import Split
from finance.tables.budgets import YearTable, split_rows
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.exports import TableExport
from schools.constants import ImportKind
from schools.importers import execute_register_import
from schools.models import School
from tests.factories import (
    BudgetFactory,
    BudgetLineFactory,
    RegisterImportFactory,
    SchoolFactory,
    TrajectoryFactory,
    UserFactory,
)
from tests.schools.duo_files import PUPILS_FILE

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


def import_school_named(name: str) -> School:
    """DUO's real pupils file with the name of its first school replaced by `name`, imported."""
    lines = PUPILS_FILE.read_text(encoding="utf-8-sig").splitlines()
    header, first = lines[0], lines[1]
    columns = next(csv.reader([header], delimiter=";"))
    code = next(csv.reader([first], delimiter=";"))[columns.index("INSTELLINGSCODE")]
    rows = []
    for line in lines[1:]:
        values = next(csv.reader([line], delimiter=";"))
        if values[columns.index("INSTELLINGSCODE")] != code:
            continue
        values[columns.index("INSTELLINGSNAAM_VESTIGING")] = name
        rows.append(";".join(f'"{value.replace(chr(34), chr(34) * 2)}"' for value in values))
    content = "\ufeff" + "\n".join([header, *rows]) + "\n"
    register_import = RegisterImportFactory(kind=ImportKind.PUPILS_PER_LOCATION, file__data=content.encode())
    execute_register_import(register_import)
    return School.objects.get(brin=code)


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(role=Role.PROGRAMME_STAFF))
    return client


def test_an_imported_formula_is_text_in_the_csv(staff_client):
    school = import_school_named(FORMULA)
    assert school.name == FORMULA

    response = staff_client.get("/scholen/", {"_export": "csv"})

    assert response.streaming
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    names = [row[1] for row in rows[1:]]
    assert names == [f"'{FORMULA}"]


def test_an_imported_formula_is_text_in_the_xlsx(staff_client):
    import_school_named(FORMULA)

    sheet = workbook(staff_client.get("/scholen/", {"_export": "xlsx"})).active

    cell = sheet["B2"]
    assert cell.value == FORMULA
    assert cell.data_type == "s"  # text, not "f" (a formula Excel would run)


def test_cells_starting_like_a_formula_are_neutralised_but_negative_amounts_stay_numbers(staff_client):
    for name in ["+31 test", "-min", "@home", "\tTab"]:
        SchoolFactory(name=name)

    response = staff_client.get("/scholen/", {"_export": "csv", "sort": "name"})
    names = [row[1] for row in csv.reader(io.StringIO(response.getvalue().decode()))][1:]
    assert sorted(names) == sorted(["'+31 test", "'-min", "'@home", "'\tTab"])

    table = YearTable(split_rows([("2009-2010", Split(Decimal("-500.00"), Decimal("100.00")))], Split()))
    sheet = openpyxl.load_workbook(io.BytesIO(TableExport("xlsx", table).xlsx())).active
    assert sheet["B2"].value == -500
    assert sheet["B2"].data_type == "n"


def test_the_school_csv_is_streamed_row_by_row(staff_client):
    SchoolFactory.create_batch(3)

    response = staff_client.get("/scholen/", {"_export": "csv"})

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="scholen.csv"'
    chunks = list(response.streaming_content)
    assert len(chunks) == 4  # the header and one chunk per school, not one block


def test_the_xlsx_has_a_frozen_bold_header_and_dates_as_dates(staff_client):
    TrajectoryFactory(registered_on=datetime.date(2026, 3, 2))

    sheet = workbook(staff_client.get("/trajecten/", {"_export": "xlsx"})).active

    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    headers = [cell.value for cell in sheet[1]]
    registered = sheet.cell(row=2, column=headers.index("Aangemeld op") + 1)
    assert registered.value == datetime.datetime(2026, 3, 2)
    assert registered.number_format == "DD-MM-YYYY"


def test_the_csv_writes_dates_the_dutch_way(staff_client):
    TrajectoryFactory(registered_on=datetime.date(2026, 3, 2))

    response = staff_client.get("/trajecten/", {"_export": "csv"})

    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[1][rows[0].index("Aangemeld op")] == "02-03-2026"


def test_the_finance_xlsx_has_euros_and_the_totals_row_of_the_page(staff_client):
    for amount, municipality in (("15000.00", "11000.00"), ("5000.00", "2500.00")):
        budget = BudgetFactory()
        BudgetLineFactory(
            budget=budget,
            amount=Decimal(amount),
            municipality_amount=Decimal(municipality),
            board_amount=Decimal(amount) - Decimal(municipality),
        )

    sheet = workbook(staff_client.get("/financien/", {"_export": "xlsx"})).active

    headers = [cell.value for cell in sheet[1]]
    total = headers.index("Totaal") + 1
    assert sheet.cell(row=2, column=total).number_format.startswith('"€"')
    last = sheet.max_row
    assert last == 4
    assert sheet.cell(row=last, column=1).value == "Totaal"
    assert sheet.cell(row=last, column=1).font.bold
    assert sheet.cell(row=last, column=total).value == 20000
    assert sheet.cell(row=last, column=headers.index("Bijdrage gemeente") + 1).value == 13500


def test_percentages_are_percentages_in_the_xlsx():
    table = YearTable(split_rows([("2009-2010", Split(Decimal("750.00"), Decimal("250.00")))], Split()))

    sheet = openpyxl.load_workbook(io.BytesIO(TableExport("xlsx", table).xlsx())).active

    headers = [cell.value for cell in sheet[1]]
    share = sheet.cell(row=2, column=headers.index("Gemeente %") + 1)
    assert share.value == pytest.approx(0.75)
    assert share.number_format == "0.0%"
