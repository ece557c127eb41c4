#!/usr/bin/env bash
# (Re)build changelogs/changelog.yaml and CHANGELOG.rst for the version in galaxy.yml.
#
# Usage: scripts/changelog-release.sh [extra antsibull-changelog release args...]
#
# Runs `antsibull-changelog release --version <galaxy.yml version> --update-existing
# --reload-plugins`: adds the fragments not yet recorded to that release (fragments are
# kept, see changelogs/config.yaml) and lists new modules from their version_added.
# antsibull-changelog finds our plugins through ansible-doc, so it runs from a temporary
# ansible_collections/hwcloud/dms symlink to this checkout.
# Environment: VENV (default <repo>/.venv).
set -euo pipefail

case "${1:-}" in
    -h|--help) echo "usage: $0 [extra antsibull-changelog release args...]"; exit 0 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
if [ ! -x "$venv/bin/antsibull-changelog" ]; then
    echo "error: $venv/bin/antsibull-changelog not found (build the venv first)" >&2
    exit 1
fi
version=$("$venv/bin/python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$repo/galaxy.yml")

tmp_root=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-changelog.XXXXXX")
trap 'rm -rf "$tmp_root"' EXIT
mkdir -p "$tmp_root/ansible_collections/hwcloud"
ln -s "$repo" "$tmp_root/ansible_collections/hwcloud/dms"

export PATH="$venv/bin:$PATH"
export ANSIBLE_COLLECTIONS_PATH=$tmp_root
cd "$tmp_root/ansible_collections/hwcloud/dms"
antsibull-changelog release --version "$version" --update-existing --reload-plugins "$@"
rm -f "$repo/changelogs/.plugin-cache.yaml"
echo "changelog: release $version written to changelogs/changelog.yaml and CHANGELOG.rst"
