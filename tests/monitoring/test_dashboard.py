"""The programme dashboard's figures (`monitoring.dashboard`): the reference list against the round's target, the
exceptions of the round, trajectories per phase, what is overdue, goals behind and stagnation, results against the
targets and the benchmark of the right year, test and reference, and money per funder; and its filters."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from improvement_plans.constants import FinalTest, Phase, TrajectoryReason
from improvement_plans.models import first_round
from kwaliteitsaanpak.accounts.roles import Role
from monitoring.dashboard import ACTIONS, AUDITS, PROGRESS_REPORTS, VISITS, DashboardFilters, dashboard
from schools.constants import Stadsdeel
from tests.factories import SchoolBoardFactory, UserFactory
from tests.monitoring.dashboard_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def reader():
    return UserFactory(role=Role.MUNICIPALITY)


def figures(user, world, **query):
    query.setdefault("ronde", str(world.programme_round.pk))
    return dashboard(user, DashboardFilters.from_query(query, user))


def test_the_reference_list_counts_the_schools_still_weak_against_the_rounds_target(world, reader):
    reference = figures(reader, world).reference_list

    assert (reference.total, reference.still_weak, reference.still_very_weak) == (4, 3, 1)
    assert reference.no_longer_weak == 1
    assert (reference.target_year, reference.exception_year) == (2027, 2028)
    assert not reference.target_reached


def test_the_exceptions_are_counted_from_the_round_only(world, reader):
    assert figures(reader, world).reference_list.exceptions == 1
    assert figures(reader, world, ronde=str(first_round().pk)).reference_list.exceptions == 1
    world.trajectories["elsewhere"].plan.target_date = "doel"
    world.trajectories["elsewhere"].plan.target_justification = ""
    world.trajectories["elsewhere"].plan.save()
    assert figures(reader, world, ronde=str(first_round().pk)).reference_list.exceptions == 0
    assert figures(reader, world).reference_list.exceptions == 1


def test_trajectories_are_counted_per_phase_in_the_phases_order(world, reader):
    phases = figures(reader, world).phases

    assert [phase.phase for phase in phases] == list(Phase.values)
    counts = {phase.phase: phase.count for phase in phases}
    assert counts[Phase.EXECUTION] == 2
    assert counts[Phase.REGISTERED] == 1
    assert sum(counts.values()) == 3


def test_what_is_overdue_is_counted_per_kind_on_the_rounds_open_trajectories(world, reader):
    board = figures(reader, world)
    overdue = [(row.label, row.count) for row in board.overdue]

    assert overdue == [
        ("Voortgangsrapportages", 2),
        ("Schoolbezoeken", 1),
        ("Audits", 1),
        ("Afgesproken acties", 1),
    ]
    rows = {row.school.name: row.overdue for row in board.school_rows}
    assert rows["Weak"] == {PROGRESS_REPORTS: 2, VISITS: 1}
    assert rows["Recovered"] == {AUDITS: 1, ACTIONS: 1}


def test_an_ended_trajectory_has_nothing_overdue(world, reader):
    trajectory = world.trajectories["recovered"].trajectory
    trajectory.ended_on = trajectory.registered_on
    trajectory.phase = Phase.CLOSED
    trajectory.save()

    board = figures(reader, world)

    assert [row.count for row in board.overdue] == [2, 1, 0, 0]


def test_goals_behind_come_from_the_latest_report_and_stagnation_from_the_latest_visit(world, reader):
    behind = {row.school.name: row.detail for row in figures(reader, world).behind}

    assert set(behind) == {"Weak", "Recovered"}
    assert "1 doel achter op schema" in behind["Weak"]
    assert "kwartaal 6" in behind["Weak"]
    # Quarter 1 had the goal at risk and a stagnating visit; neither is the latest any more.
    assert "risico" not in behind["Weak"]
    assert "stagneert" not in behind["Weak"]
    assert "stagneert" in behind["Recovered"]


def test_results_are_compared_with_the_plans_test_and_the_average_of_the_same_year_test_and_reference(
    world, reader
):
    rows = {row.school.name: row for row in figures(reader, world).school_rows}
    weak = rows["Weak"]

    assert (weak.final_test, weak.final_test_year) == (FinalTest.IEP, 2024)
    assert weak.final_test_value == Decimal("80.0")
    assert weak.final_test_target == Decimal("82.0")
    # The G4 IEP average of 2024–2025: not 2023's (70), not ROUTE 8's (200), not the national one (81).
    assert weak.final_test_benchmark == Decimal("79.0")
    assert (weak.lwoo_value, weak.lwoo_target, weak.lwoo_benchmark) == (
        Decimal("20.0"),
        Decimal("16.0"),
        Decimal("15.0"),
    )
    assert weak.exception
    recovered = rows["Recovered"]
    assert recovered.final_test == FinalTest.CITO
    assert recovered.final_test_value is None
    assert recovered.final_test_benchmark is None


def test_a_round_compared_with_the_national_average_uses_the_national_benchmark(world, reader):
    world.programme_round.reference = "landelijk"
    world.programme_round.save()

    weak = next(row for row in figures(reader, world).school_rows if row.school.name == "Weak")

    assert weak.final_test_benchmark == Decimal("81.0")
    assert weak.lwoo_benchmark is None


def test_a_score_on_another_test_than_the_plans_is_shown_without_the_target(world, reader):
    plan = world.trajectories["weak"].plan
    plan.final_test = FinalTest.ROUTE8
    plan.save()

    weak = next(row for row in figures(reader, world).school_rows if row.school.name == "Weak")

    # No ROUTE 8 score: the latest score (IEP) is shown, but the ROUTE 8 target is not set beside it.
    assert weak.final_test == FinalTest.IEP
    assert weak.final_test_target is None


def test_money_is_summed_per_funder_as_planned_committed_and_spent(world, reader):
    money = {row.funder: row[1:] for row in figures(reader, world).money}

    assert money["Gemeente"] == (Decimal("10000.00"), Decimal("10000.00"), Decimal("4000.00"))
    assert money["Schoolbesturen"] == (Decimal("2500.00"), Decimal("2500.00"), Decimal("1000.00"))


def test_the_stadsdeel_narrows_the_reference_list_and_the_trajectories(world, reader):
    board = figures(reader, world, stadsdeel=Stadsdeel.NOORD)

    assert (board.reference_list.total, board.reference_list.still_weak) == (1, 1)
    assert board.school_rows == []
    assert board.has_data


def test_the_board_and_the_reason_narrow_the_trajectories(world, reader):
    by_board = figures(reader, world, board=str(world.board.pk))
    by_reason = figures(reader, world, reason=TrajectoryReason.AT_RISK)

    assert {row.school.name for row in by_board.school_rows} == {"Weak", "Recovered"}
    assert by_board.reference_list.total == 3
    assert [row.school.name for row in by_reason.school_rows] == ["Very weak"]
    # A reason belongs to a trajectory: the reference list stays whole.
    assert by_reason.reference_list.total == 4


def test_invalid_filters_fall_back_to_their_defaults(world, reader):
    filters = DashboardFilters.from_query(
        QueryDict("ronde=999999&stadsdeel=mars&board=abc&reason=zomaar"), reader
    )

    assert filters.programme_round == world.programme_round  # the current round
    assert (filters.stadsdeel, filters.board, filters.reason) == ("", None, "")
    assert filters.as_query() == {"ronde": str(world.programme_round.pk)}


def test_the_filters_go_to_a_query_and_back_and_describe_themselves(world, reader):
    filters = DashboardFilters.from_query(
        {"ronde": str(world.programme_round.pk), "stadsdeel": "noord", "board": str(world.board.pk)}, reader
    )

    assert DashboardFilters.from_query(filters.as_query(), reader) == filters
    assert filters.describe() == [
        "Ronde: Ronde 2026",
        "Stadsdeel: Noord",
        "Schoolbestuur: Stichting Dashboard",
    ]


def test_a_board_user_cannot_filter_on_another_board(world):
    board_user = UserFactory(role=Role.SCHOOL_BOARD, school_board=SchoolBoardFactory())

    filters = DashboardFilters.from_query({"board": str(world.board.pk)}, board_user)

    assert filters.board is None


def test_a_round_without_data_says_so(reader):
    empty = DashboardFilters.from_query({}, reader)

    board = dashboard(reader, empty)

    assert not board.has_data
    assert board.reference_list.total == 0
    assert [phase.count for phase in board.phases] == [0] * len(Phase)
