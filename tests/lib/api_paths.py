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


# ------------------------------------------------------------------ endpoint coverage
#: deviations.md: the form the official SDK or Terraform use counts for the reference row
ALTERNATES = {
    "5.1.1": [("POST", "/v2/{engine}/{project_id}/instances")],
    "5.2.5": [("GET", "/v2/{project_id}/instances/{instance_id}/manage/cluster")],
    "5.2.6": [("GET", "/v2/{project_id}/instances/{instance_id}/management/coordinators")],
    "5.5.5": [("POST", "/v2/kafka/{project_id}/instances/{instance_id}/groups/{group}/reset-message-offset")],
    "5.6.4": [("PUT", "/v2/kafka/{project_id}/instances/{instance_id}/users/{user_name}"),
              ("PUT", "/v2/{engine}/{project_id}/instances/{instance_id}/users/{user_name}")],
    "5.7.6": [("POST", "/v2/{project_id}/kafka/instances/{instance_id}/topics/{topic}/messages/delete")],
}


def _shape(template):
    """A template with its placeholder names dropped (``{engine}`` is the literal ``kafka``)."""
    return re.sub(r"\{[^}]+\}", "{}", template.replace("{engine}", "kafka"))


def current_endpoints():
    """``{section: (title, [(method, template), ...])}`` for the current (section 5) rows."""
    spec = _spec_dir()
    out = {}
    if spec is None:
        return out
    with open(os.path.join(spec, "endpoints.tsv")) as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["status"] == "current" and row["section"].startswith("5."):
                forms = [(row["method"].upper(), row["path"])] + ALTERNATES.get(row["section"], [])
                out[row["section"]] = (row["title"], forms)
    return out


def endpoint_coverage(pairs):
    """Which current endpoints the ``(method, path)`` pairs call.

    Each request is matched to the most specific known template(s) (most literal
    characters) among the reference, the SDK and the alternates, so that a request
    for ``.../topics/diskusage`` does not also count for ``.../topics/{topic}``.
    Returns ``(covered_sections, missing_sections)``, both sorted.
    """
    endpoints = current_endpoints()
    templates = set()
    for _title, forms in endpoints.values():
        templates.update((m, _shape(p)) for m, p in forms)
    templates.update((m, _shape(p)) for m, p in reference_pairs() | sdk_pairs())
    matchers = [(m, shape, _regex(shape.replace("{}", "{x}")), len(shape.replace("{}", "")))
                for m, shape in templates]
    hit = set()
    for method, path in set((m.upper(), p) for m, p in pairs):
        found = [(weight, (m, shape)) for m, shape, rx, weight in matchers if m == method and rx.match(path)]
        if found:
            best = max(w for w, _ in found)
            hit.update(t for w, t in found if w == best)
    covered, missing = [], []
    for section, (_title, forms) in endpoints.items():
        (covered if any((m, _shape(p)) in hit for m, p in forms) else missing).append(section)

    def key(s):
        return [int(x) for x in s.split(".")]
    return sorted(covered, key=key), sorted(missing, key=key)
