"""How the quarterly progress report plugs into the trajectory (ADR 7): its step, its panel on the trajectory page
and its task source for "my tasks". Called from `ImprovementPlansConfig.ready()`."""


def register() -> None:
    """Registers the progress report's step (order 65), panel and task source."""
