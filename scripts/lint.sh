#!/usr/bin/env bash
# Run ansible-lint (configuration: .ansible-lint) on the collection.
#
# Usage: scripts/lint.sh [extra ansible-lint args...]
#
# ansible-lint resolves hwcloud.dms.* only through ANSIBLE_COLLECTIONS_PATH, so a temporary
# tree holding ansible_collections/hwcloud/dms (a symlink to this checkout) is put first.
# Environment: VENV (default <repo>/.venv).
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [extra ansible-lint args...]"; exit 0 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
lint=$venv/bin/ansible-lint
if [ ! -x "$lint" ]; then
    echo "error: $lint not found (build the venv first)" >&2
    exit 1
fi

tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-lint.XXXXXX")
trap 'rm -rf "$tmp_root"' EXIT
mkdir -p "$tmp_root/ansible_collections/hwcloud"
ln -s "$repo" "$tmp_root/ansible_collections/hwcloud/dms"

cd "$repo"
export ANSIBLE_COLLECTIONS_PATH=$tmp_root
# ansible-lint warns when PATH lacks the venv that holds it.
export PATH="$venv/bin:$PATH"
# Keep ansible-lint's caches out of the work tree.
export ANSIBLE_HOME=$tmp_root/ansible-home
export NO_COLOR=1
"$lint" -c "$repo/.ansible-lint" "$@"
