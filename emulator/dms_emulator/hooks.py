"""``/_emulator/*``: test hooks outside the documented API (no authentication)."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .core import AppState

router = APIRouter(prefix="/_emulator", tags=["emulator hooks"])


def _state(request: Request) -> AppState:
    return request.app.state.emu


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
    body = {}
    raw = await request.body()
    if raw.strip():
        try:
            body = await request.json()
        except ValueError:
            return JSONResponse({"error_code": "DMS.00400005", "error_msg": "body is not JSON"}, 400)
    state = _state(request)
    state.requests.clear()
    state.faults.clear()
    if body.get("state", True):
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
    """Add one rule (or ``{"faults": [...]}`` several).  See ``faults.FaultRule`` for the fields."""
    try:
        body = await request.json()
    except ValueError:
        return JSONResponse({"error_code": "DMS.00400005", "error_msg": "body is not JSON"}, 400)
    specs = body.get("faults") if isinstance(body, dict) and "faults" in body else [body]
    added = []
    try:
        for spec in specs:
            added.append(_state(request).faults.add(spec).describe())
    except (ValueError, TypeError) as exc:
        return JSONResponse({"error_code": "DMS.00400800", "error_msg": str(exc)}, 400)
    return {"faults": added}


@router.delete("/faults")
def clear_faults(request: Request):
    _state(request).faults.clear()
    return {"faults": []}


@router.post("/clock")
async def clock(request: Request):
    """``{"advance": seconds}`` moves the emulator clock forward; ``{"delay_seconds": n}`` sets the delay."""
    body = await request.json()
    state = _state(request)
    state.store.begin()
    try:
        if "advance" in body:
            state.store.meta_put("clock_offset", float(state.store.meta_get("clock_offset", 0.0)) + float(body["advance"]))
        if "delay_seconds" in body:
            state.store.meta_put("delay_seconds", float(body["delay_seconds"]))
        out = {
            "clock_offset": state.store.meta_get("clock_offset", 0.0),
            "delay_seconds": state.store.meta_get("delay_seconds", state.settings.delay_seconds),
        }
        state.store.commit()
    except Exception:
        state.store.rollback()
        raise
    return out
