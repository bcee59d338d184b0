"""Write the trimmed copy of DUO's national list of locations that the tests read.

The national GeoJSON is 5 MB. The tests need every location in the municipality of Amsterdam (all of them: the
importer's choice between primary and other levels is part of what they check) and some locations elsewhere, so
that the importer has rows to skip. This keeps the Amsterdam features, the first feature of each type elsewhere and
every 100th other feature, line for line as DUO wrote them (one feature a line), in the original order.

    python tests/schools/data/trim_locations.py PATH/TO/alle_vestigingen_national_geocoded_20241122.geojson
"""

import json
import sys
from pathlib import Path

TARGET = Path(__file__).with_name("alle_vestigingen_national_geocoded_20241122_trimmed.geojson")
EVERY = 100


def trim(source: Path, target: Path = TARGET) -> tuple[int, int]:
    lines = source.read_text(encoding="utf-8").splitlines()
    start = lines.index('"features": [') + 1
    end = len(lines) - 1 - lines[::-1].index("]")
    head, features, tail = lines[:start], lines[start:end], lines[end:]
    kept: list[str] = []
    types_seen: set[str] = set()
    for number, line in enumerate(features):
        properties = json.loads(line.rstrip(","))["properties"]
        in_amsterdam = (properties.get("gemeente") or "").strip().upper() == "AMSTERDAM"
        first_of_type = properties.get("type") not in types_seen
        types_seen.add(properties.get("type"))
        if in_amsterdam or first_of_type or number % EVERY == 0:
            kept.append(line.rstrip(","))
    body = [line + "," for line in kept[:-1]] + kept[-1:]
    target.write_text("\n".join(head + body + tail) + "\n", encoding="utf-8")
    return len(features), len(kept)


if __name__ == "__main__":
    total, kept = trim(Path(sys.argv[1]))
    print(f"{TARGET.name}: kept {kept} of {total} features")
