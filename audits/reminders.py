"""This app's reminders by e-mail (`kwaliteitsaanpak.core.reminders`), listed in settings.REMINDER_SOURCES.

- `visit_tomorrow`: the education expert of the visit (or, when none is set or they left the trajectory, the
  assigned education experts) and the school's director, the day before an expert visit.
- `audit_tomorrow`: the assigned education experts, the expert group and the school's director, the day before
  an audit.
- `action_overdue`: the assigned education experts, the board and the school's director, once, when an action
  agreed after a stagnating visit is still open after its date.
- `audit_waiting`: the expert group, once per submission, when an audit waits for its adoption.
"The day before" is sent on the day before, or on the day itself when the job did not run the day before; a visit
or an audit moved to another date is reminded again for its new date, an action given a new date likewise.
Only open trajectories remind: a trajectory that ended reminds about nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
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

from .constants import VisitStatus
from .models import Audit, AuditReview, ExpertVisit, StagnationAction

VIEW_TRAJECTORY = "improvement_plans.view_trajectory"
RECORD_VISIT = "audits.record_visit"
MANAGE_ACTIONS = "audits.manage_actions"
WORK_ON_AUDIT = "audits.work_on_audit"
DECIDE_AUDIT = "audits.decide_audit"

ONE_DAY = datetime.timedelta(days=1)


def education_experts(trajectory_ids: Iterable[int], perm: str) -> dict[int, list[Any]]:
    """Trajectory id → its assigned education experts who (still) have `perm`, in two queries."""
    pairs = list(
        Trajectory.education_experts.through.objects.filter(
            trajectory_id__in=set(trajectory_ids)
        ).values_list("trajectory_id", "user_id")
    )
    experts = {
        user.pk: user for user in users_with_perm(perm).filter(pk__in={user_id for _, user_id in pairs})
    }
    by_trajectory: dict[int, list[Any]] = {}
    for trajectory_id, user_id in pairs:
        if user_id in experts:
            by_trajectory.setdefault(trajectory_id, []).append(experts[user_id])
    return by_trajectory


def _is_expert(user: Any, perm: str) -> bool:
    return user.has_perm("improvement_plans.act_as_education_expert") and user.has_perm(perm)


def _is_director(user: Any) -> bool:
    return bool(user.school_id) and user.has_perm(VIEW_TRAJECTORY)


def _is_board_user(user: Any) -> bool:
    return bool(user.school_board_id) and user.has_perm(VIEW_TRAJECTORY)


def receives_visit_reminders(user: Any) -> bool:
    return _is_expert(user, RECORD_VISIT) or _is_director(user)


def receives_audit_reminders(user: Any) -> bool:
    return _is_expert(user, WORK_ON_AUDIT) or user.has_perm(DECIDE_AUDIT) or _is_director(user)


def receives_action_reminders(user: Any) -> bool:
    return _is_expert(user, MANAGE_ACTIONS) or _is_director(user) or _is_board_user(user)


def receives_audit_waiting_reminders(user: Any) -> bool:
    return user.has_perm(DECIDE_AUDIT)


def _in_open_execution(prefix: str = "trajectory__") -> dict[str, Any]:
    return {f"{prefix}ended_on__isnull": True, f"{prefix}phase": Phase.EXECUTION}


def _day_before(tomorrow: bool, tomorrow_subject: Any, today_subject: Any, school: str) -> Any:
    return (tomorrow_subject if tomorrow else today_subject) % {"school": school}


def visits_tomorrow(today: datetime.date) -> list[Reminder]:
    visits = list(
        ExpertVisit.objects.filter(
            status=VisitStatus.PLANNED,
            planned_on__gte=today,
            planned_on__lte=today + ONE_DAY,
            **_in_open_execution(),
        ).select_related("trajectory__school", "expert")
    )
    experts = education_experts((visit.trajectory_id for visit in visits), RECORD_VISIT)
    heads = directors(VIEW_TRAJECTORY, (visit.trajectory.school_id for visit in visits))
    reminders = []
    for visit in visits:
        school = visit.trajectory.school
        assigned = experts.get(visit.trajectory_id, [])
        own = [expert for expert in assigned if expert.pk == visit.expert_id]
        context = {"visit": visit, "school": school.name, "expert": own[0] if own else ""}
        for user in unique_users(own or assigned, heads.get(school.pk, ())):
            reminders.append(
                Reminder(
                    user=user,
                    key=f"visit:{visit.pk}:day-before:{visit.planned_on.isoformat()}",
                    subject=_day_before(
                        visit.planned_on > today,
                        _("Tomorrow: expert visit to %(school)s"),
                        _("Today: expert visit to %(school)s"),
                        school.name,
                    ),
                    template="reminders/visit_tomorrow.txt",
                    url=page_of(visit),
                    context=context,
                )
            )
    return reminders


def audits_tomorrow(today: datetime.date) -> list[Reminder]:
    audits = list(
        Audit.objects.filter(
            status__in=EDITABLE_STATUSES,
            held_on__isnull=True,
            planned_on__gte=today,
            planned_on__lte=today + ONE_DAY,
            **_in_open_execution(),
        ).select_related("trajectory__school")
    )
    experts = education_experts((audit.trajectory_id for audit in audits), WORK_ON_AUDIT)
    heads = directors(VIEW_TRAJECTORY, (audit.trajectory.school_id for audit in audits))
    members = list(users_with_perm(DECIDE_AUDIT)) if audits else []
    reminders = []
    for audit in audits:
        school = audit.trajectory.school
        context = {"audit": audit, "audit_name": audit.get_kind_display(), "school": school.name}
        for user in unique_users(experts.get(audit.trajectory_id, ()), members, heads.get(school.pk, ())):
            reminders.append(
                Reminder(
                    user=user,
                    key=f"audit:{audit.pk}:day-before:{audit.planned_on.isoformat()}",
                    subject=_day_before(
                        audit.planned_on > today,
                        _("Tomorrow: audit of %(school)s"),
                        _("Today: audit of %(school)s"),
                        school.name,
                    ),
                    template="reminders/audit_tomorrow.txt",
                    url=page_of(audit),
                    context=context,
                )
            )
    return reminders


def actions_overdue(today: datetime.date) -> list[Reminder]:
    actions = list(
        StagnationAction.objects.open()
        .filter(due_on__lt=today, **_in_open_execution())
        .select_related("trajectory__school", "visit")
    )
    experts = education_experts((action.trajectory_id for action in actions), MANAGE_ACTIONS)
    boards = board_users(VIEW_TRAJECTORY, (action.trajectory.school.board_id for action in actions))
    heads = directors(VIEW_TRAJECTORY, (action.trajectory.school_id for action in actions))
    reminders = []
    for action in actions:
        school = action.trajectory.school
        context = {"action": action, "description": action.description, "school": school.name}
        recipients = unique_users(
            experts.get(action.trajectory_id, ()), boards.get(school.board_id, ()), heads.get(school.pk, ())
        )
        for user in recipients:
            reminders.append(
                Reminder(
                    user=user,
                    key=f"action:{action.pk}:overdue:{action.due_on.isoformat()}",
                    subject=_("An agreed action of %(school)s is overdue") % {"school": school.name},
                    template="reminders/action_overdue.txt",
                    url=page_of(action.visit),
                    context=context,
                )
            )
    return reminders


def audits_waiting(today: datetime.date) -> list[Reminder]:
    """Once per submission of an audit of an open trajectory that waits for the expert group's adoption."""
    pending = AuditReview.objects.filter(
        decision="", audit__trajectory__ended_on__isnull=True
    ).select_related("audit__trajectory__school")
    return decisions_waiting(
        pending,
        DECIDE_AUDIT,
        key="audit-review",
        describe=lambda review: (
            review.audit.get_kind_display(),
            review.audit.trajectory.school.name,
            page_of(review.audit),
        ),
    )


REMINDER_KINDS = [
    ReminderKind(
        name="visit_tomorrow",
        label=_("Expert visit tomorrow"),
        description=_("The day before an expert visit to your school or to a school you visit."),
        receives=receives_visit_reminders,
        collect=visits_tomorrow,
    ),
    ReminderKind(
        name="audit_tomorrow",
        label=_("Audit tomorrow"),
        description=_("The day before an audit of your school or of a trajectory you work on."),
        receives=receives_audit_reminders,
        collect=audits_tomorrow,
    ),
    ReminderKind(
        name="action_overdue",
        label=_("Agreed action overdue"),
        description=_("Once, when an action agreed after a stagnating visit is still open after its date."),
        receives=receives_action_reminders,
        collect=actions_overdue,
    ),
    ReminderKind(
        name="audit_waiting",
        label=_("Audit submitted"),
        description=_("Once per submission, when an audit waits for the expert group's adoption."),
        receives=receives_audit_waiting_reminders,
        collect=audits_waiting,
    ),
]
