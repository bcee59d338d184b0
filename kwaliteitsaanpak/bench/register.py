"""A national-size school register for the benchmark, invented in the shape of DUO's real one.

The shape comes from DUO's register (../shared/data/duo, 2024): about 1.2 locations per BRIN number, 92% regular
primary schools, 4% special primary and 4% special schools, the denominations and the largest places in their real
proportions, and boards from one school to hundreds (one board of 700 schools, the worst case for a board's page).
Names and numbers are invented: BRIN numbers start with 80–98 and board numbers with 8, ranges DUO does not use,
so no invented verdict ever lands on a real school.
"""

from __future__ import annotations

import datetime
import random
import string
from dataclasses import dataclass

from schools.constants import ReferenceList, SchoolKind, Stadsdeel, SupervisionArrangement, Verdict
from schools.models import InspectionVerdict, School, SchoolBoard

NATIONAL_SCHOOLS = 8757
NATIONAL_BOARDS = 1000
NATIONAL_VERDICTS = 26000
LARGEST_BOARD = 700
BATCH = 2000

KINDS = [(SchoolKind.BO, 92), (SchoolKind.SBO, 4), (SchoolKind.SO, 3), (SchoolKind.VSO, 1)]
DENOMINATIONS = [
    ("Openbaar", 2567),
    ("Rooms-Katholiek", 2042),
    ("Protestants-Christelijk", 1656),
    ("Bijzonder", 1144),
    ("Algemeen bijzonder", 674),
    ("Reformatorisch", 180),
    ("Islamitisch", 60),
]
PLACES = [
    ("Amsterdam", 337),
    ("Rotterdam", 282),
    ("'s-Gravenhage", 221),
    ("Utrecht", 126),
    ("Almere", 104),
    ("Eindhoven", 87),
    ("Groningen", 80),
    ("Tilburg", 70),
    ("Breda", 60),
    ("Nijmegen", 58),
    ("Apeldoorn", 55),
    ("Haarlem", 50),
    ("Enschede", 50),
    ("Zwolle", 45),
    ("Leeuwarden", 44),
    ("Amersfoort", 42),
    ("Zaanstad", 40),
    ("Arnhem", 40),
    ("Dordrecht", 35),
    ("Emmen", 35),
    ("elders", 6500),
]
VILLAGES = [
    "Oosterwolde",
    "Westerveld",
    "Noordhorn",
    "Zuidbroek",
    "Middelburg",
    "Heerenveen",
    "Kampen",
    "Veenendaal",
]
NAME_PREFIXES = ["Basisschool", "OBS", "CBS", "RKBS", "IKC", "Kindcentrum", ""]
NAME_WORDS = [
    "De Zonnebloem",
    "Het Baken",
    "De Klaproos",
    "De Meander",
    "Het Startpunt",
    "De Tweemaster",
    "De Horizon",
    "Het Mozaïek",
    "De Wilgenhoek",
    "De Sleutelbloem",
    "Het Kristal",
    "De Wegwijzer",
    "De Bongerd",
    "Het Lichtpunt",
    "De Driemaster",
    "De Ganzenveer",
    "Het Avontuur",
    "De Zeester",
    "De Populier",
    "Het Scharrelhof",
]
BOARD_KINDS = ["Stichting", "Vereniging", "Stichting Openbaar Onderwijs", "Stichting Katholiek Onderwijs"]


@dataclass
class Register:
    boards: list[SchoolBoard]
    schools: list[School]
    verdicts: int
    # Schools spread over the register that got no verdicts: the demo's stories are copied onto them.
    reserved: list[School]


