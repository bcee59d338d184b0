from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. Their role is their group."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    school_board = models.ForeignKey(
        "schools.SchoolBoard",
        verbose_name=_("school board"),
        help_text=_("Only for school board users: they see the schools of this board only."),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )
    school = models.ForeignKey(
        "schools.School",
        verbose_name=_("school"),
        help_text=_("Only for school directors: the one school they lead."),
        on_delete=models.PROTECT,
        related_name="directors",
        null=True,
        blank=True,
    )
    calendar_token = models.CharField(
        _("calendar token"),
        max_length=64,
        blank=True,
        help_text=_(
            "The secret in the address of the user's calendar feed; empty until the user asks for one."
        ),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        permissions = [
            # Held by the roles that must log in with two-step verification (ADR 13); code asks this permission,
            # never the role.
            ("requires_second_factor", _("Must log in with two-step verification")),
            ("reset_second_factor", _("Can reset another user's two-step verification")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar_token"],
                condition=~models.Q(calendar_token=""),
                name="user_calendar_token_unique",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email

    @property
    def role_names(self) -> list[str]:
        """The names of the user's roles (groups), for display only."""
        return [group.name for group in self.groups.all()]


class SentReminder(models.Model):
    """A reminder e-mail that was sent: the record that makes each reminder go out once and only once. `key` names
    what it was about and why (e.g. "progress-report:12:due"), so the same reminder is never sent twice."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="sent_reminders"
    )
    key = models.CharField(_("reminder"), max_length=120)
    subject = models.CharField(_("subject"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-sent_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.subject}"


class SecondFactorEvent(models.Model):
    """Something that happened to a user's two-step verification: set up, turned off by the user, or reset by
    programme staff (a lost phone). Appended, never edited (ADR 1: an event is a record of its own); the TOTP
    device itself (django-otp) holds the secret and is not kept in any history."""

    class Kind(models.TextChoices):
        SET_UP = "ingesteld", _("Set up")
        TURNED_OFF = "uitgezet", _("Turned off")
        RESET = "hersteld", _("Reset by programme staff")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="second_factor_events"
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        User, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("two-step verification event")
        verbose_name_plural = _("two-step verification events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"
