#!/usr/bin/env bash
# A longer fuzz run than CI's: more examples, a seed of your choice, a looser per-example bound.
#   bench/fuzz.sh [EXAMPLES] [SEED]    e.g. bench/fuzz.sh 500 7
# Talks only to servers it starts on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PDFLET_FUZZ_EXAMPLES="${1:-300}" PDFLET_FUZZ_SEED="${2:-$RANDOM}" PDFLET_FUZZ_SECONDS="${PDFLET_FUZZ_SECONDS:-20}"
echo "fuzzing with $PDFLET_FUZZ_EXAMPLES examples, seed $PDFLET_FUZZ_SEED"
PY="${PYTHON:-python}"
[ -x /tmp/venv/bin/python ] && [ -z "${PYTHON:-}" ] && PY=/tmp/venv/bin/python
exec "$PY" -m pytest -q -p no:cacheprovider tests/fuzz "${@:3}"
