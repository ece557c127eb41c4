"""Test hooks: the request log and fault injection rules (``/_emulator/...``)."""

from __future__ import annotations

import random
import re
import threading
import time
from typing import Any, Dict, List, Optional


class RequestLog:
    """Every API request since start or the last reset (bounded).

    ``history`` keeps every request since start, across resets (same bound): a test
    suite that resets the log between steps can still see everything a run sent.
    """

    def __init__(self, limit: int = 100000):
        self.limit = limit
        self.lock = threading.Lock()
        self.items: List[Dict[str, Any]] = []
        self.history: List[Dict[str, Any]] = []
        self.seq = 0

    def add(self, entry: Dict[str, Any]) -> None:
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            self.items.append(entry)
            self.history.append(entry)
            for kept in (self.items, self.history):
                if len(kept) > self.limit:
                    del kept[: len(kept) - self.limit]

    def snapshot(self, since: int = 0, history: bool = False) -> List[Dict[str, Any]]:
        with self.lock:
            return [dict(e) for e in (self.history if history else self.items) if e["seq"] > since]

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


# The named side effects route handlers consult (``Ctx.effect``).
EFFECTS = ("create_failed", "extend_failed", "task_failed")


class FaultRule:
    """One rule: which requests it matches and what it does to them.

    Fields (JSON of ``POST /_emulator/faults``):
      method       HTTP method or "*" (default "*")
      path         regular expression searched in the request path (default ".*")
      status       answer with this status ...
      error_code   ... and this DMS error code (default DMS.00500000 for 5xx) ...
      error_msg    ... and message
      headers      extra response headers, e.g. {"Retry-After": "1"}
      latency      seconds to wait before handling (or before the fault answer)
      drop         true: close the connection without a complete answer
      effect       a named side effect the handler consults instead of a short
                   answer: "create_failed", "extend_failed", "task_failed"
      after        true: handle (and commit) the request first, then answer with the
                   fault (status, drop, latency before the answer): a write that was
                   applied although its caller sees an error
      count        how many matching requests it applies to (default 1; 0 = unlimited)
      probability  chance to apply to a matching request (default 1.0)
    """

    _ids = 0

    def __init__(self, spec: Dict[str, Any]):
        FaultRule._ids += 1
        self.id = FaultRule._ids
        self.method = str(spec.get("method") or "*").upper()
        self.path_text = str(spec.get("path") or ".*")
        try:
            self.path = re.compile(self.path_text)
        except re.error as exc:
            raise ValueError("path: not a valid regular expression: %s" % exc)
        self.status = spec.get("status")
        if self.status is not None:
            self.status = int(self.status)
            if not 100 <= self.status <= 599:
                raise ValueError("status: must be an HTTP status code")
        self.error_code = spec.get("error_code")
        self.error_msg = spec.get("error_msg")
        self.headers = {str(k): str(v) for k, v in (spec.get("headers") or {}).items()}
        self.latency = float(spec.get("latency") or 0)
        self.drop = bool(spec.get("drop"))
        self.effect = spec.get("effect")
        self.after = bool(spec.get("after"))
        self.count = int(spec.get("count", 1))
        self.probability = float(spec.get("probability", 1.0))
        self.applied = 0
        if not (self.status or self.latency or self.drop or self.effect):
            raise ValueError("a fault needs one of status, latency, drop or effect")
        if self.after and self.effect:
            raise ValueError("after: applies to status, drop and latency, not to effect")

    def matches(self, method: str, path: str) -> bool:
        if self.method not in ("*", method.upper()):
            return False
        if not self.path.search(path):
            return False
        if self.count and self.applied >= self.count:
            return False
        return True

    def exhausted(self) -> bool:
        return bool(self.count) and self.applied >= self.count

    def describe(self) -> Dict[str, Any]:
        return {
            "id": self.id, "method": self.method, "path": self.path_text, "status": self.status,
            "error_code": self.error_code, "error_msg": self.error_msg, "headers": self.headers,
            "latency": self.latency, "drop": self.drop, "effect": self.effect, "after": self.after,
            "count": self.count,
            "probability": self.probability, "applied": self.applied,
        }


class FaultBook:
    def __init__(self, seed: Optional[int] = None):
        self.lock = threading.Lock()
        self.rules: List[FaultRule] = []
        self.random = random.Random(seed)

    def add(self, spec: Dict[str, Any]) -> FaultRule:
        return self.insert(self.build(spec))

    @staticmethod
    def build(spec: Dict[str, Any]) -> FaultRule:
        """A rule from its JSON fields (``ValueError`` when they do not make one); not yet active."""
        return FaultRule(spec)

    def insert(self, rule: FaultRule) -> FaultRule:
        with self.lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()

    def list(self) -> List[Dict[str, Any]]:
        with self.lock:
            return [r.describe() for r in self.rules]

    def _take(self, method: str, path: str, want_effect: Optional[str]) -> Optional[FaultRule]:
        with self.lock:
            for rule in self.rules:
                if (rule.effect is None) != (want_effect is None):
                    continue
                if want_effect is not None and rule.effect != want_effect:
                    continue
                if not rule.matches(method, path):
                    continue
                if rule.probability < 1.0 and self.random.random() >= rule.probability:
                    continue
                rule.applied += 1
                return rule
        return None

    def take(self, method: str, path: str) -> Optional[FaultRule]:
        """The first non-effect rule that applies to this request, consumed."""
        return self._take(method, path, None)

    def take_effect(self, name: str, method: str, path: str) -> bool:
        return self._take(method, path, name) is not None


def now() -> float:
    return time.time()
