#!/usr/bin/env bash
# Build .venv-2.21: Python 3.12 + ansible-core 2.21 + the unit-test deps, from
# requirements/dev-2.21.txt, so tests/unit also runs on ansible-core 2.21.
#
# Usage: scripts/venv-2.21.sh [VENV_DIR]      (default VENV_DIR: <repo>/.venv-2.21)
#
# Python 3.12 is looked for in $PYTHON312, then python3.12 on PATH, then
# /root/.pyenv/versions/3.12.*/bin and /usr/bin (a candidate must really run and be 3.12).
# Without one it prints "skipped: no python3.12" and exits 0.  Rebuilds only when the
# requirements file changed (a stamp file in the venv records its checksum).
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [VENV_DIR]"; exit 0 ;;
esac
[ $# -le 1 ] || { echo "usage: $0 [VENV_DIR]" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=${1:-$repo/.venv-2.21}
reqs=$repo/requirements/dev-2.21.txt

find_python312() {
    local candidate
    local candidates=()
    [ -n "${PYTHON312:-}" ] && candidates+=("$PYTHON312")
    if command -v python3.12 >/dev/null 2>&1; then
        candidates+=("$(command -v python3.12)")
    fi
    for candidate in /root/.pyenv/versions/3.12.*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        # pyenv shims for versions that are not installed exist but fail: run each one.
        if "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! python312=$(find_python312); then
    echo "skipped: no python3.12 (ansible-core 2.21 needs Python >= 3.12)"
    exit 0
fi

stamp=$venv/.requirements.sha256
want=$(sha256sum "$reqs" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -e "$venv/.gitignore" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] \
        && "$venv/bin/python" -c 'import ansible, httpx, pytest' >/dev/null 2>&1; then
    echo "up to date: $venv (ansible-core $("$venv/bin/python" -c 'import ansible.release; print(ansible.release.__version__)'))"
    exit 0
fi

echo "building $venv with $python312"
rm -rf "$venv"
"$python312" -m venv "$venv"
# Keep the venv out of git (and so out of ansible-test's copy) without touching .gitignore.
echo '*' > "$venv/.gitignore"
log=$venv/pip-install.log
if ! "$venv/bin/python" -m pip install --disable-pip-version-check -r "$reqs" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "error: pip install -r $reqs failed (log: $log)" >&2
    exit 1
fi
"$venv/bin/python" -c 'import ansible.release, sys; v = ansible.release.__version__; print("ansible-core", v); sys.exit(not v.startswith("2.21."))'
echo "$want" > "$stamp"
echo "built: $venv"
