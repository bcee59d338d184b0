"""The education expert's quarterly visits (schoolbezoeken) and, when execution stagnates, the actions agreed with
the school.

- `schedule_expert_visits(today)`: the scheduled job keeps the visit of the current quarter of execution (or, once
  that one is done or cancelled, of the next quarter) planned for every trajectory in execution. Idempotent.
- `visit_record`: the expert records the visit (date, who was spoken to, classes visited, findings, stagnation),
  with optimistic locking on the visit's `version`; a recorded visit may be corrected the same way.
- `visit_reschedule` / `visit_cancel`: move a planned visit, or cancel it with a reason.
- `action_add` / `action_close`: after a stagnating visit, what was agreed with the school; closed with a note.

Each change checks the permission on the trajectory, locks the trajectory row, checks the phase and appends an event
to the trajectory's timeline (ADR 7).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from improvement_plans.services.trajectory import lock_trajectory, long_date, record_event, require_phase
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core.dates import quarter_period
from kwaliteitsaanpak.core.workflow import bump_version
from kwaliteitsaanpak.permissions import not_allowed, require_permission

from ..constants import VISIT_DAY_IN_QUARTER, AuditEventKind, VisitStatus
from ..models import ExpertVisit, StagnationAction

# A visit whose planned day has passed when it is planned is set this far ahead, so the expert can make an
# appointment with the school.
RESCHEDULE_AHEAD = datetime.timedelta(days=7)
# An action may be agreed for at most this long after the visit.
ACTION_MAX_AHEAD = datetime.timedelta(days=366)


class VisitEventKind(models.TextChoices):
    """The visit's own events beside `AuditEventKind`'s (registered by `audits.plug_visits`)."""

    VISIT_MOVED = "bezoek_verplaatst", gettext_lazy("Expert visit moved")
    VISIT_CANCELLED = "bezoek_geannuleerd", gettext_lazy("Expert visit cancelled")


# The state of a visit in a sentence ("This visit is done"); the statuses' own labels are for tags.
STATUS_WORDS = {
    VisitStatus.PLANNED: pgettext_lazy("expert visit", "planned"),
    VisitStatus.DONE: pgettext_lazy("expert visit", "done"),
    VisitStatus.CANCELLED: pgettext_lazy("expert visit", "cancelled"),
}


# Planning


def current_quarter(start: datetime.date, today: datetime.date) -> int:
    """The quarter of execution (1-based) that `today` falls in, for an execution that started on `start`; 1 before
    the start."""
    quarter = 1
    while quarter_period(start, quarter)[1] < today:
        quarter += 1
    return quarter


def planned_day(start: datetime.date, quarter: int, today: datetime.date) -> datetime.date:
    """The day a visit of `quarter` is planned on: in the middle of the quarter, or a week ahead when that passed."""
    day = quarter_period(start, quarter)[0] + VISIT_DAY_IN_QUARTER
    return day if day >= today else today + RESCHEDULE_AHEAD


def _visit_to_plan(
    trajectory: Trajectory, visits: dict[int, ExpertVisit], today: datetime.date
) -> int | None:
    """The quarter whose visit should exist as planned: the current one, or the next once the current one is done
    or cancelled; None after the last quarter of execution."""
    start = trajectory.execution_started_on
    if start is None:
        return None
    quarter = current_quarter(start, today)
    current = visits.get(quarter)
    if current is not None and current.status != VisitStatus.PLANNED:
        quarter += 1
    return quarter if quarter <= trajectory.execution_quarters else None


def _ensure_planned(trajectory: Trajectory, visits: dict[int, ExpertVisit], today: datetime.date) -> bool:
    """Plan the visit `_visit_to_plan` names if it does not exist yet; True when one was created."""
    quarter, start = _visit_to_plan(trajectory, visits, today), trajectory.execution_started_on
    if quarter is None or start is None or quarter in visits:
        return False
    experts = sorted(
        trajectory.education_experts.all(),
        key=lambda expert: (expert.first_name, expert.last_name, expert.pk),
    )
    _visit, created = ExpertVisit.objects.get_or_create(
        trajectory=trajectory,
        quarter=quarter,
        defaults={
            "planned_on": planned_day(start, quarter, today),
            "expert": experts[0] if experts else None,
        },
    )
    return created


def schedule_expert_visits(today: datetime.date | None = None) -> int:
    """The scheduled job's service: for every open trajectory in execution, the visit of the current quarter (or,
    when that one is done or cancelled, of the next quarter up to the last of execution) exists as planned, on the
    middle of its quarter (or a week from today when that day passed), with the first assigned education expert.
    Idempotent (running it twice creates nothing twice); none for trajectories in sustaining, closed or withdrawn.
    Returns how many visits it planned."""
    today = today or timezone.localdate()
    trajectories = (
        Trajectory.objects.open()
        .filter(phase=Phase.EXECUTION, execution_started_on__isnull=False)
        .prefetch_related("education_experts", "expert_visits")
        .order_by("pk")
    )
    created = 0
    for trajectory in trajectories:
        visits = {visit.quarter: visit for visit in trajectory.expert_visits.all()}
        with transaction.atomic():
            created += _ensure_planned(trajectory, visits, today)
    return created


def _plan_next(trajectory: Trajectory) -> None:
    """After a visit is done or cancelled, the next one is planned at once (the job would do so tonight)."""
    if trajectory.phase != Phase.EXECUTION or trajectory.execution_started_on is None:
        return
    visits = {visit.quarter: visit for visit in trajectory.expert_visits.all()}
    _ensure_planned(trajectory, visits, timezone.localdate())


# The visit


def _locked_visit(user: User, permission: str, visit: ExpertVisit) -> tuple[Trajectory, ExpertVisit]:
    """The trajectory (locked, in execution) and the visit re-read under that lock."""
    require_permission(user, permission, visit.trajectory)
    trajectory = lock_trajectory(visit.trajectory)
    require_phase(trajectory, Phase.EXECUTION)
    visit = ExpertVisit.objects.get(pk=visit.pk)
    visit.trajectory = trajectory
    return trajectory, visit


def _visit_date_errors(trajectory: Trajectory, visited_on: datetime.date | None) -> list[str]:
    if visited_on is None:
        return [_("Enter the date of the visit.")]
    if visited_on > timezone.localdate():
        return [_("This date lies in the future. Record the visit after it took place.")]
    start = trajectory.execution_started_on
    if start is not None and visited_on < start:
        return [
            _("The visit cannot take place before execution started on %(date)s.")
            % {"date": long_date(start)}
        ]
    return []


@transaction.atomic
def visit_record(
    *,
    user: User,
    visit: ExpertVisit,
    expected_version: int,
    visited_on: datetime.date | None,
    spoken_with: str,
    classes_visited: str,
    findings: str,
    stagnating: bool | None,
) -> ExpertVisit:
    """Record the visit after it took place (or correct a recorded one). When execution stagnates, actions are
    agreed next (`action_add`); a visit with actions stays stagnating."""
    trajectory, visit = _locked_visit(user, "audits.record_visit", visit)
    if visit.status == VisitStatus.CANCELLED:
        raise ValidationError(_("This visit was cancelled and cannot be recorded."))
    bump_version(visit, expected_version)
    errors: dict[str, list[str]] = {}
    if date_errors := _visit_date_errors(trajectory, visited_on):
        errors["visited_on"] = date_errors
    if not spoken_with.strip():
        errors["spoken_with"] = [_("Write down who you spoke with, for example the director and the IB.")]
    if not findings.strip():
        errors["findings"] = [_("Write down what you found during the visit.")]
    if stagnating is None:
        errors["stagnating"] = [_("Choose whether execution stagnates.")]
    elif not stagnating and visit.actions.exists():
        errors["stagnating"] = [
            _(
                "Actions were agreed after this visit, so it stays marked as stagnating. Close the actions instead."
            )
        ]
    if errors or visited_on is None or stagnating is None:
        raise ValidationError(errors)
    first_time = visit.status == VisitStatus.PLANNED
    visit.status = VisitStatus.DONE
    visit.visited_on = visited_on
    visit.spoken_with = spoken_with.strip()
    visit.classes_visited = classes_visited.strip()
    visit.findings = findings.strip()
    visit.stagnating = stagnating
    visit.recorded_by = user
    visit.recorded_at = timezone.now()
    visit.save()
    comment = _("Quarter %(quarter)s, visited on %(date)s.") % {
        "quarter": visit.quarter,
        "date": long_date(visited_on),
    }
    if stagnating:
        comment += " " + _("Execution stagnates: actions are agreed with the school.")
    if not first_time:
        comment += " " + _("(corrected)")
    record_event(trajectory, AuditEventKind.VISIT_RECORDED, user, comment)
    if first_time:
        _plan_next(trajectory)
    return visit


def _planned_visit(user: User, visit: ExpertVisit) -> tuple[Trajectory, ExpertVisit]:
    trajectory, visit = _locked_visit(user, "audits.record_visit", visit)
    if visit.status != VisitStatus.PLANNED:
        raise ValidationError(
            _("This visit is %(status)s; only a planned visit can be moved or cancelled.")
            % {"status": STATUS_WORDS[VisitStatus(visit.status)]}
        )
    return trajectory, visit


@transaction.atomic
def visit_reschedule(
    *, user: User, visit: ExpertVisit, expected_version: int, planned_on: datetime.date | None
) -> ExpertVisit:
    """Move a planned visit to another day, from today on."""
    trajectory, visit = _planned_visit(user, visit)
    bump_version(visit, expected_version)
    if planned_on is None:
        raise ValidationError({"planned_on": _("Enter the new date of the visit.")})
    if planned_on < timezone.localdate():
        raise ValidationError({"planned_on": _("Choose a date from today on.")})
    if planned_on == visit.planned_on:
        raise ValidationError({"planned_on": _("The visit is already planned on this date.")})
    old = visit.planned_on
    visit.planned_on = planned_on
    visit.save(update_fields=["planned_on", "version"])
    record_event(
        trajectory,
        VisitEventKind.VISIT_MOVED,
        user,
        _("Quarter %(quarter)s: from %(old)s to %(new)s.")
        % {"quarter": visit.quarter, "old": long_date(old), "new": long_date(planned_on)},
    )
    return visit


@transaction.atomic
def visit_cancel(*, user: User, visit: ExpertVisit, expected_version: int, reason: str) -> ExpertVisit:
    """Cancel a planned visit, with the reason; the next quarter's visit is planned."""
    trajectory, visit = _planned_visit(user, visit)
    bump_version(visit, expected_version)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason why the visit does not take place.")})
    visit.status = VisitStatus.CANCELLED
    visit.save(update_fields=["status", "version"])
    record_event(
        trajectory,
        VisitEventKind.VISIT_CANCELLED,
        user,
        _("Quarter %(quarter)s: %(reason)s") % {"quarter": visit.quarter, "reason": reason.strip()},
    )
    _plan_next(trajectory)
    return visit


