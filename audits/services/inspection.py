"""The Inspectie's half-yearly reviews of interim results (tussenopbrengsten) and its yearly supervision
arrangement (toezichtarrangement).

**What other apps may call**: `schedule_inspection_reviews(today)` (the scheduled job; idempotent),
`interim_results_save`, `interim_results_submit`, `interim_results_judge`, `interim_results_return`,
`arrangement_record`, and `interim_results_missing`.

The school (its board or director) supplies the interim results as aggregates: per subject and grade the share of
pupils at or above the norm and that norm, never pupil-level data. A grade the school does not test in a subject
stays empty; each subject needs at least one grade before the board can submit. The Inspectie judges them through
the review workflow (`core.workflow`): approved with a judgement, or returned when incomplete. Each service checks
the permission, locks the trajectory row, checks the phase and appends an event to the trajectory's timeline.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from improvement_plans.services.trajectory import lock_trajectory, record_event, require_phase
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.core import workflow
from kwaliteitsaanpak.core.dates import school_year_label, school_year_of
from kwaliteitsaanpak.permissions import require_permission
from schools.models import School

from ..constants import (
    INTERIM_RESULTS_DUE_AFTER,
    TEST_MOMENT_MONTH,
    Arrangement,
    AuditEventKind,
    Grade,
    InterimJudgement,
    Subject,
    TestMoment,
)
from ..models import InspectionJudgement, InspectionReview, InterimResult, SupervisionArrangement

# The phases in which a review's results may be supplied and judged: a review created during the execution may be
# finished after the school moved on to sustaining.
REVIEW_PHASES = (Phase.EXECUTION, Phase.SUSTAINING)

# (share at or above the norm, norm), each a percentage or None; by (subject, grade).
ResultGrid = Mapping[tuple[str, int], tuple[Decimal | None, Decimal | None]]


def result_field(subject: str, grade: int, part: str) -> str:
    """The name of a cell of the results grid ("rekenen_5_share", "rekenen_5_norm"), in the form and in the
    service's messages alike."""
    return f"{subject}_{grade}_{part}"


# Scheduling


def moments_due(today: datetime.date) -> list[TestMoment]:
    """The test moments of today's school year whose review exists from today on: the mid-year one from 1 February,
    the end-of-year one from 1 July (until the school year ends on 31 July)."""
    if today.month >= 8:
        return []
    return [moment for moment in TestMoment if today.month >= TEST_MOMENT_MONTH[moment]]


def due_date(school_year: int, moment: TestMoment) -> datetime.date:
    """The first of the test moment's month plus the time the school has to supply its results."""
    month = TEST_MOMENT_MONTH[moment]
    return datetime.date(school_year + 1, month, 1) + INTERIM_RESULTS_DUE_AFTER


def schedule_inspection_reviews(today: datetime.date | None = None) -> int:
    """The scheduled job's service: for every school with an open trajectory in execution, the review of each test
    moment of the current school year that has passed. Idempotent (running it twice creates nothing twice);
    returns how many reviews it created."""
    today = today or timezone.localdate()
    school_year = school_year_of(today)
    created = 0
    for moment in moments_due(today):
        trajectories = (
            Trajectory.objects.open()
            .filter(phase=Phase.EXECUTION)
            .exclude(
                school__in=InspectionReview.objects.filter(
                    school_year=school_year, test_moment=moment
                ).values("school")
            )
            .order_by("pk")
        )
        for trajectory in trajectories:
            with transaction.atomic():
                _, was_created = InspectionReview.objects.get_or_create(
                    school_id=trajectory.school_id,
                    school_year=school_year,
                    test_moment=moment,
                    defaults={"trajectory": trajectory, "due_on": due_date(school_year, moment)},
                )
            created += was_created
    return created


# The school supplies and submits the interim results


def _locked_review(user: User, review: InspectionReview, permission: str) -> InspectionReview:
    """The review, re-read under a lock on its trajectory, after the permission and phase checks."""
    require_permission(user, permission, review.trajectory)
    trajectory = lock_trajectory(review.trajectory)
    require_phase(trajectory, *REVIEW_PHASES)
    return InspectionReview.objects.select_related("school", "trajectory__school").get(pk=review.pk)


