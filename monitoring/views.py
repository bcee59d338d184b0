from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from finance.models import Budget
from finance.selectors import finance_overview, programme_totals
from improvement_plans.selectors import schools_to_register, trajectory_overview_counts
from kwaliteitsaanpak.core.my_tasks import UserTask, tasks_for
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.selectors import school_overview_counts


def finance_figures(user) -> dict | None:
    """The money on the start page: the programme's totals for those who read every budget's totals (the
    municipality, staff, the expert group), and how many budgets wait for the expert group's judgement."""
    if not user.has_perm("finance.view_finance_overview"):
        return None
    figures = {"awaiting_review": None, "totals": None}
    if user.has_perm("finance.view_finance_totals"):
        figures["totals"] = programme_totals(finance_overview(user))
    if user.has_perm("finance.review_budget"):
        figures["awaiting_review"] = (
            Budget.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED).count()
        )
    return figures


# The sources of "my tasks" by the name they register under (`kwaliteitsaanpak.core.my_tasks`), as the filter
# names them; a source not listed here is named after its registered name.
TASK_KIND_LABELS = {
    "intake": _("Intakes"),
    "analysis": _("Quality analyses"),
    "plan": _("Improvement plans"),
    "budget": _("Budgets"),
    "progress_reports": _("Progress reports"),
    "visits": _("Expert visits and actions"),
    "audits": _("Audits"),
    "inspection_results": _("Interim results to supply"),
    "inspection_judge": _("Interim results to judge"),
    "inspection_arrangement": _("Supervision arrangements"),
}
HOME_TASKS = 5


def task_kind_label(kind: str) -> str:
    return str(TASK_KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize())


def role_description(user) -> str:
    """What the user does in the programme, for the start page: from the user's school or board and permissions
    (never from group names)."""
    if user.school_id:
        return _(
            "You work here for %(school)s: you work on its quality analysis, improvement plan and progress reports "
            "and supply its interim results. The board submits them to the expert group."
        ) % {"school": user.school}
    if user.school_board_id:
        return _(
            "You work here for %(board)s: you see the schools of your board only. You submit their quality "
            "analyses, improvement plans and progress reports, and supply their interim results."
        ) % {"board": user.school_board}
    descriptions = [
        (
            "improvement_plans.manage_trajectory",
            _("You register schools, plan the intakes, assign the experts and follow every trajectory."),
        ),
        (
            "improvement_plans.review_plan",
            _("You judge the quality analyses, improvement plans and budgets, and adopt the audits."),
        ),
        (
            "improvement_plans.act_as_education_expert",
            _(
                "You make the quality analysis with the schools assigned to you, visit them every quarter, assess their progress reports and draw up their audits."
            ),
        ),
        (
            "improvement_plans.act_as_financial_expert",
            _(
                "You draw up the budgets of the improvement plans with the school boards and follow what is spent."
            ),
        ),
        (
            "audits.judge_interim_results",
            _(
                "You record inspection verdicts and supervision arrangements and judge the schools' interim results every half year."
            ),
        ),
    ]
    for permission, text in descriptions:
        if user.has_perm(permission):
            return text
    return _(
        "Here you follow the schools in the Kwaliteitsaanpak Basisonderwijs: their inspection verdicts and their way through the programme."
    )


class TaskKindForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Kind of task"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = sorted(((kind, task_kind_label(kind)) for kind in kinds), key=lambda choice: choice[1])
        self.fields["soort"].choices = [("", _("All kinds")), *choices]


class MyTasksView(LoginRequiredMixin, TemplateView):
    """Everything that waits for the signed-in user, from every step (`kwaliteitsaanpak.core.my_tasks`): oldest due
    date first, filtered by kind, 25 to a page."""

    template_name = "monitoring/my_tasks.html"
    per_page = 25

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        tasks = tasks_for(self.request.user, today)
        form = TaskKindForm(self.request.GET or None, kinds=sorted({task.kind for task in tasks}))
        kind = form.cleaned_data["soort"] if form.is_valid() else ""
        shown = [task for task in tasks if not kind or task.kind == kind]
        page = Paginator(shown, self.per_page).get_page(self.request.GET.get("page"))
        return super().get_context_data(
            form=form,
            filtered=bool(kind),
            total=len(tasks),
            page_obj=page,
            rows=[task_row(task, today) for task in page],
            **kwargs,
        )


def task_row(task: UserTask, today) -> dict:
    return {"task": task, "overdue": task.is_overdue(today), "kind_label": task_kind_label(task.kind)}


class HomeView(LoginRequiredMixin, TemplateView):
    """The start page: who you are, what you can do here, and the register's headline numbers.

    It lives in monitoring, the app that may read every other app, as later issues add their numbers here.
    """

    template_name = "monitoring/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        tasks = tasks_for(user, today)
        return super().get_context_data(
            role_description=role_description(user),
            task_count=len(tasks),
            first_tasks=[task_row(task, today) for task in tasks[:HOME_TASKS]],
            counts=school_overview_counts(user),
            trajectory_counts=trajectory_overview_counts(user),
            finance=finance_figures(user),
            # Only invite a registration when there is a school left to register (a board's schools may all
            # have an open trajectory).
            can_register=user.has_perm("improvement_plans.add_trajectory")
            and schools_to_register(user).exists(),
            **kwargs,
        )
