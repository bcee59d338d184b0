from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView
from django_tables2 import RequestConfig

from kwaliteitsaanpak.core.forms import FilterFormHelper
from kwaliteitsaanpak.core.tasks import tell_if_waiting
from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView, ServiceFormMixin, ServiceUpdateView

from . import services
from .filters import RegisterImportFilter, SchoolBoardFilter, SchoolFilter
from .forms import InspectionVerdictForm, RegisterImportForm, SchoolBoardForm, SchoolForm
from .models import InspectionVerdict, RegisterImport, School, SchoolBoard
from .tables import RegisterImportTable, SchoolBoardTable, SchoolTable

# The shapes of this app's pages


class _RegisterListView(ProtectedView, FilteredTableView):
    """A list page of the register: its title, the filter panel, a text for no results and, where the user may add
    to the list, an Add button."""

    page_title = ""
    empty_text = ""
    # The permission the Add button needs; a list without the button leaves it empty.
    add_permission = ""

    def get_context_data(self, **kwargs):
        if self.add_permission:
            kwargs["can_add"] = self.request.user.has_perm(self.add_permission)
        return super().get_context_data(
            page_title=self.page_title, filter_helper=FilterFormHelper(), empty_text=self.empty_text, **kwargs
        )

    def get_template_names(self):
        return [self.template_name]


class _AddView(ProtectedView, ServiceFormMixin, FormView):
    """The form that adds to a list through a service; Cancel goes back to the list (`list_url_name`)."""

    template_name = "includes/form_page.html"
    list_url_name = ""

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=reverse(self.list_url_name), **kwargs)


# Schools


class SchoolListView(_RegisterListView):
    permission_required = "schools.view_school"
    filterset_class = SchoolFilter
    table_class = SchoolTable
    export_name = "scholen"
    template_name = "schools/school_list.html"
    page_title = gettext_lazy("Schools")
    empty_text = gettext_lazy(
        "No schools match these filters. Clear a filter or search for another name or BRIN."
    )
    add_permission = "schools.add_school"

    def get_queryset(self):
        return School.objects.visible_to(self.request.user).for_lists()


class SchoolDetailView(ProtectedView, DetailView):
    permission_required = "schools.view_school"
    template_name = "schools/school_detail.html"

    def get_queryset(self):
        return School.objects.visible_to(self.request.user).for_lists()

    def get_context_data(self, **kwargs):
        school = self.object
        user = self.request.user
        # Trajectories live in improvement_plans, above this app: reached through the reverse relation only.
        trajectory_model = school.trajectories.model
        visible = trajectory_model.objects.visible_to(user).filter(school=school).values_list("pk", flat=True)
        return super().get_context_data(
            trajectories=school.trajectories.order_by("-registered_on", "-id"),
            visible_trajectory_ids=set(visible),
            verdicts=school.inspection_verdicts.select_related("recorded_by"),
            changes=school.history.select_related("history_user")[:10],
            can_change=user.has_perm("schools.change_school", school),
            can_record_verdict=user.has_perm("schools.add_inspectionverdict", school),
            can_change_verdict=user.has_perm("schools.change_inspectionverdict", school),
            **kwargs,
        )


class SchoolCreateView(_AddView):
    permission_required = "schools.add_school"
    form_class = SchoolForm
    list_url_name = "schools:school_list"
    page_title = gettext_lazy("Add a school")
    success_message = gettext_lazy("The school has been added.")

    def call_service(self, form):
        fields = dict(form.cleaned_data)
        fields.pop("version", None)  # a new school starts at version 1
        return services.school_create(user=self.request.user, **fields)


class SchoolUpdateView(ServiceUpdateView):
    permission_required = "schools.change_school"
    form_class = SchoolForm

    def get_scoped_queryset(self):
        return School.objects.visible_to(self.request.user)

    def get_initial(self):
        return {"version": self.object_to_change.version}

    def call_service(self, form):
        fields = dict(form.cleaned_data)
        return services.school_update(
            user=self.request.user,
            school=self.object_to_change,
            expected_version=fields.pop("version"),
            **fields,
        )


# Inspection verdicts


class _VerdictFormView(ProtectedView, ServiceFormMixin, FormView):
    """A verdict's form: its school (`school`) decides who may use it, and the page returns to the school."""

    form_class = InspectionVerdictForm
    template_name = "includes/form_page.html"
    school: School

    def get_permission_object(self):
        return self.school

    def get_success_url(self) -> str:
        return self.school.get_absolute_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.school.get_absolute_url(), **kwargs)


