"""Which current (section 5) endpoints of the API reference the integration targets call.

``test_targets.py`` keeps, for every target, the (method, path, status) of every request
the target's ``ansible-playbook`` run sent to its emulator (the emulator's request
history, which survives the targets' own log resets) in
``tests/output/integration/requests/<target>.json``. This test reads those logs; a log
that is missing, or older than the collection's plugins or the target's files, is
renewed by running the target here. A request counts when the emulator answered it
with a 2xx status. The alternative forms listed in ``deviations.md`` count for their
reference row. The test prints ``endpoint coverage: N/74`` and fails when an endpoint
is never called.

Run it after the targets (``make test-integration`` does), so that it only reads.
"""

from __future__ import annotations

import json
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "lib"))
sys.path.insert(0, HERE)

from api_paths import current_endpoints, endpoint_coverage  # noqa: E402
import test_targets  # noqa: E402


def _newest_mtime(*folders):
    newest = 0.0
    for folder in folders:
        for base, _dirs, files in os.walk(folder):
            if "__pycache__" in base:
                continue
            for name in files:
                newest = max(newest, os.path.getmtime(os.path.join(base, name)))
    return newest


def _fresh_log(target):
    path = test_targets.request_log_path(target)
    if not os.path.exists(path):
        return None
    sources = _newest_mtime(os.path.join(ROOT, "plugins"), os.path.join(test_targets.TARGETS_DIR, target))
    if os.path.getmtime(path) < sources:
        return None
    with open(path) as fh:
        return json.load(fh)


def test_endpoint_coverage_counts_only_what_is_called():
    """The matcher itself: a request counts for its own row only; alternates count."""
    pid, iid = "p" * 32, "0b8d7e0a-1111-2222-3333-444455556666"
    covered, missing = endpoint_coverage([
        ("GET", "/v2/%s/instances/%s/topics/diskusage" % (pid, iid)),
        ("POST", "/v2/%s/kafka/instances/%s/topics/orders/messages/delete" % (pid, iid)),
    ])
    assert covered == ["5.2.7", "5.7.6"]
    assert "5.4.10" in missing and len(covered) + len(missing) == len(current_endpoints())


@pytest.mark.skipif(not current_endpoints(), reason="the API reference (endpoints.tsv) is not available")
def test_every_current_endpoint_is_called(collections_path, tmp_path, capsys):
    pairs = set()
    for target in test_targets._targets():
        rows = _fresh_log(target)
        if rows is None:
            workdir = tmp_path / target
            workdir.mkdir()
            proc = test_targets.run_target(target, collections_path, str(workdir))
            assert proc.returncode == 0, "target %s failed:\n%s" % (target, proc.stdout[-4000:])
            test_targets.write_request_log(target, proc.requests)
            rows = _fresh_log(target)
        pairs.update((method, path) for method, path, status in rows
                     if isinstance(status, int) and 200 <= status < 300)
    covered, missing = endpoint_coverage(pairs)
    endpoints = current_endpoints()
    total = len(endpoints)
    lines = ["endpoint coverage: %d/%d" % (len(covered), total)]
    lines.extend("  not called: %s %s (%s)" % (s, " | ".join("%s %s" % f for f in endpoints[s][1]), endpoints[s][0])
                 for s in missing)
    report = "\n".join(lines)
    out = os.path.join(ROOT, "tests", "output", "integration", "endpoint-coverage.txt")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w") as fh:
        fh.write(report + "\n")
    with capsys.disabled():
        print("\n" + report)
    assert not missing, report
