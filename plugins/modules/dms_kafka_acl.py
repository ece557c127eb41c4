#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_acl
short_description: Manage the topic permissions of the SASL users of a DMS for Kafka instance
version_added: 0.1.0
description:
  - Set which SASL users may publish to and subscribe to each topic of a DMS for Kafka
    instance, for one topic (O(topic) and O(policies)) or several (O(topics)).
  - With O(mode=replace) (the default) the topic's permissions become exactly O(policies);
    with O(mode=merge) only the listed users are added or changed, and a listed user with
    O(policies[].state=absent) loses its permission.
  - O(state=absent) removes every permission of the topic. With O(purge=true) the
    permissions of every other topic that has some are removed too (never those of internal
    topics or of the topics in O(protected_names)).
  - Before any change the module checks, with one topic listing and one user listing, that
    every topic and every granted user exists. The current permissions of the topics are
    read concurrently, one request per topic.
  - All changed topics are written with ONE request, which starts a background task; the
    module waits for the task (O(wait)).
  - Works only on an instance with SASL enabled (C(ssl_enable=true)); on any other instance the
    module fails with a clear message before any change.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.resource_set
  - hwcloud.dms.wait
  - hwcloud.dms.attributes
  - hwcloud.dms.attributes.action_group
attributes:
  check_mode:
    support: full
    details: The plan is computed from the same reads; no mutating request is sent.
  diff_mode:
    support: full
    details: In the list form the diff is keyed by topic name.
notes:
  - The service replaces a topic's whole permission list on every write, so O(mode=merge)
    computes the new list from the one it has just read. A change made by someone else between
    that read and the write is overwritten.
  - In the list form set O(topics[].mode) on each item; the top-level O(mode) and O(policies)
    belong to the single form and cannot be combined with O(topics).
options:
  topic:
    description:
      - The topic whose permissions to manage (the single form). Mutually exclusive with
        O(topics).
    type: str
    aliases: [name]
  state:
    description:
      - V(present) sets the permissions of the topic as O(policies) and O(mode) say.
      - V(absent) removes every permission of the topic.
    type: str
    choices: [present, absent]
    default: present
  policies:
    description:
      - The permissions, one entry per user. Required with O(state=present).
      - A user may appear only once; every user granted a permission must exist (see
        M(hwcloud.dms.dms_kafka_user)).
      - With O(mode=replace), V([]) removes every permission of the topic.
    type: list
    elements: dict
    suboptions:
      user:
        description: User name.
        type: str
        required: true
      access_policy:
        description:
          - V(all) publish and subscribe, V(pub) publish, V(sub) subscribe.
          - Required unless O(policies[].state=absent).
        type: str
        choices: [all, pub, sub]
      state:
        description:
          - V(absent) removes the user's permission (with O(mode=merge); with O(mode=replace)
            a user is removed simply by not listing it).
        type: str
        choices: [present, absent]
        default: present
  mode:
    description:
      - V(replace) makes O(policies) the topic's complete permission list.
      - V(merge) adds or changes only the listed users and removes those with
        O(policies[].state=absent); other users keep their permissions.
    type: str
    choices: [replace, merge]
    default: replace
  topics:
    description:
      - The list form. Each item takes O(topics[].topic) (or its alias C(name)), O(topics[].state),
        O(topics[].policies) and O(topics[].mode).
      - Duplicate topics fail before any request.
    type: list
    elements: dict
    suboptions:
      topic:
        description: Topic name.
        type: str
        required: true
        aliases: [name]
      state:
        description: V(present) or V(absent) (remove every permission of the topic).
        type: str
        choices: [present, absent]
        default: present
      policies:
        description: See O(policies).
        type: list
        elements: dict
        suboptions:
          user:
            description: User name.
            type: str
            required: true
          access_policy:
            description: V(all), V(pub) or V(sub); required unless O(topics[].policies[].state=absent).
            type: str
            choices: [all, pub, sub]
          state:
            description: V(absent) removes the user's permission.
            type: str
            choices: [present, absent]
            default: present
      mode:
        description: See O(mode).
        type: str
        choices: [replace, merge]
        default: replace
