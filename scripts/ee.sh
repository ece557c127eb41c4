#!/usr/bin/env bash
# The execution environment: write its build context with `ansible-builder create`, and check
# that it holds this collection and that introspection finds the collection's Python needs.
#
# Usage: scripts/ee.sh [CONTEXT_DIR]      (default CONTEXT_DIR: <repo>/build/ee-context)
#
# 1. builds the collection (scripts/build.sh) and puts the tarball where the definition
#    extensions/ee/execution-environment.yml takes it from: build/ee/hwcloud-dms.tar.gz;
# 2. `ansible-builder create` (offline: no image is built, no registry is needed);
# 3. checks the context: a galaxy stage installing the collection from the copied tarball;
# 4. installs the tarball into a temporary collections path and runs `ansible-builder
#    introspect` on it, which must report the requirements of requirements.txt (httpx) for
#    hwcloud.dms: meta/execution-environment.yml works as introspection reads it.
# Build the image afterwards with: podman build -f CONTEXT_DIR/Containerfile CONTEXT_DIR
# Environment: VENV (default <repo>/.venv).
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [CONTEXT_DIR]"; exit 0 ;;
esac
[ $# -le 1 ] || { echo "usage: $0 [CONTEXT_DIR]" >&2; exit 2; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
builder=$venv/bin/ansible-builder
[ -x "$builder" ] || { echo "error: $builder not found (build the venv first)" >&2; exit 1; }
context=$(realpath -m "${1:-$repo/build/ee-context}")
export PATH="$venv/bin:$PATH"

tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-ee.XXXXXX")
trap 'rm -rf "$tmp_root"' EXIT
export ANSIBLE_HOME=$tmp_root/ansible-home
unset ANSIBLE_COLLECTIONS_PATH ANSIBLE_COLLECTIONS_PATHS

bash "$repo/scripts/build.sh" "$tmp_root/dist" >/dev/null
tarballs=("$tmp_root"/dist/hwcloud-dms-*.tar.gz)
[ ${#tarballs[@]} -eq 1 ] || { echo "error: expected one tarball, got: ${tarballs[*]}" >&2; exit 1; }
mkdir -p "$repo/build/ee"
cp "${tarballs[0]}" "$repo/build/ee/hwcloud-dms.tar.gz"

rm -rf "$context"
"$builder" create -f "$repo/extensions/ee/execution-environment.yml" --context "$context" \
    --output-filename Containerfile >"$tmp_root/create.log" 2>&1 || { cat "$tmp_root/create.log" >&2; exit 1; }

fail=0
check() {  # check DESCRIPTION COMMAND...
    if ! "${@:2}" >/dev/null 2>&1; then
        echo "error: build context: $1" >&2
        fail=1
    fi
}
check "no Containerfile" test -f "$context/Containerfile"
check "no galaxy stage" grep -q '^FROM base AS galaxy' "$context/Containerfile"
check "the galaxy stage does not install requirements.yml" \
    grep -q 'ansible-galaxy collection install .*-r requirements.yml' "$context/Containerfile"
check "the collection tarball was not copied" cmp "${tarballs[0]}" "$context/_build/collections/hwcloud-dms.tar.gz"
check "requirements.yml does not name the copied tarball" \
    grep -q '/build/collections/hwcloud-dms.tar.gz' "$context/_build/requirements.yml"
check "no introspection step" grep -q 'introspect' "$context/Containerfile"

inst=$tmp_root/installed
ANSIBLE_COLLECTIONS_PATH=$inst "$venv/bin/ansible-galaxy" collection install "${tarballs[0]}" -p "$inst" --offline >/dev/null
"$builder" introspect --sanitize "$inst" >"$tmp_root/introspect.txt" 2>&1 || { cat "$tmp_root/introspect.txt" >&2; exit 1; }
want=$(grep -v '^\s*#' "$repo/requirements.txt" | grep -v '^\s*$')
while IFS= read -r req; do
    if ! grep -qF -- "$req" "$tmp_root/introspect.txt" || ! grep -q 'hwcloud.dms' "$tmp_root/introspect.txt"; then
        echo "error: ansible-builder introspect does not report '$req' for hwcloud.dms:" >&2
        cat "$tmp_root/introspect.txt" >&2
        fail=1
    fi
done <<<"$want"
[ $fail -eq 0 ] || exit 1
echo "execution environment: build context in $context (Containerfile, collection tarball, introspection: ${want//$'\n'/ })"
