"""Import of DUO's file of average final scores per school location ("Gemiddelde eindscores bo") into the monitor's
indicator values.

DUO publishes the file per school year: CSV in UTF-8 (possibly with a byte-order mark), `;`-separated, every field
quoted, decimal commas. One row per school location (INSTELLINGSCODE = BRIN, VESTIGINGSCODE) with the reference
date of the pupil count (PEILDATUM_LEERLINGEN, which gives the school year) and, per test provider (IEP, ROUTE8,
DIA, AMN, DOE, LIB), the number of pupils (`<provider>_AANTAL`, "<5" when DUO masks a small count) and their
average score (`<provider>_GEM`, on that provider's own scale). "0" / "0,000" and "NA" mean that the school did not
use that test. Rows of schools outside the municipality are skipped.

It follows the stages of the register import (ADR 0004) and reuses its helpers (`schools.importers`): the file is
parsed completely first, without writing anything but progress; the results are then applied in one transaction;
a problem with the file as a whole changes nothing, a problem in a row rejects only that row with its reason;
values are compared before saving, so the same file imported twice changes nothing the second time.
"""

from .final_scores import ParsedScores, ScoreResult, validate_final_score_file
from .run import execute_final_score_import

__all__ = [
    "ParsedScores",
    "ScoreResult",
    "execute_final_score_import",
    "validate_final_score_file",
]
