"""Every change to a trajectory and its analysis. Each checks the acting user's permission and the phase, runs in a
transaction on a locked trajectory row (so two people clicking at once cannot both move it), and records what
happened on the trajectory's timeline.

A broken rule raises ValidationError with a plain-Dutch message (per field where there is one); a missing
permission raises PermissionDenied.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.constants import REFERENCE_LIST_DATE, WEAK_VERDICTS, Verdict
from schools.models import School

from .constants import (
    ANALYSIS_QUESTIONS,
    CORE_THEMES,
    FINAL_TEST_SCALES,
    GOAL_THEMES,
    PLAN_PERIOD_YEARS,
    AnalysisStatus,
    Direction,
    EventKind,
    FinalTest,
    IntakeOutcome,
    MeasureKind,
    NoteVisibility,
    ObservationPoint,
    Phase,
    PlanStatus,
    Rating,
    ReviewDecision,
    TargetDate,
    TrajectoryReason,
)
from .models import (
    Analysis,
    AnalysisAttachment,
    AnalysisFinding,
    AnalysisReview,
    ClassVisit,
    ClassVisitObservation,
    Goal,
    GoalComment,
    ImprovementPlan,
    Interview,
    Measure,
    PlanReview,
    Trajectory,
    TrajectoryEvent,
    TrajectoryNote,
)
from .selectors import analysis_of, education_experts, financial_experts

# Nothing in the programme happened before the agreement's reference year.
PROGRAMME_START = datetime.date(2008, 1, 1)


def _require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _locked(trajectory: Trajectory) -> Trajectory:
    """The trajectory row, locked until the transaction ends: a second request waits and then sees the new
    phase."""
    return Trajectory.objects.select_for_update().select_related("school").get(pk=trajectory.pk)


def _require_phase(trajectory: Trajectory, *phases: Phase) -> None:
    if trajectory.phase not in phases:
        raise ValidationError(
            _("This step is not possible now: the trajectory is in the phase “%(phase)s”.")
            % {"phase": trajectory.get_phase_display()}
        )


def _event(trajectory: Trajectory, kind: EventKind, user, comment: str = "") -> TrajectoryEvent:
    return TrajectoryEvent.objects.create(trajectory=trajectory, kind=kind, actor=user, comment=comment)


def _check_date(value: datetime.date, *, field: str, not_before: datetime.date, before_message: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("This date lies in the future.")})
    if value < not_before:
        raise ValidationError({field: before_message})


def _decide(review, decision: str, user, comments: str) -> None:
    """Record the expert group's decision on a pending submission (an analysis, plan or budget review); a decided
    review is never changed again."""
    review.decision, review.decided_by, review.decided_at = decision, user, timezone.now()
    review.comments = comments.strip()
    review.save()


def _long_date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# Registration and intake


def _check_reason(school: School, reason: str) -> None:
    verdicts = list(school.inspection_verdicts.order_by("-date", "-id"))
    if reason == TrajectoryReason.REFERENCE_LIST and not any(verdict.reference_list for verdict in verdicts):
        raise ValidationError(
            {"reason": _("This school is not on the reference list. Choose another reason.")}
        )
    if reason == TrajectoryReason.LATER_WEAK:
        current = verdicts[0] if verdicts else None
        if current is None or current.verdict not in WEAK_VERDICTS or current.date <= REFERENCE_LIST_DATE:
            raise ValidationError(
                {
                    "reason": _(
                        "The school's current verdict is not (very) weak from after 31 January 2008. "
                        "Record the verdict first, or choose another reason."
                    )
                }
            )


@transaction.atomic
def trajectory_register(
    *, user, school: School, reason: str, registered_on: datetime.date | None = None
) -> Trajectory:
    """Register a school for the programme (aanmelding). A school has at most one open trajectory."""
    _require(user, "improvement_plans.add_trajectory", school)
    if reason not in TrajectoryReason.values:
        raise ValidationError({"reason": _("Choose the reason why the school takes part.")})
    School.objects.select_for_update().get(pk=school.pk)  # one registration of this school at a time
    registered_on = registered_on or timezone.localdate()
    _check_date(
        registered_on,
        field="registered_on",
        not_before=PROGRAMME_START,
        before_message=_("The programme started in 2008; enter a date from 1 January 2008."),
    )
    if Trajectory.objects.filter(school=school, ended_on__isnull=True).exists():
        raise ValidationError(_("This school already has an open trajectory."))
    _check_reason(school, reason)
    trajectory = Trajectory.objects.create(
        school=school, reason=reason, registered_on=registered_on, registered_by=user, phase=Phase.REGISTERED
    )
    _event(trajectory, EventKind.REGISTERED, user, TrajectoryReason(reason).label)
    return trajectory


@transaction.atomic
def intake_schedule(
    *, user, trajectory: Trajectory, intake_date: datetime.date, experts: Iterable
) -> Trajectory:
    """Plan (or move) the intake conversation, with the experts who will be there."""
    _require(user, "improvement_plans.manage_trajectory", trajectory)
    trajectory = _locked(trajectory)
    _require_phase(trajectory, Phase.REGISTERED, Phase.INTAKE)
    if intake_date < trajectory.registered_on:
        raise ValidationError(
            {
                "intake_date": _("The intake cannot take place before the registration on %(date)s.")
                % {"date": _long_date(trajectory.registered_on)}
            }
        )
    experts = list(experts)
    if not experts:
        raise ValidationError({"experts": _("Choose at least one expert who will be at the intake.")})
    allowed = set(education_experts().values_list("pk", flat=True)) | set(
        financial_experts().values_list("pk", flat=True)
    )
    if any(expert.pk not in allowed for expert in experts):
        raise ValidationError({"experts": _("Only education and financial experts can be at the intake.")})
    trajectory.intake_date = intake_date
    trajectory.phase = Phase.INTAKE
    trajectory.save(update_fields=["intake_date", "phase"])
    trajectory.intake_experts.set(experts)
    _event(
        trajectory,
        EventKind.INTAKE_SCHEDULED,
        user,
        _("On %(date)s with %(experts)s")
        % {"date": _long_date(intake_date), "experts": ", ".join(str(expert) for expert in experts)},
    )
    return trajectory


def _start_analysis(trajectory: Trajectory) -> Analysis:
    analysis = Analysis.objects.create(trajectory=trajectory)
    AnalysisFinding.objects.bulk_create(
        AnalysisFinding(analysis=analysis, topic=topic) for topic in [*ANALYSIS_QUESTIONS, *CORE_THEMES]
    )
    return analysis


@transaction.atomic
def intake_record_outcome(*, user, trajectory: Trajectory, outcome: str, remarks: str = "") -> Trajectory:
    """After the intake: the school takes part (on to the analysis) or does not (closed, with a reason; the school
    may register again later)."""
    _require(user, "improvement_plans.manage_trajectory", trajectory)
    if outcome not in IntakeOutcome.values:
        raise ValidationError({"outcome": _("Choose whether the school takes part.")})
    trajectory = _locked(trajectory)
    _require_phase(trajectory, Phase.INTAKE)
    if trajectory.intake_date > timezone.localdate():
        raise ValidationError(
            _("The intake is planned on %(date)s; record its outcome after it took place.")
            % {"date": _long_date(trajectory.intake_date)}
        )
    trajectory.intake_outcome = outcome
    trajectory.intake_remarks = remarks.strip()
    if outcome == IntakeOutcome.TAKES_PART:
        trajectory.phase = Phase.ANALYSIS
        trajectory.save(update_fields=["intake_outcome", "intake_remarks", "phase"])
        _start_analysis(trajectory)
        _event(trajectory, EventKind.TAKES_PART, user, trajectory.intake_remarks)
        return trajectory
    if not trajectory.intake_remarks:
        raise ValidationError({"remarks": _("Write down why the school does not take part.")})
    trajectory.phase = Phase.CLOSED
    trajectory.ended_on = timezone.localdate()
    trajectory.end_reason = trajectory.intake_remarks
    trajectory.save(update_fields=["intake_outcome", "intake_remarks", "phase", "ended_on", "end_reason"])
    _event(trajectory, EventKind.DECLINED, user, trajectory.intake_remarks)
    return trajectory


@transaction.atomic
def trajectory_assign_experts(
    *, user, trajectory: Trajectory, education_experts_chosen: Iterable, financial_expert=None
) -> Trajectory:
    """Assign one or more education experts and at most one financial expert."""
    _require(user, "improvement_plans.manage_trajectory", trajectory)
    trajectory = _locked(trajectory)
    _require_phase(trajectory, *[phase for phase in Phase if phase not in (Phase.CLOSED, Phase.WITHDRAWN)])
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
    _event(trajectory, EventKind.EXPERTS_ASSIGNED, user, ", ".join(names))
    return trajectory


@transaction.atomic
def trajectory_withdraw(*, user, trajectory: Trajectory, reason: str) -> Trajectory:
    """Withdraw a trajectory in any open phase. Nothing is deleted; the school may register again."""
    _require(user, "improvement_plans.manage_trajectory", trajectory)
    trajectory = _locked(trajectory)
    _require_phase(trajectory, *[phase for phase in Phase if phase not in (Phase.CLOSED, Phase.WITHDRAWN)])
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for withdrawing the trajectory.")})
    trajectory.phase = Phase.WITHDRAWN
    trajectory.ended_on = timezone.localdate()
    trajectory.end_reason = reason.strip()
    trajectory.save(update_fields=["phase", "ended_on", "end_reason"])
    _event(trajectory, EventKind.WITHDRAWN, user, trajectory.end_reason)
    return trajectory


# The quality analysis


def _editable_analysis(user, trajectory: Trajectory) -> Analysis:
    """The analysis of a locked trajectory in the analysis phase, while it may be changed."""
    _require(user, "improvement_plans.work_on_analysis", trajectory)
    trajectory = _locked(trajectory)
    _require_phase(trajectory, Phase.ANALYSIS)
    analysis = trajectory.analysis
    if not analysis.is_editable:
        raise ValidationError(
            _("The analysis is %(status)s and cannot be changed now.")
            % {"status": analysis.get_status_display().lower()}
        )
    return analysis


STALE_ANALYSIS = gettext_lazy(
    "Someone else saved this analysis while you were working on it. Your changes have not been saved; "
    "open the analysis again to see the latest version."
)
STALE_PLAN = gettext_lazy(
    "Someone else saved this plan while you were working on it. Your changes have not been saved; "
    "open the plan again to see the latest version."
)


def _bump_version(record, expected_version: int, stale=STALE_ANALYSIS) -> None:
    """Optimistic locking: a save based on an older version of the record (anything with a `version`) is refused,
    not merged."""
    if record.version != expected_version:
        raise ValidationError(str(stale))
    record.version += 1


@transaction.atomic
def analysis_update(
    *,
    user,
    trajectory: Trajectory,
    expected_version: int,
    data_used: str,
    strengths: str,
    weaknesses: str,
    findings: dict[str, tuple[str, int | None]],
) -> Analysis:
    """Save the analysis text and its findings (topic → (finding, rating)) in one go."""
    analysis = _editable_analysis(user, trajectory)
    off_scale = [
        topic
        for topic, (_text, rating) in findings.items()
        if rating is not None and rating not in Rating.values
    ]
    if off_scale:
        raise ValidationError(_("A rating is a number from 1 to 4."))
    _bump_version(analysis, expected_version)
    analysis.data_used, analysis.strengths, analysis.weaknesses = data_used, strengths, weaknesses
    analysis.save()
    for finding in analysis.findings.all():
        if finding.topic in findings:
            text, rating = findings[finding.topic]
            if (finding.finding, finding.rating) != (text, rating):
                finding.finding, finding.rating = text, rating
                finding.save()
    return analysis


def _check_visit_date(analysis: Analysis, value: datetime.date, field: str = "date") -> None:
    _check_date(
        value,
        field=field,
        not_before=analysis.trajectory.registered_on,
        before_message=_("The date lies before the registration on %(date)s.")
        % {"date": _long_date(analysis.trajectory.registered_on)},
    )


@transaction.atomic
def class_visit_save(
    *,
    user,
    trajectory: Trajectory,
    visit: ClassVisit | None = None,
    date: datetime.date,
    group: int,
    teacher_role: str,
    observer,
    remarks: str = "",
    observations: dict[str, tuple[int, str]],
) -> ClassVisit:
    """Add or change a class visit with a score and remark on every observation point."""
    analysis = _editable_analysis(user, trajectory)
    if observer is None:
        raise ValidationError({"observer": _("Choose who observed the lesson.")})
    if not education_experts().filter(pk=observer.pk).exists():
        raise ValidationError({"observer": _("The observer must be an education expert.")})
    _check_visit_date(analysis, date)
    missing = [point.label for point in ObservationPoint if observations.get(point, (None, ""))[0] is None]
    if missing:
        raise ValidationError(_("Give a score for: %(points)s.") % {"points": ", ".join(map(str, missing))})
    if any(observations[point][0] not in Rating.values for point in ObservationPoint):
        raise ValidationError(_("A score is a number from 1 to 4."))
    visit = visit or ClassVisit(analysis=analysis)
    if visit.analysis_id != analysis.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    visit.date, visit.group, visit.teacher_role, visit.observer, visit.remarks = (
        date,
        group,
        teacher_role,
        observer,
        remarks,
    )
    visit.full_clean()
    visit.save()
    for point in ObservationPoint:
        score, remark = observations[point]
        ClassVisitObservation.objects.update_or_create(
            visit=visit, point=point, defaults={"score": score, "remark": remark}
        )
    return visit


@transaction.atomic
def interview_save(
    *,
    user,
    trajectory: Trajectory,
    interview: Interview | None = None,
    date: datetime.date,
    partner: str,
    interviewer=None,
    summary: str,
) -> Interview:
    analysis = _editable_analysis(user, trajectory)
    _check_visit_date(analysis, date)
    if not summary.strip():
        raise ValidationError({"summary": _("Write a short summary of the interview.")})
    interview = interview or Interview(analysis=analysis)
    if interview.analysis_id != analysis.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    interview.date, interview.partner, interview.interviewer, interview.summary = (
        date,
        partner,
        interviewer,
        summary,
    )
    interview.full_clean()
    interview.save()
    return interview


@transaction.atomic
def attachment_add(*, user, trajectory: Trajectory, file, description: str = "") -> AnalysisAttachment:
    analysis = _editable_analysis(user, trajectory)
    attachment = AnalysisAttachment(
        analysis=analysis, original_filename=file.name[:255], description=description, uploaded_by=user
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    return attachment


def analysis_missing_answers(analysis: Analysis) -> list[str]:
    """What still has to be filled in before the analysis can be submitted, in plain words."""
    missing = [
        str(finding.get_topic_display()) for finding in analysis.findings.all() if not finding.is_answered
    ]
    if not analysis.data_used.strip():
        missing.insert(0, str(_("the data used")))
    return missing


@transaction.atomic
def analysis_submit(*, user, trajectory: Trajectory, expected_version: int) -> AnalysisReview:
    """The board submits the analysis to the expert group; every question and theme must be answered."""
    _require(user, "improvement_plans.submit_analysis", trajectory)
    analysis = _editable_analysis(user, trajectory)
    missing = analysis_missing_answers(analysis)
    if missing:
        raise ValidationError(
            _("The analysis is not complete. Fill in a finding and a rating for: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    _bump_version(analysis, expected_version)
    analysis.status = AnalysisStatus.SUBMITTED
    analysis.save()
    review = AnalysisReview.objects.create(analysis=analysis, submitted_by=user)
    _event(analysis.trajectory, EventKind.ANALYSIS_SUBMITTED, user)
    return review


def _pending_review(user, trajectory: Trajectory) -> tuple[Trajectory, AnalysisReview]:
    _require(user, "improvement_plans.review_analysis", trajectory)
    trajectory = _locked(trajectory)
    _require_phase(trajectory, Phase.ANALYSIS)
    if trajectory.analysis.status != AnalysisStatus.SUBMITTED:
        raise ValidationError(_("There is no submitted analysis to judge."))
    return trajectory, trajectory.analysis.reviews.get(decision="")


@transaction.atomic
def analysis_approve(*, user, trajectory: Trajectory, comments: str = "") -> Analysis:
    """The expert group approves the analysis: it is frozen and the trajectory moves on to the plan."""
    trajectory, review = _pending_review(user, trajectory)
    _decide(review, ReviewDecision.APPROVED, user, comments)
    analysis = review.analysis
    analysis.status = AnalysisStatus.APPROVED
    analysis.version += 1
    analysis.save()
    trajectory.phase = Phase.PLAN
    trajectory.save(update_fields=["phase"])
    _event(trajectory, EventKind.ANALYSIS_APPROVED, user, review.comments)
    return analysis


@transaction.atomic
def analysis_return(*, user, trajectory: Trajectory, comments: str) -> Analysis:
    """The expert group returns the analysis with comments; it can be changed and submitted again."""
    _require(user, "improvement_plans.review_analysis", trajectory)
    if not comments.strip():
        raise ValidationError(
            {"comments": _("Write down what has to change before the analysis can be approved.")}
        )
    trajectory, review = _pending_review(user, trajectory)
    _decide(review, ReviewDecision.RETURNED, user, comments)
    analysis = review.analysis
    analysis.status = AnalysisStatus.RETURNED
    analysis.version += 1
    analysis.save()
    _event(trajectory, EventKind.ANALYSIS_RETURNED, user, review.comments)
    return analysis


# Notes


def note_add(*, user, trajectory: Trajectory, text: str, visibility: str) -> TrajectoryNote:
    """A message on the trajectory. Only staff, experts and the expert group write (and read) internal ones."""
    _require(user, "improvement_plans.view_trajectory", trajectory)
    if visibility not in NoteVisibility.values:
        raise ValidationError({"visibility": _("Choose who may read the message.")})
    if visibility == NoteVisibility.INTERNAL:
        _require(user, "improvement_plans.write_internal_note", trajectory)
    if not text.strip():
        raise ValidationError({"text": _("Write a message.")})
    return TrajectoryNote.objects.create(
        trajectory=trajectory, author=user, text=text.strip(), visibility=visibility
    )


# The improvement plan (verbeterplan)


def plan_period(trajectory: Trajectory) -> tuple[datetime.date, datetime.date]:
    """The period goals and measures must fall in: from the registration until three years after the start of
    the execution (two years and, in some cases, a third), or after today while the first version is written."""
    start = trajectory.execution_started_on or timezone.localdate()
    try:
        end = start.replace(year=start.year + PLAN_PERIOD_YEARS)
    except ValueError:  # 29 February in a year without one
        end = start.replace(year=start.year + PLAN_PERIOD_YEARS, day=28)
    return trajectory.registered_on, end


def _editable_plan(user, plan: ImprovementPlan) -> ImprovementPlan:
    """The plan, re-read under a lock on its trajectory, while it may be changed."""
    _require(user, "improvement_plans.work_on_plan", plan.trajectory)
    trajectory = _locked(plan.trajectory)
    plan = ImprovementPlan.objects.select_related("trajectory__school").get(pk=plan.pk)
    _require_phase(trajectory, Phase.PLAN, Phase.EXECUTION)
    if not plan.is_editable:
        raise ValidationError(
            _("This version of the plan is %(status)s and cannot be changed.")
            % {"status": plan.get_status_display().lower()}
        )
    return plan


def _touch(plan: ImprovementPlan) -> None:
    """A goal or measure changed: the plan's edit version moves on, so a submit based on what the user saw before
    that change is refused (optimistic locking)."""
    plan.version += 1
    plan.save(update_fields=["version"])


@transaction.atomic
def plan_create(*, user, trajectory: Trajectory) -> ImprovementPlan:
    """Start version 1 of the plan of a trajectory whose analysis is approved."""
    _require(user, "improvement_plans.work_on_plan", trajectory)
    trajectory = _locked(trajectory)
    _require_phase(trajectory, Phase.PLAN)
    analysis = analysis_of(trajectory)
    if analysis is None or analysis.status != AnalysisStatus.APPROVED:
        raise ValidationError(_("The plan is written after the quality analysis has been approved."))
    if trajectory.plans.exists():
        raise ValidationError(_("This trajectory already has an improvement plan."))
    return ImprovementPlan.objects.create(trajectory=trajectory, number=1, created_by=user)


def _school_is_very_weak(school: School) -> bool:
    latest = school.inspection_verdicts.order_by("-date", "-id").first()
    return latest is not None and latest.verdict == Verdict.VERY_WEAK


@transaction.atomic
def plan_update_agreements(
    *,
    user,
    plan: ImprovementPlan,
    expected_version: int,
    final_test: str,
    final_test_target,
    lwoo_target,
    target_date: str,
    target_justification: str = "",
) -> ImprovementPlan:
    """Save the school's result agreements: the final-test target on its test's scale, the LWOO target and the
    date by which the school must no longer be (very) weak (2011 only for a very weak school, argued)."""
    plan = _editable_plan(user, plan)
    errors = {}
    scale = FINAL_TEST_SCALES.get(final_test)
    if final_test_target is not None and final_test_target <= 0:
        errors["final_test_target"] = _("Enter a score above zero.")
    elif scale and final_test_target is not None and not scale[0] <= final_test_target <= scale[1]:
        errors["final_test_target"] = _("A %(test)s score lies between %(low)s and %(high)s.") % {
            "test": FinalTest(final_test).label,
            "low": scale[0],
            "high": scale[1],
        }
    if lwoo_target is not None and not 0 <= lwoo_target <= 100:
        errors["lwoo_target"] = _("A percentage lies between 0 and 100.")
    if target_date == TargetDate.IN_2011:
        if not _school_is_very_weak(plan.trajectory.school):
            errors["target_date"] = _(
                "Only a school judged very weak may get until 2011; this school's current verdict is not very weak."
            )
        elif not target_justification.strip():
            errors["target_justification"] = _("Write down why this very weak school needs until 2011.")
    if errors:
        raise ValidationError(errors)
    _bump_version(plan, expected_version, STALE_PLAN)
    plan.final_test, plan.final_test_target, plan.lwoo_target = final_test, final_test_target, lwoo_target
    plan.target_date = target_date
    plan.target_justification = target_justification.strip() if target_date == TargetDate.IN_2011 else ""
    plan.save()
    return plan


def _check_in_period(trajectory: Trajectory, value: datetime.date, field: str) -> None:
    first, last = plan_period(trajectory)
    if not first <= value <= last:
        raise ValidationError(
            {
                field: _("Choose a date between %(first)s and %(last)s, within the trajectory.")
                % {"first": _long_date(first), "last": _long_date(last)}
            }
        )


@transaction.atomic
def goal_save(
    *,
    user,
    plan: ImprovementPlan,
    goal: Goal | None = None,
    theme: str,
    findings: Iterable[AnalysisFinding],
    description: str,
    indicator: str,
    unit: str,
    baseline,
    target,
    direction: str,
    deadline: datetime.date,
    owner: str,
    target_change_reason: str = "",
) -> Goal:
    """Add or change a SMART goal. Every element must be there; the target must differ from the baseline in the
    goal's direction; the deadline falls within the trajectory; in a later version a changed target needs a
    reason."""
    plan = _editable_plan(user, plan)
    findings = list(findings)
    errors = {}
    for field, value, message in (
        ("description", description, _("Specific: describe what will be different.")),
        ("indicator", indicator, _("Measurable: name the indicator that is measured.")),
        ("unit", unit, _("Measurable: give the unit of the indicator.")),
        ("owner", owner, _("Name the owner who is responsible for the goal.")),
    ):
        if not str(value or "").strip():
            errors[field] = message
    for field, value, message in (
        ("baseline", baseline, _("Measurable: enter the baseline, the value now.")),
        ("target", target, _("Measurable: enter the target value.")),
        ("deadline", deadline, _("Time-bound: enter the date by which the goal is reached.")),
    ):
        if value is None:
            errors[field] = message
    if direction not in Direction.values:
        errors["direction"] = _("Choose whether a higher or a lower value is better.")
    if theme not in GOAL_THEMES:
        errors["theme"] = _("Choose the core theme of the goal.")
    if not findings:
        errors["findings"] = _("Choose the finding(s) of the analysis that this goal answers.")
    elif any(finding.analysis.trajectory_id != plan.trajectory_id for finding in findings):
        errors["findings"] = _("Choose findings of this school's own analysis.")
    if baseline is not None and target is not None:
        if target == baseline:
            errors["target"] = _("Achievable and measurable: the target must differ from the baseline.")
        elif direction == Direction.HIGHER_IS_BETTER and target < baseline:
            errors["target"] = _("Higher is better for this indicator: choose a target above the baseline.")
        elif direction == Direction.LOWER_IS_BETTER and target > baseline:
            errors["target"] = _("Lower is better for this indicator: choose a target below the baseline.")
    if deadline is not None:
        try:
            _check_in_period(plan.trajectory, deadline, "deadline")
        except ValidationError as error:
            errors.update(error.message_dict)
    if goal is not None and goal.plan_id != plan.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    previous = goal.previous if goal is not None else None
    if previous is not None and previous.target != target and not target_change_reason.strip():
        errors["target_change_reason"] = _(
            "The target differs from version %(number)s (%(target)s): give the reason for the change."
        ) % {"number": previous.plan.number, "target": number_format(previous.target.normalize())}
    if errors:
        raise ValidationError(errors)
    goal = goal or Goal(plan=plan, order=plan.goals.count() + 1)
    goal.theme, goal.description, goal.indicator, goal.unit = (
        theme,
        description.strip(),
        indicator.strip(),
        unit,
    )
    goal.baseline, goal.target, goal.direction, goal.deadline, goal.owner = (
        baseline,
        target,
        direction,
        deadline,
        owner,
    )
    goal.target_change_reason = target_change_reason.strip()
    goal.save()
    goal.findings.set(findings)
    _touch(plan)
    return goal


IN_USE_ELSEWHERE = gettext_lazy(
    "This measure has lines in the budget of this plan version. Ask the financial expert to remove those budget "
    "lines first; then the measure can be removed."
)


def _delete_unless_in_use(record: Goal | Measure) -> None:
    """Delete a goal or measure, unless another part of the programme (the budget) still refers to it."""
    try:
        with transaction.atomic():
            record.delete()
    except ProtectedError as error:
        raise ValidationError(str(IN_USE_ELSEWHERE)) from error


@transaction.atomic
def goal_remove(*, user, goal: Goal) -> None:
    """Remove a goal from a plan version that is still being written (nothing decided is ever removed)."""
    plan = _editable_plan(user, goal.plan)
    _delete_unless_in_use(goal)
    _touch(plan)


@transaction.atomic
def measure_save(
    *,
    user,
    goal: Goal,
    measure: Measure | None = None,
    kind: str,
    description: str,
    responsible: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    estimated_cost,
) -> Measure:
    plan = _editable_plan(user, goal.plan)
    errors = {}
    if not description.strip():
        errors["description"] = _("Describe the measure.")
    if not responsible.strip():
        errors["responsible"] = _("Name who is responsible for the measure.")
    if kind not in MeasureKind.values:
        errors["kind"] = _("Choose the kind of measure.")
    if estimated_cost is None:
        errors["estimated_cost"] = _("Enter the estimated cost; 0 when the measure costs nothing.")
    elif estimated_cost < 0:
        errors["estimated_cost"] = _("The estimated cost cannot be negative.")
    for field, value in (("starts_on", starts_on), ("ends_on", ends_on)):
        if value is None:
            errors[field] = _("Enter the date.")
            continue
        try:
            _check_in_period(plan.trajectory, value, field)
        except ValidationError as error:
            errors.update(error.message_dict)
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("Enter an end date after the start date.")
    if measure is not None and measure.goal_id != goal.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if errors:
        raise ValidationError(errors)
    measure = measure or Measure(goal=goal)
    measure.kind, measure.description, measure.responsible = kind, description.strip(), responsible.strip()
    measure.starts_on, measure.ends_on, measure.estimated_cost = starts_on, ends_on, estimated_cost
    measure.save()
    _touch(plan)
    return measure


@transaction.atomic
def measure_remove(*, user, measure: Measure) -> None:
    plan = _editable_plan(user, measure.goal.plan)
    _delete_unless_in_use(measure)
    _touch(plan)


def plan_missing_parts(plan: ImprovementPlan) -> list[str]:
    """What the plan still lacks before it can be submitted, in plain words."""
    missing = []
    goals = list(plan.goals.prefetch_related("findings", "measures"))
    if not goals:
        missing.append(str(_("at least one goal")))
    for goal in goals:
        if not goal.findings.all():
            missing.append(str(_("the findings that goal “%(goal)s” answers") % {"goal": goal}))
        if not goal.measures.all():
            missing.append(str(_("a measure for goal “%(goal)s”") % {"goal": goal}))
    if not plan.final_test or plan.final_test_target is None:
        missing.append(str(_("the target final-test result and its test")))
    if plan.lwoo_target is None:
        missing.append(str(_("the target LWOO percentage")))
    return missing


@transaction.atomic
def plan_submit(*, user, plan: ImprovementPlan, expected_version: int) -> PlanReview:
    """The board submits a complete plan version to the expert group."""
    _require(user, "improvement_plans.submit_plan", plan.trajectory)
    plan = _editable_plan(user, plan)
    missing = plan_missing_parts(plan)
    if missing:
        raise ValidationError(
            _("The plan is not complete. Still missing: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    _bump_version(plan, expected_version, STALE_PLAN)
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    review = PlanReview.objects.create(plan=plan, submitted_by=user)
    _event(plan.trajectory, EventKind.PLAN_SUBMITTED, user, _("Version %(number)s") % {"number": plan.number})
    return review


def _pending_plan_review(user, plan: ImprovementPlan) -> tuple[Trajectory, ImprovementPlan, PlanReview]:
    _require(user, "improvement_plans.review_plan", plan.trajectory)
    trajectory = _locked(plan.trajectory)
    _require_phase(trajectory, Phase.PLAN, Phase.EXECUTION)
    plan = ImprovementPlan.objects.get(pk=plan.pk)
    if plan.status != PlanStatus.SUBMITTED:
        raise ValidationError(_("There is no submitted plan to judge."))
    return trajectory, plan, plan.reviews.get(decision="")


@transaction.atomic
def plan_approve(*, user, plan: ImprovementPlan, comments: str = "") -> ImprovementPlan:
    """Approve a plan version: it is fixed, an earlier approved version is superseded, and the first approval
    starts the execution on today's date."""
    trajectory, plan, review = _pending_plan_review(user, plan)
    today = timezone.localdate()
    _decide(review, ReviewDecision.APPROVED, user, comments)
    for earlier in trajectory.plans.filter(status=PlanStatus.APPROVED):
        earlier.status = PlanStatus.SUPERSEDED
        earlier.save(update_fields=["status"])
    plan.status, plan.approved_at = PlanStatus.APPROVED, timezone.now()
    plan.version += 1
    plan.save()
    if trajectory.phase == Phase.PLAN:
        trajectory.phase, trajectory.execution_started_on = Phase.EXECUTION, today
        trajectory.save(update_fields=["phase", "execution_started_on"])
    _event(trajectory, EventKind.PLAN_APPROVED, user, _("Version %(number)s") % {"number": plan.number})
    return plan


