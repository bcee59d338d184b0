"""Demo data of the progress reports: called by the execution demo (`audits/demo.py`) after
`schedule_progress_reports(today)` created the reports of every quarter that has started. Written through the
services, as the board and the education expert would, so that a user sees a report in every state:

- the report of the running quarter of every trajectory is due (not yet overdue); the newest trajectory's has a
  summary drafted;
- the board's trajectory in its third quarter (school 24) has quarter 2 overdue;
- the trajectory in its second quarter (school 30) has quarter 1 submitted, waiting for the education expert;
- the director's school (school 0, in quarter 5) has quarter 4 returned with a comment on a goal, and quarter 3
  returned once, revised and then assessed as sufficient (its page shows both submissions);
- every other quarter whose due date has passed is assessed as sufficient, its goals moving towards their targets
  (one at risk now and then, so the trajectory page shows more than green).

The dates of the submissions and assessments are set to the days they would have happened (a few days before the
due date, a week after), so the timelines read as a history rather than as one afternoon.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Max
from django.utils import timezone

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.models import School

from .constants import GoalProgressStatus, MeasureProgressStatus, Phase
from .models import ProgressReport, ProgressReportReview, Trajectory, TrajectoryEvent
from .services import progress as services

OVERDUE_SCHOOL, SUBMITTED_SCHOOL, RETURNED_SCHOOL = 24, 30, 0
SUMMARIES = [
    "De teamscholing directe instructie is gestart; de eerste lesbezoeken laten zien dat de opbouw van de les "
    "beter wordt. De rekencoördinator begeleidt twee nieuwe leerkrachten.",
    "De nieuwe rekenmethode is in alle groepen ingevoerd. De middentoetsen laten een lichte stijging zien; bij "
    "begrijpend lezen blijven de resultaten achter. De intern begeleider analyseert per groep waarom.",
    "De directeur heeft de coaching afgerond en voert de groepsbesprekingen nu zelf. De zorgstructuur werkt: "
    "groepsplannen worden elke acht weken bijgesteld.",
]


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 30)))


def _answers(report: ProgressReport, *, at_risk: bool = False) -> dict:
    """Complete answers: each goal's value moved from its baseline towards its target by the quarter."""
    share = Decimal(min(report.quarter, 8)) / Decimal(9)
    goal_lines = {}
    for number, line in enumerate(
        report.goal_lines.select_related("goal").order_by("goal__order", "goal_id")
    ):
        goal = line.goal
        behind = at_risk and number == 0
        value = goal.baseline + (goal.target - goal.baseline) * share * (Decimal("0.5") if behind else 1)
        status = GoalProgressStatus.AT_RISK if behind else GoalProgressStatus.ON_SCHEDULE
        goal_lines[goal.pk] = {
            "status": status,
            "current_value": value.quantize(Decimal("0.1")),
            "explanation": "De resultaten op de middentoets vallen tegen; extra instructie in kleine groepen is "
            "ingepland."
            if behind
            else "",
        }
    measure_lines = {
        line.measure_id: {"status": MeasureProgressStatus.AS_PLANNED, "explanation": ""}
        for line in report.measure_lines.all()
    }
    return {
        "summary": SUMMARIES[report.quarter % len(SUMMARIES)],
        "goal_lines": goal_lines,
        "measure_lines": measure_lines,
    }


def _dated(trajectory: Trajectory, when: datetime.date, call):
    """Run a service call, then date what it wrote on the timeline (and return its result)."""
    last = trajectory.events.aggregate(last=Max("pk"))["last"] or 0
    result = call()
    TrajectoryEvent.objects.filter(trajectory=trajectory, pk__gt=last).update(created_at=_at(when))
    return result


