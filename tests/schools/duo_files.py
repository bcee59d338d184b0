"""DUO's public files that the tests import, copied into tests/schools/data (see the README there)."""

from pathlib import Path

DUO_DATA = Path(__file__).resolve().parent / "data"
PUPILS_FILE = DUO_DATA / "leerlingen_po_per_vestiging_amsterdam_20241001.csv"
# Every Amsterdam location of the national list and a sample of the others: see data/trim_locations.py.
LOCATIONS_FILE = DUO_DATA / "alle_vestigingen_national_geocoded_20241122_trimmed.geojson"
FINAL_SCORES_FILE = DUO_DATA / "gemiddelde_eindscores_bo_2024-2025_sample.csv"
