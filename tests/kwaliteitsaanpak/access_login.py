"""This area's rows of the access matrix (run by `tests/kwaliteitsaanpak/test_access.py`, vocabulary in
`tests/access.py`): two-step verification and the City's login (ADR 13). The matrix runs with
TWO_FACTOR_REQUIRED off and OIDC not configured; `test_two_factor.py` and `test_oidc.py` test them switched on."""

from tests.access import EVERY_ROLE, ROLES, Page

PAGES: list[Page] = [
    # Anyone may set it up; a user who has it already is sent to the profile.
    Page("set up two-step verification", "/profiel/tweestapsverificatie/", EVERY_ROLE),
    # The second step, for a user with a device; without one (the world's users) it sends the user on.
    Page("second step of the login", "/profiel/tweestapsverificatie/code/", set(), default_denied=302),
    # Turning it off: the world's users have nothing to turn off and go back to their profile.
    Page(
        "turn off two-step verification",
        "/profiel/tweestapsverificatie/uitzetten/",
        set(),
        default_denied=302,
    ),
    # The City's login answers only while OIDC is configured.
    Page("login with the City's account", "/oidc/inloggen/", set(), others=dict.fromkeys(ROLES, 404)),
    Page("return from the City's login", "/oidc/callback/", set(), others=dict.fromkeys(ROLES, 404)),
]


def build(users, boards, objects) -> dict:
    return {}