def _editable_review(user: User, review: InspectionReview, permission: str) -> InspectionReview:
    review = _locked_review(user, review, permission)
    workflow.ensure_editable(review, _("The interim results are %(status)s and cannot be changed."))
    return review


def _check_percentage(value: Decimal | None, field: str, errors: dict[str, str]) -> None:
    if value is None:
        return
    if not Decimal(0) <= value <= Decimal(100):
        errors[field] = _("Enter a percentage between 0 and 100.")
    elif value != value.quantize(Decimal("0.1")):
        errors[field] = _("Enter a percentage with at most one digit after the comma.")


@transaction.atomic
def interim_results_save(
    *,
    user: User,
    review: InspectionReview,
    expected_version: int,
    results: ResultGrid,
    school_remarks: str = "",
) -> InspectionReview:
    """Save the whole grid of interim results at once (replacing what was there) and the school's explanation.
    A cell left empty in both parts means the grade was not tested in that subject; a share without its norm or a
    norm without its share is refused, as is a percentage outside 0–100. Nothing is saved when any cell is wrong."""
    review = _editable_review(user, review, "audits.supply_interim_results")
    errors: dict[str, str] = {}
    rows = []
    for (subject, grade), (share, norm) in results.items():
        if subject not in Subject.values or grade not in Grade.values:
            raise ValidationError(
                _("These results belong to a subject or grade the Inspectie does not ask for.")
            )
        share_field, norm_field = result_field(subject, grade, "share"), result_field(subject, grade, "norm")
        label = _("%(subject)s, %(grade)s") % {
            "subject": Subject(subject).label,
            "grade": Grade(grade).label.lower(),
        }
        if share is not None and norm is None:
            errors[norm_field] = _("%(cell)s: enter the norm the share is compared with.") % {"cell": label}
        elif norm is not None and share is None:
            errors[share_field] = _("%(cell)s: enter the share of pupils at or above the norm.") % {
                "cell": label
            }
        _check_percentage(share, share_field, errors)
        _check_percentage(norm, norm_field, errors)
        if share is not None and norm is not None:
            rows.append(
                InterimResult(review=review, subject=subject, grade=grade, share_at_norm=share, norm=norm)
            )
    if errors:
        raise ValidationError(errors)
    workflow.bump_version(review, expected_version)
    review.school_remarks = school_remarks.strip()
    review.save()
    review.results.all().delete()
    InterimResult.objects.bulk_create(rows)
    return review


def interim_results_missing(review: InspectionReview) -> list[str]:
    """What the review still lacks before it can be submitted: the subjects without a single result."""
    given = {result.subject for result in review.results.all()}
    return [
        str(_("results for %(subject)s") % {"subject": str(label).lower()})
        for value, label in Subject.choices
        if value not in given
    ]


@transaction.atomic
def interim_results_submit(
    *, user: User, review: InspectionReview, expected_version: int
) -> InspectionJudgement:
    """The board submits the interim results to the Inspectie: every subject has at least one grade."""
    review = _editable_review(user, review, "audits.submit_interim_results")
    missing = interim_results_missing(review)
    if missing:
        raise ValidationError(
            _("The interim results are not complete. Still missing: %(missing)s.")
            % {"missing": "; ".join(missing)}
        )
    submission = workflow.submit(review, user=user, expected_version=expected_version)
    record_event(review.trajectory, AuditEventKind.INTERIM_RESULTS_SUBMITTED, user, str(review_title(review)))
    return submission


def review_title(review: InspectionReview) -> str:
    """“Mid-year (February) 2026-2027”, as events and tasks name a review."""
    return f"{review.get_test_moment_display()} {school_year_label(review.school_year)}"


# The Inspectie judges


