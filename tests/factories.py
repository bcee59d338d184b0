"""factory_boy factories, the only way tests build data. Dutch fakes (nl_NL)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from improvement_plans.constants import Phase, TrajectoryReason
from improvement_plans.models import ProgrammeRound, Trajectory
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ImportKind, SchoolKind, Stadsdeel, SupervisionArrangement, Verdict
from schools.models import InspectionVerdict, RegisterImport, School, SchoolBoard

factory.Faker._DEFAULT_LOCALE = "nl_NL"

DEMO_PASSWORD = "kwaliteit-demo"  # noqa: S105 (test and demo data only)


class SchoolBoardFactory(DjangoModelFactory):
    class Meta:
        model = SchoolBoard
        django_get_or_create = ["number"]

    name = factory.Sequence(lambda n: f"Stichting Basisonderwijs {n}")
    number = factory.Sequence(lambda n: f"{40000 + n}")
    contact_name = factory.Faker("name")
    contact_email = factory.Faker("email")


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    brin = factory.Sequence(lambda n: f"{10 + n // 676 % 90:02d}{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    location_code = "00"
    name = factory.Sequence(lambda n: f"Basisschool De Regenboog {n}")
    board = factory.SubFactory(SchoolBoardFactory)
    kind = SchoolKind.BO
    denomination = "Openbaar"
    street_address = factory.Faker("street_address")
    postcode = "1063 CW"
    city = "Amsterdam"
    stadsdeel = Stadsdeel.NIEUW_WEST
    pupil_count = 250


class InspectionVerdictFactory(DjangoModelFactory):
    class Meta:
        model = InspectionVerdict

    school = factory.SubFactory(SchoolFactory)
    date = datetime.date(2008, 1, 15)
    verdict = Verdict.WEAK
    supervision_arrangement = SupervisionArrangement.ADJUSTED
    report_reference = factory.Sequence(lambda n: f"INSP-2008-{n:04d}")


class RegisterImportFactory(DjangoModelFactory):
    """An uploaded file waiting to be imported: `RegisterImportFactory(file__data=b"...")`."""

    class Meta:
        model = RegisterImport

    kind = ImportKind.PUPILS_PER_LOCATION
    original_filename = "leerlingen.csv"
    file = factory.django.FileField(filename="leerlingen.csv", data=b"")


class TrajectoryFactory(DjangoModelFactory):
    class Meta:
        model = Trajectory

    school = factory.SubFactory(SchoolFactory)
    reason = TrajectoryReason.REFERENCE_LIST
    phase = Phase.EXECUTION
    registered_on = datetime.date(2008, 9, 1)


class UserFactory(DjangoModelFactory):
    """A user in a role: `UserFactory(role=Role.INSPECTION)`. A board user gets a board unless one is given, a
    school director a school (`UserFactory(role=Role.SCHOOL_DIRECTOR, school=school)`)."""

    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(DEMO_PASSWORD)

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        obj.groups.add(Group.objects.get(name=extracted))
        if extracted == Role.SCHOOL_BOARD and obj.school_board_id is None:
            obj.school_board = SchoolBoardFactory()
            obj.save(update_fields=["school_board"])
        if extracted == Role.SCHOOL_DIRECTOR and obj.school_id is None:
            obj.school = SchoolFactory()
            obj.save(update_fields=["school"])


class TrajectoryEventFactory(DjangoModelFactory):
    class Meta:
        model = "improvement_plans.TrajectoryEvent"

    trajectory = factory.SubFactory(TrajectoryFactory)
    kind = "aangemeld"


class AnalysisFactory(DjangoModelFactory):
    """An analysis with its twelve findings, empty unless `answered=True`."""

    class Meta:
        model = "improvement_plans.Analysis"
        skip_postgeneration_save = True

    trajectory = factory.SubFactory(TrajectoryFactory, phase="analyse")
    data_used = "Eindtoetsresultaten 2005–2008, leerlingvolgsysteem, inspectierapport 2007."

    @factory.post_generation
    def answered(obj, create, extracted, **kwargs):
        from improvement_plans.constants import ANALYSIS_QUESTIONS, CORE_THEMES
        from improvement_plans.models import AnalysisFinding

        if not create:
            return
        AnalysisFinding.objects.bulk_create(
            AnalysisFinding(
                analysis=obj,
                topic=topic,
                finding="Bevinding over dit onderdeel." if extracted else "",
                rating=3 if extracted else None,
            )
            for topic in [*ANALYSIS_QUESTIONS, *CORE_THEMES]
        )

    @factory.post_generation
    def made_jointly(obj, create, extracted, **kwargs):
        """`made_jointly=True` (or an education expert): the class visit and the interviews with the director and
        the internal supervisor that an analysis needs before it can be submitted, with that expert."""
        if not create or not extracted:
            return
        expert = extracted if isinstance(extracted, User) else UserFactory(role=Role.EDUCATION_EXPERT)
        ClassVisitFactory(analysis=obj, observer=expert)
        InterviewFactory(analysis=obj, partner="directeur", interviewer=expert)
        InterviewFactory(analysis=obj, partner="intern_begeleider", interviewer=expert)


class ClassVisitFactory(DjangoModelFactory):
    class Meta:
        model = "improvement_plans.ClassVisit"
        skip_postgeneration_save = True

    analysis = factory.SubFactory(AnalysisFactory)
    date = datetime.date(2008, 10, 6)
    group = 5
    teacher_role = "groepsleraar"
    observer = factory.SubFactory(UserFactory)

    @factory.post_generation
    def observations(obj, create, extracted, **kwargs):
        from improvement_plans.constants import ObservationPoint
        from improvement_plans.models import ClassVisitObservation

        if create:
            ClassVisitObservation.objects.bulk_create(
                ClassVisitObservation(visit=obj, point=point, score=2, remark="")
                for point in ObservationPoint
            )


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = "improvement_plans.Interview"

    analysis = factory.SubFactory(AnalysisFactory)
    date = datetime.date(2008, 10, 7)
    partner = "directeur"
    summary = "Gesprek over de aansturing van het team."


class TrajectoryNoteFactory(DjangoModelFactory):
    class Meta:
        model = "improvement_plans.TrajectoryNote"

    trajectory = factory.SubFactory(TrajectoryFactory)
    author = factory.SubFactory(UserFactory)
    text = "Afspraak voor het volgende gesprek gemaakt."
    visibility = "gedeeld"


class ReviewFactory(DjangoModelFactory):
    """One submission to the expert group (of an analysis, a plan version or a budget, like the abstract
    kwaliteitsaanpak.core.models.Review); pending unless `decision` (and `decided_by`) is given."""

    class Meta:
        abstract = True

    submitted_by = factory.SubFactory(UserFactory)


class AnalysisReviewFactory(ReviewFactory):
    class Meta:
        model = "improvement_plans.AnalysisReview"

    analysis = factory.SubFactory(AnalysisFactory, status="ingediend", answered=True)


class ImprovementPlanFactory(DjangoModelFactory):
    """A plan version; its trajectory is in the plan phase with an approved, answered analysis."""

    class Meta:
        model = "improvement_plans.ImprovementPlan"
        skip_postgeneration_save = True

    trajectory = factory.SubFactory(TrajectoryFactory, phase="plan")
    number = 1
    created_by = factory.SubFactory(UserFactory)
    final_test = "cito"
    final_test_target = 533
    lwoo_target = 18

    @factory.post_generation
    def analysis(obj, create, extracted, **kwargs):
        """The approved, answered analysis a plan is written after (unless the trajectory has one)."""
        from improvement_plans.models import Analysis

        if create and not Analysis.objects.filter(trajectory=obj.trajectory).exists():
            AnalysisFactory(trajectory=obj.trajectory, status="goedgekeurd", answered=True)


class GoalFactory(DjangoModelFactory):
    """A SMART goal on arithmetic answering the analysis's arithmetic finding."""

    class Meta:
        model = "improvement_plans.Goal"
        skip_postgeneration_save = True

    plan = factory.SubFactory(ImprovementPlanFactory)
    theme = "rekenen"
    description = "Meer leerlingen beheersen de rekenvaardigheden van hun leerjaar."
    indicator = "Leerlingen met een voldoende op de M-toets rekenen"
    unit = "procent van de leerlingen"
    baseline = 55
    target = 75
    direction = "hoger"
    deadline = factory.LazyAttribute(
        lambda goal: goal.plan.trajectory.registered_on + datetime.timedelta(days=600)
    )
    owner = "Directeur en rekencoördinator"

    @factory.post_generation
    def findings(obj, create, extracted, **kwargs):
        if create:
            analysis = obj.plan.trajectory.analysis
            obj.findings.set(
                extracted if extracted is not None else analysis.findings.filter(topic=obj.theme)
            )


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = "improvement_plans.Measure"

    goal = factory.SubFactory(GoalFactory)
    kind = "scholing_leraren"
    description = "Teamscholing directe instructie bij rekenen."
    responsible = "Rekencoördinator"
    starts_on = factory.LazyAttribute(
        lambda measure: measure.goal.plan.trajectory.registered_on + datetime.timedelta(days=60)
    )
    ends_on = factory.LazyAttribute(lambda measure: measure.starts_on + datetime.timedelta(days=300))
    estimated_cost = 12500


