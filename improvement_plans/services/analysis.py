"""Every change to a trajectory's quality analysis: its text and findings, class visits, interviews and
attachments, and its submission to the expert group, which approves it or returns it (`core.workflow`). Each runs on
the locked trajectory row in the analysis phase (see `services.trajectory`)."""

from __future__ import annotations

import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core import workflow
from kwaliteitsaanpak.core.uploads import safe_original_name
from kwaliteitsaanpak.core.workflow import bump_version
from kwaliteitsaanpak.permissions import not_allowed, require_permission

from ..constants import EventKind, InterviewPartner, ObservationPoint, Phase, Rating
from ..models import (
    Analysis,
    AnalysisAttachment,
    AnalysisReview,
    ClassVisit,
    ClassVisitObservation,
    Interview,
    Trajectory,
)
from ..selectors import education_experts
from .trajectory import check_past_date, lock_trajectory, long_date, record_event, require_phase

# The quality analysis


def _editable_analysis(user: User, trajectory: Trajectory) -> Analysis:
    """The analysis of a locked trajectory in the analysis phase, while it may be changed."""
    require_permission(user, "improvement_plans.work_on_analysis", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, Phase.ANALYSIS)
    analysis = trajectory.analysis
    workflow.ensure_editable(analysis, _("The analysis is %(status)s and cannot be changed now."))
    return analysis


