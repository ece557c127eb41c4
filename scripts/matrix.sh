#!/usr/bin/env bash
# The ansible-core version matrix: for each CORE, build .venv-CORE (scripts/venv.sh) and run
# the unit tests and the end-to-end playbook tests on it: the shipped playbooks
# (tests/integration/test_playbooks.py), the module and controller execution paths
# (test_execution_paths.py) and the inventory plugin (test_inventory.py).
# ansible-core 2.19 is the main venv's version and runs in the ordinary suites (make test-unit,
# make test-integration), so it is not repeated here.
#
# Usage: scripts/matrix.sh [CORE...]          (default: 2.16 2.18 2.21)
#
# The emulator always runs from the main venv (.venv, or $VENV), which has FastAPI.
# A CORE whose Python is missing on this machine is reported as skipped, not failed.
# Prints the time each step took.
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [CORE...]   (default: 2.16 2.18 2.21)"; exit 0 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
main_venv=$(realpath -m "${VENV:-$repo/.venv}")
[ -x "$main_venv/bin/python" ] || { echo "error: $main_venv/bin/python not found" >&2; exit 1; }
[ $# -gt 0 ] || set -- 2.16 2.18 2.21

step() {  # step LABEL COMMAND...: run, then print how long it took
    local label=$1 start=$SECONDS
    shift
    "$@"
    echo "matrix: $label: $((SECONDS - start)) s"
}

cd "$repo"
skipped=()
for core in "$@"; do
    venv=$repo/.venv-$core
    step "ansible-core $core venv" bash "$repo/scripts/venv.sh" "$core" "$venv"
    if [ ! -x "$venv/bin/python" ]; then
        skipped+=("$core")
        continue
    fi
    step "ansible-core $core unit tests" bash "$repo/scripts/units.sh" --venv "$venv" -q
    step "ansible-core $core playbooks end to end" \
        env DMS_EMULATOR_PYTHON="$main_venv/bin/python" "$venv/bin/python" -m pytest -p no:cacheprovider -q \
        tests/integration/test_playbooks.py tests/integration/test_execution_paths.py \
        tests/integration/test_inventory.py
done
if [ ${#skipped[@]} -gt 0 ]; then
    echo "matrix: SKIPPED (no suitable Python on this machine): ansible-core ${skipped[*]}"
fi
