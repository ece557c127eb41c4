"""SASL users and topic permissions (5.6.1-5.6.6).

Documents
---------
* ``user`` (scope instance id, key user name): ``user_name``, ``user_desc``,
  ``role``, ``default_app``, ``created_time`` (ms) and the private ``_password``.
  The instance's ``access_user`` (set at creation with ``ssl_enable: true``) is
  materialised as the default user the first time a user API touches the
  instance (``role`` ``"admin"``, ``default_app`` ``true``, ``created_time`` the
  instance's creation time); it cannot be deleted.
* ``acl`` (scope instance id, key topic name):
  ``{"name": topic, "policies": [{"user_name", "access_policy", "owner"}]}``.

Behaviour (emulator choices where the reference is silent)
---------------------------------------------------------
* Every endpoint needs SASL on the instance (``ssl_enable`` true): otherwise
  400 ``DMS.00400971`` "The instance ssl is off.".
* Names: ``^[A-Za-z][A-Za-z0-9_-]{3,63}$`` (5.6.1) else 400 ``DMS.00400015``.
  Passwords: 8-32 characters, at least three of lowercase / uppercase / digits /
  specials (the specials of 5.6.2, 5.6.4 and 8.2 together, and spaces), no
  leading ``-``, not the user name (nor, on reset, the name reversed); else 400
  ``DMS.00400012``.
* A duplicate user, an unknown user (reset, grant) and deleting the default
  user: 400 ``DMS.00400800``.  Batch delete ignores names that do not exist.
* Reset password (5.6.4) also takes ``user_desc`` (the SDK's
  ``update_instance_user`` body); ``new_password`` may be left out only when
  ``user_desc`` is given.
* Granting (5.6.6) REPLACES each listed topic's policy list (``[]`` removes them
  all), needs the topic and every user to exist, rejects a user listed twice
  for one topic, and is visible at once; the answer's ``job_id`` is a
  background task named ``updateTopicPolicies`` (SUCCESS after the delay).
* A missing topic (5.6.5, 5.6.6): 400 ``DMS.00400975`` "Failed to query topics.".
* Deleting a user removes it from every acl document of the instance.
* The user list answers ``users`` (documented) plus ``total`` and ``max_user``.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, Depends

from ..core import ApiError, Ctx, api_ctx, bad_request, hash_secret, no_content, ok, route

router = APIRouter(tags=["Users and permissions (5.6)"])

MAX_USERS = 20
USER_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
SPECIALS = set("`~!@#$%^&*()_-+=[{}]:;'\",<.>/? ")
ACCESS_POLICIES = ("all", "pub", "sub")


# --------------------------------------------------------------------------- helpers


def sasl_instance(ctx: Ctx, instance_id: str, write: bool = False) -> Dict[str, Any]:
    inst = ctx.running_instance(instance_id) if write else ctx.instance(instance_id)
    if not inst.get("ssl_enable"):
        raise ApiError(400, "DMS.00400971", "The instance ssl is off. User management is supported only "
                                            "when SASL is enabled for the Kafka instance (ssl_enable).")
    _ensure_default_user(ctx, inst)
    return inst


def _ensure_default_user(ctx: Ctx, inst: Dict[str, Any]) -> None:
    name = inst.get("access_user")
    if not name or not isinstance(name, str):
        return
    iid = inst["instance_id"]
    if inst.get("_default_user_done"):
        return
    if ctx.store.get("user", iid, name) is None:
        try:
            created = int(inst.get("created_at"))
        except (TypeError, ValueError):
            created = ctx.now_ms()
        ctx.store.put("user", iid, name, {
            "user_name": name, "user_desc": "", "role": "admin", "default_app": True,
            "created_time": created, "_password": inst.get("_password") or hash_secret(inst.get("password")),
            "_default": True,
        })
    inst["_default_user_done"] = True
    ctx.save_instance(inst)


def _check_name(name: Any, field: str = "user_name") -> str:
    if name is None or name == "":
        raise bad_request("Invalid request parameter %s: it is mandatory." % field)
    if not isinstance(name, str):
        raise bad_request("Invalid request parameter %s: must be a string." % field)
    if not USER_RE.fullmatch(name):
        raise ApiError(400, "DMS.00400015", "Invalid username %r (%s). A username must start with a letter, be 4 "
                                            "to 64 characters long and contain only letters, digits, underscores "
                                            "(_) and hyphens (-)." % (name, field))
    return name


def _check_password(password: Any, field: str, user_name: str, reversed_too: bool) -> str:
    if password is None or password == "":
        raise bad_request("Invalid request parameter %s: it is mandatory." % field)
    if not isinstance(password, str):
        raise bad_request("Invalid request parameter %s: must be a string." % field)
    problems = []
    if not 8 <= len(password) <= 32:
        problems.append("it must contain 8 to 32 characters")
    if password.startswith("-"):
        problems.append("it cannot start with a hyphen (-)")
    bad = sorted({c for c in password if not (c.isascii() and (c.isalnum() or c in SPECIALS))})
    if bad:
        problems.append("it contains characters that are not allowed: %s" % "".join(bad))
    kinds = sum([
        any(c.islower() and c.isascii() for c in password),
        any(c.isupper() and c.isascii() for c in password),
        any(c.isdigit() for c in password),
        any(c in SPECIALS for c in password),
    ])
    if kinds < 3:
        problems.append("it must contain at least three of: lowercase letters, uppercase letters, digits, "
                        "special characters")
    if password == user_name:
        problems.append("it cannot be the username")
    if reversed_too and password == user_name[::-1]:
        problems.append("it cannot be the username spelled backwards")
    if problems:
        raise ApiError(400, "DMS.00400012", "Invalid password format (%s): %s." % (field, "; ".join(problems)))
    return password


def _optional_desc(body: Dict[str, Any]) -> Optional[str]:
    desc = body.get("user_desc")
    if desc is not None and not isinstance(desc, str):
        raise bad_request("Invalid request parameter user_desc: must be a string.")
    return desc


def _public_user(doc: Dict[str, Any]) -> Dict[str, Any]:
    return {
        "user_name": doc["user_name"],
        "user_desc": doc.get("user_desc") or "",
        "role": doc.get("role") or "guest",
        "default_app": bool(doc.get("default_app")),
        "created_time": int(doc.get("created_time") or 0),
    }


def _topic_missing(name: str) -> ApiError:
    return ApiError(400, "DMS.00400975", "Failed to query topics. The topic %r does not exist." % name)


# --------------------------------------------------------------------------- users


@route(router, ["GET"], "/v2/{project_id}/instances/{instance_id}/users",
       "/v2/{engine}/{project_id}/instances/{instance_id}/users")
def list_users(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.6.1."""
    sasl_instance(ctx, instance_id)
    users = [_public_user(d) for d in ctx.store.list("user", instance_id)]
    return ok({"users": users, "total": len(users), "max_user": MAX_USERS})


