"""The Celery app. Tasks run eagerly when no broker is configured (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kwaliteitsaanpak.settings")

app = Celery("kwaliteitsaanpak")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
