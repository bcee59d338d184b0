"""How the audits of this app plug into the trajectory and "my tasks" (ADR 7). Called from `AuditsConfig.ready()`."""


def register() -> None:
    """Registers this area's step, panel and task source."""