@transaction.atomic
def analysis_update(
    *,
    user: User,
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
    bump_version(analysis, expected_version)
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
    check_past_date(
        value,
        field=field,
        not_before=analysis.trajectory.registered_on,
        before_message=_("The date lies before the registration on %(date)s.")
        % {"date": long_date(analysis.trajectory.registered_on)},
    )


def _collect_date_error(analysis: Analysis, value: datetime.date | None, errors: dict) -> None:
    if value is None:
        errors["date"] = _("Enter the date.")
        return
    try:
        _check_visit_date(analysis, value)
    except ValidationError as error:
        errors.update(error.message_dict)


def _check_expert(user: User | None, field: str, errors: dict, required: str) -> None:
    """The education expert who observed or interviewed: the analysis is made with the experts."""
    if user is None:
        errors[field] = required
    elif not education_experts().filter(pk=user.pk).exists():
        errors[field] = _("Choose an education expert: the analysis is made with the education experts.")


@transaction.atomic
def class_visit_save(
    *,
    user: User,
    trajectory: Trajectory,
    visit: ClassVisit | None = None,
    date: datetime.date | None,
    group: int | None,
    teacher_role: str,
    observer,
    remarks: str = "",
    observations: dict[str, tuple[int, str]],
) -> ClassVisit:
    """Add or change a class visit with a score and remark on every observation point."""
    analysis = _editable_analysis(user, trajectory)
    errors: dict[str, str | list[str]] = {}
    _check_expert(observer, "observer", errors, _("Choose who observed the lesson."))
    _collect_date_error(analysis, date, errors)
    if group is None:
        errors["group"] = _("Group 1 to 8.")
    missing = [point for point in ObservationPoint if observations.get(point, (None, ""))[0] is None]
    if missing:
        errors[NON_FIELD_ERRORS] = _("Give a score for: %(points)s.") % {
            "points": ", ".join(str(point.label) for point in missing)
        }
    elif any(observations[point][0] not in Rating.values for point in ObservationPoint):
        errors[NON_FIELD_ERRORS] = _("A score is a number from 1 to 4.")
    if errors or date is None or group is None:
        raise ValidationError(errors)
    visit = visit or ClassVisit(analysis=analysis)
    if visit.analysis_id != analysis.pk:
        raise not_allowed()
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
    user: User,
    trajectory: Trajectory,
    interview: Interview | None = None,
    date: datetime.date | None,
    partner: str,
    interviewer=None,
    summary: str,
) -> Interview:
    analysis = _editable_analysis(user, trajectory)
    errors: dict[str, str | list[str]] = {}
    _collect_date_error(analysis, date, errors)
    if partner not in InterviewPartner.values:
        errors["partner"] = _("Choose with whom the interview was held.")
    # The analysis is made jointly: an education expert takes part in every interview. An interview recorded
    # before this rule keeps its empty interviewer until it is changed.
    _check_expert(
        interviewer, "interviewer", errors, _("Choose the education expert who held the interview.")
    )
    if not summary.strip():
        errors["summary"] = _("Write a short summary of the interview.")
    if errors or date is None:
        raise ValidationError(errors)
    interview = interview or Interview(analysis=analysis)
    if interview.analysis_id != analysis.pk:
        raise not_allowed()
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
def attachment_add(*, user: User, trajectory: Trajectory, file, description: str = "") -> AnalysisAttachment:
    analysis = _editable_analysis(user, trajectory)
    attachment = AnalysisAttachment(
        analysis=analysis,
        original_filename=safe_original_name(file.name),
        description=description,
        uploaded_by=user,
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_remove(*, user: User, attachment: AnalysisAttachment) -> None:
    """Remove an attachment added by mistake (a wrong file, one holding pupil data) while the analysis may still
    change; only the person who added it may. Once the analysis is submitted or approved, the attachment stays.
    The stored file is deleted with it, and the removal is on the trajectory's timeline."""
    analysis = _editable_analysis(user, attachment.analysis.trajectory)
    found = AnalysisAttachment.objects.filter(pk=attachment.pk, analysis=analysis).first()
    if found is None:
        raise ValidationError(_("This attachment has already been removed."))
    attachment = found
    if attachment.uploaded_by_id != user.pk:
        raise ValidationError(_("Only the person who added this attachment can remove it."))
    stored = attachment.file
    name = attachment.original_filename
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
    record_event(analysis.trajectory, EventKind.ANALYSIS_ATTACHMENT_REMOVED, user, name)


def analysis_missing_answers(analysis: Analysis) -> list[str]:
    """What still has to be filled in before the analysis can be submitted, in plain words."""
    missing = [
        str(finding.get_topic_display()) for finding in analysis.findings.all() if not finding.is_answered
    ]
    if not analysis.data_used.strip():
        missing.insert(0, str(_("the data used")))
    return missing


# The conversations an analysis rests on: with the director, and with the teachers or the internal supervisor.
DIRECTOR_PARTNERS = (InterviewPartner.DIRECTOR,)
TEAM_PARTNERS = (InterviewPartner.TEACHERS, InterviewPartner.INTERNAL_SUPERVISOR)


def analysis_missing_joint_work(analysis: Analysis) -> list[tuple[str, str]]:
    """What the school and the education experts have not done together yet (the brochure: they visit classes
    and talk with the director, teachers and internal supervisors), as (what, where) pairs; where is
    "class_visit" or "interview". Only a visit or interview an education expert took part in counts."""
    visits = [visit for visit in analysis.class_visits.all() if visit.observer_id]
    interviews = [interview for interview in analysis.interviews.all() if interview.interviewer_id]
    missing = []
    if not visits:
        missing.append((str(_("at least one class visit by an education expert")), "class_visit"))
    if not any(interview.partner in DIRECTOR_PARTNERS for interview in interviews):
        missing.append((str(_("an interview with the director, held by an education expert")), "interview"))
    if not any(interview.partner in TEAM_PARTNERS for interview in interviews):
        missing.append(
            (
                str(
                    _(
                        "an interview with teachers or the internal supervisor (IB), held by an education expert"
                    )
                ),
                "interview",
            )
        )
    return missing


@transaction.atomic
def analysis_submit(*, user: User, trajectory: Trajectory, expected_version: int) -> AnalysisReview:
    """The board submits the analysis to the expert group: every question and theme answered, and made jointly
    (a class visit, an interview with the director and one with teachers or the IB, each with an education
    expert). Everything missing is named at once."""
    require_permission(user, "improvement_plans.submit_analysis", trajectory)
    analysis = _editable_analysis(user, trajectory)
    problems = []
    missing = analysis_missing_answers(analysis)
    if missing:
        problems.append(
            _("The analysis is not complete. Fill in a finding and a rating for: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    joint = analysis_missing_joint_work(analysis)
    if joint:
        problems.append(
            _("The analysis is made with the education experts. Still missing: %(missing)s.")
            % {"missing": "; ".join(what for what, _where in joint)}
        )
    if problems:
        raise ValidationError(problems)
    review = workflow.submit(analysis, user=user, expected_version=expected_version)
    record_event(analysis.trajectory, EventKind.ANALYSIS_SUBMITTED, user)
    return review


def _pending_review(user: User, trajectory: Trajectory) -> tuple[Trajectory, AnalysisReview]:
    require_permission(user, "improvement_plans.review_analysis", trajectory)
    trajectory = lock_trajectory(trajectory)
    require_phase(trajectory, Phase.ANALYSIS)
    return trajectory, workflow.pending_review(
        trajectory.analysis, _("There is no submitted analysis to judge.")
    )


@transaction.atomic
def analysis_approve(*, user: User, trajectory: Trajectory, comments: str = "") -> Analysis:
    """The expert group approves the analysis: it is frozen and the trajectory moves on to the plan."""
    trajectory, review = _pending_review(user, trajectory)
    analysis = review.analysis
    workflow.approve(analysis, review=review, user=user, comments=comments)
    trajectory.phase = Phase.PLAN
    trajectory.save(update_fields=["phase"])
    record_event(trajectory, EventKind.ANALYSIS_APPROVED, user, review.comments)
    return analysis


@transaction.atomic
def analysis_return(*, user: User, trajectory: Trajectory, comments: str) -> Analysis:
    """The expert group returns the analysis with comments; it can be changed and submitted again."""
    require_permission(user, "improvement_plans.review_analysis", trajectory)
    if not comments.strip():
        raise ValidationError(
            {"comments": _("Write down what has to change before the analysis can be approved.")}
        )
    trajectory, review = _pending_review(user, trajectory)
    analysis = review.analysis
    workflow.return_with_comments(analysis, review=review, user=user, comments=comments)
    record_event(trajectory, EventKind.ANALYSIS_RETURNED, user, review.comments)
    return analysis