class PlanReviewFactory(ReviewFactory):
    class Meta:
        model = "improvement_plans.PlanReview"

    plan = factory.SubFactory(ImprovementPlanFactory, status="ingediend")


# Finance


class BudgetFactory(DjangoModelFactory):
    """A budget of a plan version; `BudgetFactory(approved=True)` is approved with the board's waiver."""

    class Meta:
        model = "finance.Budget"

    plan = factory.SubFactory(ImprovementPlanFactory)
    trajectory = factory.LazyAttribute(lambda budget: budget.plan.trajectory)
    created_by = factory.SubFactory(UserFactory)

    class Params:
        approved = factory.Trait(
            status="goedgekeurd",
            approved_at=factory.LazyFunction(lambda: datetime.datetime(2009, 1, 15, 10, tzinfo=datetime.UTC)),
            equalisation_waived_on=datetime.date(2009, 1, 10),
        )


class BudgetLineFactory(DjangoModelFactory):
    """€ 12.500,00 for training, € 10.000,00 of it from the municipality, for a new measure of the budget's plan
    (or `measure=`), in the school year the measure starts."""

    class Meta:
        model = "finance.BudgetLine"

    budget = factory.SubFactory(BudgetFactory)
    measure = factory.LazyAttribute(lambda line: MeasureFactory(goal=GoalFactory(plan=line.budget.plan)))
    school_year = factory.LazyAttribute(
        lambda line: (
            line.measure.starts_on.year
            if line.measure.starts_on.month >= 8
            else line.measure.starts_on.year - 1
        )
    )
    category = "scholing"
    description = "Teamscholing"
    amount = Decimal("12500.00")
    municipality_amount = Decimal("10000.00")
    board_amount = Decimal("2500.00")


