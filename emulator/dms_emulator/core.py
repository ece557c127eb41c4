"""Shared machinery of the emulator: settings, errors, state store, request context.

Every API route module builds on what is here:

* ``ApiError`` / ``err()``: raise to answer with a documented DMS error body.
* ``Store``: a small document store over SQLite (one JSON document per resource).
* ``Ctx`` / ``api_ctx``: the per-request context a route receives through
  ``ctx: Ctx = Depends(api_ctx)``; it holds the open transaction, the parsed
  body, the clock and the helpers for instances and background tasks.
* ``route()``: register one handler under several documented path variants.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import inspect
import hmac
import json
import math
import os
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, NamedTuple, Optional

from fastapi import Request
from fastapi.responses import JSONResponse, Response


# --------------------------------------------------------------------------- settings


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8080
    db: Optional[str] = None  # None: in memory
    access_key: str = "EMULATORAK"
    secret_key: str = "EMULATORSK"
    project_id: str = "0123456789abcdef0123456789abcdef"
    region: str = "ap-southeast-1"
    delay_seconds: float = 2.0
    iam_username: str = "emulator"
    iam_password: str = "emulator-password"
    domain_name: str = "emulator-domain"
    tls_cert: Optional[str] = None
    tls_key: Optional[str] = None
    auth: bool = True  # False: accept unsigned requests (never the default)
    max_clock_skew: float = 900.0
    extra_credentials: Dict[str, str] = field(default_factory=dict)  # AK -> SK, same project

    def describe(self) -> Dict[str, Any]:
        out = dict(self.__dict__)
        out["secret_key"] = "***"
        out["iam_password"] = "***"
        out["extra_credentials"] = sorted(self.extra_credentials)
        return out


# --------------------------------------------------------------------------- errors


class ApiError(Exception):
    """An error answered as ``{"error_code": ..., "error_msg": ...}``."""

    def __init__(self, status: int, code: str, msg: str, headers: Optional[Dict[str, str]] = None):
        super().__init__(f"{status} {code} {msg}")
        self.status = status
        self.code = code
        self.msg = msg
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        return error_response(self.status, self.code, self.msg, self.headers)


def err(status: int, code: str, msg: str) -> ApiError:
    return ApiError(status, code, msg)


def error_response(status: int, code: str, msg: str, headers: Optional[Dict[str, str]] = None) -> JSONResponse:
    return JSONResponse({"error_code": code, "error_msg": msg}, status_code=status, headers=headers or None)


# Frequently used errors (codes and texts from section 8.2 of the reference).
def bad_request(msg: str = "Invalid request parameter. Check the request parameter.", code: str = "DMS.00400800") -> ApiError:
    return ApiError(400, code, msg)


def instance_not_found() -> ApiError:
    return ApiError(404, "DMS.00404022", "This instance does not exist.")


def instance_busy() -> ApiError:
    return ApiError(400, "DMS.00400026", "This operation is not allowed due to the instance status.")


# --------------------------------------------------------------------------- responses


def ok(data: Any = None, status: int = 200) -> Response:
    if data is None:
        return Response(status_code=status)
    return JSONResponse(data, status_code=status)


def no_content() -> Response:
    return Response(status_code=204)


def text(body: str, status: int = 200) -> Response:
    return Response(body, status_code=status, media_type="text/plain")


# --------------------------------------------------------------------------- store


# The clock hook moves time forward by at most this much in all, and the async delay is at most
# this long: beyond it timestamps stop being printable dates.
MAX_CLOCK_SECONDS = 100 * 365 * 86400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    kind  TEXT NOT NULL,
    scope TEXT NOT NULL,
    key   TEXT NOT NULL,
    seq   INTEGER NOT NULL,
    data  TEXT NOT NULL,
    PRIMARY KEY (kind, scope, key)
);
CREATE INDEX IF NOT EXISTS docs_scope ON docs (scope);
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
"""


class View(NamedTuple):
    """What a listing shows of one stored document, and its JSON text."""

    item: Dict[str, Any]
    text: str


_VIEW_CACHE_LIMIT = 50000


