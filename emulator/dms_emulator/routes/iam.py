"""The two IAM calls a client needs: a token (password method) and the project list.

These are not DMS endpoints; they stand in for ``iam.{region}.myhuaweicloud.com``
so that token authentication and project-id resolution can be tested.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from .. import auth
from ..core import ApiError, Ctx, api_ctx, token_key, utc_iso

router = APIRouter(tags=["IAM (emulated)"])


def _iam_error(status: int, code: str, msg: str) -> ApiError:
    return ApiError(status, code, msg)


@router.post("/v3/auth/tokens")
def create_token(ctx: Ctx = Depends(api_ctx)):
    body = ctx.body_obj()
    try:
        identity = body["auth"]["identity"]
        methods = identity["methods"]
        user = identity["password"]["user"]
        name = user["name"]
        password = user["password"]
        domain = (user.get("domain") or {}).get("name")
    except (KeyError, TypeError):
        raise _iam_error(400, "IAM.0001", "auth.identity.password.user.{name,password,domain.name} are required.")
    if "password" not in methods:
        raise _iam_error(400, "IAM.0001", "auth.identity.methods must contain password.")
    s = ctx.settings
    if name != s.iam_username or password != s.iam_password or domain != s.domain_name:
        raise _iam_error(401, "IAM.0002", "The username or password is wrong.")
    scope = (body["auth"].get("scope") or {}).get("project") or {}
    if scope.get("name") not in (None, s.region) or scope.get("id") not in (None, s.project_id):
        raise _iam_error(400, "IAM.0003", "The project in auth.scope does not exist.")
    if not scope:
        raise _iam_error(400, "IAM.0003", "auth.scope.project is required for DMS (a project-level service).")
    token = auth.new_token()
    now = ctx.now()
    ctx.store.put("token", "", token_key(token), {"project_id": s.project_id, "expires": now + auth.TOKEN_TTL})
    payload = {
        "token": {
            "methods": ["password"],
            "expires_at": utc_iso(now + auth.TOKEN_TTL),
            "issued_at": utc_iso(now),
            "user": {"name": name, "domain": {"name": domain}},
            "project": {"id": s.project_id, "name": s.region},
        }
    }
    return JSONResponse(payload, status_code=201, headers={"X-Subject-Token": token})


@router.get("/v3/projects")
def list_projects(request: Request, ctx: Ctx = Depends(api_ctx)):
    s = ctx.settings
    projects = [{"id": s.project_id, "name": s.region, "enabled": True, "domain_id": "emulator-domain-id"}]
    name = request.query_params.get("name")
    if name is not None:
        projects = [p for p in projects if p["name"] == name]
    return {"projects": projects, "links": {"self": str(request.url)}}