def _weighted(rng: random.Random, choices: list[tuple]):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def board_sizes(rng: random.Random, boards: int, schools: int) -> list[int]:
    """How many schools each board runs: one of `LARGEST_BOARD` (or less in a small register), the rest a long tail
    from one school to a hundred, adding up to `schools`."""
    if boards <= 0:
        return []
    largest = LARGEST_BOARD if schools >= 2 * LARGEST_BOARD else max(1, schools // 12)
    rest = max(0, schools - largest)
    weights = [min(100.0, rng.paretovariate(1.2)) for _ in range(boards - 1)]
    total = sum(weights) or 1
    sizes = [max(1, int(weight * rest / total)) for weight in weights]
    # Even out the rounding on the largest of the tail, keeping every board at one school at least.
    difference = rest - sum(sizes)
    order = sorted(range(len(sizes)), key=lambda index: -sizes[index])
    index = 0
    while difference and order:
        position = order[index % len(order)]
        step = 1 if difference > 0 else -1
        if sizes[position] + step >= 1:
            sizes[position] += step
            difference -= step
        index += 1
    return [largest, *sizes]


def _brin_numbers(count: int):
    """Invented BRIN numbers (80AA–98ZZ) with their location codes: about one in six has a second location."""
    letters = [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase]
    made = 0
    for prefix in range(80, 99):
        for pair in letters:
            for location in range(2 if (made % 6 == 5) else 1):
                if made >= count:
                    return
                yield f"{prefix}{pair}", f"{location:02d}"
                made += 1


def build_register(
    rng: random.Random, *, schools: int, boards: int, verdicts: int, reserve: int = 0
) -> Register:
    """`boards` boards running `schools` schools, with `verdicts` inspection verdicts spread over them but for
    `reserve` schools picked at random."""
    board_rows = [
        SchoolBoard(
            name=f"{rng.choice(BOARD_KINDS)} {rng.choice(NAME_WORDS).split(' ', 1)[-1]} {number:04d}",
            number=f"8{number:05d}",
        )
        for number in range(boards)
    ]
    SchoolBoard.objects.bulk_create(board_rows, batch_size=BATCH)
    sizes = board_sizes(rng, boards, schools)
    board_of_school = [board for board, size in zip(board_rows, sizes, strict=True) for _ in range(size)]
    amsterdam_districts = [value for value, _label in Stadsdeel.choices]
    school_rows = []
    for number, (brin, location) in enumerate(_brin_numbers(schools)):
        place = _weighted(rng, PLACES)
        if place == "elders":
            place = rng.choice(VILLAGES)
        name = f"{rng.choice(NAME_PREFIXES)} {rng.choice(NAME_WORDS)} {number:04d}".strip()
        school_rows.append(
            School(
                brin=brin,
                location_code=location,
                name=name,
                board=board_of_school[number] if number < len(board_of_school) else board_rows[-1],
                kind=_weighted(rng, KINDS),
                denomination=_weighted(rng, DENOMINATIONS),
                street_address=f"Schoolstraat {rng.randint(1, 200)}",
                postcode=f"{rng.randint(1000, 9999)} {rng.choice(string.ascii_uppercase)}{rng.choice('ABCDEFGH')}",
                city=place,
                stadsdeel=rng.choice(amsterdam_districts) if place == "Amsterdam" else "",
                pupil_count=max(12, int(rng.gauss(210, 90))),
                pupil_count_date=datetime.date(2024, 10, 1),
            )
        )
    School.objects.bulk_create(school_rows, batch_size=BATCH)
    reserved = rng.sample(school_rows, min(reserve, len(school_rows)))
    kept = set(map(id, reserved))
    judged = [school for school in school_rows if id(school) not in kept]
    made = InspectionVerdict.objects.bulk_create(_verdicts(rng, judged, verdicts), batch_size=BATCH)
    return Register(boards=board_rows, schools=school_rows, verdicts=len(made), reserved=reserved)


def _verdicts(rng: random.Random, schools: list[School], count: int) -> list[InspectionVerdict]:
    """About three verdicts a school (the Inspectie visits every four years), most sufficient; weak ones of 2007–2009
    sometimes on the reference list."""
    if not schools or count <= 0:
        return []
    rows = []
    per_school, extra = divmod(count, len(schools))
    for index, school in enumerate(schools):
        years = rng.sample(range(2006, 2026), min(20, per_school + (1 if index < extra else 0)))
        for year in sorted(years):
            verdict = _weighted(
                rng,
                [(Verdict.SUFFICIENT, 70), (Verdict.GOOD, 12), (Verdict.WEAK, 9), (Verdict.VERY_WEAK, 3)]
                + ([(Verdict.INSUFFICIENT, 6)] if year >= 2017 else []),
            )
            weak = verdict in (Verdict.WEAK, Verdict.VERY_WEAK)
            reference = ReferenceList.NONE
            if weak and year <= 2008 and rng.random() < 0.5:
                reference = ReferenceList.ORIGINAL if year < 2008 else ReferenceList.ADDITION
            rows.append(
                InspectionVerdict(
                    school=school,
                    date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    verdict=verdict,
                    supervision_arrangement=SupervisionArrangement.ADJUSTED
                    if weak
                    else SupervisionArrangement.BASIC,
                    reference_list=reference,
                )
            )
    return rows
