"""Every change to a trajectory itself (registration, intake, experts, withdrawal, notes), and the trajectory's
public API for the steps of the programme.

**What other apps may call** (finance, audits, and this app's own analysis and plan services) to write a step of a
trajectory the same way everywhere (ADR 5, ADR 7):

- `require_permission(user, permission, obj)` (from `kwaliteitsaanpak.permissions`): PermissionDenied unless allowed;
- `lock_trajectory(trajectory)`: the trajectory row, locked until the transaction ends; call it first;
- `require_phase(trajectory, *phases)`: ValidationError unless the locked trajectory is in one of `phases`;
- `record_event(trajectory, kind, user, comment)`: append to the trajectory's timeline (a kind registered with
  `kwaliteitsaanpak.core.steps.register_event_kinds`);
- `check_past_date(value, field=…, not_before=…, before_message=…)`: a date that has passed and is not before a start;
- `long_date(value)`: a date as the messages write it ("3 maart 2009").

Each service checks the acting user's permission and the phase, runs in a transaction on the locked trajectory row
(so two people clicking at once cannot both move it), and records what happened on the trajectory's timeline. A broken
rule raises ValidationError with a plain-Dutch message (per field where there is one); a missing permission raises
PermissionDenied.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.permissions import require_permission
from schools.constants import REFERENCE_LIST_DATE, WEAK_VERDICTS
from schools.models import School

from ..constants import (
    ANALYSIS_QUESTIONS,
    CORE_THEMES,
    OPEN_PHASES,
    EventKind,
    IntakeOutcome,
    NoteVisibility,
    Phase,
    TrajectoryReason,
)
from ..models import Analysis, AnalysisFinding, Trajectory, TrajectoryEvent, TrajectoryNote
from ..selectors import education_experts, financial_experts

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Nothing in the programme happened before the agreement's reference year.
PROGRAMME_START = datetime.date(2008, 1, 1)


def lock_trajectory(trajectory: Trajectory) -> Trajectory:
    """The trajectory row, locked until the transaction ends: a second request waits and then sees the new
    phase."""
    return Trajectory.objects.select_for_update().select_related("school").get(pk=trajectory.pk)


def require_phase(trajectory: Trajectory, *phases: Phase) -> None:
    if trajectory.phase not in phases:
        raise ValidationError(
            _("This step is not possible now: the trajectory is in the phase “%(phase)s”.")
            % {"phase": trajectory.get_phase_display()}
        )


def record_event(
    trajectory: Trajectory, kind: str, user: User | None, comment: StrOrPromise = ""
) -> TrajectoryEvent:
    return TrajectoryEvent.objects.create(trajectory=trajectory, kind=kind, actor=user, comment=str(comment))


def check_past_date(
    value: datetime.date, *, field: str, not_before: datetime.date, before_message: str
) -> None:
    """A date that has passed (or is today) and is not before `not_before`; else a message on `field`."""
    if value > timezone.localdate():
        raise ValidationError({field: _("This date lies in the future.")})
    if value < not_before:
        raise ValidationError({field: before_message})


def long_date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# Registration and intake


def _reason_error(school: School, reason: str) -> str | None:
    """Why `reason` does not fit `school`, or None."""
    verdicts = list(school.inspection_verdicts.order_by("-date", "-id"))
    if reason == TrajectoryReason.REFERENCE_LIST and not any(verdict.reference_list for verdict in verdicts):
        return _("This school is not on the reference list. Choose another reason.")
    if reason == TrajectoryReason.LATER_WEAK:
        current = verdicts[0] if verdicts else None
        if current is None or current.verdict not in WEAK_VERDICTS or current.date <= REFERENCE_LIST_DATE:
            return _(
                "The school's current verdict is not (very) weak from after 31 January 2008. "
                "Record the verdict first, or choose another reason."
            )
    return None


@transaction.atomic
def trajectory_register(
    *, user: User, school: School | None, reason: str, registered_on: datetime.date | None = None
) -> Trajectory:
    """Register a school for the programme (aanmelding). A school has at most one open trajectory. Every problem
    (school, reason, date) is reported at once."""
    errors: dict[str, str | list[str]] = {}
    if school is None:  # nothing is written without a school; the other answers are still checked
        errors["school"] = _("Choose the school that registers.")
    else:
        require_permission(user, "improvement_plans.add_trajectory", school)
        School.objects.select_for_update().get(pk=school.pk)  # one registration of this school at a time
        if Trajectory.objects.filter(school=school, ended_on__isnull=True).exists():
            errors["school"] = _("This school already has an open trajectory.")
    if reason not in TrajectoryReason.values:
        errors["reason"] = _("Choose the reason why the school takes part.")
    elif school is not None and (reason_error := _reason_error(school, reason)):
        errors["reason"] = reason_error
    registered_on = registered_on or timezone.localdate()
    try:
        check_past_date(
            registered_on,
            field="registered_on",
            not_before=PROGRAMME_START,
            before_message=_("The programme started in 2008; enter a date from 1 January 2008."),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors or school is None:
        raise ValidationError(errors)
    trajectory = Trajectory.objects.create(
        school=school, reason=reason, registered_on=registered_on, registered_by=user, phase=Phase.REGISTERED
    )
    record_event(trajectory, EventKind.REGISTERED, user, TrajectoryReason(reason).label)
    return trajectory


@transaction.atomic
def intake_schedule(
    *, user: User, trajectory: Trajectory, intake_date: datetime.date | None, experts: Iterable
) -> Trajectory:
    """Plan (or move) the intake conversation, with the experts who will be there. The conversation is held by
    education experts (the brochure: "een gesprek met de onderwijsexperts"): at least one of them is there; a
    financial expert may join them. Every problem is reported at once."""
    require_permission(user, "improvement_plans.manage_trajectory", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, Phase.REGISTERED, Phase.INTAKE)
    errors: dict[str, str] = {}
    if intake_date is None:
        errors["intake_date"] = _("Enter the date of the intake.")
    elif intake_date < trajectory.registered_on:
        errors["intake_date"] = _("The intake cannot take place before the registration on %(date)s.") % {
            "date": long_date(trajectory.registered_on)
        }
    experts = list(experts)
    education = set(education_experts().values_list("pk", flat=True))
    allowed = education | set(financial_experts().values_list("pk", flat=True))
    if not experts:
        errors["experts"] = _("Choose at least one expert who will be at the intake.")
    elif any(expert.pk not in allowed for expert in experts):
        errors["experts"] = _("Only education and financial experts can be at the intake.")
    elif not any(expert.pk in education for expert in experts):
        errors["experts"] = _(
            "The intake conversation is held by education experts: choose at least one education expert. A "
            "financial expert may join them."
        )
    if errors or intake_date is None:
        raise ValidationError(errors)
    trajectory.intake_date = intake_date
    trajectory.phase = Phase.INTAKE
    trajectory.save(update_fields=["intake_date", "phase"])
    trajectory.intake_experts.set(experts)
    record_event(
        trajectory,
        EventKind.INTAKE_SCHEDULED,
        user,
        _("On %(date)s with %(experts)s")
        % {"date": long_date(intake_date), "experts": ", ".join(str(expert) for expert in experts)},
    )
    return trajectory


def _start_analysis(trajectory: Trajectory) -> Analysis:
    analysis = Analysis.objects.create(trajectory=trajectory)
    AnalysisFinding.objects.bulk_create(
        AnalysisFinding(analysis=analysis, topic=topic) for topic in [*ANALYSIS_QUESTIONS, *CORE_THEMES]
    )
    return analysis


@transaction.atomic
def intake_record_outcome(
    *, user: User, trajectory: Trajectory, outcome: str, remarks: str = ""
) -> Trajectory:
    """After the intake: the school takes part (on to the analysis) or does not (closed, with a reason; the school
    may register again later)."""
    require_permission(user, "improvement_plans.manage_trajectory", trajectory)
    if outcome not in IntakeOutcome.values:
        raise ValidationError({"outcome": _("Choose whether the school takes part.")})
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, Phase.INTAKE)
    intake_date = trajectory.intake_date  # set with the phase INTAKE
    if intake_date is not None and intake_date > timezone.localdate():
        raise ValidationError(
            _("The intake is planned on %(date)s; record its outcome after it took place.")
            % {"date": long_date(intake_date)}
        )
    trajectory.intake_outcome = outcome
    trajectory.intake_remarks = remarks.strip()
    if outcome == IntakeOutcome.TAKES_PART:
        trajectory.phase = Phase.ANALYSIS
        trajectory.save(update_fields=["intake_outcome", "intake_remarks", "phase"])
        _start_analysis(trajectory)
        record_event(trajectory, EventKind.TAKES_PART, user, trajectory.intake_remarks)
        return trajectory
    if not trajectory.intake_remarks:
        raise ValidationError({"remarks": _("Write down why the school does not take part.")})
    trajectory.phase = Phase.CLOSED
    trajectory.ended_on = timezone.localdate()
    trajectory.end_reason = trajectory.intake_remarks
    trajectory.save(update_fields=["intake_outcome", "intake_remarks", "phase", "ended_on", "end_reason"])
    record_event(trajectory, EventKind.DECLINED, user, trajectory.intake_remarks)
    return trajectory


@transaction.atomic
def trajectory_assign_experts(
    *, user: User, trajectory: Trajectory, education_experts_chosen: Iterable, financial_expert=None
) -> Trajectory:
    """Assign one or more education experts and at most one financial expert."""
    require_permission(user, "improvement_plans.manage_trajectory", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, *OPEN_PHASES)
    chosen = list(education_experts_chosen)
    if not chosen:
        raise ValidationError({"education_experts": _("Choose at least one education expert.")})
    allowed = set(education_experts().values_list("pk", flat=True))
    if any(expert.pk not in allowed for expert in chosen):
        raise ValidationError({"education_experts": _("Only education experts can be assigned here.")})
    if financial_expert is not None and not financial_experts().filter(pk=financial_expert.pk).exists():
        raise ValidationError({"financial_expert": _("Only a financial expert can be assigned here.")})
    trajectory.education_experts.set(chosen)
    trajectory.financial_expert = financial_expert
    trajectory.save(update_fields=["financial_expert"])
    names = [str(expert) for expert in chosen] + ([str(financial_expert)] if financial_expert else [])
    record_event(trajectory, EventKind.EXPERTS_ASSIGNED, user, ", ".join(names))
    return trajectory


@transaction.atomic
def trajectory_withdraw(*, user: User, trajectory: Trajectory, reason: str) -> Trajectory:
    """Withdraw a trajectory in any open phase. Nothing is deleted; the school may register again."""
    require_permission(user, "improvement_plans.manage_trajectory", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, *OPEN_PHASES)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing the trajectory.")})
    trajectory.phase = Phase.WITHDRAWN
    trajectory.ended_on = timezone.localdate()
    trajectory.end_reason = reason.strip()
    trajectory.save(update_fields=["phase", "ended_on", "end_reason"])
    record_event(trajectory, EventKind.WITHDRAWN, user, trajectory.end_reason)
    return trajectory


# Notes


def note_add(*, user: User, trajectory: Trajectory, text: str, visibility: str) -> TrajectoryNote:
    """A message on the trajectory. Only staff, experts and the expert group write (and read) internal ones."""
    require_permission(user, "improvement_plans.view_trajectory", trajectory)
    if visibility not in NoteVisibility.values:
        raise ValidationError({"visibility": _("Choose who may read the message.")})
    if visibility == NoteVisibility.INTERNAL:
        require_permission(user, "improvement_plans.write_internal_note", trajectory)
    if not text.strip():
        raise ValidationError({"text": _("Write a message.")})
    return TrajectoryNote.objects.create(
        trajectory=trajectory, author=user, text=text.strip(), visibility=visibility
    )
