"""The choices of the audits app: expert visits and their stagnation actions, the audits after year 1 and 2 (and a
third year), and the Inspectie's half-yearly reviews of interim results."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# Expert visits (schoolbezoeken): one per quarter of execution; planned in the middle of the quarter.
VISIT_DAY_IN_QUARTER = datetime.timedelta(days=45)


class VisitStatus(models.TextChoices):
    PLANNED = "gepland", _("Planned")
    DONE = "afgelegd", _("Done")
    CANCELLED = "geannuleerd", _("Cancelled")


# Audits: after each year of execution, within a month after the year ends.
AUDIT_AFTER_YEAR_END = datetime.timedelta(days=30)


class AuditKind(models.TextChoices):
    YEAR_1 = "jaar_1", _("Audit after year 1")
    YEAR_2 = "jaar_2", _("Audit after year 2")
    YEAR_3 = "jaar_3", _("Audit after the third year")


AUDIT_KIND_YEAR = {AuditKind.YEAR_1: 1, AuditKind.YEAR_2: 2, AuditKind.YEAR_3: 3}


class GoalJudgement(models.TextChoices):
    """The audit's judgement of one goal of the plan."""

    ACHIEVED = "behaald", _("Achieved")
    ON_TRACK = "op_koers", _("On track")
    INSUFFICIENT = "onvoldoende", _("Insufficient progress")


class OverallJudgement(models.TextChoices):
    SUFFICIENT = "voldoende", _("Sufficient progress")
    INSUFFICIENT = "onvoldoende", _("Insufficient progress")


class AuditDecision(models.TextChoices):
    CONTINUE = "doorgaan", _("Continue as planned")
    ADJUST_PLAN = "plan_bijstellen", _("Adjust the plan (a new plan version and budget revision)")
    EXTEND = "derde_jaar", _("Extend execution by a third year")
    COMPLETE = "afronden", _("Complete execution: the school moves to sustaining")


# Inspection reviews: after the mid-year (February) and end-of-year (July) test moments.
class TestMoment(models.TextChoices):
    MID_YEAR = "midden", _("Mid-year (February)")
    END_OF_YEAR = "eind", _("End of year (July)")


# The month of each test moment in which the review is created, and how long the school has to supply results.
TEST_MOMENT_MONTH = {TestMoment.MID_YEAR: 2, TestMoment.END_OF_YEAR: 7}
INTERIM_RESULTS_DUE_AFTER = datetime.timedelta(days=28)


class Subject(models.TextChoices):
    TECHNICAL_READING = "technisch_lezen", _("Technical reading")
    READING_COMPREHENSION = "begrijpend_lezen", _("Reading comprehension")
    SPELLING = "spelling", _("Spelling")
    ARITHMETIC = "rekenen", _("Arithmetic")


class Grade(models.IntegerChoices):
    GROUP_3 = 3, _("Group 3")
    GROUP_4 = 4, _("Group 4")
    GROUP_5 = 5, _("Group 5")
    GROUP_6 = 6, _("Group 6")
    GROUP_7 = 7, _("Group 7")
    GROUP_8 = 8, _("Group 8")


class InterimJudgement(models.TextChoices):
    SUFFICIENT = "voldoende", _("Sufficient")
    INSUFFICIENT = "onvoldoende", _("Insufficient")


class Arrangement(models.TextChoices):
    """The Inspectie's supervision arrangement (toezichtarrangement) of a school for a school year."""

    BASIC = "basis", _("Basic arrangement")
    ADJUSTED = "aangepast", _("Adjusted arrangement")


class AuditEventKind(models.TextChoices):
    """What the execution steps of this app write on a trajectory's timeline (registered in `apps.py`)."""

    VISIT_RECORDED = "bezoek_vastgelegd", _("Expert visit recorded")
    STAGNATION = "stagnatie", _("Expert visit: execution stagnates, actions agreed")
    ACTION_CLOSED = "actie_gesloten", _("Agreed action closed")
    AUDIT_SUBMITTED = "audit_ingediend", _("Audit submitted to the expert group")
    AUDIT_RETURNED = "audit_teruggestuurd", _("Audit returned with comments")
    AUDIT_DECIDED = "audit_vastgesteld", _("Audit adopted by the expert group")
    INTERIM_RESULTS_SUBMITTED = "tussenopbrengsten_ingediend", _("Interim results submitted to the Inspectie")
    INTERIM_RESULTS_RETURNED = "tussenopbrengsten_terug", _("Interim results returned by the Inspectie")
    INTERIM_RESULTS_JUDGED = "tussenopbrengsten_beoordeeld", _("Interim results judged by the Inspectie")
    ARRANGEMENT_RECORDED = "toezichtarrangement", _("Supervision arrangement recorded")