class InspectionVerdictCreateView(_VerdictFormView):
    permission_required = "schools.add_inspectionverdict"
    success_message = gettext_lazy("The verdict has been recorded.")

    @cached_property
    def school(self) -> School:
        return get_object_or_404(School.objects.visible_to(self.request.user), pk=self.kwargs["pk"])

    @property
    def page_title(self) -> str:
        return _("Record a verdict for %(school)s") % {"school": self.school.name}

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": InspectionVerdict(school=self.school),
            "submit_label": _("Record verdict"),
        }

    def call_service(self, form):
        return services.inspection_verdict_record(
            user=self.request.user, school=self.school, **form.cleaned_data
        )


class InspectionVerdictUpdateView(_VerdictFormView):
    permission_required = "schools.change_inspectionverdict"
    success_message = gettext_lazy("The verdict has been changed.")

    @cached_property
    def verdict(self) -> InspectionVerdict:
        visible_schools = School.objects.visible_to(self.request.user)
        verdict = get_object_or_404(
            InspectionVerdict.objects.select_related("school").filter(school__in=visible_schools),
            pk=self.kwargs["pk"],
        )
        # The title names the stored date: the form fills in the verdict it changes (an empty date too).
        self.stored_date = verdict.date
        return verdict

    @property
    def school(self) -> School:
        return self.verdict.school

    @property
    def page_title(self) -> str:
        verdict = self.verdict  # looked up first: that keeps its stored date
        return _("Change the verdict of %(date)s for %(school)s") % {
            "date": self.stored_date.strftime("%d-%m-%Y"),
            "school": verdict.school.name,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.verdict, "submit_label": _("Save verdict")}

    def call_service(self, form):
        return services.inspection_verdict_update(
            user=self.request.user, verdict=self.verdict, changes=form.cleaned_data
        )


# School boards


class SchoolBoardListView(_RegisterListView):
    permission_required = "schools.view_schoolboard"
    filterset_class = SchoolBoardFilter
    table_class = SchoolBoardTable
    export_name = "schoolbesturen"
    template_name = "schools/board_list.html"
    page_title = gettext_lazy("School boards")
    empty_text = gettext_lazy("No school boards match this search. Clear the search or try part of the name.")
    add_permission = "schools.add_schoolboard"

    def get_queryset(self):
        return SchoolBoard.objects.visible_to(self.request.user).with_school_count().order_by("name")


class SchoolBoardDetailView(ProtectedView, DetailView):
    permission_required = "schools.view_schoolboard"
    template_name = "schools/board_detail.html"

    def get_queryset(self):
        return SchoolBoard.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        schools = School.objects.visible_to(self.request.user).filter(board=self.object).for_lists()
        # Paginated as every list: a board may run hundreds of schools.
        table = SchoolTable(schools, exclude=["board"], orderable=False)
        RequestConfig(self.request, paginate=FilteredTableView.table_pagination).configure(table)
        return super().get_context_data(
            schools_table=table,
            can_change=self.request.user.has_perm("schools.change_schoolboard", self.object),
            **kwargs,
        )


class SchoolBoardCreateView(_AddView):
    permission_required = "schools.add_schoolboard"
    form_class = SchoolBoardForm
    list_url_name = "schools:board_list"
    page_title = gettext_lazy("Add a school board")
    success_message = gettext_lazy("The school board has been added.")

    def call_service(self, form):
        return services.school_board_create(user=self.request.user, **form.cleaned_data)


class SchoolBoardUpdateView(ServiceUpdateView):
    permission_required = "schools.change_schoolboard"
    form_class = SchoolBoardForm

    def get_scoped_queryset(self):
        return SchoolBoard.objects.visible_to(self.request.user)

    def call_service(self, form):
        return services.school_board_update(
            user=self.request.user, board=self.object_to_change, **form.cleaned_data
        )


# Importing DUO's register


class RegisterImportListView(_RegisterListView):
    permission_required = "schools.import_register"
    table_class = RegisterImportTable
    filterset_class = RegisterImportFilter
    export_name = "imports"
    template_name = "schools/import_list.html"
    page_title = gettext_lazy("Imports of DUO's school register")
    empty_text = gettext_lazy("No imports yet. Choose “Import a file” to import DUO's register.")

    def get_queryset(self):
        return RegisterImport.objects.select_related("started_by")


class RegisterImportCreateView(ProtectedView, ServiceFormMixin, FormView):
    permission_required = "schools.import_register"
    form_class = RegisterImportForm
    template_name = "schools/import_form.html"
    page_title = gettext_lazy("Import DUO's school register")

    def call_service(self, form):
        register_import = services.register_import_start(
            user=self.request.user, kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"]
        )
        tell_if_waiting(self.request, register_import)  # Redis down: the import waits in the queue
        return register_import


class RegisterImportDetailView(ProtectedView, DetailView):
    """The progress of an import while it runs (the page polls itself with htmx), then its report."""

    permission_required = "schools.import_register"
    queryset = RegisterImport.objects.select_related("started_by")

    def get_permission_object(self):
        return None

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["schools/includes/import_status.html"]
        return ["schools/import_detail.html"]
