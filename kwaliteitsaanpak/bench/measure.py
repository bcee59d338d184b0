"""Timing pages in the process, as Django's test client asks them: middleware, views, templates and queries, no
network. Lists are timed beside the admin's list of the same model in one run, interleaved, so that the machine's
load weighs on both alike; the figure is the median."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from improvement_plans.constants import Phase
from improvement_plans.models import ImprovementPlan, Trajectory
from kwaliteitsaanpak.accounts.models import User
from schools.models import School, SchoolBoard

from .pages import Page


@dataclass
class Sample:
    """The records the detail pages open: a school in execution (its trajectory and latest plan) and the board with
    the most schools."""

    school: School
    trajectory: Trajectory
    plan: ImprovementPlan
    largest_board: SchoolBoard

    @classmethod
    def pick(cls) -> Sample:
        trajectory = (
            Trajectory.objects.filter(phase=Phase.EXECUTION)
            .annotate(reports=Count("progress_reports"))
            .order_by("-reports", "-pk")
            .first()
        )
        plan = ImprovementPlan.objects.filter(trajectory=trajectory).order_by("-number").first()
        board = SchoolBoard.objects.annotate(size=Count("schools")).order_by("-size", "pk").first()
        return cls(school=trajectory.school, trajectory=trajectory, plan=plan, largest_board=board)


@dataclass
class Measurement:
    page: Page
    url: str | None
    times: list[float]
    admin_url: str | None = None
    admin_times: list[float] | None = None
    queries: int | None = None
    size: int = 0
    status: int = 0

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def admin_median(self) -> float | None:
        return statistics.median(self.admin_times) if self.admin_times else None

    @property
    def ratio(self) -> float | None:
        if self.median is None or not self.admin_median:
            return None
        return self.median / self.admin_median


class Browser:
    """A logged-in client per user, and the URLs of the pages."""

    def __init__(self):
        self.clients: dict[str, Client] = {}
        # URL -> the exception a page raised
        self.errors: dict[str, str] = {}

    def client(self, email: str) -> Client:
        if email not in self.clients:
            client = Client()
            client.force_login(User.objects.get(email=email))
            self.clients[email] = client
        return self.clients[email]

    @staticmethod
    def url(page: Page, sample: Sample) -> str | None:
        try:
            path = reverse(page.url_name, args=page.args(sample) if page.args else None)
        except NoReverseMatch:
            return None
        return f"{path}?{page.query}" if page.query else path

    @staticmethod
    def admin_url(page: Page) -> str | None:
        if not page.admin:
            return None
        model = apps.get_model(page.admin)
        if not admin.site.is_registered(model):
            return None
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")

    def get(self, email: str, url: str) -> tuple[float, int, int]:
        """Seconds to answer (a streamed answer read to its end), the status and the size in bytes."""
        client = self.client(email)
        start = time.perf_counter()
        try:
            response = client.get(url)
        except Exception as error:
            self.errors[url] = f"{type(error).__name__}: {error}"[:200]
            return time.perf_counter() - start, 500, 0
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return time.perf_counter() - start, response.status_code, len(body)

    def count_queries(self, email: str, url: str) -> int | None:
        # Once before counting: a client's first request also loads what every later one finds cached.
        self.get(email, url)
        with CaptureQueriesContext(connection) as queries:
            _seconds, status, _size = self.get(email, url)
        return len(queries.captured_queries) if status == 200 else None


def count_queries(browser: Browser, pages: list[Page], sample: Sample) -> dict[str, int | None]:
    counts = {}
    for page in pages:
        url = browser.url(page, sample)
        counts[page.label] = browser.count_queries(page.user, url) if url and page.counts_queries else None
    return counts


def time_pages(browser: Browser, pages: list[Page], sample: Sample, repeat: int) -> list[Measurement]:
    """Every page `repeat` times after one warm-up, and beside it its admin list; interleaved: round after round
    over all pages."""
    measurements = []
    for page in pages:
        url = browser.url(page, sample)
        admin_url = browser.admin_url(page) if url else None
        measurement = Measurement(page, url, [], admin_url, [] if admin_url else None)
        if url:
            _seconds, measurement.status, measurement.size = browser.get(page.user, url)
            if admin_url:
                browser.get(page.user, admin_url)
        measurements.append(measurement)
    for _round in range(repeat):
        for measurement in measurements:
            if not measurement.url or measurement.status != 200:
                continue
            seconds, _status, _size = browser.get(measurement.page.user, measurement.url)
            measurement.times.append(seconds)
            if measurement.admin_url:
                seconds, _status, _size = browser.get(measurement.page.user, measurement.admin_url)
                measurement.admin_times.append(seconds)
    return measurements


def time_call(function: Callable, repeat: int) -> tuple[float, object]:
    """The median seconds of `repeat` calls of `function`, and what the last call returned."""
    times, result = [], None
    for _round in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result
