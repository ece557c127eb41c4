# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""Declaration of SASL users for the engine, plus the ``dms_kafka_user_info`` reader.

API (reference section 5.6, "supported only when SASL is enabled"):

- list: 5.6.1 ``GET /v2/{project_id}/instances/{instance_id}/users`` (one call,
  no pagination; passwords are never returned)
- create: 5.6.2 ``POST .../users`` ``{user_name, user_desc, user_passwd}`` (204)
- delete: 5.6.3 ``PUT .../users`` ``{"action": "delete", "users": [...]}`` (batch, 204)
- reset password / description: 5.6.4, sent in the form the Huawei SDK
  (``update_instance_user``) and Terraform use (deviations.md):
  ``PUT /v2/kafka/{project_id}/instances/{instance_id}/users/{user_name}`` with
  ``new_password`` and/or ``user_desc`` (204). The reference documents only
  ``new_password``; ``user_desc`` is the SDK's ``UpdateUserReq`` field.

The instance (name or ID) is resolved once; an instance with SASL off
(``ssl_enable: false``) fails with a clear message before any user call.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re

from ansible_collections.hwcloud.dms.plugins.module_utils._engine import (
    Field,
    ResourceSpec,
    UpdateStep,
    run_read_module,
    normalise,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._errors import DmsApiError, DmsError
from ansible_collections.hwcloud.dms.plugins.module_utils._instance_ref import (
    FAIL_ON_MISSING_OPTION,
    InstanceNotFoundError,
    context_instance,
    missing_instance,
    instance_path as _path,
)

USERS_PATH = "/v2/{project_id}/instances/{instance_id}/users"
# 5.6.4 in the SDK/Terraform form (deviations.md); takes new_password and user_desc
USER_PATH = "/v2/kafka/{project_id}/instances/{instance_id}/users/{user_name}"

#: 5.6.1: "A username must start with a letter. It can contain 4 to 64 characters.
#: Only letters, digits, underscores (_), and hyphens (-) are allowed."
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{3,63}\Z")
PASSWORD_MIN, PASSWORD_MAX = 8, 32
#: special characters of 5.6.2 (user_passwd), 5.6.4 (new_password) and 8.2
#: DMS.00400012 together, and the space
PASSWORD_SPECIALS = "`~!@#$%^&*()_-+=[{}]:;'\",<.>/? "
SASL_OFF = "DMS.00400971"


class SaslDisabledError(DmsError):
    """The instance was created without SASL: it has no users or topic permissions."""

    def __init__(self, ref):
        self.ref = ref
        super(SaslDisabledError, self).__init__(
            "instance '%s' has SASL disabled (ssl_enable=false): Kafka users and topic "
            "permissions exist only on an instance created with ssl_enable=true" % (ref,))

    def to_result(self):
        return {"instance": self.ref}


# --------------------------------------------------------------------------- validation
def name_problem(value, item=None):
    """5.6.1 user name rule (None when fine)."""
    if not isinstance(value, str) or not NAME_RE.match(value):
        return ("must start with a letter and be 4 to 64 characters long, using only letters, "
                "digits, underscores (_) and hyphens (-)")
    return None


def _ascii_alnum(char):
    return ord(char) < 128 and char.isalnum()


def password_problem(value, item=None):
    """5.6.2 / 5.6.4 password rules; the message never contains the value."""
    if not isinstance(value, str):
        return "must be a string"
    if not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        return "must be %d to %d characters long" % (PASSWORD_MIN, PASSWORD_MAX)
    if value.startswith("-"):
        return "must not start with a hyphen (-)"
    if any(not (_ascii_alnum(c) or c in PASSWORD_SPECIALS) for c in value):
        return ("contains a character that is not allowed (letters, digits, spaces and "
                "%s only)" % PASSWORD_SPECIALS.strip())
    kinds = [any(c.islower() for c in value), any(c.isupper() for c in value),
             any(c.isdigit() for c in value), any(c in PASSWORD_SPECIALS for c in value)]
    if sum(kinds) < 3:
        return ("must contain at least three of: lowercase letters, uppercase letters, digits, "
                "special characters")
    name = (item or {}).get("name")
    if isinstance(name, str) and value == name:
        return "must be different from the user name"
    return None


# --------------------------------------------------------------------------- context helpers
instance = context_instance


def sasl_instance(ctx):
    """The instance, or ``SaslDisabledError`` when it has SASL off."""
    inst = instance(ctx)
    if normalise(inst.get("ssl_enable"), "bool") is False:
        raise SaslDisabledError(ctx.params.get("instance"))
    return inst


def access_user(ctx):
    """The instance's SASL user set at creation (never purged or deleted)."""
    name = instance(ctx).get("access_user")
    return name if isinstance(name, str) and name else None


def _sasl_error(err):
    return isinstance(err, DmsApiError) and err.error_code == SASL_OFF


# --------------------------------------------------------------------------- hooks
def read_users(ctx):
    """5.6.1: every user of the instance (one call)."""
    sasl_instance(ctx)
    try:
        body = ctx.client.get(_path(ctx, USERS_PATH), operation="list users",
                              resource=ctx.params.get("instance")) or {}
    except DmsApiError as err:
        if _sasl_error(err):
            raise SaslDisabledError(ctx.params.get("instance"))
        raise
    body = body if isinstance(body, dict) else {}
    ctx.cache["user_listing"] = body
    return [u for u in body.get("users") or [] if isinstance(u, dict)]


def create_request(desired):
    """5.6.2 body from the desired (normalised, option-named) values."""
    body = {"user_name": desired["name"], "user_passwd": desired["password"]}
    if desired.get("description") is not None:
        body["user_desc"] = desired["description"]
    return body


def create_user(ctx, desired):
    ctx.client.post(_path(ctx, USERS_PATH), create_request(desired), operation="create user",
                    resource=desired["name"])


def update_request(desired, changed):
    """5.6.4 (SDK form) body: only what changed (the password only with update_password=always)."""
    body = {}
    if "description" in changed:
        body["user_desc"] = desired.get("description")
    if "password" in changed:
        body["new_password"] = desired["password"]
    return body


def update_user(ctx, before, desired, changed):
    # absolute values: safe to resend after a dropped connection
    ctx.client.put(_path(ctx, USER_PATH, user_name=before["name"]),
                   update_request(desired, changed), operation="update user",
                   resource=before["name"])


def delete_request(items):
    return {"action": "delete", "users": [item["name"] for item in items]}


def delete_users(ctx, items):
    body = delete_request(items)
    # deleting a user that is already gone is harmless: may be resent
    ctx.client.put(_path(ctx, USERS_PATH), body, operation="delete users",
                   resource=", ".join(body["users"]))


def is_protected(item, ctx):
    """Purge never deletes the instance's access_user."""
    return item.get("name") == access_user(ctx)


def _labels(ctx):
    """User name -> the label of its item (``users[2]``, or '' in the single form)."""
    users = ctx.params.get("users")
    if users is None:
        return {ctx.params.get("name"): ""}
    out = {}
    for index, item in enumerate(users):
        if isinstance(item, dict) and item.get("name") is not None:
            out.setdefault(item["name"], "users[%d]" % index)
    return out


def _prefix(label):
    return (label + ".") if label else ""


def check_plan(ctx, plan):
    """Rules needing the current state, checked on the whole plan before any write."""
    errors = []
    labels = _labels(ctx)
    for d in plan.creates:
        if d.item.get("password") is None:
            errors.append("%spassword: is required to create user '%s'" % (
                _prefix(d.label), d.item["name"]))
    for before, d, changed in plan.updates:
        password = d.item.get("password")
        if "password" in changed and isinstance(password, str) and password == before["name"][::-1]:
            # 5.6.4: "It cannot be the username or the username spelled backwards."
            errors.append("%spassword: must not be the user name spelled backwards (5.6.4 "
                          "password reset rule)" % _prefix(d.label))
    owner = access_user(ctx)
    for view in plan.deletes:
        if owner is not None and view.get("name") == owner:
            label = labels.get(owner, "")
            errors.append("%s%suser '%s' is the instance's access_user (the SASL user created "
                          "with the instance) and cannot be deleted" % (
                              label, ": " if label else "", owner))
    limit = normalise(ctx.cache.get("user_listing", {}).get("max_user"), "int")
    if isinstance(limit, int) and not isinstance(limit, bool) and plan.creates:
        count = len(ctx.cache.get("user_listing", {}).get("users") or [])
        deleted = [v for v in plan.deletes if owner is None or v.get("name") != owner]
        after = count + len(plan.creates) - len(deleted)
        if after > limit:
            errors.append("users: the plan leaves %d users but the instance allows at most %d"
                          % (after, limit))
    return errors


def _description(obj):
    value = obj.get("user_desc")
    return "" if value is None else value


# --------------------------------------------------------------------------- the declaration
FIELDS = [
    Field("name", api="user_name", type="str", validators=[name_problem]),
    Field("description", api="user_desc", type="str", from_api=_description, create_default=""),
    Field("password", type="str", write_only=True, secret=True, validators=[password_problem]),
    Field("role", type="str", server_side=True),
    Field("default_app", type="bool", server_side=True),
    Field("created_at", api="created_time", type="int", server_side=True),
]

USER = ResourceSpec(
    "user", "users", FIELDS, list=read_users,
    create=create_user, delete=delete_users,
    update_steps=[UpdateStep("update", ["description", "password"], update_user)],
    protected=is_protected, check_plan=check_plan,
)

# --------------------------------------------------------------------------- item options (argspec)
ITEM_OPTIONS = dict(
    name=dict(type="str", required=True),
    description=dict(type="str"),
    password=dict(type="str", no_log=True),
    update_password=dict(type="str", choices=["on_create", "always"], default="on_create",
                         no_log=False),
)

MODULE_OPTIONS = dict(
    instance=dict(type="str", required=True),
)


def run_user_module(module_class=None, client_factory=None, supports_check_mode=True):
    """``main()`` of dms_kafka_user (check mode is always supported)."""
    if not supports_check_mode:
        raise ValueError("dms_kafka_user always supports check mode")
    from ansible_collections.hwcloud.dms.plugins.module_utils._engine import run_module
    kwargs = {}
    if module_class is not None:
        kwargs["module_class"] = module_class
    if client_factory is not None:
        kwargs["client_factory"] = client_factory
    return run_module(USER, ITEM_OPTIONS, copy.deepcopy(MODULE_OPTIONS), **kwargs)


# --------------------------------------------------------------------------- info
INFO_OPTIONS = dict(
    instance=dict(type="str", required=True),
    fail_on_missing=copy.deepcopy(FAIL_ON_MISSING_OPTION),
    name=dict(type="list", elements="str", aliases=["names"]),
)


def collect_info(ctx, names=None):
    """The ``dms_kafka_user_info`` result; never fails on "not found".

    Returns ``(users, warning)``: no instance, or an instance with SASL off,
    gives an empty list (with a warning for SASL off).
    """
    try:
        raw = read_users(ctx)
    except InstanceNotFoundError as err:
        missing_instance(ctx, err)
        return [], None
    except SaslDisabledError as err:
        return [], str(err)
    except DmsApiError as err:
        if err.is_not_found:
            return [], None
        raise
    views = [USER.public(USER.from_api(u)) for u in raw]
    if names:
        wanted = set(names)
        views = [v for v in views if v.get("name") in wanted]
    return views, None


def run_user_info_module(module_class=None, client_factory=None, supports_check_mode=True):
    """``main()`` of dms_kafka_user_info (read-only: check mode is the same run)."""
    def read(ctx):
        users, warning = collect_info(ctx, ctx.params.get("name"))
        return {"users": users}, warning

    return run_read_module(INFO_OPTIONS, read, module_class=module_class, client_factory=client_factory)
