"""Which (method, path) pairs the real service is known to serve.

Two independent sources: the API reference's endpoint table (``endpoints.tsv`` in the shared
spec folder) and the request paths of Huawei's official Python SDK (``huaweicloudsdkkafka``).
``unknown_requests(log)`` returns the requests of an emulator request log that match neither,
so a test can prove that the collection only calls what the live service's clients call.
"""

import csv
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def _spec_dir():
    for candidate in (os.environ.get("DMS_SPEC_DIR"), os.path.join(ROOT, "..", "shared", "spec"),
                      "/work/shared/spec"):
        if candidate and os.path.exists(os.path.join(candidate, "endpoints.tsv")):
            return candidate
    return None


def reference_pairs():
    spec = _spec_dir()
    if spec is None:
        return set()
    with open(os.path.join(spec, "endpoints.tsv")) as fh:
        return {(row["method"].upper(), row["path"]) for row in csv.DictReader(fh, delimiter="\t")}


def sdk_pairs():
    try:
        import huaweicloudsdkkafka.v2.kafka_client as kc
    except ImportError:
        return set()
    text = open(kc.__file__).read()
    return set(re.findall(r'"method": "([A-Z]+)",\s*"resource_path": "([^"]+)"', text))


IAM = {("POST", "/v3/auth/tokens"), ("GET", "/v3/projects")}


def _regex(template):
    parts = []
    for piece in re.split(r"(\{[^}]+\})", template):
        if piece.startswith("{"):
            parts.append("kafka" if piece == "{engine}" else "[^/]+")
        else:
            parts.append(re.escape(piece))
    return re.compile("^" + "".join(parts) + "$")


def known_matchers():
    pairs = reference_pairs() | sdk_pairs() | IAM
    return [(method, _regex(path), path) for method, path in pairs]


def unknown_requests(log, matchers=None):
    matchers = matchers or known_matchers()
    out = []
    for entry in log:
        method, path = entry["method"].upper(), entry["path"]
        if not any(m == method and rx.match(path) for m, rx, _ in matchers):
            out.append("%s %s" % (method, path))
    return sorted(set(out))
