"""Demo data of the inspection area: called by the execution demo (`audits/demo.py`)."""

import datetime


def seed(users: dict, today: datetime.date) -> None:
    """Fill this area's records in every state a user should see, on the trajectories in execution."""
