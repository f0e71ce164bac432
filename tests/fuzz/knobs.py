"""How hard the fuzz tests push: small and seeded in CI, longer on request.

``PDFLET_FUZZ_EXAMPLES`` (examples per operation or per property), ``PDFLET_FUZZ_SEED``
(the seed; a failure prints the one it used) and ``PDFLET_FUZZ_SECONDS`` (the time bound
of one renderer example) are read by the tests only, never by pdflet itself.
``bench/fuzz.sh`` runs the same tests with a larger budget.
"""

from __future__ import annotations

import os

CI_EXAMPLES = 15  # per schemathesis operation; the renderer property uses 30


def examples(default: int = CI_EXAMPLES) -> int:
    return int(os.environ.get("PDFLET_FUZZ_EXAMPLES") or default)


def seed(default: int = 20261125) -> int:
    return int(os.environ.get("PDFLET_FUZZ_SEED") or default)


def seconds_per_example(default: float = 10.0) -> float:
    return float(os.environ.get("PDFLET_FUZZ_SECONDS") or default)
