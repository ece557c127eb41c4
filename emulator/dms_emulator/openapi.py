"""The OpenAPI document of the emulated API (``GET /_emulator/openapi.json``).

FastAPI's own document only knows what the handler signatures say: the routes
read ``project_id``/``engine`` through the request context, parse their bodies
themselves and answer 204, 201, plain text or a DMS error.  This module fills
that in, so that the document is valid OpenAPI 3.1 and a generic client or a
fuzzer (schemathesis) can use it:

* every ``{name}`` in a path is declared as a required path parameter, and the
  query parameters a handler reads (found in its source) as optional strings;
* operations that take a body declare a JSON object request body;
* the success answer is the one the handler gives (200 JSON, 200 empty, 200
  text, 201, 204) and the error answers (400, 401, 403, 404) use the section 8.2
  error body ``{"error_code", "error_msg"}``;
* FastAPI's 422 (never answered: validation failures are DMS 400s) is gone,
  operation ids are unique, and the ``/_emulator/*`` test hooks are left out
  (they are unauthenticated and reset state: a fuzzer must not call them).
"""

from __future__ import annotations

import inspect
import re
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

ERROR_SCHEMA = {
    "type": "object",
    "description": "Error body of section 8.2 of the API reference.",
    "properties": {
        "error_code": {"type": "string", "description": "DMS error code, e.g. DMS.00400800"},
        "error_msg": {"type": "string", "description": "What is wrong, naming the field and the rule"},
    },
    "required": ["error_code", "error_msg"],
}

ERRORS = {
    "400": "Invalid request (a section 8.2 code names the rule that failed)",
    "401": "Missing, invalid or expired credentials (DMS.1024010x)",
    "403": "The caller may not perform this operation",
    "404": "The resource or the path does not exist",
}

PATH_PARAMETERS: Dict[str, Dict[str, Any]] = {
    "project_id": {"type": "string", "description": "Project ID (32 hex digits); must be the caller's project"},
    "engine": {"type": "string", "enum": ["kafka"], "description": "Message engine: kafka"},
    "instance_id": {"type": "string", "description": "Instance ID (a UUID)"},
}

_BODY_READERS = ("body_obj(", "ctx.json(", "raw_body")
# Query parameters a handler reads: ``query_int(ctx, "limit"``, ``ctx.query.get("topic"`` ...
_QUERY_RE = re.compile(r'(?:\bquery\w*|\b_query\w*)\(ctx, "(\w+)"|\b(?:ctx\.query|q|query_params)\.get\("(\w+)"')
_RETURN_RE = re.compile(r"^\s*return\b(.*)$", re.M)


def _success(endpoint: Callable) -> Dict[str, Dict[str, Any]]:
    """The success answers of a handler, read from its return statements."""
    try:
        source = inspect.getsource(endpoint)
    except (OSError, TypeError):
        source = ""
    codes: Dict[str, Dict[str, Any]] = {}
    for expr in (m.strip() for m in _RETURN_RE.findall(source)):
        if expr.startswith("no_content("):
            codes["204"] = {"description": "Done; no body"}
        elif expr.startswith("text("):
            codes["200"] = {"description": "Done", "content": {"text/plain": {"schema": {"type": "string"}}}}
        elif "status_code=201" in expr or "status=201" in expr:
            codes["201"] = {"description": "Created", "content": {"application/json": {"schema": {}}}}
        elif expr in ("ok()", "ok(None, 200)"):
            codes["200"] = {"description": "Done; no body"}
        elif expr:
            codes.setdefault("200", {"description": "Success", "content": {"application/json": {"schema": {}}}})
    return codes or {"200": {"description": "Success", "content": {"application/json": {"schema": {}}}}}


def _query_names(endpoint: Callable) -> List[str]:
    try:
        source = inspect.getsource(endpoint)
    except (OSError, TypeError):
        return []
    names: List[str] = []
    for match in _QUERY_RE.finditer(source):
        name = match.group(1) or match.group(2)
        if name not in names:
            names.append(name)
    return names


def _reads_body(endpoint: Callable) -> bool:
    try:
        source = inspect.getsource(endpoint)
    except (OSError, TypeError):
        return False
    return any(marker in source for marker in _BODY_READERS)


def _routes(routers: Iterable[Any]) -> Dict[Tuple[str, str], APIRoute]:
    out: Dict[Tuple[str, str], APIRoute] = {}
    for router in routers:
        for route in router.routes:
            if isinstance(route, APIRoute):
                for method in route.methods or ():
                    out.setdefault((method.lower(), route.path), route)
    return out


def build_openapi(app, routers: List[Any], description: Optional[str] = None) -> Dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, openapi_version=app.openapi_version,
                         description=description, routes=app.routes)
    routes = _routes(routers)
    seen_ids: Dict[str, int] = {}
    paths: Dict[str, Any] = {}
    for path, operations in schema.get("paths", {}).items():
        if path.startswith("/_emulator"):
            continue
        names = re.findall(r"{([^}]+)}", path)
        for method, op in operations.items():
            route = routes.get((method, path))
            params = [p for p in op.get("parameters", []) if not (p["in"] == "path" and p["name"] not in names)]
            declared = {p["name"] for p in params if p["in"] == "path"}
            for name in names:
                if name not in declared:
                    params.append({"name": name, "in": "path", "required": True,
                                   "schema": dict(PATH_PARAMETERS.get(name, {"type": "string"}))})
                else:
                    for p in params:
                        if p["in"] == "path" and p["name"] == name and name in PATH_PARAMETERS:
                            p["schema"] = dict(PATH_PARAMETERS[name])
            if route is not None:
                have = {p["name"] for p in params if p["in"] == "query"}
                for name in _query_names(route.endpoint):
                    if name not in have:
                        params.append({"name": name, "in": "query", "required": False, "schema": {"type": "string"}})
            if params:
                op["parameters"] = params
            responses = _success(route.endpoint) if route is not None else {}
            for code, text in ERRORS.items():
                responses[code] = {"description": text, "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            op["responses"] = responses
            if route is not None and "requestBody" not in op and (
                    method in ("post", "put") or (method == "delete" and _reads_body(route.endpoint))):
                op["requestBody"] = {
                    "required": _reads_body(route.endpoint) and method != "delete",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            op_id = op.get("operationId") or "%s_%s" % (method, path)
            seen_ids[op_id] = seen_ids.get(op_id, 0) + 1
            if seen_ids[op_id] > 1:
                op_id = "%s_%d" % (op_id, seen_ids[op_id])
            op["operationId"] = op_id
        paths[path] = operations
    schema["paths"] = paths
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    components["Error"] = ERROR_SCHEMA
    schema["components"]["securitySchemes"] = {
        "iamToken": {"type": "apiKey", "in": "header", "name": "X-Auth-Token",
                     "description": "IAM token from POST /v3/auth/tokens (X-Subject-Token)"},
        "akSk": {"type": "apiKey", "in": "header", "name": "Authorization",
                 "description": "SDK-HMAC-SHA256 signature with X-Sdk-Date (see signing.md)"},
    }
    # Only the token is listed as a requirement: a generic client (a fuzzer) cannot compute
    # an SDK-HMAC-SHA256 signature, and would fill ``Authorization`` with noise.
    schema["security"] = [{"iamToken": []}]
    for path in ("/v3/auth/tokens",):
        for op in schema["paths"].get(path, {}).values():
            op["security"] = []
    return schema