class BudgetReviewFactory(ReviewFactory):
    class Meta:
        model = "finance.BudgetReview"

    budget = factory.SubFactory(BudgetFactory, status="ingediend")


class GrantDecisionFactory(DjangoModelFactory):
    class Meta:
        model = "finance.GrantDecision"

    budget = factory.SubFactory(BudgetFactory, approved=True)
    date = datetime.date(2009, 2, 1)
    reference = factory.Sequence(lambda n: f"DMO/2009/{n:04d}")
    amount = Decimal("10000.00")
    recorded_by = factory.SubFactory(UserFactory)


class RealisationQuarterFactory(DjangoModelFactory):
    class Meta:
        model = "finance.RealisationQuarter"

    trajectory = factory.SubFactory(TrajectoryFactory)
    year = 2009
    quarter = 1
    recorded_by = factory.SubFactory(UserFactory)


class RealisationEntryFactory(DjangoModelFactory):
    """Spending on a budget line in a quarter of the line's trajectory."""

    class Meta:
        model = "finance.RealisationEntry"

    line = factory.SubFactory(BudgetLineFactory)
    realisation = factory.LazyAttribute(
        lambda entry: RealisationQuarterFactory(trajectory=entry.line.budget.trajectory)
    )
    lineage = factory.LazyAttribute(lambda entry: entry.line.lineage)
    municipality_amount = Decimal("4000.00")
    board_amount = Decimal("1000.00")


class ExpertCostFactory(DjangoModelFactory):
    class Meta:
        model = "finance.ExpertCost"

    trajectory = factory.SubFactory(TrajectoryFactory)
    expert = factory.SubFactory(UserFactory, role=Role.EDUCATION_EXPERT)
    year = 2009
    quarter = 1
    hours = Decimal("12.50")
    hourly_rate = Decimal("95.00")
    recorded_by = factory.SubFactory(UserFactory)


class ProgrammeRoundFactory(DjangoModelFactory):
    """A later round of the programme (the first, of 2008, exists after the migrations: `first_round()`)."""

    class Meta:
        model = ProgrammeRound

    name = factory.Sequence(lambda n: f"Ronde {2026 + n}")
    reference_date = factory.Sequence(lambda n: datetime.date(2026 + n, 1, 31))
    target_year = factory.LazyAttribute(lambda round_: round_.reference_date.year + 2)
    exception_year = factory.LazyAttribute(lambda round_: round_.target_year + 1)
