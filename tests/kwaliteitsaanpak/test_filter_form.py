"""The filter panel writes its form in Python (`core/templatetags/filter_form.py`) for speed; what it writes must be
what `{% crispy form helper %}` makes of the same form: the same elements, classes, ids, labels, help texts, chosen
values and error messages, on every list page with filters."""

from html.parser import HTMLParser

import pytest
from crispy_forms.utils import render_crispy_form
from django.db import connection
from django.test.utils import CaptureQueriesContext

from improvement_plans.models import ProgrammeRound
from tests.factories import ProgrammeRoundFactory, TrajectoryFactory


class _Tokens(HTMLParser):
    """The elements and text of some HTML, with the attributes sorted and the white space made uniform."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(f"<{tag} {sorted((name, value or '') for name, value in attrs)}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.tokens.append(f"</{tag}>")

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.tokens.append(text)


def _tokens(html: str) -> str:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.tokens)


@pytest.mark.parametrize(
    "url",
    [
        "/scholen/",
        "/scholen/?q=wd&stadsdeel=noord&kind=bo&ronde=1",
        "/scholen/?stadsdeel=nergens",  # a choice that is not one: an error beside the field
        "/besturen/?q=stichting",
        "/import/",
        "/trajecten/",
        "/trajecten/?q=18WD&overdue=on&status=alle",
        "/trajecten/?ronde=999999&expert=abc",
        "/financien/",
        "/financien/?commitment=nergens",
        "/uitvoering/audits/",
        "/uitvoering/audits/?planned_from=31-02-2026&planned_until=morgen&overdue=on",
        "/uitvoering/acties/?overdue=on",
        "/inspectie/beoordelingen/",
        "/inspectie/toezichtarrangementen/",
        "/monitor/indicatoren/",
        "/monitor/benchmarks/",
        "/monitor/rondes/",
        "/monitor/rapporten/",
    ],
)
def test_the_filter_form_is_the_same_as_crispys(client, admin_user, url):
    TrajectoryFactory()
    client.force_login(admin_user)

    response = client.get(url)

    assert response.status_code == 200
    form, helper = response.context["filter"].form, response.context["filter_helper"]
    crispy = _tokens(render_crispy_form(form, helper))
    assert "<form " in crispy
    assert crispy in _tokens(response.content.decode())


def test_an_error_is_told_beside_its_field(client, admin_user):
    client.force_login(admin_user)

    response = client.get("/uitvoering/audits/?planned_from=31-02-2026")

    page = _tokens(response.content.decode())
    assert "is-invalid" in page
    assert "31-02-2026" in page
    assert 'class="invalid-feedback"' in response.content.decode()


def test_a_filters_choices_of_records_are_read_in_one_query(client, admin_user):
    """Not with a server-side cursor (DECLARE, FETCH, CLOSE: three round trips to the database)."""
    TrajectoryFactory()
    ProgrammeRoundFactory(name="Ronde 2030")
    programme_round = ProgrammeRound.objects.get(name="Ronde 2030")
    client.force_login(admin_user)
    client.get("/trajecten/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/trajecten/")

    assert f'<option value="{programme_round.pk}">Ronde 2030</option>' in response.content.decode()
    assert not [query["sql"] for query in queries.captured_queries if query["sql"].startswith("DECLARE")]
