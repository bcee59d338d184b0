"""The load test's users (`make load`, started by loadtest/run.py): people of three roles who log in once and then
browse the start page, the school register, the trajectory list and a trajectory page, with a few seconds of
reading between pages.

The server runs with the production settings over plain HTTP on the loopback address, so its session and CSRF
cookies are marked Secure (`DEBUG` off, ADR 11) and a browser would send them over HTTPS only: the users take the
mark off every cookie they receive (`plain_cookies`), as a TLS proxy in front would make that unnecessary. Each user stops after `MAX_REQUESTS` pages, so a run is bounded in
count as well as in time (`--run-time`).
"""

import csv
import os
import re
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

PASSWORD = "kwaliteit-demo"  # noqa: S105 (the demo data's password, printed by seed_demo)
MAX_REQUESTS = 200
TRAJECTORY_LINK = re.compile(r'href="/trajecten/(\d+)/"')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# Every request as it completes: when it started, its name, its time and whether it failed; with the moment the last
# user arrived, written to LOAD_RAW_CSV when Locust quits (loadtest/run.py computes its table from them).
RAW_CSV = os.environ.get("LOAD_RAW_CSV", "")
REQUESTS: list[tuple[float, str, float, bool]] = []
ALL_ARRIVED: list[float] = []


@events.spawning_complete.add_listener
def all_users_arrived(user_count: int, **kwargs) -> None:
    ALL_ARRIVED.append(time.time())


@events.request.add_listener
def record_request(name: str, response_time: float, exception=None, **kwargs) -> None:
    REQUESTS.append((time.time() - response_time / 1000, name, response_time, exception is not None))


@events.quitting.add_listener
def write_requests(**kwargs) -> None:
    if not RAW_CSV:
        return
    with open(RAW_CSV, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["all_arrived", ALL_ARRIVED[0] if ALL_ARRIVED else ""])
        writer.writerows(REQUESTS)


class Person(HttpUser):
    abstract = True
    email = ""
    # A person reads a page for a few seconds before opening the next.
    wait_time = between(2, 6)

    def on_start(self):
        self.requests = 0
        login_page = self.client.get("/inloggen/", name="login page")
        self.plain_cookies()
        token = CSRF_FIELD.search(login_page.text)
        with self.client.post(
            "/inloggen/",
            data={
                "username": self.email,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/inloggen/"},
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login of {self.email} answered {response.status_code}")
                raise StopUser()
        self.plain_cookies()
        trajectories = self.page("/trajecten/", "trajectory list")
        self.trajectories = sorted(set(TRAJECTORY_LINK.findall(trajectories.text)))

    def plain_cookies(self):
        """Send the Secure cookies over plain HTTP too (requests copies the jar per request, so its policy cannot
        be changed instead)."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def page(self, path: str, name: str):
        self.requests += 1
        if self.requests > MAX_REQUESTS:
            raise StopUser()
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            # A page that sends the user elsewhere (back to the login, a second step) is a failure here.
            if response.status_code != 200:
                response.failure(f"{path} answered {response.status_code}")
        self.plain_cookies()  # a renewed session cookie is marked Secure again
        return response

    @task(3)
    def start_page(self):
        self.page("/", "start page")

    @task(2)
    def schools(self):
        self.page("/scholen/", "school list")

    @task(2)
    def trajectory_list(self):
        self.page("/trajecten/", "trajectory list")

    @task(3)
    def trajectory(self):
        if self.trajectories:
            number = self.trajectories[self.requests % len(self.trajectories)]
            self.page(f"/trajecten/{number}/", "trajectory page")


class ProgrammeStaff(Person):
    email = "dmo@kwaliteitsaanpak.example"


class SchoolBoard(Person):
    email = "bestuur@kwaliteitsaanpak.example"


class EducationExpert(Person):
    email = "expert@kwaliteitsaanpak.example"
