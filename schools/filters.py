import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .constants import ImportKind, ImportStatus, SchoolKind, Stadsdeel, Verdict
from .models import RegisterImport, School, SchoolBoard

YES_NO = [("ja", _("Yes")), ("nee", _("No"))]
NO_VERDICT = "geen"


def visible_boards(request):
    """The school boards the request's user may see, by name (the choices of a board filter)."""
    return (
        SchoolBoard.objects.visible_to(request.user).order_by("name")
        if request
        else SchoolBoard.objects.none()
    )


def search_schools(queryset, value: str, school: str = ""):
    """The rows whose school (at the lookup path `school`, such as "trajectory__school__"; empty for the schools
    themselves) has `value` in its name, or as its BRIN number with or without location code ("18WD", "18WD00")."""
    value = value.strip()
    code = value.upper().replace(" ", "")
    return queryset.filter(
        Q(**{f"{school}name__icontains": value})
        | Q(**{f"{school}brin": code[:4], f"{school}location_code__startswith": code[4:6]})
        | Q(**{f"{school}brin": code})
    )


class BoardSearchFilter(django_filters.CharFilter):
    """The school board by (part of) its name or by its number: a text field, not a choice among every board (the
    national register has a thousand). The list's rows are already scoped to the user, so another board's name finds
    nothing. `field_name` is the path to the board ("board", "school__board")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("School board"))
        kwargs.setdefault("help_text", _("Name or board number"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(**{f"{self.field_name}__name__icontains": value}) | Q(**{f"{self.field_name}__number": value})
        )


class SchoolFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("Name or BRIN number, for example 18WD")
    )
    stadsdeel = django_filters.ChoiceFilter(
        label=_("Stadsdeel"), choices=Stadsdeel.choices, empty_label=_("All")
    )
    board = BoardSearchFilter(field_name="board")
    kind = django_filters.ChoiceFilter(
        label=_("Kind of school"), choices=SchoolKind.choices, empty_label=_("All")
    )
    current_verdict = django_filters.ChoiceFilter(
        label=_("Current verdict"),
        choices=[*Verdict.choices, (NO_VERDICT, _("No verdict yet"))],
        method="filter_current_verdict",
        empty_label=_("All"),
    )
    on_reference_list = django_filters.ChoiceFilter(
        label=_("On the reference list"), choices=YES_NO, method="filter_reference_list", empty_label=_("All")
    )
    participating = django_filters.ChoiceFilter(
        label=_("Taking part in the programme"),
        choices=YES_NO,
        method="filter_participating",
        empty_label=_("All"),
    )

    # The schools of a programme round's reference list: the monitor's figures link here (no field of its own).
    ronde = django_filters.NumberFilter(method="filter_round", widget=forms.HiddenInput)

    class Meta:
        model = School
        fields = [
            "q",
            "stadsdeel",
            "board",
            "kind",
            "current_verdict",
            "on_reference_list",
            "participating",
            "ronde",
        ]

    def filter_search(self, queryset, name, value):
        return search_schools(queryset, value)

    def filter_current_verdict(self, queryset, name, value):
        if value == NO_VERDICT:
            return queryset.filter(current_verdict__isnull=True)
        return queryset.filter(current_verdict=value)

    def filter_reference_list(self, queryset, name, value):
        return queryset.filter(on_reference_list=(value == "ja"))

    def filter_participating(self, queryset, name, value):
        return queryset.filter(participation_reason__isnull=(value != "ja"))

    def filter_round(self, queryset, name, value):
        return queryset.filter(programme_rounds=value)


class SchoolBoardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="filter_search", help_text=_("Name or board number")
    )

    class Meta:
        model = SchoolBoard
        fields = ["q"]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(number=value))


class RegisterImportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind of file"), choices=ImportKind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ImportStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = RegisterImport
        fields = ["kind", "status"]
