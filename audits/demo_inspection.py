"""Demo data of the inspection area: called by the execution demo (`audits/demo.py`) after
`schedule_inspection_reviews(today)`.

The demo's today may lie between August and January, when the job creates nothing yet for the current school year;
so this module first creates the reviews of the last two test moments before today for the trajectories that were
in execution by then, and puts them in the states a user should see: judged sufficient and insufficient, one
waiting for the Inspectie, one returned, one still to supply. It records supervision arrangements for most schools
in execution (one is left without, so the Inspectie has that task)."""

import datetime
from decimal import Decimal

from improvement_plans.constants import Phase
from improvement_plans.models import Trajectory
from improvement_plans.services.trajectory import record_event
from kwaliteitsaanpak.accounts.roles import Role
from kwaliteitsaanpak.core import workflow
from kwaliteitsaanpak.core.dates import school_year_of

from .constants import (
    TEST_MOMENT_MONTH,
    Arrangement,
    AuditEventKind,
    Grade,
    InterimJudgement,
    Subject,
    TestMoment,
)
from .models import InspectionReview, InterimResult, SupervisionArrangement
from .services.inspection import due_date, review_title


def _last_moments(today: datetime.date) -> list[tuple[int, TestMoment, datetime.date]]:
    """The two most recent test moments up to today, oldest first: (school year, moment, first day of its month)."""
    moments = []
    for year in (today.year - 1, today.year):
        for moment in TestMoment:
            day = datetime.date(year, TEST_MOMENT_MONTH[moment], 1)
            if day <= today:
                moments.append((school_year_of(day), moment, day))
    return moments[-2:]


def _fill(review: InspectionReview, base: int) -> None:
    """Results for every subject in groups 3–8 (technical reading not in group 8), around `base` percent."""
    rows = []
    for offset, subject in enumerate(Subject.values):
        for grade in Grade.values:
            if subject == Subject.TECHNICAL_READING and grade == 8:
                continue
            share = Decimal(base + (grade * 3 + offset * 5) % 17 - 8).quantize(Decimal("0.1"))
            rows.append(
                InterimResult(
                    review=review, subject=subject, grade=grade, share_at_norm=share, norm=Decimal(65)
                )
            )
    InterimResult.objects.bulk_create(rows)
    review.school_remarks = "Toetsen uit het leerlingvolgsysteem; groep 8 leest niet meer technisch."
    workflow.touch(review)
    review.save(update_fields=["school_remarks"])


def _submit(review, board_user) -> object:
    pending = workflow.submit(review, user=board_user, expected_version=review.version)
    record_event(
        review.trajectory, AuditEventKind.INTERIM_RESULTS_SUBMITTED, board_user, review_title(review)
    )
    return pending


def seed(users: dict, today: datetime.date) -> None:
    """Fill this area's records in every state a user should see, on the trajectories in execution."""
    board_user, inspector = users[Role.SCHOOL_BOARD], users[Role.INSPECTION]
    director_school = getattr(users.get(Role.SCHOOL_DIRECTOR), "school_id", None)
    trajectories = list(
        Trajectory.objects.open()
        .filter(phase=Phase.EXECUTION, execution_started_on__isnull=False)
        .select_related("school")
        .order_by("execution_started_on", "pk")
    )
    # The director's school first, so that the demo director has reviews to look at.
    trajectories.sort(key=lambda trajectory: trajectory.school_id != director_school)
    moments = _last_moments(today)
    reviews: list[InspectionReview] = []
    for trajectory in trajectories:
        for school_year, moment, day in moments:
            if trajectory.execution_started_on > day:
                continue
            review, _ = InspectionReview.objects.get_or_create(
                school=trajectory.school,
                school_year=school_year,
                test_moment=moment,
                defaults={"trajectory": trajectory, "due_on": due_date(school_year, moment)},
            )
            reviews.append(review)
    states = ["sufficient", "to_supply", "insufficient", "submitted", "returned"]
    for review, state in zip(reviews, states, strict=False):
        if state == "to_supply":
            continue
        _fill(review, 72 if state == "sufficient" else 60)
        pending = _submit(review, board_user)
        if state == "returned":
            comments = "Groep 6 en 7 ontbreken bij rekenen; vul die nog aan."
            workflow.return_with_comments(review, review=pending, user=inspector, comments=comments)
            record_event(review.trajectory, AuditEventKind.INTERIM_RESULTS_RETURNED, inspector, comments)
        elif state in ("sufficient", "insufficient"):
            judgement = (
                InterimJudgement.SUFFICIENT if state == "sufficient" else InterimJudgement.INSUFFICIENT
            )
            review.judgement = judgement
            review.judgement_note = (
                "De opbrengsten liggen in alle groepen rond of boven de norm."
                if state == "sufficient"
                else "Begrijpend lezen en rekenen blijven in de groepen 5 tot en met 8 onder de norm."
            )
            workflow.approve(review, review=pending, user=inspector)
            record_event(
                review.trajectory,
                AuditEventKind.INTERIM_RESULTS_JUDGED,
                inspector,
                f"{review_title(review)}: {judgement.label}",
            )
    school_year = school_year_of(today)
    for index, trajectory in enumerate(trajectories[:-1] if len(trajectories) > 1 else trajectories):
        adjusted = index % 2 == 0
        SupervisionArrangement.objects.get_or_create(
            school=trajectory.school,
            school_year=school_year,
            defaults={
                "arrangement": Arrangement.ADJUSTED if adjusted else Arrangement.BASIC,
                "extra_supervision": "Een extra inspectiebezoek in het voorjaar." if adjusted else "",
                "recorded_by": inspector,
            },
        )
        record_event(trajectory, AuditEventKind.ARRANGEMENT_RECORDED, inspector, "")
