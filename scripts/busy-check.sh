#!/usr/bin/env bash
# Run the integration suite on a machine kept busy by CPU load, to show that no test
# depends on the machine's speed (issue 11). Not part of `make test`.
#
#   scripts/busy-check.sh [pytest arguments]   (default: tests/integration -n 2)
#
# Starts two busy loops (one per core of a 2-core CI box), runs the suite, stops the
# loops it started (by their process ids, also on Ctrl-C), and prints the outcome, the
# time taken and the load average.
set -u
cd "$(dirname "$0")/.." || exit 1
PY=${PY:-.venv/bin/python}
LOOPS=${BUSY_LOOPS:-2}

pids=()
stop_loops() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_loops EXIT INT TERM

for _ in $(seq "$LOOPS"); do
  ( while :; do :; done ) &
  pids+=("$!")
done
echo "busy-check: $LOOPS busy loops running (pids ${pids[*]}); $(uptime)"

if [ "$#" -eq 0 ]; then
  set -- tests/integration -n 2
fi
started=$(date +%s)
"$PY" -m pytest -p no:cacheprovider -q "$@"
status=$?
ended=$(date +%s)
echo "busy-check: load at the end: $(uptime)"
stop_loops
echo "busy-check: pytest exit code $status after $((ended - started)) s under $LOOPS busy loops"
exit "$status"
