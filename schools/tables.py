import django_tables2 as tables
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kwaliteitsaanpak.core.table_columns import WIDE_ONLY, wide_only

from .constants import ImportStatus, ParticipationReason, SchoolKind, Verdict
from .models import RegisterImport, School, SchoolBoard
from .templatetags.school_tags import participation_tag, verdict_tag

NUMBER_ATTRS = {"th": {"class": "num"}, "td": {"class": "num"}}


class SchoolTable(tables.Table):
    code = tables.Column(verbose_name=_("BRIN"), order_by=("brin", "location_code"), accessor="code")
    name = tables.Column(verbose_name=_("Name"), linkify=True)
    # At 390 px: BRIN, name, verdict and taking part (kwaliteitsaanpak.core.table_columns).
    board = tables.Column(
        verbose_name=_("School board"), linkify=True, order_by=("board__name",), attrs=WIDE_ONLY
    )
    stadsdeel = tables.Column(verbose_name=_("Stadsdeel"), attrs=WIDE_ONLY)
    kind = tables.Column(verbose_name=_("Kind"), attrs=WIDE_ONLY)
    pupil_count = tables.Column(verbose_name=_("Pupils"), attrs=wide_only(NUMBER_ATTRS))
    current_verdict = tables.Column(verbose_name=_("Verdict"), order_by=("current_verdict",))
    participation_reason = tables.Column(verbose_name=_("Taking part"), order_by=("participation_reason",))

    class Meta:
        model = School
        fields = [
            "code",
            "name",
            "board",
            "stadsdeel",
            "kind",
            "pupil_count",
            "current_verdict",
            "participation_reason",
        ]
        empty_text = _("No schools match these filters.")

    def render_kind(self, record) -> str:
        """The short code DUO uses (Bo, Sbo, So, Vso), with the full name for screen readers and on hover."""
        return format_html('<abbr title="{}">{}</abbr>', record.get_kind_display(), record.kind.capitalize())

    def value_kind(self, record) -> str:
        # The enum's label, not get_kind_display(): that hashes every choice per call, which tells in an export
        # of the whole register.
        return str(SchoolKind(record.kind).label)

    def value_pupil_count(self, value):
        # A number in the exports (XLSX sums it), not the page's "1.234".
        return value

    def render_pupil_count(self, value) -> str:
        return number_format(value, force_grouping=True) if value is not None else "–"

    def render_current_verdict(self, value):
        return verdict_tag(value)

    def render_participation_reason(self, value):
        return participation_tag(value)

    def value_current_verdict(self, value) -> str:
        return Verdict(value).label if value else ""

    def value_participation_reason(self, value) -> str:
        return ParticipationReason(value).label if value else ""


class SchoolBoardTable(tables.Table):
    name = tables.Column(verbose_name=_("Name"), linkify=True)
    number = tables.Column(verbose_name=_("Board number"))
    school_count = tables.Column(verbose_name=_("Schools"), attrs=NUMBER_ATTRS)
    contact_name = tables.Column(verbose_name=_("Contact person"))
    contact_email = tables.EmailColumn(verbose_name=_("E-mail address"))

    class Meta:
        model = SchoolBoard
        fields = ["name", "number", "school_count", "contact_name", "contact_email"]
        empty_text = _("No school boards match these filters.")


class RegisterImportTable(tables.Table):
    created_at = tables.DateTimeColumn(verbose_name=_("Started"), linkify=True, format="j F Y, H:i")
    kind = tables.Column(verbose_name=_("Kind of file"))
    original_filename = tables.Column(verbose_name=_("File name"))
    started_by = tables.Column(verbose_name=_("Started by"))
    status = tables.Column(verbose_name=_("Status"))
    summary = tables.Column(verbose_name=_("Result"), accessor="report__summary", orderable=False, default="")

    class Meta:
        model = RegisterImport
        fields = ["created_at", "kind", "original_filename", "started_by", "status", "summary"]
        empty_text = _("No imports yet.")

    def render_status(self, record) -> str:
        colour = {ImportStatus.DONE: "green", ImportStatus.FAILED: "red"}.get(record.status, "blue")
        return format_html('<span class="tag tag-{}">{}</span>', colour, record.get_status_display())