def _make_view(view: Callable[[Dict[str, Any]], Dict[str, Any]], doc: Dict[str, Any]) -> View:
    item = view(doc)
    return View(item, json.dumps(item, ensure_ascii=False, allow_nan=False, separators=(",", ":")))


def json_with_items(head: Dict[str, Any], key: str, items: List[View], status: int = 200) -> Response:
    """A JSON object answer: the fields of ``head`` and then ``key``: the items' JSON texts.

    The same bytes as ``JSONResponse({**head, key: [v.item for v in items]})``, without
    encoding the items again.
    """
    text = json.dumps(head, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    joined = ",".join(v.text for v in items)
    body = "%s%s%s:[%s]}" % (text[:-1], "," if head else "", json.dumps(key), joined)
    return Response(body.encode("utf-8"), status_code=status, media_type="application/json")


class Store:
    """JSON documents keyed by (kind, scope, key) in SQLite.

    ``scope`` is the owning instance id for sub-resources (topics, users, ...),
    ``""`` for project-level documents.  A single connection is shared and
    serialised by a lock: one request is one transaction, so parallel Ansible
    forks see a consistent state.
    """

    def __init__(self, path: Optional[str] = None):
        self.path = path or ":memory:"
        self.lock = threading.Lock()
        if self.path != ":memory:":
            # The file holds (hashed) passwords and tokens: readable by its owner only.
            # SQLite gives the -wal and -shm files the mode of the database file.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            os.chmod(self.path, 0o600)
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        if self.path != ":memory:":
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            for suffix in ("-wal", "-shm"):
                if os.path.exists(self.path + suffix):
                    os.chmod(self.path + suffix, 0o600)
        self.conn.executescript(_SCHEMA)
        self._views: Dict[Callable, Dict[str, View]] = {}

    # transactions -------------------------------------------------------
    def begin(self) -> None:
        self.lock.acquire()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except Exception:
            self.lock.release()
            raise

    def commit(self) -> None:
        try:
            self.conn.execute("COMMIT")
        finally:
            self.lock.release()

    def rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        finally:
            self.lock.release()

    # documents ----------------------------------------------------------
    def get(self, kind: str, scope: str, key: str) -> Optional[Dict[str, Any]]:
        row = self.conn.execute(
            "SELECT data FROM docs WHERE kind=? AND scope=? AND key=?", (kind, scope, key)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, kind: str, scope: str, key: str, doc: Dict[str, Any]) -> None:
        data = json.dumps(doc, separators=(",", ":"))
        cur = self.conn.execute(
            "UPDATE docs SET data=? WHERE kind=? AND scope=? AND key=?", (data, kind, scope, key)
        )
        if cur.rowcount == 0:
            self.conn.execute(
                "INSERT INTO docs (kind, scope, key, seq, data) VALUES (?, ?, ?, ?, ?)",
                (kind, scope, key, self._next_seq(), data),
            )

    def delete(self, kind: str, scope: str, key: str) -> bool:
        cur = self.conn.execute("DELETE FROM docs WHERE kind=? AND scope=? AND key=?", (kind, scope, key))
        return cur.rowcount > 0

    def list(self, kind: str, scope: Optional[str] = "") -> List[Dict[str, Any]]:
        """Documents of one kind in creation order; ``scope=None`` means every scope."""
        if scope is None:
            rows = self.conn.execute("SELECT data FROM docs WHERE kind=? ORDER BY seq", (kind,))
        else:
            rows = self.conn.execute("SELECT data FROM docs WHERE kind=? AND scope=? ORDER BY seq", (kind, scope))
        return [json.loads(r[0]) for r in rows]

    def list_view(self, kind: str, scope: str, view: Callable[[Dict[str, Any]], Dict[str, Any]]) -> List["View"]:
        """``View(item, text)`` for each document of one kind and scope, in creation order.

        ``item = view(document)`` is what a listing shows of a document and ``text``
        its JSON.  Both are remembered per document text: a document that has not
        changed is neither parsed nor rendered again.  ``view`` must depend on the
        document alone, and callers must not change what they get back.
        """
        rows = self.conn.execute("SELECT data FROM docs WHERE kind=? AND scope=? ORDER BY seq", (kind, scope))
        if not optimised("views"):
            return [_make_view(view, json.loads(r[0])) for r in rows]
        cache = self._views.setdefault(view, {})
        out = []
        for (data,) in rows:
            hit = cache.get(data)
            if hit is None:
                if len(cache) >= _VIEW_CACHE_LIMIT:
                    cache.clear()
                hit = cache[data] = _make_view(view, json.loads(data))
            out.append(hit)
        return out

    def delete_scope(self, scope: str) -> None:
        """Documents of this scope and of its sub-scopes (``"<instance_id>/<topic>"`` messages)."""
        self.conn.execute("DELETE FROM docs WHERE scope=? OR substr(scope, 1, ?)=?",
                          (scope, len(scope) + 1, scope + "/"))

    def meta_get(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT v FROM meta WHERE k=?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def meta_put(self, key: str, value: Any) -> None:
        self.conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)", (key, json.dumps(value)))

    def clock_offset(self) -> float:
        """The stored clock offset; a value out of range (NaN, Infinity from an old file) counts as 0."""
        value = finite_number(self.meta_get("clock_offset", 0.0))
        return value if value is not None and abs(value) <= MAX_CLOCK_SECONDS else 0.0

    def delay_seconds(self, default: float) -> float:
        value = finite_number(self.meta_get("delay_seconds", default))
        return value if value is not None and 0 <= value <= MAX_CLOCK_SECONDS else default

    def _next_seq(self) -> int:
        row = self.conn.execute("SELECT v FROM meta WHERE k='seq'").fetchone()
        seq = (int(row[0]) if row else 0) + 1
        self.conn.execute("INSERT OR REPLACE INTO meta (k, v) VALUES ('seq', ?)", (str(seq),))
        return seq

    def wipe(self) -> None:
        self.conn.execute("DELETE FROM docs")
        self.conn.execute("DELETE FROM meta WHERE k != 'seq'")


# --------------------------------------------------------------------------- secrets

# Passwords are stored as salted PBKDF2-SHA256 hashes: the emulator never answers a
# password, and ``verify_secret`` is all it needs to check one.
_HASH_ITERATIONS = 20000


def hash_secret(value: Optional[str]) -> Optional[str]:
    if value is None:
        return None
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), salt, _HASH_ITERATIONS)
    return "pbkdf2-sha256$%d$%s$%s" % (_HASH_ITERATIONS, salt.hex(), digest.hex())


