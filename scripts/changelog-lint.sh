#!/usr/bin/env bash
# Lint the changelog fragments (and changelogs/changelog.yaml, when it exists).
#
# Usage: scripts/changelog-lint.sh
# Environment: VENV (default <repo>/.venv).
set -euo pipefail

case "${1:-}" in
    "") ;;
    -h|--help) echo "usage: $0"; exit 0 ;;
    *) echo "usage: $0" >&2; exit 2 ;;
esac

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
venv=$(realpath -m "${VENV:-$repo/.venv}")
tool=$venv/bin/antsibull-changelog
if [ ! -x "$tool" ]; then
    echo "error: $tool not found (build the venv first)" >&2
    exit 1
fi
cd "$repo"
"$tool" lint
if [ -e changelogs/changelog.yaml ]; then
    "$tool" lint-changelog-yaml changelogs/changelog.yaml
fi
echo "changelog: OK"
