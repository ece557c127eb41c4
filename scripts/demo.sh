#!/usr/bin/env bash
# make demo: start the emulator, provision a whole environment from
# playbooks/vars/demo.yml, run it again to show it is idempotent (changed=0),
# make one out-of-band change, then audit in check mode with --diff.
# After each step it prints what was created, updated and deleted per resource kind; the audit
# names the fields that drifted. KEEP=1 (make demo KEEP=1) leaves the emulator running with its
# state and prints how to query it.
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
keep=${KEEP:-0}
finished=0
cleanup() {
  if [ "$keep" = "1" ] && [ "$finished" = "1" ]; then
    return
  fi
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

summary() {
  # print the lines of a debug list that follows the task named "$2" in log "$1"
  awk -v task="$2" 'index($0, "TASK [") && index($0, task) {on=1; next}
                    on && /^$/ {on=0} on && /^ +"/ && !/": \[$/ {sub(/^ +"/, "   "); sub(/",?$/, ""); gsub(/\\"/, "\""); print}' "$1"
}

echo
echo "== 0/4 preview in check mode: nothing exists yet, so the audit lists everything as to create"
run playbooks/audit.yml --check >"$work/run0.log"
summary "$work/run0.log" "Drift report of"

echo
echo "== 1/4 provision the environment (creates everything)"
run playbooks/provision.yml | tee "$work/run1.log"
echo "-- what the run did, per resource kind:"
summary "$work/run1.log" "What changed, per resource kind"

echo
echo "== 2/4 provision again: nothing to do"
run playbooks/provision.yml | tee "$work/run2.log"
echo "-- what the run did, per resource kind:"
summary "$work/run2.log" "What changed, per resource kind"
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
echo "== 4/4 audit in check mode with --diff: reports the drift field by field, changes nothing"
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
run playbooks/audit.yml --check --diff -e "dms_audit_report_file=$work/audit-report.json" | tee "$work/audit.log"
emulator_hook count
echo "-- the drift, field by field (current -> declared); JSON report: $work/audit-report.json"
summary "$work/audit.log" "Drift report of"
echo
finished=1
if [ "$keep" = "1" ]; then
  coll=${ANSIBLE_COLLECTIONS_PATH:-build/collections}
  cat <<EOT
== demo finished; KEEP=1: the emulator keeps running (pid $emu_pid), state in $work/state.sqlite
   Query it from another shell:
     export HW_DMS_ENDPOINT=$HW_DMS_ENDPOINT HW_ACCESS_KEY=$HW_ACCESS_KEY HW_SECRET_KEY=$HW_SECRET_KEY
     export HW_PROJECT_ID=$HW_PROJECT_ID HW_REGION_NAME=$HW_REGION_NAME ANSIBLE_COLLECTIONS_PATH=$coll
     ansible localhost -m hwcloud.dms.dms_kafka_topic_info -a instance=demo-kafka
     ansible-playbook -i localhost, -c local -e @playbooks/vars/demo.yml playbooks/audit.yml
     curl -s $HW_DMS_ENDPOINT/_emulator/requests     # the emulator's request log
   The audit report is $work/audit-report.json.
   Stop it with: kill $emu_pid; rm -rf $work
EOT
else
  echo "== demo finished; the emulator is stopped and its state removed (make demo KEEP=1 keeps it)"
fi
