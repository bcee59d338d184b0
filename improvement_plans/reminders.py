"""This app's reminders by e-mail (`kwaliteitsaanpak.core.reminders`), listed in settings.REMINDER_SOURCES.

- `progress_report_due`: the board and the school's director, a week before a progress report is due while it is
  not yet submitted.
- `progress_report_overdue`: the same people, once, when its due date passed while it is not submitted.
- `progress_report_to_assess`: the assigned education experts, once per submission, when a progress report waits
  for their assessment.
- `analysis_waiting`, `plan_waiting`: the expert group, once per submission, when an analysis or a plan version
  waits for its decision.
Only open trajectories in execution remind about progress reports; a trajectory that ended reminds about nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.reminders import (
    Reminder,
    ReminderKind,
    board_users,
    decisions_waiting,
    directors,
    page_of,
    unique_users,
    users_with_perm,
)
from kwaliteitsaanpak.core.workflow import EDITABLE_STATUSES

from .constants import Phase
from .models import AnalysisReview, PlanReview, ProgressReport, ProgressReportReview, Trajectory

SUBMIT_REPORT = "improvement_plans.submit_progress_report"
WORK_ON_REPORT = "improvement_plans.work_on_progress_report"
ASSESS_REPORT = "improvement_plans.assess_progress_report"
REVIEW_ANALYSIS = "improvement_plans.review_analysis"
REVIEW_PLAN = "improvement_plans.review_plan"


def receives_progress_reminders(user: Any) -> bool:
    """A board user who submits progress reports, or a school director who fills them in."""
    return bool(
        (user.school_board_id and user.has_perm(SUBMIT_REPORT))
        or (user.school_id and user.has_perm(WORK_ON_REPORT))
    )


def _open_reports():
    return ProgressReport.objects.filter(
        status__in=EDITABLE_STATUSES,
        trajectory__ended_on__isnull=True,
        trajectory__phase=Phase.EXECUTION,
    ).select_related("trajectory__school")


def _progress_reminders(reports, *, key: str, subject, template: str) -> list[Reminder]:
    """A reminder about each report to its school's board users and directors."""
    reports = list(reports)
    boards = board_users(SUBMIT_REPORT, (report.trajectory.school.board_id for report in reports))
    heads = directors(WORK_ON_REPORT, (report.trajectory.school_id for report in reports))
    reminders = []
    for report in reports:
        school = report.trajectory.school
        context = {"report": report, "school": school.name}
        for user in unique_users(boards.get(school.board_id, ()), heads.get(school.pk, ())):
            reminders.append(
                Reminder(
                    user=user,
                    key=f"progress-report:{report.pk}:{key}",
                    subject=subject % {"quarter": report.quarter, "school": school.name},
                    template=template,
                    url=page_of(report),
                    context=context,
                )
            )
    return reminders


def progress_reports_due_soon(today: datetime.date) -> list[Reminder]:
    last_day = today + datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE_DUE)
    return _progress_reminders(
        _open_reports().filter(due_on__gte=today, due_on__lte=last_day),
        key="due",
        subject=_("The progress report of quarter %(quarter)s of %(school)s is due soon"),
        template="reminders/progress_report_due.txt",
    )


def progress_reports_overdue(today: datetime.date) -> list[Reminder]:
    return _progress_reminders(
        _open_reports().filter(due_on__lt=today),
        key="overdue",
        subject=_("The progress report of quarter %(quarter)s of %(school)s is overdue"),
        template="reminders/progress_report_overdue.txt",
    )


def receives_assessment_reminders(user: Any) -> bool:
    return user.has_perm("improvement_plans.act_as_education_expert") and user.has_perm(ASSESS_REPORT)


