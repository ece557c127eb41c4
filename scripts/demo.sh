#!/usr/bin/env bash
# make demo: start the emulator, provision a whole environment from
# playbooks/vars/demo.yml, run it again to show it is idempotent (changed=0),
# make one out-of-band change, then audit in check mode with --diff.
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d "${TMPDIR:-/tmp}/hwcloud-dms-demo.XXXXXX")
port_file="$work/port"
# Demo-only credentials for the local emulator (never real ones).
export HW_ACCESS_KEY="DEMOACCESSKEY0000001"
export HW_SECRET_KEY="demo-secret-key-for-the-emulator"
export HW_PROJECT_ID="0f1e2d3c4b5a69788796a5b4c3d2e1f0"
export HW_REGION_NAME="ap-southeast-1"

python -m dms_emulator --host 127.0.0.1 --port 0 --port-file "$port_file" --db "$work/state.sqlite" \
  --access-key "$HW_ACCESS_KEY" --secret-key "$HW_SECRET_KEY" --project-id "$HW_PROJECT_ID" \
  --region "$HW_REGION_NAME" --delay-seconds 2 >"$work/emulator.log" 2>&1 &
emu_pid=$!
cleanup() {
  kill "$emu_pid" 2>/dev/null || true
  wait "$emu_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 200); do
  [ -s "$port_file" ] && break
  kill -0 "$emu_pid" 2>/dev/null || { cat "$work/emulator.log"; exit 1; }
  sleep 0.05
done
port=$(cat "$port_file")
export HW_DMS_ENDPOINT="http://127.0.0.1:$port"
export ANSIBLE_NOCOLOR="${ANSIBLE_NOCOLOR:-}" ANSIBLE_RETRY_FILES_ENABLED=0
echo "== emulator listening at $HW_DMS_ENDPOINT (state in $work/state.sqlite)"

run() {
  ansible-playbook -i localhost, -c local -e "ansible_python_interpreter=$(command -v python)" \
    -e @playbooks/vars/demo.yml "$@"
}

recap_changed() {
  # changed=N of the localhost line in the PLAY RECAP
  sed -n 's/.*localhost.*changed=\([0-9]*\).*/\1/p' "$1" | tail -1
}

echo
echo "== 1/4 provision the environment (creates everything)"
run playbooks/provision.yml | tee "$work/run1.log"

echo
echo "== 2/4 provision again: nothing to do"
run playbooks/provision.yml | tee "$work/run2.log"
second=$(recap_changed "$work/run2.log")
if [ "$second" != "0" ]; then
  echo "FAIL: the second run reported changed=$second (expected 0)" >&2
  exit 1
fi
echo "== idempotent: the second run reported changed=0"

echo
echo "== 3/4 someone changes the environment by hand (out of band)"
run playbooks/demo_drift.yml

echo
echo "== 4/4 audit in check mode with --diff: reports the drift, changes nothing"
emulator_hook() {
  python - "$HW_DMS_ENDPOINT" "$@" <<'PY'
import json, sys, urllib.request
base, action = sys.argv[1], sys.argv[2]
if action == "clear-log":
    req = urllib.request.Request(base + "/_emulator/reset", data=b'{"state": false}', method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
else:
    log = json.load(urllib.request.urlopen(base + "/_emulator/requests"))["requests"]
    writes = [r for r in log if r["method"] not in ("GET", "HEAD")]
    print("== the audit sent %d requests, %d of them mutating (emulator request log)" % (len(log), len(writes)))
    sys.exit(1 if writes else 0)
PY
}
emulator_hook clear-log
run playbooks/audit.yml --check --diff | tee "$work/audit.log"
emulator_hook count
echo
echo "== demo finished; the emulator is stopped and its state removed"
