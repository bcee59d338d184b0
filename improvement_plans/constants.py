import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# Why a school takes part: defined with the schools, whose lists all show it.
from schools.constants import ParticipationReason as TrajectoryReason

__all__ = [
    "INTAKE_DUE_AFTER",
    "AnalysisTopic",
    "EventKind",
    "IntakeOutcome",
    "InterviewPartner",
    "NoteVisibility",
    "ObservationPoint",
    "OPEN_PHASES",
    "Phase",
    "Rating",
    "TeacherRole",
    "TrajectoryReason",
    "Direction",
    "MeasureKind",
    "FinalTest",
    "TargetDate",
    "Indicator",
    "Reference",
    "GoalProgressStatus",
    "MeasureProgressStatus",
]

# The intake conversation takes place "within a few weeks" of registration (DMO brochure); after this it is late.
INTAKE_DUE_AFTER = datetime.timedelta(weeks=4)


class Phase(models.TextChoices):
    """A trajectory's phases in their order; withdrawn can follow any of them."""

    REGISTERED = "aangemeld", _("Registered")
    INTAKE = "intake", _("Intake")
    ANALYSIS = "analyse", _("Analysis")
    PLAN = "plan", _("Improvement plan")
    EXECUTION = "uitvoering", _("Execution")
    SUSTAINING = "borging", _("Sustaining")
    CLOSED = "afgesloten", _("Closed")
    WITHDRAWN = "teruggetrokken", _("Withdrawn")


OPEN_PHASES = [
    Phase.REGISTERED,
    Phase.INTAKE,
    Phase.ANALYSIS,
    Phase.PLAN,
    Phase.EXECUTION,
    Phase.SUSTAINING,
]


class IntakeOutcome(models.TextChoices):
    TAKES_PART = "doet_mee", _("The school takes part")
    DECLINES = "doet_niet_mee", _("The school does not take part")


class AnalysisTopic(models.TextChoices):
    """What the quality analysis answers: the six questions of the approach, then the core themes."""

    CHALLENGE = "uitdaging", _("Is the pupil challenged to learn?")
    TEACHING = "instructie", _("Do the teachers teach the material well?")
    CARE = "zorg", _("Is there adequate care for pupils who lag behind or can do more?")
    INSIGHT = "zicht", _("Is there enough insight into the pupils' levels?")
    ORGANISATION = "organisatie", _("How does the school organisation function?")
    DIRECTION = "aansturing", _("Does the director lead the team well?")
    LEADERSHIP = "schoolleiding", _("School leadership")
    TEAM = "teamfunctioneren", _("Team functioning")
    CARE_SYSTEM = "zorgsysteem", _("Care system")
    ARITHMETIC = "rekenen", _("Arithmetic")
    LANGUAGE = "taal", _("Language")
    EARLY_EDUCATION = "vve", _("Link with early-school education (VVE)")


ANALYSIS_QUESTIONS = [
    AnalysisTopic.CHALLENGE,
    AnalysisTopic.TEACHING,
    AnalysisTopic.CARE,
    AnalysisTopic.INSIGHT,
    AnalysisTopic.ORGANISATION,
    AnalysisTopic.DIRECTION,
]
CORE_THEMES = [
    AnalysisTopic.LEADERSHIP,
    AnalysisTopic.TEAM,
    AnalysisTopic.CARE_SYSTEM,
    AnalysisTopic.ARITHMETIC,
    AnalysisTopic.LANGUAGE,
    AnalysisTopic.EARLY_EDUCATION,
]


class Rating(models.IntegerChoices):
    """The four-point scale of findings and observations."""

    POOR = 1, _("1 – poor")
    INSUFFICIENT = 2, _("2 – insufficient")
    SUFFICIENT = 3, _("3 – sufficient")
    GOOD = 4, _("4 – good")


class ObservationPoint(models.TextChoices):
    """The fixed points a class visit is observed on."""

    INSTRUCTION = "instructie", _("Instruction")
    ENGAGEMENT = "betrokkenheid", _("Pupils' engagement")
    DIFFERENTIATION = "differentiatie", _("Differentiation")
    CLASSROOM_MANAGEMENT = "klassenmanagement", _("Classroom management")


class TeacherRole(models.TextChoices):
    GROUP_TEACHER = "groepsleraar", _("Group teacher")
    SHARED_TEACHER = "duopartner", _("Job-sharing teacher")
    SUBSTITUTE = "invaller", _("Substitute teacher")
    SUBJECT_TEACHER = "vakleerkracht", _("Subject teacher")
    TRAINEE = "stagiair", _("Trainee teacher")


class InterviewPartner(models.TextChoices):
    DIRECTOR = "directeur", _("Director")
    TEACHERS = "leraren", _("Teachers")
    INTERNAL_SUPERVISOR = "intern_begeleider", _("Internal supervisor (IB)")
    BOARD = "bestuur", _("School board")
    OTHER = "anders", _("Other")


class NoteVisibility(models.TextChoices):
    INTERNAL = "intern", _("Internal: staff, experts and expert group")
    SHARED = "gedeeld", _("Shared with the school board")


