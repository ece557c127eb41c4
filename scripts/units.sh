#!/usr/bin/env bash
# Run the unit tests with plain pytest (the fast path; see docs/testing.md).
#
# Usage: scripts/units.sh [--venv DIR] [pytest args...]     (default DIR: <repo>/.venv)
#
# Puts the checkout at <tmp>/ansible_collections/hwcloud/dms (a symlink) and runs
# `python -m pytest --import-mode=importlib tests/unit` with PYTHONPATH=<tmp>.  pytest's
# exit code 5 (no test collected) is turned into a failure.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$repo/.venv
case "${1:-}" in
    -h|--help) echo "usage: $0 [--venv DIR] [pytest args...]"; exit 0 ;;
    --venv) [ $# -ge 2 ] || { echo "usage: $0 [--venv DIR] [pytest args...]" >&2; exit 2; }
            venv=$(realpath -m "$2"); shift 2 ;;
esac
if [ ! -x "$venv/bin/python" ]; then
    echo "error: $venv/bin/python not found" >&2
    exit 1
fi

tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-units.XXXXXX")
trap 'rm -rf "$tmp_root"' EXIT
mkdir -p "$tmp_root/ansible_collections/hwcloud"
ln -s "$repo" "$tmp_root/ansible_collections/hwcloud/dms"

cd "$repo"
set +e
PYTHONPATH=$tmp_root "$venv/bin/python" -m pytest --import-mode=importlib -p no:cacheprovider tests/unit "$@"
rc=$?
set -e
if [ $rc -eq 5 ]; then
    echo "error: no unit test was collected" >&2
    exit 1
fi
exit $rc