def progress_reports_to_assess(today: datetime.date) -> list[Reminder]:
    """Once per submission of a progress report that waits for the assessment of the trajectory's experts."""
    pending = list(
        ProgressReportReview.objects.filter(
            decision="",
            progress_report__trajectory__ended_on__isnull=True,
            progress_report__trajectory__phase=Phase.EXECUTION,
        ).select_related("progress_report__trajectory__school")
    )
    pairs = list(
        Trajectory.education_experts.through.objects.filter(
            trajectory_id__in={review.progress_report.trajectory_id for review in pending}
        ).values_list("trajectory_id", "user_id")
    )
    experts = {
        user.pk: user for user in users_with_perm(ASSESS_REPORT).filter(pk__in={pk for _, pk in pairs})
    }
    reminders = []
    for review in pending:
        report = review.progress_report
        school = report.trajectory.school.name
        for trajectory_id, user_id in pairs:
            if trajectory_id != report.trajectory_id or user_id not in experts:
                continue
            reminders.append(
                Reminder(
                    user=experts[user_id],
                    key=f"progress-review:{review.pk}:waiting",
                    subject=_(
                        "The progress report of quarter %(quarter)s of %(school)s waits for your assessment"
                    )
                    % {"quarter": report.quarter, "school": school},
                    template="reminders/assessment_waiting.txt",
                    url=reverse(
                        "improvement_plans:progress_report_assess",
                        args=[report.trajectory_id, report.quarter],
                    ),
                    context={"report": report, "school": school, "submitted_at": review.submitted_at},
                )
            )
    return reminders


def receives_analysis_reminders(user: Any) -> bool:
    return user.has_perm(REVIEW_ANALYSIS)


def receives_plan_reminders(user: Any) -> bool:
    return user.has_perm(REVIEW_PLAN)


def analyses_waiting(today: datetime.date) -> list[Reminder]:
    """Once per submission of an analysis of an open trajectory that waits for the expert group's decision."""
    pending = AnalysisReview.objects.filter(
        decision="", analysis__trajectory__ended_on__isnull=True
    ).select_related("analysis__trajectory__school")
    return decisions_waiting(
        pending,
        REVIEW_ANALYSIS,
        key="analysis-review",
        describe=lambda review: (
            _("the quality analysis"),
            review.analysis.trajectory.school.name,
            reverse("improvement_plans:analysis_review", args=[review.analysis.trajectory_id]),
        ),
    )


def plans_waiting(today: datetime.date) -> list[Reminder]:
    """Once per submission of a plan version of an open trajectory that waits for the expert group's decision."""
    pending = PlanReview.objects.filter(decision="", plan__trajectory__ended_on__isnull=True).select_related(
        "plan__trajectory__school"
    )
    return decisions_waiting(
        pending,
        REVIEW_PLAN,
        key="plan-review",
        describe=lambda review: (
            _("version %(number)s of the improvement plan") % {"number": review.plan.number},
            review.plan.trajectory.school.name,
            reverse("improvement_plans:plan_review", args=[review.plan.trajectory_id, review.plan.number]),
        ),
    )


REMINDER_KINDS = [
    ReminderKind(
        name="progress_report_due",
        label=_("Progress report due soon"),
        description=_(
            "A week before a progress report of your school is due, while it has not been submitted."
        ),
        receives=receives_progress_reminders,
        collect=progress_reports_due_soon,
    ),
    ReminderKind(
        name="progress_report_overdue",
        label=_("Progress report overdue"),
        description=_("Once, when the due date of a progress report of your school has passed."),
        receives=receives_progress_reminders,
        collect=progress_reports_overdue,
    ),
    ReminderKind(
        name="progress_report_to_assess",
        label=_("Progress report submitted"),
        description=_(
            "Once per submission, when a progress report of a trajectory you work on waits for your "
            "assessment."
        ),
        receives=receives_assessment_reminders,
        collect=progress_reports_to_assess,
    ),
    ReminderKind(
        name="analysis_waiting",
        label=_("Quality analysis submitted"),
        description=_("Once per submission, when a quality analysis waits for the expert group's decision."),
        receives=receives_analysis_reminders,
        collect=analyses_waiting,
    ),
    ReminderKind(
        name="plan_waiting",
        label=_("Improvement plan submitted"),
        description=_("Once per submission, when an improvement plan waits for the expert group's decision."),
        receives=receives_plan_reminders,
        collect=plans_waiting,
    ),
]
