"""Demo data of the register: eight boards, forty schools and their inspection verdicts, and one user per role
(`make run`).

Everything here is invented. BRIN numbers start with 99, a range DUO does not use, so importing DUO's real register
beside the demo can never attach an invented verdict to a real school. `monitoring.demo.seed_demo` calls this first;
the demo of the apps above (trajectories, budgets) picks its schools by their place in `School.objects.order_by("brin")`.
"""

import datetime
import random

from django.contrib.auth.models import Group

from kwaliteitsaanpak.accounts.models import User
from kwaliteitsaanpak.accounts.roles import Role
from schools.constants import ReferenceList, SchoolKind, Stadsdeel, SupervisionArrangement, Verdict
from schools.models import InspectionVerdict, School, SchoolBoard

DEMO_PASSWORD = "kwaliteit-demo"  # noqa: S105 (fictional demo accounts for local use only)
DEMO_USERS = [
    (Role.PROGRAMME_STAFF, "dmo@kwaliteitsaanpak.example", "Petra", "de Vries", {"is_staff": True}),
    (Role.EDUCATION_EXPERT, "expert@kwaliteitsaanpak.example", "Jan", "Bakker", {}),
    (Role.FINANCIAL_EXPERT, "financieel@kwaliteitsaanpak.example", "Fatima", "El Amrani", {}),
    (Role.EXPERT_GROUP, "expertgroep@kwaliteitsaanpak.example", "Willem", "Jansen", {}),
    (Role.SCHOOL_BOARD, "bestuur@kwaliteitsaanpak.example", "Sanne", "Visser", {}),
    (Role.SCHOOL_DIRECTOR, "directeur@kwaliteitsaanpak.example", "Mohamed", "Yilmaz", {}),
    (Role.INSPECTION, "inspectie@kwaliteitsaanpak.example", "Koen", "Smit", {}),
    (Role.MUNICIPALITY, "gemeente@kwaliteitsaanpak.example", "Anouk", "Mulder", {}),
]
BOARDS = [
    ("Stichting Openbaar Onderwijs Amstelstad", "90001"),
    ("Stichting Katholiek Basisonderwijs Aan het IJ", "90002"),
    ("Vereniging Christelijke Scholen Noorderlicht", "90003"),
    ("Stichting Samen Leren Zuidoost", "90004"),
    ("Stichting Islamitisch Onderwijs De Brug", "90005"),
    ("Stichting Westelijke Tuinsteden Scholen", "90006"),
    ("Stichting Algemeen Bijzonder Onderwijs Oost", "90007"),
    ("Vereniging Montessori en Dalton Amsterdam", "90008"),
]
SCHOOL_NAMES = [
    "De Zonnewijzer",
    "De Regenboog",
    "Het Kompas",
    "De Vuurtoren",
    "De Windroos",
    "Het Palet",
    "De Sterrenkijker",
    "De Notenkraker",
    "Het Klimrek",
    "De Toverfluit",
    "De Boomgaard",
    "Het Ankerpunt",
    "De Waterlelie",
    "De Ontdekking",
    "Het Vlot",
    "De Kraanvogel",
    "De Lindeboom",
    "Het Zeepaardje",
    "De Duizendpoot",
    "De Springplank",
    "Het Veldboeket",
    "De Zeester",
    "De Wilgenhof",
    "Het Schateiland",
    "De Ijsvogel",
    "De Regenwolk",
    "Het Lichtbaken",
    "De Paardenbloem",
    "De Vlieger",
    "Het Mozaïek",
    "De Eikenhof",
    "De Blauwe Reiger",
    "Het Kastanjeplein",
    "De Koppeling",
    "De Meander",
    "Het Spoorboekje",
    "De Bolster",
    "De Sprankel",
    "Het Waterrad",
    "De Vlinderhof",
]
POSTCODES = {
    Stadsdeel.NOORD: "1024",
    Stadsdeel.NIEUW_WEST: "1064",
    Stadsdeel.ZUIDOOST: "1103",
    Stadsdeel.OOST: "1093",
    Stadsdeel.WEST: "1056",
    Stadsdeel.ZUID: "1074",
    Stadsdeel.CENTRUM: "1011",
    Stadsdeel.WEESP: "1382",
}


