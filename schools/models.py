"""School boards, their schools, the inspection's verdicts and the imports of DUO's school register.

The QuerySets (what a user sees, the annotations of the lists) live here, before the models that use them.
"""

from __future__ import annotations

import uuid
from typing import Self

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kwaliteitsaanpak.core.models import user_field

from .constants import (
    WEAK_VERDICTS,
    ImportKind,
    ImportStatus,
    ReferenceList,
    SchoolKind,
    Stadsdeel,
    SupervisionArrangement,
    Verdict,
)

brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", _("A BRIN number has two digits and two capital letters, for example 18WD.")
)
location_code_validator = RegexValidator(
    r"^[0-9]{2}$", _("A location code has two digits, for example 00 for the main location.")
)
board_number_validator = RegexValidator(
    r"^[0-9]{1,6}$", _("A board number (bevoegd gezag nummer) has at most six digits, for example 41579.")
)
postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Enter a Dutch postcode such as 1063 CW.")
)


def sees_all_schools(user) -> bool:
    return user.is_authenticated and user.has_perm("schools.view_all_schools")


class _BoardScopedQuerySet(models.QuerySet):
    # The lookup that holds the id of the board a row belongs to.
    board_lookup = ""
    # The lookup that holds the id of the school a row is, or has among its schools (a director's scope).
    school_lookup = ""

    def visible_to(self, user) -> Self:
        """Staff, experts, inspection and the municipality see every board and school; a board user only their own
        board and its schools; a school director only their school and its board."""
        if sees_all_schools(user):
            return self
        if user.is_authenticated and user.school_board_id:
            return self.filter(**{self.board_lookup: user.school_board_id})
        if user.is_authenticated and user.school_id:
            return self.filter(**{self.school_lookup: user.school_id})
        return self.none()


class SchoolBoardQuerySet(_BoardScopedQuerySet):
    board_lookup = "pk"
    school_lookup = "schools"

    def with_school_count(self) -> SchoolBoardQuerySet:
        """Annotate `school_count`: a count per board read only for the rows shown (a join and GROUP BY over the
        whole register would count every board's schools before paginating)."""
        schools = (
            School.objects.filter(board=OuterRef("pk")).order_by().values("board").annotate(count=Count("pk"))
        )
        return self.annotate(school_count=Coalesce(Subquery(schools.values("count")[:1]), 0))


class SchoolQuerySet(_BoardScopedQuerySet):
    board_lookup = "board_id"
    school_lookup = "pk"

    def with_current_verdict(self) -> SchoolQuerySet:
        """Annotate the latest inspection verdict (`current_verdict`, `current_verdict_date`) and whether the
        school is on the programme's reference list (`on_reference_list`)."""
        # InspectionVerdict is defined below this QuerySet: it is looked up when this runs.
        verdicts = InspectionVerdict.objects.filter(school=OuterRef("pk"))
        latest = verdicts.order_by("-date", "-id")
        return self.annotate(
            current_verdict=Subquery(latest.values("verdict")[:1]),
            current_verdict_date=Subquery(latest.values("date")[:1]),
            on_reference_list=Exists(verdicts.exclude(reference_list="")),
        )

    def with_participation(self) -> SchoolQuerySet:
        """Annotate `participation_reason`: the reason of the school's open trajectory, or None.

        The trajectory model lives in improvement_plans, above this app; it is reached through the reverse
        relation so that this app imports nothing from it.
        """
        trajectories = self.model.trajectories.rel.related_model.objects.filter(
            school=OuterRef("pk"), ended_on__isnull=True
        )
        return self.annotate(participation_reason=Subquery(trajectories.values("reason")[:1]))

    def for_lists(self) -> SchoolQuerySet:
        return self.select_related("board").with_current_verdict().with_participation()