def verify_secret(value: str, stored: Optional[str]) -> bool:
    try:
        scheme, iterations, salt, digest = (stored or "").split("$")
        if scheme != "pbkdf2-sha256":
            return False
        got = hashlib.pbkdf2_hmac("sha256", value.encode("utf-8"), bytes.fromhex(salt), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(got.hex(), digest)


def token_key(token: str) -> str:
    """Tokens are stored under their SHA-256: the file does not hold a usable token."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


# --------------------------------------------------------------------------- ids and time


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_job_id() -> str:
    """Task ids in the reference are 32 lowercase hex digits."""
    return uuid.uuid4().hex


UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\Z")


def utc_iso(ts: float) -> str:
    """``2020-07-06T09:46:59.064Z`` style timestamps used by task objects."""
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".%03dZ" % int((ts % 1) * 1000)


# --------------------------------------------------------------------------- context


class Ctx:
    """Per-request context; created by ``api_ctx`` inside an open transaction."""

    def __init__(self, app_state: "AppState", request: Request):
        self.app = app_state
        self.settings: Settings = app_state.settings
        self.store: Store = app_state.store
        self.request = request
        self.query = request.query_params
        self._body: bytes = getattr(request.state, "raw_body", b"") or b""
        self._json: Any = _UNSET

    # clock ----------------------------------------------------------------
    def now(self) -> float:
        return time.time() + self.store.clock_offset()

    def now_ms(self) -> int:
        return int(self.now() * 1000)

    @property
    def delay(self) -> float:
        return self.store.delay_seconds(self.settings.delay_seconds)

    # body -----------------------------------------------------------------
    @property
    def raw_body(self) -> bytes:
        return self._body

    def json(self, required: bool = True) -> Any:
        """The parsed JSON body.  Empty body: 400 DMS.00400004 when required, else ``{}``."""
        if self._json is _UNSET:
            if not self._body.strip():
                if required:
                    raise ApiError(400, "DMS.00400004", "The request body is empty.")
                self._json = {}
            else:
                try:
                    self._json = parse_json(self._body)
                except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                    raise ApiError(
                        400,
                        "DMS.00400005",
                        "The message body is not in JSON format or contains invalid characters: %s"
                        % json_error_text(exc),
                    )
        return self._json

    def body_obj(self, required: bool = True) -> Dict[str, Any]:
        data = self.json(required=required)
        if not isinstance(data, dict):
            raise ApiError(400, "DMS.00400005", "The message body must be a JSON object.")
        return data

    # faults with side effects (e.g. an instance whose creation fails) -------
    def effect(self, name: str) -> bool:
        """True when a fault rule of kind ``effect=name`` matches this request (consumes it)."""
        return self.app.faults.take_effect(name, self.request.method, self.request.url.path)

    # instances --------------------------------------------------------------
    def instance(self, instance_id: str, settle: bool = True) -> Dict[str, Any]:
        """The instance document, with due transitions applied; 404 DMS.00404022 if missing."""
        doc = self.store.get("instance", "", instance_id)
        if doc is None:
            if not UUID_RE.fullmatch(instance_id or ""):
                # The service validates the id format before looking it up.
                raise ApiError(400, "DMS.00400061", "Invalid instance ID format.")
            raise instance_not_found()
        if settle:
            doc = self.settle_instance(doc)
            if doc is None:
                raise instance_not_found()
        return doc

    def running_instance(self, instance_id: str) -> Dict[str, Any]:
        doc = self.instance(instance_id)
        if doc.get("status") != "RUNNING":
            raise instance_busy()
        return doc

    def save_instance(self, doc: Dict[str, Any]) -> None:
        self.store.put("instance", "", doc["instance_id"], doc)

    def schedule(self, doc: Dict[str, Any], status: str, after: Optional[float] = None,
                 then_status: Optional[str] = "RUNNING", then_set: Optional[Dict[str, Any]] = None,
                 then_delete: bool = False) -> None:
        """Move an instance to ``status`` now and to ``then_status`` (plus ``then_set``) later.

        Transitions are stored as data and applied on the next read, so no
        background thread is needed and a restart loses nothing.
        """
        doc["status"] = status
        doc["_pending"] = {
            "at": self.now() + (self.delay if after is None else after),
            "status": then_status,
            "set": then_set or {},
            "delete": then_delete,
        }
        self.save_instance(doc)

    def settle_instance(self, doc: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        pending = doc.get("_pending")
        if not pending or self.now() < pending["at"]:
            return doc
        if pending.get("delete"):
            self.store.delete("instance", "", doc["instance_id"])
            self.store.delete_scope(doc["instance_id"])
            return None
        doc.update(pending.get("set") or {})
        if pending.get("status"):
            doc["status"] = pending["status"]
        doc.pop("_pending", None)
        self.save_instance(doc)
        return doc

    def instances(self) -> List[Dict[str, Any]]:
        out = []
        for doc in self.store.list("instance", ""):
            doc = self.settle_instance(doc)
            if doc is not None:
                out.append(doc)
        return out

    # background tasks -------------------------------------------------------
    def add_task(self, instance_id: str, name: str, params: Any = None, duration: Optional[float] = None,
                 fail: bool = False) -> str:
        """Record a background task (5.8) and return its job id.

        The task is ``EXECUTING`` until ``duration`` (default: the emulator delay)
        has passed, then ``SUCCESS`` (or ``FAILED`` when ``fail``).
        """
        job_id = new_job_id()
        now = self.now()
        self.store.put("task", instance_id, job_id, {
            "id": job_id,
            "name": name,
            "user_name": self.settings.iam_username,
            "user_id": "0123456789abcdef0123456789abcdef",
            "params": params if isinstance(params, str) else json.dumps(params or {}),
            "status": "EXECUTING",
            "created_at": utc_iso(now),
            "updated_at": utc_iso(now),
            "_done_at": now + (self.delay if duration is None else duration),
            "_final": "FAILED" if fail else "SUCCESS",
        })
        return job_id

    def settle_task(self, instance_id: str, task: Dict[str, Any]) -> Dict[str, Any]:
        if task.get("status") == "EXECUTING" and self.now() >= task.get("_done_at", 0):
            task["status"] = task.get("_final", "SUCCESS")
            task["updated_at"] = utc_iso(task["_done_at"])
            self.store.put("task", instance_id, task["id"], task)
        return task


_UNSET = object()


def _refuse_constant(name: str) -> Any:
    raise ValueError("%s is not a JSON number" % name)


def parse_json(raw: bytes) -> Any:
    """Strict JSON as the service's parser reads it: no NaN/Infinity literals.

    Raises ``ValueError``, ``UnicodeDecodeError`` or ``RecursionError`` (a deeply
    nested document); callers turn all three into a 400.
    """
    return json.loads(raw, parse_constant=_refuse_constant)


def json_error_text(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "the document is nested too deeply"
    return str(exc)


def finite_number(value: Any) -> Optional[float]:
    """``value`` as a finite float, or None (bool, str, NaN and infinities are refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        return None
    return number if math.isfinite(number) else None


def public(doc: Dict[str, Any]) -> Dict[str, Any]:
    """A document without its private ``_`` keys."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


# --------------------------------------------------------------------------- application state


class AppState:
    def __init__(self, settings: Settings):
        from .faults import FaultBook, RequestLog  # local import: avoids a cycle

        self.settings = settings
        self.store = Store(settings.db)
        self.faults = FaultBook()
        self.requests = RequestLog()
        self.started_at = time.time()
        self.tx_lock = asyncio.Lock()
        self.store.begin()
        try:
            if self.store.meta_get("delay_seconds") is None:
                self.store.meta_put("delay_seconds", settings.delay_seconds)
            self.store.commit()
        except Exception:
            self.store.rollback()
            raise


async def api_ctx(request: Request) -> "Ctx":
    """FastAPI dependency: the request context.

    The transaction around the request is opened and closed by the gateway
    middleware (``app.GatewayMiddleware``): one transaction per API request,
    rolled back on any error answer.  This also refuses a ``project_id`` in
    the path that is not the caller's project.  It is ``async`` (and not a
    generator) so that it costs no thread-pool hop.
    """
    state: AppState = request.app.state.emu
    caller_project = getattr(request.state, "project_id", None)
    path_project = request.path_params.get("project_id")
    if path_project is not None and caller_project is not None and path_project != caller_project:
        raise ApiError(401, "DMS.10240104", "The project ID and token do not match.")
    engine = request.path_params.get("engine")
    if engine is not None and engine.lower() != "kafka":
        raise ApiError(400, "DMS.00400007", "Unsupported type.")
    return Ctx(state, request)


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes", "on")


# Speed-ups, each of which can be turned off for a before/after comparison
# (emulator/bench.py): DMS_EMULATOR_BASELINE=inline,flat,views (or "all").
#   inline  handlers run on the event loop, not in FastAPI's thread pool: the gateway
#           serialises API requests (one transaction each), so a thread buys no
#           parallelism and costs two thread switches per request;
#   flat    every route sits in the application's own route list, so a request is
#           matched once instead of once per included router and again inside it;
#   views   listings reuse the item (and its JSON text) built from a stored document
#           whose text has not changed (``Store.list_view``).
_BASELINE = {part.strip() for part in os.environ.get("DMS_EMULATOR_BASELINE", "").split(",") if part.strip()}


def optimised(name: str) -> bool:
    return not ({"all", name} & _BASELINE)


def inline(fn: Callable) -> Callable:
    """``fn`` as a coroutine function, so that FastAPI calls it on the event loop."""
    if not optimised("inline") or inspect.iscoroutinefunction(fn):
        return fn

    @functools.wraps(fn)
    async def handler(*args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    return handler


def route(router, methods: Iterable[str], *paths: str, **kwargs) -> Callable:
    """Register one handler for several path variants (the reference's own variants)."""

    def deco(fn: Callable) -> Callable:
        endpoint = inline(fn)
        for i, path in enumerate(paths):
            router.add_api_route(
                path, endpoint, methods=list(methods), include_in_schema=(i == 0),
                response_model=None, **kwargs
            )
        return fn

    return deco
