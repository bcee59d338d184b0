"""Demo data of execution (`make run`): the progress reports, expert visits, audits and inspection reviews of the
trajectories in execution, in every state a user should see.

`monitoring.demo.seed_demo` calls `create_execution` after the trajectories and budgets exist. It runs the four
scheduled jobs for `today`, as the periodic schedule would have, and then lets each area's demo module put its
records in their states through that area's services: `improvement_plans.demo_progress` (reports due, overdue,
submitted, returned, assessed), `audits.demo_visits` (visits planned and recorded, one stagnating with open
actions), `audits.demo_audits` (the year-1 audit that adjusted a plan, the year-2 audit that extended execution by
a third year) and `audits.demo_inspection` (interim results, judgements and supervision arrangements).

The trajectories in execution are the recent ones of `improvement_plans.demo.RECENT_EXECUTION`, started between
about three months and two years ago. The historical trajectories of 2008–2009 finished their execution in 2010
and are sustaining, so the jobs schedule nothing for them: no wall of reports overdue for fifteen years.
"""

import datetime

from audits import demo_audits, demo_inspection, demo_visits
from audits.services.audits import schedule_audits
from audits.services.inspection import schedule_inspection_reviews
from audits.services.visits import schedule_expert_visits
from improvement_plans import demo_progress
from improvement_plans.services.progress import schedule_progress_reports
from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role


def create_execution(users: dict[Role, User], today: datetime.date) -> None:
    """Schedule what execution asks for up to `today`, fill each area's records in their demo states, and schedule
    once more for what the seeds' decisions made due (the quarters of a third year), as the next night's run would."""
    _schedule(today)
    demo_progress.seed(users, today)
    demo_visits.seed(users, today)
    demo_audits.seed(users, today)
    demo_inspection.seed(users, today)
    _schedule(today)


def _schedule(today: datetime.date) -> None:
    """The four scheduled jobs of execution, for `today` (each idempotent)."""
    schedule_progress_reports(today)
    schedule_expert_visits(today)
    schedule_audits(today)
    schedule_inspection_reviews(today)
