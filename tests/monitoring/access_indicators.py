"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): the indicators per school, their form and import, and the G4 and national benchmarks."""

from decimal import Decimal

from kwaliteitsaanpak.accounts.roles import Role
from monitoring.models import FinalScoreImport
from tests.access import STAFF, Page
from tests.monitoring.factories_indicators import BenchmarkFactory, IndicatorValueFactory

# Who reads the monitor's indicators: staff, the expert group, the municipality and the education experts.
INDICATOR_READERS = {Role.PROGRAMME_STAFF, Role.EXPERT_GROUP, Role.MUNICIPALITY, Role.EDUCATION_EXPERT}

PAGES: list[Page] = [
    Page("indicator list", "/monitor/indicatoren/", INDICATOR_READERS),
    Page("indicator list, exported", "/monitor/indicatoren/?_export=csv", INDICATOR_READERS),
    Page("add an indicator value", "/monitor/indicatoren/nieuw/", STAFF),
    Page("change an indicator value", "/monitor/indicatoren/{indicator_value}/wijzigen/", STAFF),
    Page(
        "change an indicator value that does not exist",
        "/monitor/indicatoren/999999/wijzigen/",
        set(),
        others=dict.fromkeys(STAFF, 404),
        hidden_from_board=True,
    ),
    Page("import final scores", "/monitor/indicatoren/importeren/", STAFF),
    Page("final-score import report", "/monitor/indicatoren/importeren/{final_score_import}/", STAFF),
    Page("benchmark list", "/monitor/benchmarks/", INDICATOR_READERS),
    Page("add a benchmark", "/monitor/benchmarks/nieuw/", STAFF),
    Page("change a benchmark", "/monitor/benchmarks/{benchmark}/wijzigen/", STAFF),
]


def build(users, boards, objects) -> dict:
    """A CITO result of the own board's school, a G4 average and a finished import."""
    own_board, _other_board = boards
    school = users[Role.SCHOOL_DIRECTOR].school
    value = IndicatorValueFactory(school=school) if school else IndicatorValueFactory(school__board=own_board)
    return {
        "indicator_value": value.pk,
        "benchmark": BenchmarkFactory(value=Decimal("533.6")).pk,
        "final_score_import": FinalScoreImport.objects.create(original_filename="eindscores.csv").pk,
    }
