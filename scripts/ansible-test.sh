#!/usr/bin/env bash
# Run ansible-test on a physical copy of this collection.
#
# Usage: scripts/ansible-test.sh <sanity|units> [extra ansible-test args...]
#
# ansible-test only works when the physical cwd is .../ansible_collections/hwcloud/dms.
# The repo root IS the collection root, so we copy the tracked files (plus untracked
# files that are not gitignored) into a temporary tree and run there.  Before that,
# a stand-in for the pip bootstrap script (normally downloaded from a host that is not
# reachable here) is placed in ~/.ansible/test/cache/ (see scripts/get_pip_standin.py).
#
# Environment:
#   VENV            venv holding ansible-test (default: <repo>/.venv)
#   PYTHON_VERSION  value for --python (default: the venv's python X.Y)
#   KEEP_TREE=1     keep the temporary tree (its path is printed) for debugging
#   EXCLUDE         space separated paths not copied: "dir/" excludes a folder, other entries are
#                   globs whose "*" does not cross "/".  Default: the emulator and the pytest
#                   harness that drives it, which are developer tooling outside the collection's
#                   content (see docs/testing.md):
#                   "emulator/ bench/ tests/emulator/ tests/lib/ tests/sdk/ tests/integration/*.py"
set -euo pipefail

usage() {
    echo "usage: $0 <sanity|units> [extra ansible-test args...]" >&2
    exit 2
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case "$cmd" in
    sanity|units) ;;
    -h|--help) usage ;;
    *) echo "error: unknown command '$cmd'" >&2; usage ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
ansible_test=$venv/bin/ansible-test
venv_python=$venv/bin/python
if [ ! -x "$ansible_test" ]; then
    echo "error: $ansible_test not found (build the venv first)" >&2
    exit 1
fi
pyver=${PYTHON_VERSION:-$("$venv_python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')}

# 1. pip bootstrap stand-in, named after the pip version this ansible-test pins.
"$venv_python" "$repo/scripts/get_pip_standin.py" --install >/dev/null

# 2. Physical copy of the collection.
tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-ansible-test.XXXXXX")
tmp_root=$(cd "$tmp_root" && pwd -P)
# shellcheck disable=SC2329  # invoked by the EXIT trap
cleanup() {
    if [ "${KEEP_TREE:-0}" = 1 ]; then
        echo "kept: $tmp_root" >&2
    else
        rm -rf "$tmp_root"
    fi
}
trap cleanup EXIT
dest=$tmp_root/ansible_collections/hwcloud/dms
mkdir -p "$dest"

exclude=${EXCLUDE-emulator/ bench/ tests/emulator/ tests/lib/ tests/sdk/ tests/integration/*.py}
count=$("$venv_python" "$repo/scripts/copy_tree.py" "$dest" --exclude "$exclude")
if [ "$cmd" = units ] && [ ! -e "$dest/tests/unit/requirements.txt" ] && [ -e "$dest/requirements.txt" ]; then
    # ansible-test installs tests/unit/requirements.txt into the units venv; until the
    # collection has one, use the runtime requirements (httpx).
    mkdir -p "$dest/tests/unit"
    cp "$dest/requirements.txt" "$dest/tests/unit/requirements.txt"
    echo "note: no tests/unit/requirements.txt, using requirements.txt for the units venv" >&2
fi
echo "copied $count files to $dest" >&2

# 3. Run.  Sanity builds one venv per test (cached in ~/.ansible/test/venv) from the package
#    index.  Units gets --venv --requirements: ansible-test builds a venv with its pytest
#    plugins and tests/unit/requirements.txt, so our .venv is never modified.
cd "$dest"
export PATH="$venv/bin:$PATH"
args=("$cmd" --python "$pyver" --color no)
case "$cmd" in
    units) args+=(--venv --requirements) ;;
esac
set +e
"$ansible_test" "${args[@]}" "$@"
rc=$?
set -e
if [ $rc -ne 0 ]; then
    echo "ansible-test $cmd failed (exit $rc)" >&2
fi
exit $rc
