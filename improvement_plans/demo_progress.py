"""Demo data of the progress reports: called by the execution demo (`audits/demo.py`)."""

import datetime


def seed(users: dict, today: datetime.date) -> None:
    """Fill progress reports in every state a user should see, on the trajectories in execution."""