def demo_brin(index: int) -> str:
    """The BRIN of the demo school at `index`: 99AA, 99AB, ... (so ordering by BRIN keeps the index order)."""
    return f"99{chr(65 + index // 26)}{chr(65 + index % 26)}"


def create_register(rng: random.Random) -> None:
    """The boards and schools, each school with its verdict history."""
    boards = [SchoolBoard.objects.create(name=name, number=number) for name, number in BOARDS]
    stadsdelen = list(POSTCODES)
    for index, name in enumerate(SCHOOL_NAMES):
        stadsdeel = stadsdelen[index % len(stadsdelen)] if index % 9 else Stadsdeel.NIEUW_WEST
        school = School.objects.create(
            brin=demo_brin(index),
            location_code="00",
            name=f"Basisschool {name}" if index % 7 else f"SBO {name}",
            board=boards[index % len(boards)],
            kind=SchoolKind.BO if index % 7 else SchoolKind.SBO,
            denomination=rng.choice(
                ["Openbaar", "Rooms-Katholiek", "Protestants-Christelijk", "Algemeen bijzonder"]
            ),
            street_address=f"{name.split()[-1]}straat {rng.randint(1, 120)}",
            postcode=f"{POSTCODES[stadsdeel]} {chr(65 + index % 20)}{chr(66 + index % 17)}",
            city="Weesp" if stadsdeel == Stadsdeel.WEESP else "Amsterdam",
            stadsdeel=stadsdeel,
            pupil_count=rng.randint(120, 520),
            pupil_count_date=datetime.date(2008, 10, 1),
        )
        _create_history(school, index)


def _create_history(school: School, index: int) -> None:
    """Schools 0–30 are on the list of 31 January 2008, 31–32 were added later; 33–39 never were weak."""

    def verdict(date: datetime.date, value: Verdict, **extra) -> None:
        weak = value in (Verdict.WEAK, Verdict.VERY_WEAK)
        InspectionVerdict.objects.create(
            school=school,
            date=date,
            verdict=value,
            supervision_arrangement=SupervisionArrangement.ADJUSTED if weak else SupervisionArrangement.BASIC,
            report_reference=f"DEMO-{school.brin}-{date:%Y%m%d}",
            **extra,
        )

    verdict(datetime.date(2005, 3, 1) + datetime.timedelta(days=index * 9), Verdict.SUFFICIENT)
    if index <= 30:
        weak = Verdict.VERY_WEAK if index % 5 == 0 else Verdict.WEAK
        verdict(
            datetime.date(2007, 5, 1) + datetime.timedelta(days=index * 7),
            weak,
            reference_list=ReferenceList.ORIGINAL,
        )
        if index % 3 == 0:
            verdict(datetime.date(2010, 2, 1) + datetime.timedelta(days=index * 5), Verdict.SUFFICIENT)
    elif index <= 32:
        verdict(
            datetime.date(2008, 4, 15) + datetime.timedelta(days=index),
            Verdict.WEAK,
            reference_list=ReferenceList.ADDITION,
        )


def ensure_users() -> dict[Role, User]:
    """One demo user per role, created when missing; the school board's user works for the first board, the school
    director leads that board's first school (by BRIN: school 0, which `improvement_plans.demo` puts in execution,
    so the director has an analysis, a plan, a budget and progress reports to look at)."""
    board = SchoolBoard.objects.order_by("number").first()
    school = School.objects.filter(board=board).order_by("brin").first() if board else None
    users = {}
    for role, email, first_name, last_name, extra in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first_name, last_name=last_name, **extra
            )
            user.groups.add(Group.objects.get(name=role))
            if role == Role.SCHOOL_BOARD:
                user.school_board = board
                user.save(update_fields=["school_board"])
            if role == Role.SCHOOL_DIRECTOR:
                user.school = school
                user.save(update_fields=["school"])
        users[role] = user
    return users