@transaction.atomic
def plan_return(
    *, user, plan: ImprovementPlan, comments: str = "", goal_comments: dict[int, str] | None = None
) -> ImprovementPlan:
    """Return a plan version with comments, in general and per goal; it can be changed and submitted again."""
    _require(user, "improvement_plans.review_plan", plan.trajectory)
    goal_comments = {goal_id: text.strip() for goal_id, text in (goal_comments or {}).items() if text.strip()}
    if not comments.strip() and not goal_comments:
        raise ValidationError(
            {"comments": _("Write down what has to change: in general, or with the goals it concerns.")}
        )
    trajectory, plan, review = _pending_plan_review(user, plan)
    goals = {goal.pk: goal for goal in plan.goals.all()}
    if any(goal_id not in goals for goal_id in goal_comments):
        raise ValidationError(_("A comment belongs to a goal of another plan."))
    _decide(review, ReviewDecision.RETURNED, user, comments)
    GoalComment.objects.bulk_create(
        GoalComment(review=review, goal=goals[goal_id], text=text) for goal_id, text in goal_comments.items()
    )
    plan.status = PlanStatus.RETURNED
    plan.version += 1
    plan.save()
    _event(trajectory, EventKind.PLAN_RETURNED, user, review.comments)
    return plan


@transaction.atomic
def plan_new_version(*, user, trajectory: Trajectory, reason: str) -> ImprovementPlan:
    """After an audit: start a new version from the approved one, with the reason. Goals and measures are copied
    (each goal remembers its counterpart), so the comparison shows what changed."""
    _require(user, "improvement_plans.start_plan_version", trajectory)
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Give the reason for a new version, e.g. the audit's conclusion.")}
        )
    trajectory = _locked(trajectory)
    _require_phase(trajectory, Phase.EXECUTION)
    current = trajectory.plans.filter(status=PlanStatus.APPROVED).first()
    if current is None:
        raise ValidationError(_("There is no approved plan to start a new version from."))
    if trajectory.plans.filter(
        status__in=[PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED]
    ).exists():
        raise ValidationError(_("A new version of this plan is already being written."))
    new = ImprovementPlan.objects.create(
        trajectory=trajectory,
        number=current.number + 1,
        previous=current,
        change_reason=reason.strip(),
        created_by=user,
        final_test=current.final_test,
        final_test_target=current.final_test_target,
        lwoo_target=current.lwoo_target,
        target_date=current.target_date,
        target_justification=current.target_justification,
    )
    for goal in current.goals.prefetch_related("findings", "measures"):
        copy = Goal.objects.create(
            plan=new,
            previous=goal,
            theme=goal.theme,
            description=goal.description,
            indicator=goal.indicator,
            unit=goal.unit,
            baseline=goal.baseline,
            target=goal.target,
            direction=goal.direction,
            deadline=goal.deadline,
            owner=goal.owner,
            order=goal.order,
        )
        copy.findings.set(goal.findings.all())
        Measure.objects.bulk_create(
            Measure(
                goal=copy,
                previous=measure,
                kind=measure.kind,
                description=measure.description,
                responsible=measure.responsible,
                starts_on=measure.starts_on,
                ends_on=measure.ends_on,
                estimated_cost=measure.estimated_cost,
            )
            for measure in goal.measures.all()
        )
    _event(trajectory, EventKind.PLAN_NEW_VERSION, user, reason.strip())
    return new


# What the apps above this one (finance, audits) use for their own steps of a trajectory: the same permission check,
# row lock, phase rule, timeline and optimistic locking.
require_permission = _require
lock_trajectory = _locked
require_phase = _require_phase
record_event = _event
long_date = _long_date
check_past_date = _check_date  # a date that has passed and is not before `not_before`
bump_version = _bump_version
record_decision = _decide
