"""This app's reminders by e-mail (`kwaliteitsaanpak.core.reminders`), listed in settings.REMINDER_SOURCES.

- `budget_waiting`: the expert group, once per submission, when a budget waits for its decision.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.reminders import Reminder, ReminderKind, decisions_waiting

from .models import BudgetReview

REVIEW_BUDGET = "finance.review_budget"


def receives_budget_reminders(user: Any) -> bool:
    return user.has_perm(REVIEW_BUDGET)


def budgets_waiting(today: datetime.date) -> list[Reminder]:
    """Once per submission of a budget of an open trajectory that waits for the expert group's decision."""
    pending = BudgetReview.objects.filter(
        decision="", budget__trajectory__ended_on__isnull=True
    ).select_related("budget__trajectory__school", "budget__plan")
    return decisions_waiting(
        pending,
        REVIEW_BUDGET,
        key="budget-review",
        describe=lambda review: (
            _("version %(number)s of the budget") % {"number": review.budget.number},
            review.budget.trajectory.school.name,
            reverse("finance:budget_review", args=[review.budget.trajectory_id, review.budget.number]),
        ),
    )


REMINDER_KINDS = [
    ReminderKind(
        name="budget_waiting",
        label=_("Budget submitted"),
        description=_("Once per submission, when a budget waits for the expert group's decision."),
        receives=receives_budget_reminders,
        collect=budgets_waiting,
    ),
]
