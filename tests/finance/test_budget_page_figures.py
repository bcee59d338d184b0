"""The budget page's figures: the totals per measure, school year, category and funder, their downloads as xlsx and
csv, and a query count that does not grow with the lines."""

import csv
import io
from decimal import Decimal

import openpyxl

from tests.finance.page_budgets import big_budget, url
from tests.pages import same_query_count, text

# Totals, downloads and queries


def test_the_budget_page_does_not_query_per_line_year_category_or_measure(client, board, financial_expert):
    small = big_budget(
        board, financial_expert, goals=1, years=[2008], categories=["scholing", "coaching"], name="A"
    )
    large = big_budget(
        board,
        financial_expert,
        goals=4,
        years=[2008, 2009, 2010],
        categories=["personeel", "scholing", "coaching", "materialen"],
        name="B",
    )
    assert (small.lines.count(), large.lines.count()) == (2, 12)
    client.force_login(financial_expert)
    assert same_query_count(client, url(small), url(large)) <= 16
    content = text(client.get(url(large)))
    assert content.count('data-testid="budget-line"') == 12
    assert "€\u00a015.006,00" in content  # 12 × € 1.250,50


def test_the_totals_per_year_category_and_funder(client, board, financial_expert):
    budget = big_budget(
        board, financial_expert, goals=2, years=[2008, 2009], categories=["scholing", "coaching"], name="C"
    )
    client.force_login(financial_expert)
    content = text(client.get(url(budget)))
    # Four lines of € 1.000,00 + € 250,50: per year two lines, per category two lines.
    assert content.count("€\u00a02.501,00") == 6  # two years, two categories and two measures
    assert "€\u00a05.002,00" in content and "€\u00a04.000,00" in content and "€\u00a01.002,00" in content
    assert "80,0%" in content and "20,0%" in content
    assert "Gepland" in content
    # Per measure, against the estimate: each measure € 2.501,00 budgeted against € 12.500,00 estimated.
    assert "\u2212\u00a0€\u00a09.999,00" in content


def test_the_tables_download_as_xlsx_and_csv_with_the_figures(client, board, financial_expert):
    budget = big_budget(
        board, financial_expert, goals=2, years=[2008, 2009], categories=["scholing", "coaching"], name="D"
    )
    client.force_login(financial_expert)
    response = client.get(url(budget), {"tabel": "regels", "_export": "xlsx"})
    assert response.status_code == 200
    assert "begroting-d-versie-1-regels.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Maatregel",
        "Schooljaar",
        "Kostensoort",
        "Omschrijving",
        "Bedrag",
        "Gemeente",
        "Schoolbestuur",
    )
    # Four lines and, as on the page, their totals.
    assert len(rows) == 6
    assert rows[-1][0] == "Totaal" and Decimal(str(rows[-1][5])) == Decimal("4000")
    assert rows[1][1] == "2008/2009" and rows[1][2] in {"Scholing", "Coaching"}
    assert [Decimal(str(value)) for value in rows[1][4:]] == [
        Decimal("1250.50"),
        Decimal("1000"),
        Decimal("250.50"),
    ]

    response = client.get(url(budget), {"tabel": "financiers", "_export": "xlsx"})
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Gemeente" and Decimal(str(rows[1][1])) == Decimal("4000")
    assert rows[1][3] == "Gepland"
    assert rows[-1][0] == "Totaal" and Decimal(str(rows[-1][1])) == Decimal("5002")

    response = client.get(url(budget), {"tabel": "schooljaren", "_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[0][0] == "Schooljaar"
    assert [row[0] for row in rows[1:]] == ["2008/2009", "2009/2010", "Totaal"]
    assert rows[-1][-1] == "5002.00"

    response = client.get(url(budget), {"tabel": "maatregelen", "_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode())))
    assert rows[-1][0] == "Totaal" and rows[-1][-1] == "-19998.00"