class SchoolBoard(models.Model):
    """A school board (bevoegd gezag): the legal body that runs one or more schools."""

    name = models.CharField(_("name"), max_length=200)
    number = models.CharField(
        _("board number"),
        max_length=6,
        unique=True,
        validators=[board_number_validator],
        help_text=_("The bevoegd gezag nummer in DUO's register."),
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"), blank=True)
    contact_phone = models.CharField(_("contact telephone number"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = SchoolBoardQuerySet.as_manager()

    class Meta:
        verbose_name = _("school board")
        verbose_name_plural = _("school boards")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="schoolboard_list_order")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:board_detail", args=[self.pk])


class School(models.Model):
    """A school location: a BRIN number plus a location code (vestiging) in DUO's register."""

    brin = models.CharField(_("BRIN number"), max_length=4, validators=[brin_validator])
    location_code = models.CharField(
        _("location code"),
        max_length=2,
        default="00",
        validators=[location_code_validator],
        help_text=_("DUO's vestigingscode after the BRIN number; 00 is the main location."),
    )
    name = models.CharField(_("name"), max_length=200)
    board = models.ForeignKey(
        SchoolBoard,
        verbose_name=_("school board"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    kind = models.CharField(
        _("kind of school"), max_length=3, choices=SchoolKind.choices, default=SchoolKind.BO
    )
    denomination = models.CharField(_("denomination"), max_length=100, blank=True)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[postcode_validator])
    city = models.CharField(_("place"), max_length=100, blank=True)
    stadsdeel = models.CharField(_("stadsdeel"), max_length=20, choices=Stadsdeel.choices, blank=True)
    pupil_count = models.PositiveIntegerField(
        _("number of pupils"),
        null=True,
        blank=True,
        help_text=_("From DUO's count; groups smaller than five that DUO masks are not included."),
    )
    pupil_count_date = models.DateField(_("pupil count reference date"), null=True, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(
        _("edit version"), default=1, help_text=_("For optimistic locking.")
    )

    history = HistoricalRecords()
    objects = SchoolQuerySet.as_manager()

    this_record = _("this school")

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name", "brin", "location_code"]
        # The list's default order: its first page is read from the index, not sorted from the whole register.
        indexes = [models.Index(fields=["name", "brin", "location_code"], name="school_list_order")]
        constraints = [
            models.UniqueConstraint(fields=["brin", "location_code"], name="school_unique_brin_location"),
        ]
        permissions = [
            ("view_all_schools", _("Can see every school and school board")),
            ("import_register", _("Can import DUO's school register")),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("schools:school_detail", args=[self.pk])

    @property
    def code(self) -> str:
        """BRIN and location code together, as DUO writes them: 18WD00."""
        return f"{self.brin}{self.location_code}"


class InspectionVerdict(models.Model):
    """A verdict of the Inspectie van het Onderwijs on a school. The latest one is the school's current state."""

    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="inspection_verdicts"
    )
    date = models.DateField(_("date of the verdict"))
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    supervision_arrangement = models.CharField(
        _("supervision arrangement"), max_length=10, choices=SupervisionArrangement.choices
    )
    report_reference = models.CharField(
        _("report reference"),
        max_length=200,
        blank=True,
        help_text=_("The number or web address of the inspection report."),
    )
    reference_list = models.CharField(
        _("reference list"),
        max_length=12,
        choices=ReferenceList.choices,
        default=ReferenceList.NONE,
        blank=True,
        help_text=_(
            "Whether this verdict puts the school on the programme's reference list: the list of "
            "31 January 2008, or a later addition of a school judged (very) weak after that date."
        ),
    )
    recorded_by = user_field(_("recorded by"), optional=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspection verdict")
        verbose_name_plural = _("inspection verdicts")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "date"],
                name="verdict_unique_school_date",
                violation_error_message=_(
                    "A verdict on this date has already been recorded for this school."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reference_list="") | Q(verdict__in=[verdict.value for verdict in WEAK_VERDICTS]),
                name="verdict_reference_list_only_weak",
                violation_error_message=_(
                    "Only a verdict of weak or very weak can put a school on the reference list."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name}: {self.get_verdict_display()} ({self.date:%d-%m-%Y})"

    @property
    def is_weak(self) -> bool:
        return self.verdict in WEAK_VERDICTS


def register_import_upload_to(instance: RegisterImport, filename: str) -> str:
    """Random stored names: the uploaded file's own name is kept on the record, not on disk."""
    return f"imports/{uuid.uuid4().hex}"


class FileImport(models.Model):
    """One run of an import of an uploaded file, with its progress and its report: the fields that
    `schools.importers.run.run_import` keeps up to date. Each import declares its own `file` (with its own
    `upload_to`) and what else it records."""

    original_filename = models.CharField(_("file name"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_by = user_field(_("started by"), optional=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_done(self) -> bool:
        return self.status == ImportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ImportStatus.FAILED

    @property
    def progress_percentage(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_processed / self.rows_total))


class RegisterImport(FileImport):
    """One run of an import of DUO's school register, with its progress and its report."""

    kind = models.CharField(_("kind of file"), max_length=12, choices=ImportKind.choices)
    file = models.FileField(_("file"), upload_to=register_import_upload_to, blank=True)

    class Meta(FileImport.Meta):
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d-%m-%Y %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("schools:import_detail", args=[self.pk])
