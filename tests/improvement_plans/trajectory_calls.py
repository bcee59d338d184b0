"""One call per trajectory and analysis service, with the arguments of a good case; a test changes one of them
with a keyword. Each takes (world, trajectory, user, ...), as the transition matrix of test_services.py calls it."""

from django.core.files.uploadedfile import SimpleUploadedFile

from improvement_plans import services
from improvement_plans.constants import (
    AnalysisTopic,
    IntakeOutcome,
    InterviewPartner,
    NoteVisibility,
    ObservationPoint,
    TeacherRole,
    TrajectoryReason,
)
from tests.actors import EDUCATION_EXPERT, FINANCIAL_EXPERT, UNASSIGNED_EXPERT
from tests.improvement_plans.worlds import INTAKE_ON, REGISTERED_ON, VISIT_ON


def observations(score: int | None = 3) -> dict:
    return dict.fromkeys(ObservationPoint, (score, "Duidelijke uitleg, goed tempo."))


def answered_findings() -> dict:
    return dict.fromkeys(AnalysisTopic, ("De school werkt hier planmatig aan.", 3))


def call_register(world, trajectory, user, **kwargs):
    arguments = {"reason": TrajectoryReason.REFERENCE_LIST, "registered_on": REGISTERED_ON} | kwargs
    return services.trajectory_register(user=user, school=world.school, **arguments)


def call_intake_schedule(world, trajectory, user, **kwargs):
    arguments = {"intake_date": INTAKE_ON, "experts": [world[EDUCATION_EXPERT]]} | kwargs
    return services.intake_schedule(user=user, trajectory=trajectory, **arguments)


def call_takes_part(world, trajectory, user):
    return services.intake_record_outcome(
        user=user, trajectory=trajectory, outcome=IntakeOutcome.TAKES_PART, remarks="Het team is gemotiveerd."
    )


def call_declines(world, trajectory, user, remarks="Het bestuur kiest voor een eigen verbeteraanpak."):
    return services.intake_record_outcome(
        user=user, trajectory=trajectory, outcome=IntakeOutcome.DECLINES, remarks=remarks
    )


def call_assign_experts(world, trajectory, user, **kwargs):
    arguments = {
        "education_experts_chosen": [world[EDUCATION_EXPERT], world[UNASSIGNED_EXPERT]],
        "financial_expert": world[FINANCIAL_EXPERT],
    } | kwargs
    return services.trajectory_assign_experts(user=user, trajectory=trajectory, **arguments)


def call_withdraw(world, trajectory, user, reason="Het bestuur fuseert de school met een andere school."):
    return services.trajectory_withdraw(user=user, trajectory=trajectory, reason=reason)


def call_analysis_update(world, trajectory, user, **kwargs):
    arguments = {
        "expected_version": 1,
        "data_used": "Eindtoets 2006–2008, leerlingvolgsysteem, inspectierapport 2007.",
        "strengths": "Betrokken team.",
        "weaknesses": "Weinig differentiatie.",
        "findings": {AnalysisTopic.CHALLENGE: ("Leerlingen worden weinig uitgedaagd.", 2)},
    } | kwargs
    return services.analysis_update(user=user, trajectory=trajectory, **arguments)


def call_class_visit(world, trajectory, user, **kwargs):
    arguments = {
        "date": VISIT_ON,
        "group": 5,
        "teacher_role": TeacherRole.GROUP_TEACHER,
        "observer": world[EDUCATION_EXPERT],
        "remarks": "Rustige les.",
        "observations": observations(),
    } | kwargs
    return services.class_visit_save(user=user, trajectory=trajectory, **arguments)


def call_interview(world, trajectory, user, **kwargs):
    arguments = {
        "date": VISIT_ON,
        "partner": InterviewPartner.DIRECTOR,
        "interviewer": world[EDUCATION_EXPERT],
        "summary": "De directeur wil de instructie verbeteren.",
    } | kwargs
    return services.interview_save(user=user, trajectory=trajectory, **arguments)


def call_attachment(world, trajectory, user):
    upload = SimpleUploadedFile("schoolplan.pdf", b"%PDF-1.4 schoolplan", content_type="application/pdf")
    return services.attachment_add(user=user, trajectory=trajectory, file=upload, description="Schoolplan")


def call_submit(world, trajectory, user, expected_version=1):
    return services.analysis_submit(user=user, trajectory=trajectory, expected_version=expected_version)


def call_approve(world, trajectory, user):
    return services.analysis_approve(user=user, trajectory=trajectory, comments="Helder en volledig.")


def call_return(world, trajectory, user, comments="Werk de zorg voor zwakke rekenaars verder uit."):
    return services.analysis_return(user=user, trajectory=trajectory, comments=comments)


def call_note_internal(world, trajectory, user):
    return services.note_add(
        user=user,
        trajectory=trajectory,
        text="Intern: de directeur twijfelt.",
        visibility=NoteVisibility.INTERNAL,
    )


def call_note_shared(world, trajectory, user):
    return services.note_add(
        user=user, trajectory=trajectory, text="De intake is bevestigd.", visibility=NoteVisibility.SHARED
    )
