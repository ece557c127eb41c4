"""The ASGI application: authentication, fault injection, request log, routing."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import time
from typing import Any, Dict, Optional

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import auth
from .core import ApiError, AppState, Settings, error_response, optimised, token_key

# Route modules, in the order their routers are mounted (first match wins,
# so a module with more specific paths comes before a more generic one).
ROUTE_MODULES = [
    "iam",
    "catalog",
    "tags",
    "tasks",
    "quotas",
    "groups",
    "users",
    "messages",
    "topics",
    "instances",
    "legacy",
]

_UNAUTHENTICATED = ("/v3/auth/tokens",)


class DroppedConnection(ConnectionAbortedError):
    """Raised after the first byte of an answer to make the server close the connection."""

    def __init__(self, rule_id: int, method: str, path: str):
        super().__init__("fault rule %d dropped the connection: %s %s" % (rule_id, method, path))


class DroppedConnectionLogFilter(logging.Filter):
    """Turn the server's "Exception in ASGI application" traceback for a dropped
    connection into the one line that says what happened."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, DroppedConnection):
            record.msg, record.args = "dms_emulator: %s (injected fault)", (exc,)
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def _json_bytes(status: int, code: str, msg: str) -> bytes:
    return json.dumps({"error_code": code, "error_msg": msg}).encode()


