"""How the Inspectie's reviews of interim results and its supervision arrangements plug into the trajectory and
"my tasks" (ADR 7): a panel on the trajectory page and a task source. Called from `AuditsConfig.ready()`."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.dates import school_year_label, school_year_of
from kwaliteitsaanpak.core.my_tasks import UserTask, register_task_source
from kwaliteitsaanpak.core.steps import Panel, register_panel

from .selectors.inspection import (
    current_arrangement,
    latest_reviews,
    reviews_to_judge,
    reviews_to_supply,
    schools_in_execution_without_arrangement,
)
from .services.inspection import review_title


def _panel(trajectory, user) -> dict | None:
    """The school's latest reviews with their judgement and the current arrangement; nothing before the execution
    when there is nothing to show."""
    if not user.has_perm("audits.view_inspectionreview"):
        return None
    reviews = latest_reviews(trajectory)
    arrangement = current_arrangement(trajectory.school_id)
    if not reviews and arrangement is None and trajectory.execution_started_on is None:
        return None
    return {
        "reviews": reviews,
        "arrangement": arrangement,
        "school_year": school_year_label(school_year_of(timezone.localdate())),
        "list_url": reverse("audits:inspection_review_list"),
    }


def _tasks(user, today: datetime.date) -> list[UserTask]:
    """The board and director: results to supply or revise, with their due date. The Inspectie: results to judge,
    and schools in execution without an arrangement for the current school year."""
    tasks: list[UserTask] = []
    if user.has_perm("audits.supply_interim_results"):
        for review in reviews_to_supply(user):
            what = (
                _("Revise the interim results of %(review)s and submit them again")
                if review.is_returned
                else _("Supply the interim results of %(review)s")
            )
            tasks.append(
                UserTask(
                    what=what % {"review": review_title(review)},
                    school=review.school.name,
                    url=review.get_absolute_url(),
                    due_on=review.due_on,
                    kind="inspection_results",
                )
            )
    if user.has_perm("audits.judge_interim_results"):
        for review in reviews_to_judge():
            tasks.append(
                UserTask(
                    what=_("Judge the interim results of %(review)s") % {"review": review_title(review)},
                    school=review.school.name,
                    url=reverse("audits:inspection_judge", args=[review.pk]),
                    kind="inspection_judge",
                )
            )
    if user.has_perm("audits.record_arrangement"):
        school_year = school_year_of(today)
        create = reverse("audits:inspection_arrangement_create")
        for trajectory in schools_in_execution_without_arrangement(school_year):
            tasks.append(
                UserTask(
                    what=_("Record the supervision arrangement for %(year)s")
                    % {"year": school_year_label(school_year)},
                    school=trajectory.school.name,
                    url=f"{create}?school={trajectory.school_id}",
                    kind="inspection_arrangement",
                )
            )
    return tasks


def register() -> None:
    """Registers this area's panel and task source."""
    register_panel(
        Panel(order=80, name="inspection", template="audits/includes/inspection_panel.html", context=_panel)
    )
    register_task_source("inspection", _tasks)
