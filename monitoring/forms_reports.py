"""The forms that ask for a PDF monitoring report: the programme report with the dashboard's filters, and the report
of one school, chosen by typing its name or code (a list to pick from, not a select of every school in the
register)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from improvement_plans.models import ProgrammeRound
from kwaliteitsaanpak.core.forms import ServerValidatedForm, form_helper
from schools.constants import ParticipationReason, Stadsdeel
from schools.models import School, SchoolBoard

# "De Slotermeerschool (18WD00)": a school as the list of choices writes it; the code in brackets decides.
SCHOOL_WITH_CODE = re.compile(r"\((?P<code>[0-9A-Z]{4}\d{2})\)\s*$")
SCHOOL_CODE = re.compile(r"^(?P<brin>[0-9A-Z]{4})(?P<location>\d{2})?$")


def school_choice_label(school: School) -> str:
    return f"{school.name} ({school.code})"


def schools_of_the_programme():
    """The schools a school report can be made of: those with a trajectory in any round (a few hundred at most,
    where the register holds thousands)."""
    return (
        School.objects.filter(trajectories__isnull=False).distinct().order_by("name", "brin", "location_code")
    )


class ProgrammeReportForm(ServerValidatedForm):
    """The dashboard's filters, for the programme report."""

    programme_round = forms.ModelChoiceField(
        label=_("Programme round"),
        queryset=ProgrammeRound.objects.order_by("-reference_date"),
        empty_label=None,
    )
    stadsdeel = forms.ChoiceField(label=_("Stadsdeel"), required=False)
    board = forms.ModelChoiceField(
        label=_("School board"),
        queryset=SchoolBoard.objects.none(),
        required=False,
        empty_label=_("All boards"),
        help_text=_("Only boards with a school in the programme."),
    )
    reason = forms.ChoiceField(label=_("Reason for taking part"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme_round"].initial = ProgrammeRound.objects.current()
        self.fields["stadsdeel"].choices = [("", _("All stadsdelen")), *Stadsdeel.choices]
        self.fields["reason"].choices = [("", _("All reasons")), *ParticipationReason.choices]
        self.fields["board"].queryset = (
            SchoolBoard.objects.filter(schools__trajectories__isnull=False).distinct().order_by("name")
        )
        self.helper = form_helper(_("Ask for the programme report"))
        self.helper.form_action = "monitoring:report_request_programme"

    def dashboard_filters(self):
        from .dashboard import DashboardFilters

        data = self.cleaned_data
        return DashboardFilters(
            programme_round=data["programme_round"],
            stadsdeel=data.get("stadsdeel") or "",
            board=data.get("board"),
            reason=data.get("reason") or "",
        )


class SchoolReportForm(ServerValidatedForm):
    """One school of the programme, typed or picked from the list the browser offers while typing."""

    school = forms.CharField(
        label=_("School"),
        max_length=300,
        help_text=_("Type the school's name or its BRIN code and choose it from the list."),
        widget=forms.TextInput(attrs={"list": "report-school-options", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Ask for the school report"))
        self.helper.form_action = "monitoring:report_request_school"

    def clean_school(self) -> School:
        text = self.cleaned_data["school"].strip()
        schools = schools_of_the_programme()
        with_code = SCHOOL_WITH_CODE.search(text)
        code = SCHOOL_CODE.match(text.upper())
        if with_code:
            code_text = with_code.group("code")
            found = schools.filter(brin=code_text[:4], location_code=code_text[4:])
        elif code:
            found = schools.filter(brin=code.group("brin"))
            if code.group("location"):
                found = found.filter(location_code=code.group("location"))
        else:
            found = schools.filter(name__iexact=text)
        matches = list(found[:2])
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise forms.ValidationError(
                _("More than one school of the programme matches; choose the school from the list.")
            )
        raise forms.ValidationError(
            _("No school of the programme has this name or code. Choose the school from the list.")
        )
