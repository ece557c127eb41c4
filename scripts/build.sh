#!/usr/bin/env bash
# Build the collection tarball and prove that it installs.
#
# Usage: scripts/build.sh [OUTPUT_DIR]     (default OUTPUT_DIR: <repo>/build)
#
# 1. copies the files a fresh clone would have (scripts/copy_tree.py) into a temporary tree,
#    so stray local files never reach the artifact;
# 2. `ansible-galaxy collection build` there, tarball written to OUTPUT_DIR;
# 3. installs the tarball into a fresh temporary collections path and checks that the
#    installed copy holds the same plugins/modules as the source, no emulator/, .venv*,
#    tests/output or .git, and that ansible-doc lists every module from it;
# 4. prints the tarball path, size and file count.
# Environment: VENV (default <repo>/.venv).
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [OUTPUT_DIR]"; exit 0 ;;
esac
[ $# -le 1 ] || { echo "usage: $0 [OUTPUT_DIR]" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
py=$venv/bin/python
galaxy=$venv/bin/ansible-galaxy
if [ ! -x "$galaxy" ]; then
    echo "error: $galaxy not found (build the venv first)" >&2
    exit 1
fi
out=${1:-$repo/build}
mkdir -p "$out"
out=$(cd "$out" && pwd -P)

tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-build.XXXXXX")
trap 'rm -rf "$tmp_root"' EXIT
src=$tmp_root/src
"$py" "$repo/scripts/copy_tree.py" "$src" >/dev/null

export PATH="$venv/bin:$PATH"
export ANSIBLE_HOME=$tmp_root/ansible-home
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS

version=$("$py" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$src/galaxy.yml")
tarball=$out/hwcloud-dms-$version.tar.gz
"$galaxy" collection build "$src" --output-path "$out" --force >/dev/null
[ -f "$tarball" ] || { echo "error: $tarball was not built" >&2; exit 1; }

inst=$tmp_root/installed
ANSIBLE_COLLECTIONS_PATH=$inst "$galaxy" collection install "$tarball" -p "$inst" --force --offline >/dev/null
coll=$inst/ansible_collections/hwcloud/dms
fail=0
for bad in emulator .venv .venv-2.21 tests/output .git .ci build; do
    if [ -e "$coll/$bad" ]; then
        echo "error: installed collection contains $bad" >&2
        fail=1
    fi
done
if find "$coll" -name '__pycache__' -o -name '*.tar.gz' | grep -q .; then
    echo "error: installed collection contains __pycache__ or tarballs" >&2
    fail=1
fi

modules() { # list module short names (*.py, not _*) under $1/plugins/modules
    [ -d "$1/plugins/modules" ] || return 0
    find "$1/plugins/modules" -maxdepth 1 -name '*.py' ! -name '_*' -printf '%f\n' | sed 's/\.py$//' | sort
}
want=$(modules "$src")
have=$(modules "$coll")
if [ "$want" != "$have" ]; then
    echo "error: installed plugins/modules differ from the source:" >&2
    diff <(echo "$want") <(echo "$have") >&2 || true
    fail=1
fi
n_modules=$(printf '%s' "$want" | grep -c . || true)
if [ "$n_modules" -eq 0 ]; then
    echo "warning: the collection has no modules yet" >&2
else
    listed=$(ANSIBLE_COLLECTIONS_PATH=$inst "$venv/bin/ansible-doc" -t module -l hwcloud.dms --json \
        | "$py" -c 'import json, sys; print("\n".join(sorted(k.rsplit(".", 1)[1] for k in json.load(sys.stdin))))')
    if [ "$listed" != "$want" ]; then
        echo "error: ansible-doc on the installed copy does not list every module:" >&2
        diff <(echo "$want") <(echo "$listed") >&2 || true
        fail=1
    fi
fi
[ $fail -eq 0 ] || exit 1

size=$(stat -c %s "$tarball")
files=$(tar -tzf "$tarball" | grep -vc '/$')
echo "built: $tarball"
echo "size: $size bytes ($(( (size + 1023) / 1024 )) KiB), files: $files, modules: $n_modules"