"""

EXAMPLES = r"""
- name: Exactly these permissions on one topic
  hwcloud.dms.dms_kafka_acl:
    instance: kafka-prod
    topic: orders
    policies:
      - user: orders-writer
        access_policy: pub
      - user: orders-reader
        access_policy: sub

- name: Add one reader, remove another, keep everyone else
  hwcloud.dms.dms_kafka_acl:
    instance: kafka-prod
    topic: orders
    mode: merge
    policies:
      - user: audit-reader
        access_policy: sub
      - user: orders-reader
        state: absent

- name: Several topics in one request; clear the permissions of every other topic
  hwcloud.dms.dms_kafka_acl:
    instance: kafka-prod
    purge: true
    protected_names: [shared-events]
    topics:
      - name: orders
        policies:
          - {user: orders-writer, access_policy: pub}
      - name: payments
        mode: merge
        policies:
          - {user: payments-svc, access_policy: all}
      - name: legacy
        state: absent

- name: Remove every permission of a topic
  hwcloud.dms.dms_kafka_acl:
    instance: kafka-prod
    topic: orders
    state: absent
"""

RETURN = r"""
acl:
  description: The topic's permissions after the run (the single form); empty after O(state=absent).
  returned: when O(topic) is used
  type: dict
  contains:
    topic:
      description: Topic name.
      type: str
      sample: orders
    policies:
      description: The permissions, sorted by user.
      type: list
      elements: dict
      contains:
        user:
          description: User name.
          type: str
          sample: orders-writer
        access_policy:
          description: V(all), V(pub) or V(sub).
          type: str
          sample: pub
  sample: {"topic": "orders", "policies": [{"user": "orders-writer", "access_policy": "pub"}]}
topics:
  description: The topics of O(topics) with state present, after the run (same keys as RV(acl)).
  returned: when O(topics) is used
  type: list
  elements: dict
  sample: [{"topic": "orders", "policies": [{"user": "orders-writer", "access_policy": "pub"}]}]
changes:
  description: Topic names by what happened to their permissions (or would, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Always empty (a topic must exist; see M(hwcloud.dms.dms_kafka_topic)).
      type: list
      elements: str
      sample: []
    updated:
      description: Topics whose permissions changed.
      type: list
      elements: str
      sample: [orders]
    deleted:
      description: Topics whose permissions were all removed (O(state=absent), O(purge)).
      type: list
      elements: str
      sample: [legacy]
    unchanged:
      description: Topics already as requested.
      type: list
      elements: str
      sample: []
  sample: {"created": [], "updated": ["orders"], "deleted": [], "unchanged": []}
job_id:
  description: ID of the background task of the permission change.
  returned: when permissions were changed (not in check mode)
  type: str
  sample: 8a2c259182ab0e9d0182ab1882560010
msg:
  description:
    - "One line summing up RV(changes), for example C(acls: 1 created (orders), 1 unchanged)."
  returned: always
  type: str
  sample: "acls: 1 created (orders)"
differences:
  description:
    - One entry per permission created, updated or deleted (or that would be, in check mode), with the
      fields that differ and their values before and after. Secrets read C(********); write-only
      options never appear.
  returned: always
  type: list
  elements: dict
  version_added: 0.2.0
  contains:
    kind:
      description: The resource kind.
      type: str
      sample: acl
    item:
      description: The item's name.
      type: str
      sample: "orders"
    action:
      description: What happens to the item.
      type: str
      sample: create
    fields:
      description: Per field, C(before) (current) and C(after) (declared or predicted) values.
      type: dict
      sample: {}
diff:
  description:
    - Only in diff mode. Single form, a dict with C(before), C(after) and the headers
      C(before_header)/C(after_header) (C(topic 'name' (update)) and the like). List form, a list of
      such dicts, one per item created, updated or deleted; unchanged items are left out.
  returned: when diff mode is on
  type: raw
  sample: {"before": {"topic": "orders", "policies": []},
           "after": {"topic": "orders", "policies": [{"user": "orders-writer", "access_policy": "pub"}]}}
errors:
  description: Every validation problem found (the run stops before any change).
  returned: on validation failure
  type: list
  elements: str
  sample: ["topics[1].policies[0].user: user 'bob' does not exist on instance 'kafka-prod'"]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.acl import run_acl_module


def main():
    run_acl_module(supports_check_mode=True)


if __name__ == "__main__":
    main()