class _Reporter:
    """Who writes and who assesses one trajectory's reports: the demo board user for the demo board's schools (its
    staff otherwise), and the trajectory's assigned education expert."""

    def __init__(self, trajectory: Trajectory, users: dict[Role, User], today: datetime.date):
        board_user = users[Role.SCHOOL_BOARD]
        own = board_user.school_board_id and trajectory.school.board_id == board_user.school_board_id
        self.trajectory, self.today = trajectory, today
        self.writer = board_user if own else users[Role.PROGRAMME_STAFF]
        self.expert = trajectory.education_experts.order_by("pk").first()

    def _day(self, day: datetime.date) -> datetime.date:
        return min(day, self.today)

    def fill_in(self, report: ProgressReport, *, at_risk: bool = False, summary: str | None = None) -> None:
        report.refresh_from_db()
        answers = _answers(report, at_risk=at_risk)
        if summary is not None:
            answers["summary"] = summary
        services.progress_report_update(
            user=self.writer, report=report, expected_version=report.version, **answers
        )

    def submit(self, report: ProgressReport, on: datetime.date) -> None:
        report.refresh_from_db()
        review = _dated(
            self.trajectory,
            self._day(on),
            lambda: services.progress_report_submit(
                user=self.writer, report=report, expected_version=report.version
            ),
        )
        ProgressReportReview.objects.filter(pk=review.pk).update(submitted_at=_at(self._day(on)))

    def _decided(self, report: ProgressReport, on: datetime.date) -> None:
        review = report.reviews.exclude(decision="").order_by("-pk").first()
        ProgressReportReview.objects.filter(pk=review.pk).update(decided_at=_at(self._day(on)))
        if report.status == SubmissionStatus.APPROVED:
            ProgressReport.objects.filter(pk=report.pk).update(approved_at=_at(self._day(on)))

    def assess(self, report: ProgressReport, on: datetime.date) -> None:
        _dated(
            self.trajectory,
            self._day(on),
            lambda: services.progress_report_assess(user=self.expert, report=report),
        )
        report.refresh_from_db()
        self._decided(report, on)

    def return_with_comment(self, report: ProgressReport, on: datetime.date) -> None:
        goal = report.goal_lines.select_related("goal").order_by("goal__order", "goal_id").first().goal
        _dated(
            self.trajectory,
            self._day(on),
            lambda: services.progress_report_return(
                user=self.expert,
                report=report,
                comments="Licht de cijfers toe: welke toets, welke groepen, en hoe verhoudt de stand zich tot "
                "het streven?",
                goal_comments={
                    goal.pk: "Noem de toets en het meetmoment waar de huidige waarde vandaan komt."
                },
            ),
        )
        report.refresh_from_db()
        self._decided(report, on)

    def assessed(self, report: ProgressReport, *, at_risk: bool = False) -> None:
        self.fill_in(report, at_risk=at_risk)
        self.submit(report, report.due_on - datetime.timedelta(days=3))
        self.assess(report, report.due_on + datetime.timedelta(days=7))


def _untouched(report: ProgressReport) -> bool:
    return report.status == SubmissionStatus.DRAFT and not report.summary and not report.reviews.exists()


def seed(users: dict, today: datetime.date) -> None:
    """Fill progress reports in every state a user should see, on the trajectories in execution."""
    schools = list(School.objects.order_by("brin").values_list("pk", flat=True))

    def school_at(index: int) -> int | None:
        return schools[index] if index < len(schools) else None

    trajectories = list(
        Trajectory.objects.open()
        .filter(phase=Phase.EXECUTION, progress_reports__isnull=False)
        .distinct()
        .select_related("school")
        .order_by("execution_started_on", "pk")
    )
    newest = max((trajectory.execution_started_on for trajectory in trajectories), default=None)
    for trajectory in trajectories:
        reporter = _Reporter(trajectory, users, today)
        if reporter.expert is None:
            continue
        reports = [report for report in trajectory.progress_reports.order_by("quarter") if _untouched(report)]
        for report in reports:
            if report.due_on >= today:
                if trajectory.execution_started_on == newest:
                    reporter.fill_in(report, summary="De scholing is ingepland; eerste ervaringen volgen.")
                continue  # the running quarter: due, not yet overdue
            if trajectory.school_id == school_at(OVERDUE_SCHOOL) and report.quarter == 2:
                continue  # overdue: nothing sent yet
            if trajectory.school_id == school_at(SUBMITTED_SCHOOL) and report.quarter == 1:
                reporter.fill_in(report)
                reporter.submit(report, report.due_on - datetime.timedelta(days=1))
                continue
            if trajectory.school_id == school_at(RETURNED_SCHOOL) and report.quarter in (3, 4):
                reporter.fill_in(report, at_risk=True)
                reporter.submit(report, report.due_on - datetime.timedelta(days=2))
                reporter.return_with_comment(report, report.due_on + datetime.timedelta(days=5))
                if report.quarter == 3:  # revised and then assessed
                    reporter.fill_in(report, at_risk=True)
                    reporter.submit(report, report.due_on + datetime.timedelta(days=12))
                    reporter.assess(report, report.due_on + datetime.timedelta(days=16))
                continue
            reporter.assessed(report, at_risk=report.quarter % 3 == 2)
