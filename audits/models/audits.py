"""The audits after year 1 and year 2 of execution (and after a third year): a judgement per goal and overall, and
the expert group's decision on how execution goes on."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from improvement_plans.models import Goal, ImprovementPlan, Trajectory
from kwaliteitsaanpak.core.models import Review, Submission

from ..constants import AuditDecision, AuditKind, GoalJudgement, OverallJudgement


class AuditQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AuditQuerySet":
        return self.filter(trajectory__in=Trajectory.objects.visible_to(user))


class Audit(Submission):
    """One audit of a trajectory, planned from the execution start date (year 1, year 2; year 3 after an extension).

    The assigned education experts (or the expert group itself) draw it up: a judgement per goal of the audited
    plan version, an overall judgement and a proposed decision. The expert group adopts it through the review
    workflow (approved = adopted), and the adoption carries out the decision: continue; adjust the plan (a new plan
    version, and with it a budget revision, with the audit as its reason); extend execution by a third year (only
    with a written justification); or complete (the trajectory moves to sustaining)."""

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("trajectory"), on_delete=models.PROTECT, related_name="audits"
    )
    kind = models.CharField(_("audit"), max_length=10, choices=AuditKind.choices)
    planned_on = models.DateField(_("planned on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    plan = models.ForeignKey(
        ImprovementPlan,
        verbose_name=_("audited plan version"),
        on_delete=models.PROTECT,
        related_name="audits",
        null=True,
        blank=True,
    )
    overall_judgement = models.CharField(
        _("overall judgement"), max_length=15, choices=OverallJudgement.choices, blank=True
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=AuditDecision.choices, blank=True)
    decision_justification = models.TextField(
        _("justification of the decision"),
        blank=True,
        help_text=_("Required for a third year: why the school needs it and what it will reach with it."),
    )
    follow_up_plan = models.ForeignKey(
        ImprovementPlan,
        verbose_name=_("plan version started by this audit"),
        on_delete=models.PROTECT,
        related_name="started_by_audits",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords()
    objects = AuditQuerySet.as_manager()

    this_record = _("this audit")
    the_record = _("the audit")

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["trajectory", "planned_on"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "kind"], name="audit_one_per_kind"),
            models.CheckConstraint(
                condition=~Q(decision=AuditDecision.EXTEND) | ~Q(decision_justification=""),
                name="audit_extension_needs_justification",
                violation_error_message=_("A third year needs a written justification."),
            ),
        ]
        permissions = [
            ("work_on_audit", _("Can draw up an audit")),
            ("submit_audit", _("Can submit an audit to the expert group")),
            ("decide_audit", _("Can adopt or return an audit")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.trajectory.school.name}"

    def get_absolute_url(self) -> str:
        return reverse("audits:audit_detail", args=[self.trajectory_id, self.pk])


class AuditGoalJudgement(models.Model):
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="goal_judgements"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="audit_judgements"
    )
    judgement = models.CharField(_("judgement"), max_length=15, choices=GoalJudgement.choices, blank=True)
    note = models.TextField(_("explanation"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judgement of a goal")
        verbose_name_plural = _("judgements of goals")
        ordering = ["audit", "goal__order", "goal_id"]
        constraints = [models.UniqueConstraint(fields=["audit", "goal"], name="audit_goal_judgement_once")]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_judgement_display() or '…'}"


class AuditReview(Review):
    """One submission of an audit to the expert group and its decision (approved = adopted)."""

    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.PROTECT, related_name="reviews"
    )

    class Meta(Review.Meta):
        verbose_name = _("audit review")
        verbose_name_plural = _("audit reviews")
        constraints = [
            Review.one_pending("audit", name="audit_review_one_pending"),
            Review.returned_has_comments("audit_review_return_has_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.audit}: {self.get_decision_display() or '…'}"