class GatewayMiddleware:
    """Pure ASGI middleware in front of the API routes.

    For every request outside ``/_emulator``: record it in the request log,
    apply a matching fault rule, read the body, check the credentials, and
    hand the body on to the route unchanged.
    """

    def __init__(self, app, state: AppState):
        self.app = app
        self.state = state

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/_emulator"):
            await self.app(scope, receive, send)
            return

        method: str = scope["method"]
        raw_query = scope.get("query_string", b"").decode("latin-1")
        entry: Dict[str, Any] = {
            "method": method,
            "path": path,
            "query": raw_query,
            "time": time.time(),
            "status": None,
        }
        self.state.requests.add(entry)
        started = time.perf_counter()

        async def logging_send(message):
            if message["type"] == "http.response.start":
                entry["status"] = message["status"]
                entry["duration_ms"] = round((time.perf_counter() - started) * 1000, 3)
            await send(message)

        # Read the whole body first: the signature covers it.
        chunks = []
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        body = b"".join(chunks)

        fault = self.state.faults.take(method, path)
        after = fault if fault is not None and fault.after else None
        if after is not None:
            entry["fault"] = fault.id
            fault = None
        if fault is not None:
            entry["fault"] = fault.id
            if fault.latency:
                await asyncio.sleep(fault.latency)
            if fault.drop:
                # The log says what the client saw: no answer (not the 200 status line
                # that starts the truncated body).
                entry["status"] = None
                entry["dropped"] = True
                entry["duration_ms"] = round((time.perf_counter() - started) * 1000, 3)
                await send({
                    "type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")],
                })
                await send({"type": "http.response.body", "body": b"{", "more_body": True})
                raise DroppedConnection(fault.id, method, path)
            if fault.status:
                code = fault.error_code or ("DMS.00500000" if fault.status >= 500 else "DMS.00400800")
                msg = fault.error_msg or "Injected fault."
                await self._send_error(logging_send, fault.status, code, msg, fault.headers)
                return

        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        scope.setdefault("state", {})["raw_body"] = body
        if not self.state.settings.auth:
            scope["state"]["project_id"] = None

        delivered = False

        async def replay_receive():
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        # One transaction per API request.  The asyncio lock serialises
        # requests without blocking the event loop; the handler itself runs on
        # the thread pool.  Any error answer (status >= 400) rolls back, so a
        # request that fails half-way leaves nothing behind.
        # Credentials are checked inside the transaction: an IAM token is looked up
        # in the store, and taking the store's lock outside ``tx_lock`` would block
        # the event loop while another request's handler holds it (a deadlock).
        store = self.state.store
        held = []
        route_send = logging_send

        if after is not None:
            async def route_send(message):  # the real answer is kept; the fault replaces it
                if message["type"] == "http.response.start":
                    entry["status"] = message["status"]
                held.append(message)

        async with self.state.tx_lock:
            store.begin()
            try:
                if path not in _UNAUTHENTICATED and self.state.settings.auth:
                    try:
                        scope["state"]["project_id"] = self._authenticate(scope, method, raw_query, headers, body)
                    except auth.AuthFailure as failure:
                        await self._send_error(logging_send, 401, failure.code, failure.msg)
                        store.rollback()
                        return
                await self.app(scope, replay_receive, route_send)
            except BaseException:
                store.rollback()
                raise
            if (entry.get("status") or 500) >= 400:
                store.rollback()
            else:
                store.commit()
        if after is not None:
            await self._answer_after(after, entry, held, send, logging_send)

    async def _answer_after(self, fault, entry, held, send, logging_send):
        """A fault with ``after``: the request was handled and committed; now fail its answer."""
        entry["applied_status"] = entry.get("status")
        if fault.latency:
            await asyncio.sleep(fault.latency)
        if fault.drop:
            entry["status"] = None
            entry["dropped"] = True
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")]})
            await send({"type": "http.response.body", "body": b"{", "more_body": True})
            raise DroppedConnection(fault.id, entry["method"], entry["path"] + " (after it was applied)")
        if fault.status:
            code = fault.error_code or ("DMS.00500000" if fault.status >= 500 else "DMS.00400800")
            await self._send_error(logging_send, fault.status, code, fault.error_msg or "Injected fault.",
                                   fault.headers)
            return
        for message in held:
            await logging_send(message)

    def _authenticate(self, scope, method, raw_query, headers, body) -> str:
        settings = self.state.settings
        if "authorization" in headers:
            raw_path = scope.get("raw_path")
            raw_path = raw_path.decode("latin-1") if raw_path else scope["path"]
            raw_path = raw_path.split("?", 1)[0]
            credentials = dict(settings.extra_credentials)
            credentials[settings.access_key] = settings.secret_key
            auth.verify_signature(method, raw_path, raw_query, headers, body, credentials,
                                  time.time(), settings.max_clock_skew)
            return settings.project_id
        token = headers.get("x-auth-token")
        if token:
            doc = self.state.store.get("token", "", token_key(token))  # inside the request's transaction
            if doc is None:
                raise auth.AuthFailure("DMS.10240101", "Invalid token.")
            if time.time() > doc["expires"]:
                raise auth.AuthFailure("DMS.10240102", "Expired token.")
            return doc["project_id"]
        raise auth.AuthFailure("DMS.10240103", "Missing token. Sign the request with AK/SK or send X-Auth-Token.")

    @staticmethod
    async def _send_error(send, status: int, code: str, msg: str, headers: Optional[Dict[str, str]] = None):
        payload = _json_bytes(status, code, msg)
        raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
        for k, v in (headers or {}).items():
            raw_headers.append((k.lower().encode("latin-1"), v.encode("latin-1")))
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": payload})


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or Settings()
    state = AppState(settings)
    app = FastAPI(
        title="DMS for Kafka API emulator",
        version="0.1.0",
        openapi_url="/_emulator/openapi.json",
        docs_url="/_emulator/docs",
        redoc_url=None,
    )
    app.state.emu = state

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return exc.response()

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            return error_response(404, "DMS.00404001", "The requested URL does not exist.")
        if exc.status_code == 405:
            return error_response(405, "DMS.00405001", "This request method is not allowed.")
        return error_response(exc.status_code, "DMS.00400800", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
        return error_response(400, "DMS.00400800", "Invalid request parameter %s: %s" % (where, first.get("msg", "")))

    from . import hooks
    from .openapi import build_openapi

    app.include_router(hooks.router)
    routers = []
    for name in ROUTE_MODULES:
        try:
            module = importlib.import_module(".routes." + name, __package__)
        except ModuleNotFoundError as exc:
            if exc.name == "%s.routes.%s" % (__package__, name):
                continue
            raise
        if optimised("flat"):
            # The same APIRoute objects, matched directly (see core.optimised).
            app.router.routes.extend(module.router.routes)
        else:
            app.include_router(module.router)
        routers.append(module.router)

    def openapi() -> Dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app, routers, description=(
                "Emulator of the DMS for Kafka REST API. The /_emulator/* test hooks are not part of "
                "this document."))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]

    app.add_middleware(GatewayMiddleware, state=state)
    return app


def unknown(request: Request) -> Response:  # pragma: no cover - documentation helper
    return JSONResponse({"error_code": "DMS.00404001", "error_msg": "The requested URL does not exist."}, 404)
