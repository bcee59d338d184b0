"""The actors of the service tests: every role, by the short names the tests use, and people who hold a role's
permissions but not for the trajectory at hand (the worlds of tests/improvement_plans and tests/finance make a user
for each when first asked)."""

from kwaliteitsaanpak.accounts.roles import Role

STAFF = Role.PROGRAMME_STAFF
EDUCATION_EXPERT = Role.EDUCATION_EXPERT
FINANCIAL_EXPERT = Role.FINANCIAL_EXPERT
EXPERT_GROUP = Role.EXPERT_GROUP
BOARD = Role.SCHOOL_BOARD
DIRECTOR = Role.SCHOOL_DIRECTOR

OTHER_BOARD = "board_of_another_board"
UNASSIGNED_EXPERT = "education_expert_not_assigned"
UNASSIGNED_FINANCIAL_EXPERT = "financial_expert_not_assigned"
# A school director of another school of the own board: sees none of the world's trajectories.
OTHER_SCHOOL_DIRECTOR = "director_of_another_school"
