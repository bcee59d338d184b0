"""The pages of the indicators: the list of values per school and school year, their form, the import of DUO's
final-score file, and the G4 and national benchmarks."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView

from kwaliteitsaanpak.core.forms import FilterFormHelper
from kwaliteitsaanpak.core.tasks import tell_if_waiting
from kwaliteitsaanpak.core.views import FilteredTableView, ProtectedView, ServiceFormMixin

from . import selectors, services
from .filters import BenchmarkFilter, IndicatorValueFilter
from .forms import BenchmarkForm, FinalScoreImportForm, IndicatorValueForm
from .tables import BenchmarkTable, FinalScoreImportTable, IndicatorValueTable


class _ListView(ProtectedView, FilteredTableView):
    page_title = ""
    empty_text = ""
    change_permission = ""

    def get_table_kwargs(self):
        return {"can_change": self.request.user.has_perm(self.change_permission)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            page_title=self.page_title, filter_helper=FilterFormHelper(), empty_text=self.empty_text, **kwargs
        )


class _FormView(ProtectedView, ServiceFormMixin, FormView):
    template_name = "monitoring/indicator_form.html"
    list_url_name = ""
    list_title = ""
    page_intro = ""

    def get_success_url(self) -> str:
        return reverse(self.list_url_name)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cancel_url=reverse(self.list_url_name),
            list_title=self.list_title,
            page_intro=self.page_intro,
            **kwargs,
        )


# Indicator values


class IndicatorValueListView(_ListView):
    permission_required = "monitoring.view_indicatorvalue"
    filterset_class = IndicatorValueFilter
    table_class = IndicatorValueTable
    export_name = "indicatoren"
    template_name = "monitoring/indicator_list.html"
    page_title = gettext_lazy("Indicators per school")
    empty_text = gettext_lazy(
        "No indicator values match these filters. Clear a filter, or add a value or import DUO's final scores."
    )
    change_permission = "monitoring.change_indicatorvalue"

    def get_queryset(self):
        return selectors.indicator_values_for_list(self.request.user)

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            can_add=user.has_perm("monitoring.add_indicatorvalue"),
            can_import=user.has_perm("monitoring.import_indicators"),
            **kwargs,
        )


class IndicatorValueCreateView(_FormView):
    permission_required = "monitoring.add_indicatorvalue"
    form_class = IndicatorValueForm
    list_url_name = "monitoring:indicator_list"
    list_title = gettext_lazy("Indicators per school")
    page_title = gettext_lazy("Add an indicator value")
    page_intro = gettext_lazy(
        "One value of one school in one school year. A final-test result is always stored with its test: scores "
        "on different tests are never compared."
    )
    success_message = gettext_lazy("The indicator value has been added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Save value")}

    def call_service(self, form):
        return services.indicator_value_record(user=self.request.user, **form.cleaned_data)


class IndicatorValueUpdateView(_FormView):
    permission_required = "monitoring.change_indicatorvalue"
    form_class = IndicatorValueForm
    list_url_name = "monitoring:indicator_list"
    list_title = gettext_lazy("Indicators per school")
    success_message = gettext_lazy("The changes have been saved.")

    @cached_property
    def indicator_value(self):
        return get_object_or_404(selectors.indicator_values_for_list(self.request.user), pk=self.kwargs["pk"])

    def get_scope_object(self):
        return self.indicator_value

    @property
    def page_title(self) -> str:
        value = self.indicator_value
        return _("Change %(indicator)s of %(school)s, %(year)s") % {
            "indicator": value.label,
            "school": value.school.name,
            "year": value.school_year_label,
        }

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": self.indicator_value,
            "submit_label": _("Save value"),
        }

    def call_service(self, form):
        data = dict(form.cleaned_data)
        return services.indicator_value_update(
            user=self.request.user,
            indicator_value=self.indicator_value,
            expected_version=data.pop("version"),
            **data,
        )


# Importing DUO's final-score file


class FinalScoreImportCreateView(ProtectedView, ServiceFormMixin, FormView):
    permission_required = "monitoring.import_indicators"
    form_class = FinalScoreImportForm
    template_name = "monitoring/import_form.html"
    page_title = gettext_lazy("Import DUO's final scores")

    def call_service(self, form):
        final_score_import = services.final_score_import_start(
            user=self.request.user, uploaded_file=form.cleaned_data["file"]
        )
        tell_if_waiting(self.request, final_score_import)  # Redis down: the import waits in the queue
        return final_score_import

    def get_context_data(self, **kwargs):
        imports = FinalScoreImportTable(selectors.final_score_imports()[:10], orderable=False)
        return super().get_context_data(imports_table=imports, **kwargs)


class FinalScoreImportDetailView(ProtectedView, DetailView):
    """The progress of an import while it runs (the page polls itself with htmx), then its report."""

    permission_required = "monitoring.import_indicators"

    def get_queryset(self):
        return selectors.final_score_imports()

    def get_permission_object(self):
        return None

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["monitoring/import_status.html"]
        return ["monitoring/import_detail.html"]


# Benchmarks


class BenchmarkListView(_ListView):
    permission_required = "monitoring.view_benchmark"
    filterset_class = BenchmarkFilter
    table_class = BenchmarkTable
    export_name = "benchmarks"
    template_name = "monitoring/benchmark_list.html"
    page_title = gettext_lazy("G4 and national averages")
    empty_text = gettext_lazy(
        "No averages match these filters. Clear a filter, or add the G4 or national average of a school year."
    )
    change_permission = "monitoring.change_benchmark"

    def get_queryset(self):
        return selectors.benchmarks_for_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=self.request.user.has_perm("monitoring.add_benchmark"), **kwargs
        )


class BenchmarkCreateView(_FormView):
    permission_required = "monitoring.add_benchmark"
    form_class = BenchmarkForm
    list_url_name = "monitoring:benchmark_list"
    list_title = gettext_lazy("G4 and national averages")
    page_title = gettext_lazy("Add a G4 or national average")
    page_intro = gettext_lazy(
        "The average of one school year: targets are judged against the average of the same year, and a "
        "final-test average only against results on the same test."
    )
    success_message = gettext_lazy("The average has been added.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "submit_label": _("Save average")}

    def call_service(self, form):
        return services.benchmark_record(user=self.request.user, **form.cleaned_data)


class BenchmarkUpdateView(_FormView):
    permission_required = "monitoring.change_benchmark"
    form_class = BenchmarkForm
    list_url_name = "monitoring:benchmark_list"
    list_title = gettext_lazy("G4 and national averages")
    success_message = gettext_lazy("The changes have been saved.")

    @cached_property
    def benchmark(self):
        return get_object_or_404(selectors.benchmarks_for_list(), pk=self.kwargs["pk"])

    @property
    def page_title(self) -> str:
        benchmark = self.benchmark
        return _("Change the %(reference)s of %(year)s: %(indicator)s") % {
            "reference": benchmark.get_reference_display().lower(),
            "year": benchmark.school_year_label,
            "indicator": benchmark.label,
        }

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.benchmark, "submit_label": _("Save average")}

    def call_service(self, form):
        data = dict(form.cleaned_data)
        return services.benchmark_update(
            user=self.request.user, benchmark=self.benchmark, expected_version=data.pop("version"), **data
        )
