#!/usr/bin/env bash
# Build .venv-<CORE>: one ansible-core version on the Python it is tested with, from
# requirements/dev-<CORE>.txt, so that tests/unit and the end-to-end playbooks run on it.
#
# Usage: scripts/venv.sh CORE [VENV_DIR]      e.g. scripts/venv.sh 2.16   (default VENV_DIR: <repo>/.venv-CORE)
#
# The requirements file names its Python in a "# python: X.Y" line. That Python is looked for
# in $PYTHON<XY> (e.g. PYTHON312), then pythonX.Y on PATH, then /root/.pyenv/versions/X.Y.*/bin,
# /usr/local/bin and /usr/bin (a candidate must really run and be X.Y: pyenv shims of versions
# that are not selected exist but fail).  Without one it prints "skipped: no pythonX.Y" and
# exits 0; callers test for VENV_DIR/bin/python.  Rebuilds only when the requirements file
# changed (a stamp file in the venv records its checksum).
set -euo pipefail

usage="usage: $0 CORE [VENV_DIR]   (CORE: one of the requirements/dev-<CORE>.txt, e.g. 2.16)"
case "${1:-}" in
    -h|--help) echo "$usage"; exit 0 ;;
esac
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "$usage" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
core=$1
reqs=$repo/requirements/dev-$core.txt
venv=${2:-$repo/.venv-$core}
[ -f "$reqs" ] || { echo "error: $reqs not found" >&2; exit 2; }
pyver=$(sed -n 's/^# python: *\([0-9]*\.[0-9]*\) *$/\1/p' "$reqs" | head -n 1)
[ -n "$pyver" ] || { echo "error: $reqs has no '# python: X.Y' line" >&2; exit 2; }

find_python() {
    local candidate var=PYTHON${pyver/./}
    local candidates=()
    [ -n "${!var:-}" ] && candidates+=("${!var}")
    if command -v "python$pyver" >/dev/null 2>&1; then
        candidates+=("$(command -v "python$pyver")")
    fi
    for candidate in /root/.pyenv/versions/"$pyver".*/bin/python"$pyver" /usr/local/bin/python"$pyver" \
                     /usr/bin/python"$pyver"; do
        [ -x "$candidate" ] && candidates+=("$candidate")
    done
    for candidate in "${candidates[@]}"; do
        if "$candidate" -c 'import sys, venv, ensurepip; sys.exit("%d.%d" % sys.version_info[:2] != sys.argv[1])' \
                "$pyver" >/dev/null 2>&1; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

if ! python=$(find_python); then
    echo "skipped: no python$pyver (needed for ansible-core $core)"
    exit 0
fi

stamp=$venv/.requirements.sha256
want=$(sha256sum "$reqs" | cut -d' ' -f1)
if [ -x "$venv/bin/python" ] && [ -e "$venv/.gitignore" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] \
        && "$venv/bin/python" -c 'import ansible, httpx, pytest' >/dev/null 2>&1; then
    echo "up to date: $venv (ansible-core $("$venv/bin/python" -c 'import ansible.release; print(ansible.release.__version__)'))"
    exit 0
fi

echo "building $venv with $python"
rm -rf "$venv"
"$python" -m venv "$venv"
# Keep the venv out of git (and so out of ansible-test's copy) without touching .gitignore.
echo '*' > "$venv/.gitignore"
log=$venv/pip-install.log
if ! "$venv/bin/python" -m pip install --disable-pip-version-check -r "$reqs" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "error: pip install -r $reqs failed (log: $log)" >&2
    exit 1
fi
"$venv/bin/python" -c 'import ansible.release, sys; v = ansible.release.__version__; print("ansible-core", v); sys.exit(not v.startswith(sys.argv[1] + "."))' "$core"
echo "$want" > "$stamp"
echo "built: $venv"
