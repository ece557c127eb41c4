# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# Simplified BSD License (see https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause
#
# PRIVATE TO THE hwcloud.dms COLLECTION: this file is not a public API and may
# change without notice. Do not import it from outside this collection.
"""The one generic "ensure state" engine, driven by ``ResourceSpec`` declarations.

A resource is declared once (``Field``s, identity, hooks); the engine reads
the whole set with one listing, plans creates/updates/deletes, validates the
whole plan before the first write, applies it (or, in check mode, predicts
it with zero mutating requests), re-reads once and builds the result and the
diff. See docs/engine.md for the guide and a worked example.

The engine never looks at ``spec.singular``/``spec.plural`` to decide
anything: per-resource behaviour lives in hooks on the spec.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import random
import re
import time

from ansible_collections.hwcloud.dms.plugins.module_utils._errors import (
    DmsAmbiguousWriteError,
    DmsApiError,
    DmsError,
    DmsParentNotFoundError,
    DmsValidationError,
)
from ansible_collections.hwcloud.dms.plugins.module_utils._waiters import get_waiter

MASK = "********"
PRESENT = "present"
ABSENT = "absent"
ON_CREATE = "on_create"
ALWAYS = "always"

#: after a write whose outcome is unknown: how many times the engine re-reads and, when the
#: change is not (all) there, writes what is missing again
MAX_RECOVERIES = 3
#: ``UpdateStep(verify=True)``: how many times a step is applied again when the re-read after
#: it shows the change undone (a concurrent read-modify-write of the same item)
MAX_VERIFY_ROUNDS = 5

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


# --------------------------------------------------------------------------- normalising
def normalise(value, kind="raw", elements=None):
    """Bring an option or API value to a comparable form.

    ``kind``: ``raw`` (unchanged), ``str``, ``int``, ``float``, ``bool``,
    ``list`` (order kept), ``set`` (order ignored: sorted, duplicates
    dropped), ``dict``, or a callable. ``elements`` normalises the items of a
    list/set or the values of a dict. The API often sends numbers and booleans
    as strings (``"3"``, ``"false"``): those are converted. A value that does
    not convert is returned unchanged (and will simply compare as different).
    """
    if value is None:
        return None
    if callable(kind):
        return kind(value)
    if kind == "raw":
        return value
    if kind == "str":
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else str(value)
    if kind == "int":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            number = float(value)
        except (TypeError, ValueError):
            return value
        return int(number) if number.is_integer() else number
    if kind == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            return value
    if kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        return value
    if kind in ("list", "set"):
        if not isinstance(value, (list, tuple, set)):
            value = [value]
        items = [normalise(v, elements or "raw") for v in value]
        if kind == "set":
            unique = {}
            for item in items:
                unique.setdefault(repr(item) if isinstance(item, (dict, list)) else item, item)
            return sorted(unique.values(), key=_sort_key)
        return items
    if kind == "dict":
        if not isinstance(value, dict):
            return value
        return dict((str(k), normalise(v, elements or "raw")) for k, v in value.items())
    raise ValueError("unknown normaliser %r" % (kind,))


def _sort_key(value):
    return (type(value).__name__, repr(value) if isinstance(value, (dict, list)) else value)


# --------------------------------------------------------------------------- declarations
class Field(object):
    """One managed (or reported) attribute of a resource.

    - ``option``: the module option name (and key in results).
    - ``api``: the key in API objects (default: ``option``); use ``from_api``
      for anything nested or computed, ``to_api`` to convert for requests.
    - ``type`` / ``elements``: normaliser applied to both sides before comparing.
    - ``create_only``: changing it on an existing item fails (before any write).
    - ``write_only``: never read back, never compared, never shown (passwords);
      sent on create, and on update only when the item's policy option
      (``spec.write_only_policy``, e.g. ``update_password``) is ``always``.
    - ``secret``: compared, but masked in results and diffs.
    - ``server_side``: read-only attribute reported in results, never compared
      and left out of diffs (ids, creation times, status).
    - ``compare``: ``equal`` or ``subset`` (dicts: only the keys the user set
      are compared, e.g. a config map where the server returns every default),
      or a callable ``(have, want, item) -> bool`` for a comparison that
      depends on sibling options of the item (``item``: the user's normalised
      options, e.g. a merge/replace mode); pair it with ``spec.predict``.
    - ``create_default``: value the server uses when the option is not set
      at creation; only used to predict the after-state in check mode.
    - ``identity_default``: for an identity option the user may leave unset
      (identities with optional parts, e.g. quotas keyed by user and/or
      client): the value it then stands for (the API's "not set" value, such
      as ``""`` or ``False``). Such an option is not required; an item must
      still set at least one identity option.
    - validation (run on the user's value before any API call): ``min``,
      ``max``, ``choices``, ``pattern`` (must match the WHOLE value: no
      trailing newline), with ``rule`` (required with ``pattern``: the rule
      in words, shown instead of the regex, e.g. ``"3 to 200 characters:
      letters, digits, '.', '_' and '-', starting with a letter"``),
      ``min_length``, ``max_length``, ``validators`` (callables
      ``(value, item) -> message or None``).
    """

    def __init__(self, option, api=None, type="raw", elements=None, create_only=False,
                 write_only=False, secret=False, server_side=False, compare="equal",
                 from_api=None, to_api=None, create_default=None, min=None, max=None,
                 choices=None, pattern=None, min_length=None, max_length=None, validators=(),
                 identity_default=None, hide_unset=False, rule=None):
        # pylint: disable=redefined-builtin
        if not callable(compare) and compare not in ("equal", "subset"):
            raise ValueError("compare must be 'equal', 'subset' or a callable")
        self.option = option
        self.api = api or option
        self.type = type
        self.elements = elements
        self.create_only = create_only
        self.write_only = write_only
        self.secret = secret
        self.server_side = server_side
        self.compare = compare
        self.hide_unset = hide_unset
        self.from_api_fn = from_api
        self.to_api_fn = to_api
        self.create_default = create_default
        self.identity_default = identity_default
        self.min = min
        self.max = max
        self.choices = choices
        self.pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        if self.pattern is not None and not rule:
            raise ValueError("field %s: a pattern needs its rule in words (rule=...)" % option)
        self.rule = rule
        self.min_length = min_length
        self.max_length = max_length
        self.validators = tuple(validators)

    def norm(self, value):
        return normalise(value, self.type, self.elements)

    def read(self, api_obj):
        value = self.from_api_fn(api_obj) if self.from_api_fn else api_obj.get(self.api)
        return self.norm(value)

    def request_value(self, value):
        return self.to_api_fn(value) if self.to_api_fn else value

    def matches(self, have, want, item=None):
        if callable(self.compare):
            return bool(self.compare(have, want, item if item is not None else {}))
        if self.compare == "subset" and isinstance(want, dict):
            if not isinstance(have, dict):
                return not want
            return all(k in have and have[k] == v for k, v in want.items())
        return have == want

    def check(self, value, item):
        """Return the list of rule violations of a (normalised) user value."""
        errors = []
        if value is None:
            return errors
        if self.min is not None or self.max is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                errors.append("must be a number")
            elif self.min is not None and self.max is not None:
                if not self.min <= value <= self.max:
                    errors.append("must be between %s and %s" % (self.min, self.max))
            elif self.min is not None and value < self.min:
                errors.append("must be at least %s" % self.min)
            elif self.max is not None and value > self.max:
                errors.append("must be at most %s" % self.max)
        if self.choices is not None and value not in self.choices:
            errors.append("must be one of: %s" % ", ".join(str(c) for c in self.choices))
        if self.min_length is not None or self.max_length is not None:
            length = len(value) if hasattr(value, "__len__") else None
            low = self.min_length or 0
            if length is None or length < low or (self.max_length is not None
                                                  and length > self.max_length):
                if self.max_length is not None:
                    errors.append("must be %s to %s characters long" % (low, self.max_length)
                                  if isinstance(value, str) else
                                  "must have %s to %s elements" % (low, self.max_length))
                else:
                    errors.append("must be at least %s long" % low)
        if self.pattern is not None and isinstance(value, str) and \
                not self.pattern.fullmatch(value):
            errors.append(self.rule)
        for validator in self.validators:
            message = validator(value, item)
            if message:
                errors.append(message)
        return errors


class UpdateStep(object):
    """An ordered update action owning some fields.

    ``apply(ctx, before, desired, changed)`` runs when any owned field
    changed (``changed``: the owned option names that differ). With
    ``batch=True`` it is called once as ``apply(ctx, [(before, desired,
    changed), ...])`` for every item that needs it. ``wait(ctx, before,
    desired)`` (optional) runs after ``apply`` for each item, when waiting is on.
    ``verify=True``: the engine re-reads the items after the step (and its
    wait; only when waiting is on) and applies the step again to those still
    differing, up to ``MAX_VERIFY_ROUNDS`` times, then fails naming them: for read-modify-write
    APIs where a concurrent writer can undo the change (e.g. a merged ACL).
    """

    def __init__(self, name, fields, apply, batch=False, wait=None, verify=False):
        self.name = name
        self.fields = tuple(fields)
        self.apply = apply
        self.batch = batch
        self.wait = wait
        self.verify = verify


class ResourceSpec(object):
    """Declaration of one resource type for the engine (see docs/engine.md).

    Hooks (all receive the run ``Context`` first):

    - ``list(ctx) -> [api objects]``: every object of the parent (required);
      read once per run (and once more after real changes).
    - ``read(ctx, ident) -> api object or None``: optional cheaper read for
      single-item runs (``ident``: dict of the identity options).
    - ``create(ctx, desired)``: create one item (``desired``: the normalised
      options the user set, write-only ones included).
    - ``update_steps``: ordered ``UpdateStep``s; or ``update(ctx, before,
      desired, changed)`` as one step owning every updatable field.
    - ``delete(ctx, items)``: delete a list of current items (batch APIs
      take them all at once; loop otherwise).
    - ``protected(item, ctx) -> bool``: items that purge never deletes.
    - ``validate(item, ctx) -> [messages]``: cross-field rules (per item).
    - ``wait_create(ctx, desired, created)`` / ``wait_delete(ctx, items)``:
      called after the write when waiting is on (never in check mode).
    - ``predict(before, desired) -> dict``: check-mode after-state
      (default: the before-state updated with the desired values).
    - ``check_plan(ctx, plan) -> [messages]``: rules that need the current
      state (e.g. "partitions can only grow"), run on the whole plan after the
      listing and before the first write; messages are reported with the
      local validation errors.
    - ``actions``: ``{state: fn(ctx, before, desired)}`` for extra states
      that act on an existing item (e.g. ``restarted``): always "changed",
      skipped in check mode, fails (before any write) when the item does not
      exist; other options only identify the item.
    - ``display(ident) -> str``: the name of an item in messages, ``changes``
      and diff keys (``ident``: dict of the identity options); default: the
      identity values joined with ``/``.
    - ``owner(view) -> str``: the name that ``owned_prefixes`` is matched
      against when purging (default: the display name), e.g. the topic of a
      permission, or the user (else the client) of a quota.
    - ``action_done(ctx, state, now, desired) -> bool``: after an action
      whose request had an unknown outcome, does the re-read item (``now``)
      show it was applied? Default: no, the action is sent again.

    Every write hook may raise ``DmsAmbiguousWriteError`` (the client does, for
    a write whose outcome is unknown): the engine then re-reads the items and
    calls the hook again with only what is still missing (see docs/reliability.md).
    """

    def __init__(self, singular, plural, fields, list, identity=("name",), create=None,
                 update=None, update_steps=(), delete=None, read=None, protected=None,
                 validate=None, wait_create=None, wait_delete=None, predict=None,
                 write_only_policy="update_password", title=None, check_plan=None,
                 actions=None, display=None, owner=None, action_done=None):
        # pylint: disable=redefined-builtin
        self.singular = singular
        self.plural = plural
        self.title = title or singular.replace("_", " ")
        self.fields = list_(fields)
        self.by_option = dict((f.option, f) for f in self.fields)
        if len(self.by_option) != len(self.fields):
            raise ValueError("duplicate field option in spec %s" % singular)
        self.identity = tuple(identity)
        for name in self.identity:
            if name not in self.by_option:
                raise ValueError("identity %s is not a field of spec %s" % (name, singular))
        self.list = list
        self.read = read
        self.create = create
        self.delete = delete
        self.protected = protected
        self.validate = validate
        self.wait_create = wait_create
        self.wait_delete = wait_delete
        self.predict = predict
        self.check_plan = check_plan
        self.actions = dict(actions or {})
        self.display = display
        self.owner = owner
        self.action_done = action_done
        self.write_only_policy = write_only_policy
        steps = list_(update_steps)
        if update is not None:
            owned = set()
            for step in steps:
                owned.update(step.fields)
            rest = [f.option for f in self.fields if f.option not in owned and f.option not in
                    self.identity and not f.create_only and not f.server_side]
            steps.append(UpdateStep("update", rest, update))
        self.update_steps = tuple(steps)
        self.updatable = set()
        for step in self.update_steps:
            for name in step.fields:
                if name not in self.by_option:
                    raise ValueError("update step %s owns unknown field %s" % (step.name, name))
                self.updatable.add(name)

    # -- conversions ---------------------------------------------------------------
    def from_api(self, api_obj):
        """API object -> option-named view (write-only fields never appear)."""
        view = {}
        for f in self.fields:
            if f.write_only:
                continue
            value = f.read(api_obj)
            if value is None and f.hide_unset:
                continue
            view[f.option] = value
        return view

    def to_api(self, desired, options=None):
        """Option-named values -> API-named request dict (unset values left out)."""
        body = {}
        for f in self.fields:
            if options is not None and f.option not in options:
                continue
            if f.server_side:
                continue
            value = desired.get(f.option)
            if value is not None:
                body[f.api] = f.request_value(value)
        return body

    def ident(self, view):
        out = []
        for name in self.identity:
            f = self.by_option[name]
            value = f.norm(view.get(name))
            if value is None:
                value = f.identity_default
            out.append(value)
        return tuple(out)

    def ident_name(self, ident):
        if self.display is not None:
            return self.display(dict(zip(self.identity, ident)))
        return "/".join("" if v is None else str(v) for v in ident)

    def describe(self, ident):
        return "%s '%s'" % (self.title, self.ident_name(ident))

    def owner_name(self, view):
        """The name ``owned_prefixes`` scopes (``owner`` hook, default the display name)."""
        if self.owner is not None:
            return self.owner(view) or ""
        return self.ident_name(self.ident(view))

    def in_scope(self, view, owned_prefixes):
        """True when ``owned_prefixes`` is unset, or the item's owner name starts with one of them."""
        if owned_prefixes is None:
            return True
        name = str(self.owner_name(view))
        return any(name.startswith(prefix) for prefix in owned_prefixes)

    def public(self, view):
        """A view as shown in results: secrets masked, write-only fields removed."""
        if view is None:
            return None
        shown = {}
        for key, value in view.items():
            f = self.by_option.get(key)
            if f is not None and (f.write_only or (f.hide_unset and value is None)):
                continue
            shown[key] = MASK if (f is not None and f.secret and value is not None) else value
        return shown

    def diff_view(self, view):
        """A view as shown in diffs: public, minus server-side fields."""
        if view is None:
            return {}
        shown = self.public(view)
        for f in self.fields:
            if f.server_side:
                shown.pop(f.option, None)
        return shown


def list_(value):
    """``list()`` for code where a parameter named ``list`` shadows the builtin."""
    return list(value or ())


# --------------------------------------------------------------------------- context
class Context(object):
    """What hooks get: the client, the module params, a waiter and a cache."""

    def __init__(self, client, params, check_mode=False, module=None, waiter=None):
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.module = module
        self.waiter = waiter or get_waiter(check_mode)
        self.wait = (not check_mode) and params.get("wait", True) is not False
        self.wait_timeout = params.get("wait_timeout") or 1800
        #: free-form storage shared by the hooks of one run
        self.cache = {}
        #: extra top-level keys hooks add to the module result (e.g. job_id)
        self.extra = {}
        #: set (check mode only) when the parent does not exist yet: everything is predicted
        self.parent_missing = False
        self._raw = {}

    def raw(self, item):
        """The API object a current item (view) was built from."""
        return self._raw.get(id(item))

    def warn(self, msg):
        if self.module is not None:
            self.module.warn(msg)


class _Desired(object):
    def __init__(self, index, ident, item, state, policy, label):
        self.index = index
        self.ident = ident
        self.item = item
        self.state = state
        self.policy = policy
        self.label = label


class Plan(object):
    """What ``ensure`` will do: lists of (current, desired) records."""

    def __init__(self):
        self.creates = []      # [_Desired]
        self.updates = []      # [(current view, _Desired, [changed options])]
        self.deletes = []      # [current view]
        self.unchanged = []    # [ident]
        self.actions = []      # [(current view, _Desired)] for ``spec.actions`` states

    @property
    def changed(self):
        return bool(self.creates or self.updates or self.deletes or self.actions)


# --------------------------------------------------------------------------- the engine
class ResourceEngine(object):
    """``ensure`` a set of items of one ``ResourceSpec``."""

    def __init__(self, spec, ctx, sleep=time.sleep):
        self.spec = spec
        self.ctx = ctx
        self._sleep = sleep
        #: writes whose unknown outcome was resolved by a re-read (result key ``recovered``)
        self.recovered = []

    # -- reading -------------------------------------------------------------------
    def read_current(self, single_ident=None):
        """Return ``{ident: view}`` (insertion order = listing order)."""
        spec = self.spec
        if single_ident is not None and spec.read is not None:
            obj = spec.read(self.ctx, dict(zip(spec.identity, single_ident)))
            objs = [obj] if obj else []
        else:
            objs = spec.list(self.ctx) or []
        current = {}
        for obj in objs:
            view = spec.from_api(obj)
            ident = spec.ident(view)
            if any(v is None for v in ident):
                continue
            self.ctx._raw[id(view)] = obj  # pylint: disable=protected-access
            current[ident] = view
        return current

    # -- planning ------------------------------------------------------------------
    def _desired(self, items, single):
        spec = self.spec
        errors = []
        desired = []
        seen = {}
        for index, raw_item in enumerate(items):
            label = "" if single else "%s[%d]" % (spec.plural, index)
            prefix = (label + ".") if label else ""
            item = {}
            for key, value in (raw_item or {}).items():
                if value is None:
                    continue
                f = spec.by_option.get(key)
                item[key] = f.norm(value) if f is not None else value
            state = item.pop("state", PRESENT)
            policy = item.pop(spec.write_only_policy, None) or ON_CREATE
            missing = [name for name in spec.identity if item.get(name) in (None, "")
                       and spec.by_option[name].identity_default is None]
            if missing:
                errors.append("%s%s: is required" % (prefix, missing[0]))
                continue
            if all(item.get(name) in (None, "", spec.by_option[name].identity_default)
                   for name in spec.identity) and len(spec.identity) > 1:
                errors.append("%s%s: one of them is required" % (prefix, ", ".join(spec.identity)))
                continue
            for name in spec.identity:
                if item.get(name) in (None, "") and spec.by_option[name].identity_default is not None:
                    item[name] = spec.by_option[name].identity_default
            ident = spec.ident(item)
            if ident in seen:
                errors.append("%s: duplicate %s (same as %s)" % (
                    label or spec.title, spec.describe(ident), seen[ident] or "another item"))
                continue
            seen[ident] = label
            if state == PRESENT:
                for f in spec.fields:
                    if f.option in item:
                        if f.server_side:
                            errors.append("%s%s: is read-only" % (prefix, f.option))
                            continue
                        for message in f.check(item[f.option], item):
                            errors.append("%s%s: %s" % (prefix, f.option, message))
                if spec.validate is not None:
                    for message in spec.validate(item, self.ctx) or ():
                        errors.append("%s%s" % (prefix, message))
            desired.append(_Desired(index, ident, item, state, policy, label))
        return desired, errors

    def _compare(self, before, d):
        spec = self.spec
        changed = []
        conflicts = []
        for f in spec.fields:
            if f.option in spec.identity or f.server_side or f.option not in d.item:
                continue
            want = d.item[f.option]
            if f.write_only:
                # only a field some update step can send is "changed" by ``always``
                if d.policy == ALWAYS and f.option in spec.updatable:
                    changed.append(f.option)
                continue
            have = before.get(f.option)
            if f.matches(have, want, d.item):
                continue
            if f.create_only or f.option not in spec.updatable:
                conflicts.append((f, have, want))
            else:
                changed.append(f.option)
        return changed, conflicts

    def _read_or_assume(self, single_ident):
        """``read_current``; in check mode a missing parent means "nothing exists yet".

        A check run of a whole playbook predicts the parent (e.g. the instance) in an
        earlier task without creating it: the items are then all to be created, and only
        the parent lookup was sent. Outside check mode the error propagates.
        """
        try:
            return self.read_current(single_ident)
        except DmsParentNotFoundError as err:
            if not self.ctx.check_mode:
                raise
            self.ctx.parent_missing = True
            self.ctx.warn("%s does not exist yet: check mode assumes an earlier task creates it, "
                          "and predicts every declared %s as created" % (err.parent, self.spec.title))
            return {}

    def plan(self, items, purge=False, protected_names=(), single=False, owned_prefixes=None):
        """Validate ``items`` and compute the plan; returns ``(plan, desired, current)``.

        ``owned_prefixes``: with ``purge``, only unlisted items whose owner name
        (``spec.owner_name``) starts with one of them are deleted; None: all of them.
        Raises ``DmsValidationError`` (before any write) listing every problem.
        """
        spec = self.spec
        desired, errors = self._desired(items, single)
        if errors:
            raise DmsValidationError(errors)
        single_ident = desired[0].ident if (single and len(desired) == 1 and not purge) else None
        current = self._read_or_assume(single_ident)
        plan = Plan()
        for d in desired:
            before = current.get(d.ident)
            if d.state in spec.actions:
                if before is None:
                    errors.append("%s: cannot be %s: it does not exist" % (
                        spec.describe(d.ident), d.state))
                else:
                    plan.actions.append((before, d))
                continue
            if d.state == ABSENT:
                if before is None:
                    plan.unchanged.append(d.ident)
                else:
                    plan.deletes.append(before)
                continue
            if before is None:
                plan.creates.append(d)
                continue
            changed, conflicts = self._compare(before, d)
            for f, have, want in conflicts:
                errors.append("%s%s: cannot be changed after creation (%s has %s, requested %s)" % (
                    (d.label + ".") if d.label else "", f.option, spec.describe(d.ident),
                    _show(f, have), _show(f, want)))
            if changed:
                plan.updates.append((before, d, changed))
            else:
                plan.unchanged.append(d.ident)
        if purge:
            requested = set(d.ident for d in desired)
            names = set(protected_names or ())
            for ident, before in current.items():
                if ident in requested:
                    continue
                if spec.ident_name(ident) in names or ident[0] in names:
                    continue
                if not spec.in_scope(before, owned_prefixes):
                    continue
                if spec.protected is not None and spec.protected(before, self.ctx):
                    continue
                plan.deletes.append(before)
        # rules against the current state have nothing to check while the parent is missing
        if spec.check_plan is not None and not self.ctx.parent_missing:
            errors.extend(spec.check_plan(self.ctx, plan) or ())
        if errors:
            raise DmsValidationError(errors)
        return plan, desired, current

    # -- applying ------------------------------------------------------------------
    def _reread(self, idents):
        """Fresh ``{ident: view}`` of ``idents`` (one read when a single item has one)."""
        idents = list(idents)
        if len(idents) == 1 and self.spec.read is not None:
            return self.read_current(idents[0])
        return self.read_current()

    def _recovering(self, what, todo, send, remaining):
        """``send(todo)``; after an unknown outcome re-read and send only what is missing.

        ``remaining(todo)`` re-reads and returns what is still to do (falsy:
        the write was applied). An API error after an ambiguous attempt (such
        as "already exists" or "not found") counts as success when the
        re-read shows nothing left. Raises the ambiguous error when
        ``MAX_RECOVERIES`` re-reads did not settle it.
        """
        ambiguous = None
        for _round in range(MAX_RECOVERIES + 1):
            try:
                result = send(todo)
                if ambiguous is not None:
                    self.recovered.append("%s: outcome of the first attempt unknown (%s); "
                                          "re-read and sent again" % (what, ambiguous))
                return result
            except DmsAmbiguousWriteError as err:
                ambiguous = ambiguous or err
            except DmsApiError as err:
                if ambiguous is None or remaining(todo):
                    raise
                self.recovered.append("%s: outcome unknown (%s); a re-read shows it applied "
                                      "(the repeated request answered: %s)" % (what, ambiguous, err))
                return None
            todo = remaining(todo)
            if not todo:
                self.recovered.append("%s: outcome unknown (%s); a re-read shows it applied"
                                      % (what, ambiguous))
                return None
        raise ambiguous

    def _create(self, d):
        spec = self.spec

        def remaining(desired):
            return None if desired.ident in self._reread([desired.ident]) else desired

        return self._recovering("create %s" % spec.describe(d.ident), d,
                                lambda desired: spec.create(self.ctx, desired.item), remaining)

    def _still_changed(self, step, todo):
        """Re-read the items of ``todo`` and keep those whose step fields still differ."""
        current = self._reread([d.ident for _b, d, _o in todo])
        out = []
        for _before, d, _owned in todo:
            now = current.get(d.ident)
            if now is None:
                continue
            changed, _conflicts = self._compare(now, d)
            owned = [name for name in changed if name in step.fields]
            if owned:
                out.append((now, d, owned))
        return out

    def _send_step(self, step, todo):
        ctx = self.ctx
        if step.batch:
            step.apply(ctx, [(before, d.item, owned) for before, d, owned in todo])
        else:
            for before, d, owned in todo:
                step.apply(ctx, before, d.item, owned)

    def _run_step(self, step, todo):
        """One update step with recovery, its wait, and (``verify``) its re-checks."""
        ctx = self.ctx
        what = "%s of %s" % (step.name, ", ".join(self.spec.describe(d.ident) for _b, d, _o in todo))
        self._recovering(what, todo, lambda t: self._send_step(step, t),
                         lambda t: self._still_changed(step, t))
        if ctx.wait and step.wait is not None:
            for before, d, _owned in todo:
                step.wait(ctx, before, d.item)
        if not (step.verify and ctx.wait):
            return  # without waiting the change may not be visible yet: nothing to verify
        for verify_round in range(1, MAX_VERIFY_ROUNDS + 1):
            todo = self._still_changed(step, todo)
            if not todo:
                return
            if verify_round == MAX_VERIFY_ROUNDS:
                break
            names = ", ".join(self.spec.describe(d.ident) for _b, d, _o in todo)
            self.recovered.append("%s: %s undone by a concurrent change; applied again (round %d)"
                                  % (names, step.name, verify_round + 1))
            # desynchronise writers racing on the same items
            self._sleep(random.uniform(0, 0.5 * verify_round))
            self._recovering(what, todo, lambda t: self._send_step(step, t),
                             lambda t: self._still_changed(step, t))
            if ctx.wait and step.wait is not None:
                for before, d, _owned in todo:
                    step.wait(ctx, before, d.item)
        raise DmsError("%s: concurrent changes undid %s %d times in a row; not applied (%s)" % (
            ", ".join(self.spec.describe(d.ident) for _b, d, _o in todo), step.name,
            MAX_VERIFY_ROUNDS, ", ".join(o for _b, _d, owned in todo for o in owned)))

    def _delete(self, views):
        spec = self.spec

        def remaining(items):
            current = self._reread([spec.ident(v) for v in items])
            return [current[spec.ident(v)] for v in items if spec.ident(v) in current]

        what = "delete %s" % ", ".join(spec.describe(spec.ident(v)) for v in views)
        self._recovering(what, list(views), lambda items: spec.delete(self.ctx, items), remaining)

    def _action(self, before, d):
        spec = self.spec
        fn = spec.actions[d.state]

        def remaining(record):
            now = self._reread([d.ident]).get(d.ident)
            if now is not None and spec.action_done is not None and \
                    spec.action_done(self.ctx, d.state, now, d.item):
                return None
            return (now if now is not None else record[0], record[1])

        self._recovering("%s %s" % (d.state, spec.describe(d.ident)), (before, d),
                         lambda record: fn(self.ctx, record[0], record[1].item), remaining)

    def apply(self, plan):
        """Run the plan's writes (never called in check mode).

        Every write is recovered after an unknown outcome (``_recovering``).
        """
        spec = self.spec
        ctx = self.ctx
        if plan.creates and spec.create is None:
            raise DmsValidationError("creating a %s is not supported" % spec.title)
        for d in plan.creates:
            created = self._create(d)
            if ctx.wait and spec.wait_create is not None:
                spec.wait_create(ctx, d.item, created)
        for step in spec.update_steps:
            todo = []
            for before, d, changed in plan.updates:
                owned = [name for name in changed if name in step.fields]
                if owned:
                    todo.append((before, d, owned))
            if todo:
                self._run_step(step, todo)
        for before, d in plan.actions:
            self._action(before, d)
        if plan.deletes:
            if spec.delete is None:
                raise DmsValidationError("deleting a %s is not supported" % spec.title)
            self._delete(list(plan.deletes))
            if ctx.wait and spec.wait_delete is not None:
                spec.wait_delete(ctx, list(plan.deletes))

    def _predict(self, before, item):
        spec = self.spec
        if spec.predict is not None:
            return spec.predict(before, item)
        if before is None:
            after = dict((f.option, f.create_default) for f in spec.fields if not f.write_only)
        else:
            after = copy.deepcopy(before)
        for key, value in item.items():
            f = spec.by_option.get(key)
            if f is None or f.write_only or f.server_side:
                continue
            if f.compare == "subset" and isinstance(value, dict) and isinstance(after.get(key), dict):
                merged = dict(after[key])
                merged.update(value)
                after[key] = merged
            else:
                after[key] = copy.deepcopy(value)
        return after

    # -- the whole run -------------------------------------------------------------
    def ensure(self, items, purge=False, protected_names=(), single=False, diff=False,
               owned_prefixes=None):
        """Bring the items to their ``state``; return the module result dict.

        ``items``: list of dicts of options (plus ``state`` and the write-only
        policy option). ``single=True``: one item, result under the singular
        key. ``purge``: also delete unlisted, unprotected items (only those
        whose owner name starts with one of ``owned_prefixes``, when given).
        """
        spec = self.spec
        plan, desired, current = self.plan(items, purge, protected_names, single, owned_prefixes)
        if plan.changed and not self.ctx.check_mode:
            self.apply(plan)
            single_ident = desired[0].ident if (single and len(desired) == 1 and not purge) else None
            after_all = self.read_current(single_ident)
            # an item the listing does not show yet falls back to its prediction
            for d in plan.creates:
                if d.ident not in after_all:
                    after_all[d.ident] = self._predict(None, d.item)
            for view in plan.deletes:
                after_all.pop(spec.ident(view), None)
        else:
            after_all = dict(current)
            for d in plan.creates:
                after_all[d.ident] = self._predict(None, d.item)
            for before, d, _changed in plan.updates:
                after_all[d.ident] = self._predict(before, d.item)
            for view in plan.deletes:
                after_all.pop(spec.ident(view), None)

        name = spec.ident_name
        result = {
            "changed": plan.changed,
            "changes": {
                "created": [name(d.ident) for d in plan.creates],
                "updated": [name(d.ident) for _b, d, _c in plan.updates],
                "deleted": [name(spec.ident(v)) for v in plan.deletes],
                "unchanged": [name(i) for i in plan.unchanged],
            },
        }
        for state in spec.actions:
            result["changes"][state] = [name(d.ident) for _b, d in plan.actions
                                        if d.state == state]
        result["msg"] = summarise("%ss" % spec.singular.replace("_", " "), result["changes"])
        touched = self._touched(plan)
        result["differences"] = [self._difference(ident, action, current.get(ident), after_all.get(ident),
                                                  changed)
                                 for ident, action, changed in touched]
        for key, value in self.ctx.extra.items():
            result.setdefault(key, value)
        if self.recovered:
            result["recovered"] = list(self.recovered)
        if single:
            ident = desired[0].ident
            result[spec.singular] = spec.public(after_all.get(ident)) or {}
        else:
            result[spec.plural] = [spec.public(after_all[d.ident]) for d in desired
                                   if d.state == PRESENT and d.ident in after_all]
        if diff:
            if single:
                ident = desired[0].ident
                actions = dict((t[0], t[1]) for t in touched)
                result["diff"] = self._diff_entry(ident, actions.get(ident, "unchanged"),
                                                  current.get(ident), after_all.get(ident))
            else:
                # one entry per touched item, each with a header naming the item and its fate,
                # so a deletion next to a creation never reads like a rename
                result["diff"] = [self._diff_entry(ident, action, current.get(ident), after_all.get(ident))
                                  for ident, action, _changed in touched]
        return result

    def _touched(self, plan):
        """``[(ident, action, changed options)]`` of every item the plan creates, updates,
        deletes or acts on."""
        spec = self.spec
        touched = [(d.ident, "create", ()) for d in plan.creates]
        touched += [(d.ident, "update", changed) for _b, d, changed in plan.updates]
        touched += [(d.ident, d.state, ()) for _b, d in plan.actions]
        touched += [(spec.ident(v), "delete", ()) for v in plan.deletes]
        return touched

    def _diff_entry(self, ident, action, before, after):
        spec = self.spec
        header = "%s (%s)" % (spec.describe(ident), action)
        return {"before_header": header, "after_header": header,
                "before": spec.diff_view(before), "after": spec.diff_view(after)}

    def _difference(self, ident, action, before, after, changed=()):
        """One entry of ``differences``: the item, what happens to it, and per field before/after
        (a changed secret shows masked on both sides; write-only options never show)."""
        spec = self.spec
        old = spec.diff_view(before)
        new = spec.diff_view(after) if action != "delete" else {}
        fields = {}
        for key in changed:
            f = spec.by_option.get(key)
            if f is not None and f.secret and not f.write_only:
                fields[key] = {"before": MASK, "after": MASK}
        for key in sorted(set(old) | set(new)):
            if key in fields or key in spec.identity or old.get(key) == new.get(key):
                continue
            if action == "create" and new.get(key) is None:
                continue
            fields[key] = {"before": old.get(key), "after": new.get(key)}
        return {"kind": spec.singular, "item": spec.ident_name(ident), "action": action, "fields": fields}


def summarise(kind, changes):
    """One line for ``msg``: ``topics: 1 created (stock-new), 1 deleted (stock-moves), 3 unchanged``
    (``kind``: the resource kind, plural, e.g. ``acls`` for the permissions module whose list is ``topics``)."""
    parts = []
    for key, values in changes.items():
        if key == "unchanged" or not values:
            continue
        parts.append("%d %s (%s)" % (len(values), key, ", ".join(str(v) for v in values)))
    unchanged = len(changes.get("unchanged") or ())
    if unchanged or not parts:
        parts.append("%d unchanged" % unchanged)
    return "%s: %s" % (kind, ", ".join(parts))


def _show(f, value):
    if f.secret and value is not None:
        return MASK
    return repr(value)


# --------------------------------------------------------------------------- info helper
def collect(spec, ctx, filters=None):
    """List the items of ``spec`` as public views, keeping those matching ``filters``.

    ``filters``: ``{option: value or [values]}``; None values are ignored.
    """
    views = [spec.public(spec.from_api(obj)) for obj in (spec.list(ctx) or [])]
    for option, wanted in (filters or {}).items():
        if wanted is None:
            continue
        f = spec.by_option[option]
        wanted = [f.norm(v) for v in (wanted if isinstance(wanted, (list, tuple)) else [wanted])]
        views = [v for v in views if v.get(option) in wanted]
    return views


# --------------------------------------------------------------------------- module glue
def build_argument_spec(spec, item_options, argument_spec=None, single=True, multi=True,
                        state_choices=(PRESENT, ABSENT), state_default=PRESENT):
    """The module argspec ``run_module`` uses (also handy for tests and docs).

    - ``argument_spec``: the module's own top-level options (parent ids, wait...).
    - single form: every item option at top level (``required`` dropped when
      the list form exists too) plus ``state``.
    - list form: ``<spec.plural>`` (list of dicts with the item options plus
      ``state``), ``purge`` and ``protected_names``.
    """
    from ansible_collections.hwcloud.dms.plugins.module_utils._argspec import set_argument_spec

    result = copy.deepcopy(argument_spec or {})
    state = dict(type="str", choices=list(state_choices), default=state_default)
    if single:
        for key, option in item_options.items():
            option = copy.deepcopy(option)
            if multi:
                option.pop("required", None)
            result[key] = option
        result["state"] = copy.deepcopy(state)
    if multi:
        options = copy.deepcopy(item_options)
        options["state"] = copy.deepcopy(state)
        result[spec.plural] = dict(type="list", elements="dict", options=options)
        result.update(set_argument_spec())
    return result


def run_module(spec, item_options, argument_spec=None, single=True, multi=True,
               module_class=None, state_choices=None, state_default=PRESENT, **module_kwargs):
    """Everything a resource module's ``main()`` does, in one call.

    Builds the argspec (``build_argument_spec``), the ``DmsKafkaModule``, the
    context and the engine; runs ``ensure`` on the single item or the list,
    and exits (or fails with the typed error's message).

    ``spec`` may also be a factory ``spec(params) -> ResourceSpec``, called
    once the options are parsed (a resource whose declaration depends on the
    options, e.g. identified by name or by ID); it needs ``multi=False``.
    ``state_choices`` defaults to present/absent plus ``spec.actions``; ``state_default``
    (default ``present``) is the state of an item that sets none (e.g. ``absent`` for a
    resource that can only be deleted).
    """
    from ansible_collections.hwcloud.dms.plugins.module_utils._module import DmsKafkaModule

    factory = None if isinstance(spec, ResourceSpec) else spec
    if factory is not None and multi:
        raise ValueError("a spec factory needs multi=False")
    if state_choices is None:
        state_choices = (PRESENT, ABSENT) + (tuple(spec.actions) if factory is None else ())
    argspec = build_argument_spec(spec, item_options, argument_spec, single, multi,
                                  state_choices=state_choices, state_default=state_default)
    if single and multi:
        # every identity option is an alternative to the list form
        exclusive = module_kwargs.setdefault("mutually_exclusive", [])
        for identity in spec.identity:
            exclusive.append([identity, spec.plural])
        module_kwargs.setdefault("required_one_of", []).append(list(spec.identity) + [spec.plural])
    if module_class is not None:
        module_kwargs["module_class"] = module_class
    module = DmsKafkaModule(argument_spec=argspec, supports_check_mode=True, **module_kwargs)
    params = module.params
    as_list = multi and params.get(spec.plural) is not None
    if as_list:
        items = params[spec.plural]
    else:
        if params.get("purge"):
            module.fail_json(msg="purge needs the list form of the module (option %s)" % spec.plural)
        item = dict((key, params.get(key)) for key in item_options)
        item["state"] = params.get("state")
        items = [item]
    try:
        if factory is not None:
            spec = factory(params)
        ctx = Context(module.client, params, check_mode=module.check_mode, module=module)
        engine = ResourceEngine(spec, ctx)
        result = engine.ensure(items, purge=bool(params.get("purge")) and as_list,
                               protected_names=params.get("protected_names") or (),
                               single=not as_list, diff=module.diff_mode,
                               owned_prefixes=params.get("owned_prefixes"))
    except DmsError as err:
        module.fail_from_error(err)
        return None
    module.exit_json(**result)
    return result


def run_read_module(argument_spec, read, validate=None, module_class=None, client_factory=None,
                    **module_kwargs):
    """``main()`` of every read-only module: validate locally, ``read(ctx)``, exit unchanged.

    ``validate(params) -> [messages]`` runs before any API call. ``read(ctx)``
    returns the result keys, or ``(result keys, warning)``; a warning is shown
    to the user. Any ``DmsError`` fails the module with its message. Check mode
    runs the same reads (nothing is written either way).
    """
    from ansible_collections.hwcloud.dms.plugins.module_utils._module import DmsKafkaModule

    if module_class is not None:
        module_kwargs["module_class"] = module_class
    if client_factory is not None:
        module_kwargs["client_factory"] = client_factory
    module = DmsKafkaModule(argument_spec=copy.deepcopy(argument_spec or {}), supports_check_mode=True,
                            **module_kwargs)
    params = module.params
    problems = [p for p in (validate(params) if validate else []) if p]
    if problems:
        module.fail_json(msg="; ".join(problems), errors=problems)
        return None
    try:
        ctx = Context(module.client, params, check_mode=module.check_mode, module=module)
        result = read(ctx)
    except DmsError as err:
        module.fail_from_error(err)
        return None
    warning = None
    if isinstance(result, tuple):
        result, warning = result
    if warning:
        module.warn(warning)
    module.exit_json(changed=False, **result)
    return result


def run_info_module(spec, argument_spec=None, filters=None, module_class=None, **module_kwargs):
    """Everything an ``*_info`` module's ``main()`` does, for a plain listing of ``spec``.

    ``filters``: option names of ``argument_spec`` matched against the
    listed items' fields of the same name (default: the spec's identity
    options present in ``argument_spec``). Returns ``{<plural>: [...]}``.
    """
    if filters is None:
        filters = [name for name in spec.identity if name in (argument_spec or {})]

    def read(ctx):
        return {spec.plural: collect(spec, ctx, dict((name, ctx.params.get(name)) for name in filters))}

    result = run_read_module(argument_spec, read, module_class=module_class, **module_kwargs)
    return None if result is None else result[spec.plural]
