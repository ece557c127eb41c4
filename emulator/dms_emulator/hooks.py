"""``/_emulator/*``: test hooks outside the documented API (no authentication).

Every hook validates its input before it changes anything: a body that is not
JSON, not an object, or holds a value of the wrong type or range answers 400 in
the DMS error format and leaves the state as it was.
"""

from __future__ import annotations

import re
import time
from typing import Any, Dict, Optional

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .core import MAX_CLOCK_SECONDS, AppState, finite_number, json_error_text, parse_json
from .faults import EFFECTS

router = APIRouter(prefix="/_emulator", tags=["emulator hooks"])


class HookInputError(Exception):
    def __init__(self, code: str, msg: str):
        super().__init__(msg)
        self.code = code
        self.msg = msg

    def response(self) -> JSONResponse:
        return JSONResponse({"error_code": self.code, "error_msg": self.msg}, 400)


def _state(request: Request) -> AppState:
    return request.app.state.emu


async def _body(request: Request, required: bool) -> Dict[str, Any]:
    """The hook's JSON object body (``{}`` when empty and not required)."""
    raw = await request.body()
    if not raw.strip():
        if required:
            raise HookInputError("DMS.00400004", "The request body is empty.")
        return {}
    try:
        body = parse_json(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise HookInputError("DMS.00400005", "The body is not JSON: %s" % json_error_text(exc))
    if not isinstance(body, dict):
        raise HookInputError("DMS.00400005", "The body must be a JSON object.")
    return body


def _refuse_unknown(body: Dict[str, Any], known, where: str) -> None:
    unknown = sorted(str(k) for k in body if k not in known)
    if unknown:
        raise HookInputError("DMS.00400800", "%s: unknown field(s) %s; known: %s"
                             % (where, ", ".join(unknown), ", ".join(sorted(known))))


def _number(body: Dict[str, Any], name: str, lo: float = 0.0, hi: Optional[float] = None) -> float:
    value = finite_number(body[name])
    if value is None or value < lo or (hi is not None and value > hi):
        rule = "a finite number >= %g" % lo if hi is None else "a number from %g to %g" % (lo, hi)
        raise HookInputError("DMS.00400800", "%s: must be %s" % (name, rule))
    return value


def _bool(body: Dict[str, Any], name: str) -> bool:
    if not isinstance(body[name], bool):
        raise HookInputError("DMS.00400800", "%s: must be true or false" % name)
    return body[name]


def _string(body: Dict[str, Any], name: str) -> str:
    if not isinstance(body[name], str):
        raise HookInputError("DMS.00400800", "%s: must be a string" % name)
    return body[name]


_TOKEN_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
FAULT_FIELDS = ("method", "path", "status", "error_code", "error_msg", "headers", "latency", "drop",
                "effect", "count", "probability", "after")
MAX_LATENCY = 3600.0


def check_fault_spec(spec: Any) -> Dict[str, Any]:
    """Refuse a fault rule whose fields have the wrong type or range (before any rule is added)."""
    if not isinstance(spec, dict):
        raise HookInputError("DMS.00400800", "a fault rule must be a JSON object")
    _refuse_unknown(spec, FAULT_FIELDS, "fault rule")
    present = {k: v for k, v in spec.items() if v is not None}
    if "method" in present and (not _TOKEN_RE.fullmatch(_string(present, "method"))):
        raise HookInputError("DMS.00400800", "method: must be an HTTP method or *")
    if "path" in present:
        _string(present, "path")
    if "status" in present:
        status = present["status"]
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise HookInputError("DMS.00400800", "status: must be an HTTP status code (an integer from 100 to 599)")
    for name in ("error_code", "error_msg"):
        if name in present:
            _string(present, name)
    if "headers" in present:
        headers = present["headers"]
        if not isinstance(headers, dict):
            raise HookInputError("DMS.00400800", "headers: must be an object of header names to string values")
        for key, value in headers.items():
            if not _TOKEN_RE.fullmatch(key) or not isinstance(value, str) or "\r" in value or "\n" in value:
                raise HookInputError("DMS.00400800", "headers: %r must be a header name with a one-line string value"
                                     % key)
            try:
                key.encode("latin-1"), value.encode("latin-1")
            except UnicodeEncodeError:
                raise HookInputError("DMS.00400800", "headers: %r must be Latin-1 text" % key)
    if "latency" in present:
        _number(present, "latency", 0.0, MAX_LATENCY)
    for name in ("drop", "after"):
        if name in present:
            _bool(present, name)
    if "effect" in present and present["effect"] not in EFFECTS:
        raise HookInputError("DMS.00400800", "effect: must be one of %s" % ", ".join(EFFECTS))
    if "count" in present:
        count = present["count"]
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise HookInputError("DMS.00400800", "count: must be an integer >= 0 (0 = unlimited)")
    if "probability" in present:
        _number(present, "probability", 0.0, 1.0)
    return spec


@router.get("/health")
def health(request: Request):
    state = _state(request)
    return {
        "status": "ok",
        "uptime_seconds": round(time.time() - state.started_at, 3),
        "project_id": state.settings.project_id,
        "region": state.settings.region,
    }


@router.get("/requests")
def requests(request: Request, since: int = 0, mutating: bool = False, history: bool = False):
    """Every API request since start or the last reset; ``mutating=true`` keeps non-GET ones;
    ``history=true``: every request since start, resets included."""
    items = _state(request).requests.snapshot(since, history)
    if mutating:
        items = [i for i in items if i["method"] not in ("GET", "HEAD", "OPTIONS")]
    return {"count": len(items), "requests": items}


@router.post("/reset")
async def reset(request: Request):
    """Clear the request log, the fault rules and (unless ``{"state": false}``) all resources."""
    try:
        body = await _body(request, required=False)
        _refuse_unknown(body, ("state",), "reset")
        wipe = _bool(body, "state") if "state" in body else True
    except HookInputError as exc:
        return exc.response()
    state = _state(request)
    state.requests.clear()
    state.faults.clear()
    if wipe:
        state.store.begin()
        try:
            state.store.wipe()
            state.store.meta_put("delay_seconds", state.settings.delay_seconds)
            state.store.commit()
        except Exception:
            state.store.rollback()
            raise
    return {"reset": True}


@router.get("/faults")
def list_faults(request: Request):
    return {"faults": _state(request).faults.list()}


@router.post("/faults")
async def add_fault(request: Request):
    """Add one rule (or ``{"faults": [...]}`` several).  See ``faults.FaultRule`` for the fields.

    Every rule is checked before any is added: one bad rule adds none.
    """
    try:
        body = await _body(request, required=True)
        if "faults" in body:
            _refuse_unknown(body, ("faults",), "faults")
            specs = body["faults"]
            if not isinstance(specs, list):
                raise HookInputError("DMS.00400800", "faults: must be an array of fault rules")
        else:
            specs = [body]
        for spec in specs:
            check_fault_spec(spec)
        rules = []
        for spec in specs:
            rules.append(_state(request).faults.build(spec))
    except HookInputError as exc:
        return exc.response()
    except (ValueError, TypeError) as exc:
        return JSONResponse({"error_code": "DMS.00400800", "error_msg": str(exc)}, 400)
    return {"faults": [_state(request).faults.insert(rule).describe() for rule in rules]}


@router.delete("/faults")
def clear_faults(request: Request):
    _state(request).faults.clear()
    return {"faults": []}


@router.post("/clock")
async def clock(request: Request):
    """``{"advance": seconds}`` moves the emulator clock forward; ``{"delay_seconds": n}`` sets the delay.

    ``advance`` is a number from 0 to 100 years in seconds, and so is the resulting
    offset; ``delay_seconds`` a number from 0 to 100 years.  A bad value answers 400 and changes nothing.
    """
    state = _state(request)
    try:
        body = await _body(request, required=True)
        _refuse_unknown(body, ("advance", "delay_seconds"), "clock")
        advance = _number(body, "advance", 0.0, MAX_CLOCK_SECONDS) if "advance" in body else None
        delay = _number(body, "delay_seconds", 0.0, MAX_CLOCK_SECONDS) if "delay_seconds" in body else None
    except HookInputError as exc:
        return exc.response()
    state.store.begin()
    try:
        offset = state.store.clock_offset()
        if advance is not None:
            offset += advance
            if offset > MAX_CLOCK_SECONDS:
                state.store.rollback()
                return HookInputError("DMS.00400800", "advance: the clock would move more than %g seconds "
                                      "(100 years) ahead in all" % MAX_CLOCK_SECONDS).response()
            state.store.meta_put("clock_offset", offset)
        if delay is not None:
            state.store.meta_put("delay_seconds", delay)
        out = {
            "clock_offset": offset,
            "delay_seconds": state.store.delay_seconds(state.settings.delay_seconds),
        }
        state.store.commit()
    except Exception:
        state.store.rollback()
        raise
    return out
