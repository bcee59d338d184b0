"""The project's table template writes the body rows in Python (`core/templatetags/table_rows.py`) for speed; the
rows must be exactly what django-tables2's own template makes of them: links, tags, dates, amounts, row attributes
computed per record, totals rows, columns hidden on a phone, the empty text."""

import re

import django_tables2 as tables
import pytest

from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import (
    BudgetLineFactory,
    ExpertCostFactory,
    InspectionVerdictFactory,
    TrajectoryFactory,
)

LIBRARY_TEMPLATE = "django_tables2/bootstrap5-responsive.html"


def _tables():
    pending = [tables.Table]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        yield cls


@pytest.fixture
def library_template():
    """A switch that makes every table of the project render with django-tables2's own template, and back."""
    saved = {cls: cls._meta.template_name for cls in _tables()}

    def use(on: bool):
        for cls, name in saved.items():
            cls._meta.template_name = LIBRARY_TEMPLATE if on else name

    yield use
    use(False)


def _bodies(html: str) -> list[str]:
    """Every table body of the page, with the whitespace between and inside tags made uniform."""
    bodies = re.findall(r"<tbody[^>]*>.*?</tbody>", html, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", body))) for body in bodies]


@pytest.fixture
def world():
    trajectory = TrajectoryFactory(reason="risico", phase="analyse")
    InspectionVerdictFactory(school=trajectory.school)
    line = BudgetLineFactory()
    ExpertCostFactory(trajectory=line.budget.trajectory)
    return line


@pytest.mark.parametrize(
    "url",
    [
        "/trajecten/",
        "/scholen/",
        "/besturen/",
        "/financien/",
        "budget",  # budget lines (row attributes per record) and totals tables
        "expert costs",
    ],
)
def test_the_rows_are_the_same_as_the_librarys(client, user_in_role, world, library_template, url):
    client.force_login(user_in_role(Role.PROGRAMME_STAFF))
    trajectory = world.budget.trajectory
    url = {
        "budget": f"/trajecten/{trajectory.pk}/begroting/{world.budget.plan.number}/",
        "expert costs": f"/trajecten/{trajectory.pk}/expertkosten/",
    }.get(url, url)

    ours = client.get(url)
    library_template(True)
    theirs = client.get(url)

    assert ours.status_code == theirs.status_code == 200
    assert _bodies(ours.content.decode()) == _bodies(theirs.content.decode())
    assert _bodies(ours.content.decode())  # the page has a table at all


class _Sample(tables.Table):
    name = tables.Column(attrs={"td": {"data-name": lambda record: record["name"].lower()}})
    amount = tables.Column(localize=True)
    code = tables.Column(localize=False)
    note = tables.Column(empty_values=(), default="–")

    def render_note(self, record):
        return record.get("note") or "–"


@pytest.mark.parametrize(
    "data",
    [
        [
            {"name": "De Linde <b>", "amount": 1234.5, "code": 12345},
            {"name": "Het Anker", "amount": None, "code": 1},
        ],
        [],  # the empty text
    ],
)
def test_callable_cell_attributes_localisation_and_the_empty_text_are_the_same(rf, library_template, data):
    from django.template import Context, Template

    template = Template("{% load django_tables2 %}{% render_table table %}")
    request = rf.get("/")

    def render():
        table = _Sample(data, empty_text="Geen regels.")
        return template.render(Context({"table": table, "request": request}))

    ours = render()
    library_template(True)
    theirs = render()

    assert _bodies(ours) == _bodies(theirs)
    assert ("Geen regels." in ours) == (not data)
