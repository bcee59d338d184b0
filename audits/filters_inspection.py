"""The filters of the inspection pages: the reviews of interim results and the supervision arrangements."""

import django_filters
from django.utils.translation import gettext_lazy

from kwaliteitsaanpak.core.dates import school_year_label
from kwaliteitsaanpak.core.workflow import SubmissionStatus
from schools.constants import Stadsdeel
from schools.filters import BoardSearchFilter

from .constants import Arrangement, InterimJudgement, TestMoment
from .models import InspectionReview, SupervisionArrangement
from .services.inspection import arrangement_school_years

# Status words of a review as the school and the Inspectie say them.
STATUS_CHOICES = [
    (SubmissionStatus.DRAFT.value, gettext_lazy("To be supplied")),
    (SubmissionStatus.RETURNED.value, gettext_lazy("Returned")),
    (SubmissionStatus.SUBMITTED.value, gettext_lazy("Submitted to the Inspectie")),
    (SubmissionStatus.APPROVED.value, gettext_lazy("Judged")),
]


def _school_years():
    years = InspectionReview.objects.order_by("-school_year").values_list("school_year", flat=True).distinct()
    return [(year, school_year_label(year)) for year in years]


class ReviewFilter(django_filters.FilterSet):
    school_year = django_filters.ChoiceFilter(
        label=gettext_lazy("School year"), choices=_school_years, empty_label=gettext_lazy("All")
    )
    test_moment = django_filters.ChoiceFilter(
        label=gettext_lazy("Test moment"), choices=TestMoment.choices, empty_label=gettext_lazy("All")
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"), choices=STATUS_CHOICES, empty_label=gettext_lazy("All")
    )
    judgement = django_filters.ChoiceFilter(
        label=gettext_lazy("Judgement"), choices=InterimJudgement.choices, empty_label=gettext_lazy("All")
    )
    stadsdeel = django_filters.ChoiceFilter(
        label=gettext_lazy("Stadsdeel"),
        field_name="school__stadsdeel",
        choices=Stadsdeel.choices,
        empty_label=gettext_lazy("All"),
    )
    board = BoardSearchFilter(field_name="school__board")

    class Meta:
        model = InspectionReview
        fields = ["school_year", "test_moment", "status", "judgement", "stadsdeel", "board"]


class ArrangementFilter(django_filters.FilterSet):
    school_year = django_filters.ChoiceFilter(
        label=gettext_lazy("School year"),
        choices=lambda: [(year, school_year_label(year)) for year in arrangement_school_years()],
        empty_label=gettext_lazy("All"),
    )
    arrangement = django_filters.ChoiceFilter(
        label=gettext_lazy("Arrangement"), choices=Arrangement.choices, empty_label=gettext_lazy("All")
    )
    stadsdeel = django_filters.ChoiceFilter(
        label=gettext_lazy("Stadsdeel"),
        field_name="school__stadsdeel",
        choices=Stadsdeel.choices,
        empty_label=gettext_lazy("All"),
    )
    board = BoardSearchFilter(field_name="school__board")

    class Meta:
        model = SupervisionArrangement
        fields = ["school_year", "arrangement", "stadsdeel", "board"]
