#!/usr/bin/env bash
# Run a molecule scenario of extensions/molecule/ (default: `default`) against the emulator.
#
# Usage: scripts/molecule.sh [SCENARIO] [molecule test args...]
#
# molecule runs from the collection root; hwcloud.dms resolves through a temporary
# ANSIBLE_COLLECTIONS_PATH tree holding ansible_collections/hwcloud/dms (a symlink to this
# checkout), and ANSIBLE_HOME is temporary too, so nothing is left in ~/.ansible.
# Environment: VENV (default <repo>/.venv).
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [SCENARIO] [molecule test args...]"; exit 0 ;;
esac
scenario=${1:-default}
[ $# -eq 0 ] || shift

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
[ -x "$venv/bin/molecule" ] || { echo "error: $venv/bin/molecule not found (build the venv first)" >&2; exit 1; }

tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-molecule.XXXXXX")
trap 'rm -rf "$tmp_root"' EXIT
mkdir -p "$tmp_root/collections/ansible_collections/hwcloud"
ln -s "$repo" "$tmp_root/collections/ansible_collections/hwcloud/dms"

cd "$repo"
export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH=$tmp_root/collections
export ANSIBLE_HOME=$tmp_root/ansible-home
export ANSIBLE_LOCAL_TEMP=$tmp_root/ansible-tmp
export MOLECULE_EPHEMERAL_DIRECTORY=$tmp_root/ephemeral
export NO_COLOR=1
molecule test -s "$scenario" "$@"
