#!/usr/bin/env bash
# Kept for existing callers: the same as `scripts/venv.sh 2.21 [VENV_DIR]`.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/venv.sh" 2.21 "$@"
