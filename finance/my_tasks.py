"""This app's sources of "my tasks" (`kwaliteitsaanpak.core.my_tasks`), registered from `apps.py`."""


def register() -> None:
    """Registers this app's task sources."""