# Actions after a stagnating visit


@transaction.atomic
def action_add(
    *, user: User, visit: ExpertVisit, description: str, responsible: str, due_on: datetime.date | None
) -> StagnationAction:
    """Agree an action with the school after a visit where execution stagnates: what, who does it, by when."""
    trajectory, visit = _locked_visit(user, "audits.manage_actions", visit)
    if visit.status != VisitStatus.DONE or not visit.stagnating:
        raise ValidationError(
            _("Actions are agreed after a recorded visit where execution stagnates. Record the visit first.")
        )
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Write down what was agreed with the school.")]
    if not responsible.strip():
        errors["responsible"] = [_("Write down who does it, for example the director or the IB.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the date by which it must be done.")]
    elif visit.visited_on and due_on < visit.visited_on:
        errors["due_on"] = [
            _("Choose a date from the visit on %(date)s on.") % {"date": long_date(visit.visited_on)}
        ]
    elif visit.visited_on and due_on > visit.visited_on + ACTION_MAX_AHEAD:
        errors["due_on"] = [_("Choose a date within a year of the visit.")]
    if errors or due_on is None:
        raise ValidationError(errors)
    action = StagnationAction.objects.create(
        trajectory=trajectory,
        visit=visit,
        description=description.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
        created_by=user,
    )
    record_event(
        trajectory,
        AuditEventKind.STAGNATION,
        user,
        _("%(what)s (%(who)s, by %(date)s)")
        % {"what": action.description, "who": action.responsible, "date": long_date(due_on)},
    )
    return action


@transaction.atomic
def action_close(*, user: User, action: StagnationAction, closing_note: str) -> StagnationAction:
    """Close an agreed action, with a note on how it was done. Also in sustaining: the school may finish what was
    agreed after execution ended."""
    require_permission(user, "audits.manage_actions", action.trajectory)
    trajectory = lock_trajectory(action.trajectory)
    require_phase(trajectory, Phase.EXECUTION, Phase.SUSTAINING)
    action = StagnationAction.objects.get(pk=action.pk)
    if action.trajectory_id != trajectory.pk:
        raise not_allowed()
    if action.closed_on is not None:
        raise ValidationError(
            _("This action was already closed on %(date)s.") % {"date": long_date(action.closed_on)}
        )
    if not closing_note.strip():
        raise ValidationError({"closing_note": _("Write down how the action was done.")})
    action.closed_on = timezone.localdate()
    action.closed_by = user
    action.closing_note = closing_note.strip()
    action.save(update_fields=["closed_on", "closed_by", "closing_note"])
    record_event(
        trajectory,
        AuditEventKind.ACTION_CLOSED,
        user,
        _("%(what)s: %(note)s") % {"what": action.description, "note": action.closing_note},
    )
    return action