def _pending(user: User, review: InspectionReview) -> tuple[InspectionReview, InspectionJudgement]:
    review = _locked_review(user, review, "audits.judge_interim_results")
    return review, workflow.pending_review(review, _("There are no submitted interim results to judge."))


@transaction.atomic
def interim_results_judge(
    *, user: User, review: InspectionReview, judgement: str, note: str = ""
) -> InspectionReview:
    """The Inspectie judges the submitted interim results: sufficient or insufficient, with a note (required when
    insufficient: what falls short)."""
    errors = {}
    if judgement not in InterimJudgement.values:
        errors["judgement"] = _("Choose whether the interim results are sufficient or insufficient.")
    elif judgement == InterimJudgement.INSUFFICIENT and not note.strip():
        errors["note"] = _("Write down what falls short, for the school and its board.")
    if errors:
        require_permission(user, "audits.judge_interim_results", review.trajectory)
        raise ValidationError(errors)
    review, pending = _pending(user, review)
    review.judgement, review.judgement_note = judgement, note.strip()
    workflow.approve(review, review=pending, user=user)
    record_event(
        review.trajectory,
        AuditEventKind.INTERIM_RESULTS_JUDGED,
        user,
        f"{review_title(review)}: {InterimJudgement(judgement).label}",
    )
    return review


@transaction.atomic
def interim_results_return(*, user: User, review: InspectionReview, comments: str) -> InspectionReview:
    """The Inspectie returns incomplete interim results with comments; the school completes and the board submits
    them again."""
    if not comments.strip():
        require_permission(user, "audits.judge_interim_results", review.trajectory)
        raise ValidationError({"comments": _("Write down what is missing or has to change in the results.")})
    review, pending = _pending(user, review)
    workflow.return_with_comments(review, review=pending, user=user, comments=comments)
    record_event(review.trajectory, AuditEventKind.INTERIM_RESULTS_RETURNED, user, comments.strip())
    return review


# The supervision arrangement


def arrangement_school_years(today: datetime.date | None = None) -> list[int]:
    """The school years an arrangement may be recorded for: the current one, the one before and the next."""
    current = school_year_of(today or timezone.localdate())
    return [current + 1, current, current - 1]


@transaction.atomic
def arrangement_record(
    *,
    user: User,
    school: School,
    school_year: int,
    arrangement: str,
    extra_supervision: str = "",
    note: str = "",
    expected_recorded_at: datetime.datetime | None = None,
) -> SupervisionArrangement:
    """Record (or change) the supervision arrangement of a participating school for a school year: one per school
    and school year; a change keeps the earlier one in the history. `expected_recorded_at` is when the arrangement
    the user changed was recorded (None for a new one): a change based on an older one is refused."""
    require_permission(user, "audits.record_arrangement")
    errors = {}
    if arrangement not in Arrangement.values:
        errors["arrangement"] = _("Choose the supervision arrangement.")
    if school_year not in arrangement_school_years():
        errors["school_year"] = _("Choose the current school year, the one before or the next.")
    trajectory = Trajectory.objects.open().filter(school=school).first()
    if trajectory is None:
        errors["school"] = _("Choose a school that takes part in the programme.")
    if errors or trajectory is None:
        raise ValidationError(errors)
    trajectory = lock_trajectory(trajectory)
    existing = SupervisionArrangement.objects.filter(school=school, school_year=school_year).first()
    stale = _(
        "Someone else recorded the arrangement of this school year while you were working on it. Your changes "
        "have not been saved; open the arrangement again to see the latest one."
    )
    if existing is not None and existing.recorded_at != expected_recorded_at:
        raise ValidationError(stale)
    record = existing or SupervisionArrangement(school=school, school_year=school_year)
    record.arrangement = arrangement
    record.extra_supervision = extra_supervision.strip()
    record.note, record.recorded_by, record.recorded_at = note.strip(), user, timezone.now()
    record.save()
    record_event(
        trajectory,
        AuditEventKind.ARRANGEMENT_RECORDED,
        user,
        f"{school_year_label(school_year)}: {Arrangement(arrangement).label}",
    )
    return record