@route(router, ["POST"], "/v2/{project_id}/instances/{instance_id}/users",
       "/v2/{engine}/{project_id}/instances/{instance_id}/users")
def create_user(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.6.2: 204."""
    sasl_instance(ctx, instance_id, write=True)
    body = ctx.body_obj()
    name = _check_name(body.get("user_name"))
    password = _check_password(body.get("user_passwd"), "user_passwd", name, reversed_too=False)
    desc = _optional_desc(body)
    if ctx.store.get("user", instance_id, name) is not None:
        raise bad_request("Invalid request parameter user_name: the user %r already exists." % name)
    if len(ctx.store.list("user", instance_id)) >= MAX_USERS:
        raise ApiError(400, "DMS.00400039", "The quota limit has been reached: an instance can have at most "
                                            "%d users." % MAX_USERS)
    ctx.store.put("user", instance_id, name, {
        "user_name": name, "user_desc": desc or "", "role": "guest", "default_app": False,
        "created_time": ctx.now_ms(), "_password": hash_secret(password),
    })
    return no_content()


@route(router, ["PUT"], "/v2/{project_id}/instances/{instance_id}/users",
       "/v2/{engine}/{project_id}/instances/{instance_id}/users")
def delete_users(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.6.3: ``{"action": "delete", "users": [...]}`` → 204."""
    sasl_instance(ctx, instance_id, write=True)
    body = ctx.body_obj()
    action = body.get("action")
    if action != "delete":
        raise bad_request("Invalid request parameter action: only delete is supported (got %r)." % (action,))
    names = body.get("users")
    if not isinstance(names, list) or not names:
        raise bad_request("Invalid request parameter users: a non-empty array of user names is mandatory.")
    for name in names:
        if not isinstance(name, str) or not name:
            raise bad_request("Invalid request parameter users: every item must be a non-empty string.")
    for name in names:
        doc = ctx.store.get("user", instance_id, name)
        if doc is not None and doc.get("_default"):
            raise bad_request("Invalid request parameter users: %r is the instance's default user "
                              "(access_user) and cannot be deleted." % name)
    for name in dict.fromkeys(names):
        if ctx.store.delete("user", instance_id, name):
            remove_user_from_acls(ctx, instance_id, name)
    return no_content()


def remove_user_from_acls(ctx: Ctx, instance_id: str, user_name: str) -> None:
    for acl in ctx.store.list("acl", instance_id):
        kept = [p for p in acl.get("policies", []) if p.get("user_name") != user_name]
        if len(kept) != len(acl.get("policies", [])):
            acl["policies"] = kept
            ctx.store.put("acl", instance_id, acl["name"], acl)


@route(router, ["PUT"], "/v2/{project_id}/instances/{instance_id}/users/{user_name}",
       "/v2/{engine}/{project_id}/instances/{instance_id}/users/{user_name}")
def reset_password(instance_id: str, user_name: str, ctx: Ctx = Depends(api_ctx)):
    """5.6.4 (also the ``/v2/kafka/`` and ``/v2/{engine}/`` forms of deviations.md): 204."""
    sasl_instance(ctx, instance_id, write=True)
    body = ctx.body_obj()
    doc = ctx.store.get("user", instance_id, user_name)
    if doc is None:
        raise bad_request("Invalid request parameter user_name: the user %r does not exist." % user_name)
    other = body.get("user_name")
    if other not in (None, "", user_name):
        raise bad_request("Invalid request parameter user_name: the body names %r but the path names %r; "
                          "a user cannot be renamed." % (other, user_name))
    desc = _optional_desc(body)
    password = body.get("new_password")
    if password is None and desc is None:
        raise bad_request("Invalid request parameter new_password: it is mandatory for resetting a user password.")
    if password is not None:
        doc["_password"] = hash_secret(_check_password(password, "new_password", user_name, reversed_too=True))
    if desc is not None:
        doc["user_desc"] = desc
    ctx.store.put("user", instance_id, user_name, doc)
    return no_content()


# --------------------------------------------------------------------------- permissions


@route(router, ["GET"], "/v1/{project_id}/instances/{instance_id}/topics/{topic_name}/accesspolicy")
def get_policies(instance_id: str, topic_name: str, ctx: Ctx = Depends(api_ctx)):
    """5.6.5."""
    sasl_instance(ctx, instance_id)
    topic = ctx.store.get("topic", instance_id, topic_name)
    if topic is None:
        raise _topic_missing(topic_name)
    acl = ctx.store.get("acl", instance_id, topic_name) or {"policies": []}
    topic_type = topic.get("topic_type")
    return ok({
        "name": topic_name,
        "topic_type": topic_type if isinstance(topic_type, int) and not isinstance(topic_type, bool) else 0,
        "policies": [
            {"owner": bool(p.get("owner")), "user_name": p["user_name"], "access_policy": p["access_policy"]}
            for p in acl.get("policies", [])
        ],
    })


@route(router, ["POST"], "/v1/{project_id}/instances/{instance_id}/topics/accesspolicy")
def grant_policies(instance_id: str, ctx: Ctx = Depends(api_ctx)):
    """5.6.6: replace the policy list of every listed topic; 200 ``{"job_id"}``."""
    sasl_instance(ctx, instance_id, write=True)
    body = ctx.body_obj()
    topics = body.get("topics")
    if not isinstance(topics, list) or not topics:
        raise bad_request("Invalid request parameter topics: a non-empty array is mandatory.")
    plan: List[Dict[str, Any]] = []
    seen_topics = set()
    for i, item in enumerate(topics):
        where = "topics[%d]" % i
        if not isinstance(item, dict):
            raise bad_request("Invalid request parameter %s: must be an object." % where)
        name = item.get("name")
        if not isinstance(name, str) or not name:
            raise bad_request("Invalid request parameter %s.name: a topic name is mandatory." % where)
        if name in seen_topics:
            raise bad_request("Invalid request parameter %s.name: topic %r is listed twice." % (where, name))
        seen_topics.add(name)
        if ctx.store.get("topic", instance_id, name) is None:
            raise _topic_missing(name)
        policies = item.get("policies")
        if not isinstance(policies, list):
            raise bad_request("Invalid request parameter %s.policies: an array is mandatory ([] removes every "
                              "permission)." % where)
        new: List[Dict[str, Any]] = []
        users = set()
        for j, pol in enumerate(policies):
            pwhere = "%s.policies[%d]" % (where, j)
            if not isinstance(pol, dict):
                raise bad_request("Invalid request parameter %s: must be an object." % pwhere)
            user = pol.get("user_name")
            if not isinstance(user, str) or not user:
                raise bad_request("Invalid request parameter %s.user_name: it is mandatory." % pwhere)
            access = pol.get("access_policy")
            if access not in ACCESS_POLICIES:
                raise bad_request("Invalid request parameter %s.access_policy: must be one of all, pub, sub "
                                  "(got %r)." % (pwhere, access))
            if ctx.store.get("user", instance_id, user) is None:
                raise bad_request("Invalid request parameter %s.user_name: the user %r does not exist."
                                  % (pwhere, user))
            if user in users:
                raise bad_request("Invalid request parameter %s.user_name: user %r is listed twice for topic %r."
                                  % (pwhere, user, name))
            users.add(user)
            new.append({"user_name": user, "access_policy": access, "owner": False})
        plan.append({"name": name, "policies": new})
    fail = ctx.effect("task_failed")
    if not fail:
        for acl in plan:
            ctx.store.put("acl", instance_id, acl["name"], acl)
    job_id = ctx.add_task(instance_id, "updateTopicPolicies", {"topics": plan}, fail=fail)
    return ok({"job_id": job_id})
