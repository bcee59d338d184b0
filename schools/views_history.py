"""The change history of an inspection verdict (`kwaliteitsaanpak.core.history`): staff only, read-only."""

from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from kwaliteitsaanpak.core.history import HistorySource, HistoryView

from .models import InspectionVerdict, School


class InspectionVerdictHistoryView(HistoryView):
    @cached_property
    def verdict(self) -> InspectionVerdict:
        visible_schools = School.objects.visible_to(self.request.user)
        return get_object_or_404(
            InspectionVerdict.objects.select_related("school").filter(school__in=visible_schools),
            pk=self.kwargs["pk"],
        )

    def get_permission_object(self):
        return self.verdict

    def history_title(self) -> str:
        return _("Verdict of %(date)s, %(school)s") % {
            "date": self.verdict.date.strftime("%d-%m-%Y"),
            "school": self.verdict.school.name,
        }

    def history_back_url(self) -> str:
        return self.verdict.school.get_absolute_url()

    def history_breadcrumbs(self) -> list[tuple[str, str]]:
        return [(self.verdict.school.name, self.history_back_url())]

    def history_sources(self) -> list[HistorySource]:
        return [HistorySource(InspectionVerdict, {"id": self.verdict.pk}, exclude=frozenset({"school"}))]