class EventKind(models.TextChoices):
    """What happened on a trajectory, for its timeline: the kinds of this app. Higher apps register their own
    (`kwaliteitsaanpak.core.steps.register_event_kinds`)."""

    REGISTERED = "aangemeld", _("Registered")
    INTAKE_SCHEDULED = "intake_gepland", _("Intake scheduled")
    TAKES_PART = "doet_mee", _("Intake held: the school takes part")
    DECLINED = "doet_niet_mee", _("Intake held: the school does not take part")
    EXPERTS_ASSIGNED = "experts_toegewezen", _("Experts assigned")
    ANALYSIS_SUBMITTED = "analyse_ingediend", _("Analysis submitted to the expert group")
    ANALYSIS_RETURNED = "analyse_teruggestuurd", _("Analysis returned with comments")
    ANALYSIS_APPROVED = "analyse_goedgekeurd", _("Analysis approved")
    ANALYSIS_ATTACHMENT_REMOVED = "analyse_bijlage_verwijderd", _("Attachment of the analysis removed")
    PLAN_SUBMITTED = "plan_ingediend", _("Improvement plan submitted to the expert group")
    PLAN_RETURNED = "plan_teruggestuurd", _("Improvement plan returned with comments")
    PLAN_APPROVED = "plan_goedgekeurd", _("Improvement plan approved: execution starts")
    PLAN_NEW_VERSION = "plan_nieuwe_versie", _("New version of the improvement plan started")
    PROGRESS_SUBMITTED = "voortgang_ingediend", _("Progress report submitted")
    PROGRESS_RETURNED = "voortgang_teruggestuurd", _("Progress report returned with comments")
    PROGRESS_ASSESSED = "voortgang_voldoende", _("Progress report assessed as sufficient")
    EXECUTION_EXTENDED = "derde_jaar", _("Execution extended by a third year")
    SUSTAINING_STARTED = "borging", _("Execution completed: sustaining starts")
    WITHDRAWN = "teruggetrokken", _("Trajectory withdrawn")


# Improvement plans (verbeterplannen)


# The plan's goals answer the core themes of the analysis (and the link with early-school education).
GOAL_THEMES = CORE_THEMES


class Direction(models.TextChoices):
    HIGHER_IS_BETTER = "hoger", _("Higher is better")
    LOWER_IS_BETTER = "lager", _("Lower is better")


class MeasureKind(models.TextChoices):
    DIRECTOR_COACHING = "coaching_directeur", _("Coaching of the director")
    TEACHER_TRAINING = "scholing_leraren", _("Training of teachers")
    NEW_METHOD = "nieuwe_methode", _("Introducing a new method")
    EXTRA_STAFF = "extra_personeel", _("Extra staff")
    EXTERNAL_EXPERTISE = "externe_expertise", _("External expertise")
    OTHER = "anders", _("Other")


class FinalTest(models.TextChoices):
    """The end-of-primary test a result agreement is measured on; each has its own scale (see FINAL_TEST_SCALES)."""

    CITO = "cito", _("CITO final test")
    IEP = "iep", _("IEP")
    ROUTE8 = "route8", _("ROUTE 8")
    DIA = "dia", _("DIA")
    AMN = "amn", _("AMN")
    DOE = "doe", _("Doorstroomtoets (DOE)")
    LIB = "lib", _("Leerling in Beeld (LIB)")


# Known scales as (lowest, highest) standard score: a target outside it is refused. The CITO scale is the one the
# agreement speaks of (501–550); the later providers' scales are checked only for a positive number.
FINAL_TEST_SCALES: dict[str, tuple[int, int]] = {FinalTest.CITO: (501, 550)}


class TargetDate(models.TextChoices):
    """By when the school must no longer be (very) weak: in its programme round's target year, or, for a very
    weak school and argued, in the round's latest year for exceptions (2010 and 2011 in the first round)."""

    TARGET = "doel", _("In the round's target year")
    EXCEPTION = (
        "uitzondering",
        _("In the round's latest year for argued exceptions (only a very weak school)"),
    )


class Indicator(models.TextChoices):
    """What is measured per school and school year (the agreement's indicators of success and the pupil count).
    The monitor keeps their values; a programme round names the ones it agreed on."""

    FINAL_TEST = "eindtoets", _("Final test result")
    LWOO = "lwoo", _("LWOO percentage")
    PUPILS = "leerlingen", _("Number of pupils")


class Reference(models.TextChoices):
    """What a benchmark is the average of; a programme round compares with one of them."""

    G4 = "g4", _("G4 average")
    NATIONAL = "landelijk", _("National average")


# The first programme round: the agreement of 2008, its reference list of 31 January 2008, no school (very) weak
# any more in 2010, argued exceptions of very weak schools in 2011. Later rounds bring their own years.
FIRST_ROUND_REFERENCE_DATE = datetime.date(2008, 1, 31)
FIRST_ROUND_TARGET_YEAR = 2010
FIRST_ROUND_EXCEPTION_YEAR = 2011
# After a trajectory completes, the school stays on the monitor for this many years of borging (sustaining).
DEFAULT_FOLLOW_UP_YEARS = 2


# Execution takes two years after the plan's approval, a third year in some cases: goals fall in that period.
PLAN_PERIOD_YEARS = 3


# Execution (uitvoering): two years from the plan's approval, a third year when an audit extends it. Each year has
# four quarters; a quarter's progress report is due a fortnight after the quarter ends.
EXECUTION_YEARS = 2
EXTENDED_EXECUTION_YEARS = 3
QUARTERS_PER_YEAR = 4
PROGRESS_REPORT_DUE_AFTER = datetime.timedelta(days=14)


class GoalProgressStatus(models.TextChoices):
    """How a goal of the plan stands in a quarter's progress report."""

    ON_SCHEDULE = "op_schema", _("On schedule")
    AT_RISK = "risico", _("At risk")
    BEHIND = "achter", _("Behind schedule")
    ACHIEVED = "behaald", _("Achieved")


class MeasureProgressStatus(models.TextChoices):
    """Whether a measure of the plan runs as planned in a quarter."""

    AS_PLANNED = "volgens_plan", _("Runs as planned")
    DELAYED = "vertraagd", _("Delayed")
    NOT_STARTED = "niet_gestart", _("Not started yet")
    STOPPED = "gestopt", _("Stopped")
    COMPLETED = "afgerond", _("Completed")
