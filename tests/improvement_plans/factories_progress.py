"""The progress reports' test data: a trajectory in execution with an approved plan (two goals, each with a measure),
its assigned education expert and the board user of its school, and reports scheduled through the service."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from improvement_plans.models import ImprovementPlan, ProgressReport, Trajectory
from improvement_plans.services import progress as services
from kwaliteitsaanpak.accounts.roles import Role
from tests.factories import GoalFactory, ImprovementPlanFactory, MeasureFactory, SchoolFactory, UserFactory

EXECUTION_START = datetime.date(2009, 1, 5)


@dataclass
class Executing:
    trajectory: Trajectory
    plan: ImprovementPlan
    board_user: object
    expert: object
    director: object | None = None

    def report(self, quarter: int = 1) -> ProgressReport:
        return ProgressReport.objects.get(trajectory=self.trajectory, quarter=quarter)


def executing_trajectory(
    *,
    board=None,
    school=None,
    started_on=EXECUTION_START,
    goals: int = 2,
    director: bool = False,
    expert=None,
) -> Executing:
    """An open trajectory in execution since `started_on`, with its approved plan (version 1)."""
    school = school or SchoolFactory(**({"board": board} if board else {}))
    plan = ImprovementPlanFactory(status="goedgekeurd", trajectory__school=school)
    trajectory = plan.trajectory
    trajectory.phase, trajectory.execution_started_on = "uitvoering", started_on
    trajectory.save()
    for order in range(1, goals + 1):
        goal = GoalFactory(
            plan=plan,
            order=order,
            description=f"Meer leerlingen in groep {order + 4} beheersen de rekenvaardigheden van hun leerjaar.",
        )
        MeasureFactory(
            goal=goal, description=f"Teamscholing directe instructie bij rekenen in groep {order + 4}."
        )
    expert = expert or UserFactory(role=Role.EDUCATION_EXPERT, first_name="Els", last_name="Bakker")
    trajectory.education_experts.add(expert)
    board_user = UserFactory(
        role=Role.SCHOOL_BOARD, school_board=school.board, first_name="Bram", last_name="Visser"
    )
    director_user = None
    if director:
        director_user = UserFactory(
            role=Role.SCHOOL_DIRECTOR, school=school, first_name="Dirk", last_name="Mol"
        )
    return Executing(trajectory, plan, board_user, expert, director_user)


def scheduled(today: datetime.date, **kwargs) -> Executing:
    """An executing trajectory whose reports up to `today` are scheduled."""
    executing = executing_trajectory(**kwargs)
    services.schedule_progress_reports(today, trajectory=executing.trajectory)
    return executing


def complete_answers(report: ProgressReport, *, summary: str = "Het kwartaal verliep volgens plan.") -> dict:
    """Everything a complete report needs, as the arguments of `progress_report_update`."""
    report.refresh_from_db()
    return {
        "expected_version": report.version,
        "summary": summary,
        "goal_lines": {
            line.goal_id: {"status": "op_schema", "explanation": "", "current_value": Decimal("61.5")}
            for line in report.goal_lines.all()
        },
        "measure_lines": {
            line.measure_id: {"status": "volgens_plan", "explanation": ""}
            for line in report.measure_lines.all()
        },
    }


def fill_in(user, report: ProgressReport, **extra) -> ProgressReport:
    return services.progress_report_update(user=user, report=report, **(complete_answers(report) | extra))


def submit(user, report: ProgressReport):
    report.refresh_from_db()
    return services.progress_report_submit(user=user, report=report, expected_version=report.version)


def pdf(name: str = "trendanalyse.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n" + b"0" * size
    return SimpleUploadedFile(name, body, content_type="application/pdf")
