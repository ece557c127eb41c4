#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_quota
short_description: Manage user and client quotas of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Create, update and delete the user/client quotas (producer and consumer byte rate
    limits) of a DMS for Kafka instance, one quota (O(user), O(client), O(user_default),
    O(client_default) and the rates) or a whole set (O(quotas)), optionally deleting the
    quotas that are not listed (O(purge)).
  - A quota is identified by its user and client, either of which may be a specific name,
    the default (O(user_default=true) / O(client_default=true), which applies to every user
    or client without a quota of its own), or not set.
  - Topic quotas are managed by M(hwcloud.dms.dms_kafka_topic_quota); both kinds are read
    by M(hwcloud.dms.dms_kafka_quota_info).
  - The quotas of the instance are read with one listing, the plan for the whole input is
    computed and validated, and only then are changes made. Only the rates you set are
    compared; an unset rate is left as it is.
  - Every change is applied by a background task of the service; the module waits for
    each task to succeed (O(wait)) and fails, naming the quota, when a task fails.
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
    details: In the list form the diff is keyed by quota name (see RV(quota.name)).
notes:
  - Quota names, used in RV(changes), diff keys and O(protected_names), follow Kafka's
    notation C(user=alice,client=app1), C(user=<default>), C(client=<default>),
    C(user=<default>,client=app1).
  - A new quota needs at least one of O(producer_byte_rate) and O(consumer_byte_rate).
    The service reports a rate that was never set as V(0).
  - With O(wait=false) the module returns the job IDs (RV(job_ids)) as soon as the service
    accepted the changes; the returned quotas then show the prediction for created
    quotas and may not show pending updates yet.
options:
  user:
    description:
      - The user (SASL username) the quota applies to (the single form).
      - Cannot be combined with O(user_default=true).
      - At least one of O(user), O(client), O(user_default) and O(client_default) is
        required. Mutually exclusive with O(quotas).
    type: str
  client:
    description:
      - The client ID the quota applies to.
      - Cannot be combined with O(client_default=true).
    type: str
  user_default:
    description:
      - V(true) makes it the default quota of every user (O(user) must not be set).
    type: bool
  client_default:
    description:
      - V(true) makes it the default quota of every client (O(client) must not be set).
    type: bool
  producer_byte_rate:
    description:
      - Production rate limit in bytes per second, an integer of at least 0.
    type: int
  consumer_byte_rate:
    description:
      - Consumption rate limit in bytes per second, an integer of at least 0.
    type: int
  state:
    description:
      - V(present) creates or updates the quota, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  quotas:
    description:
      - The list form. Each item takes O(user), O(client), O(user_default),
        O(client_default), the rates and O(state).
      - Two items with the same user and client fail before any request.
    type: list
    elements: dict
    suboptions:
      user:
        description: See O(user).
        type: str
      client:
        description: See O(client).
        type: str
      user_default:
        description: See O(user_default).
        type: bool
      client_default:
        description: See O(client_default).
        type: bool
      producer_byte_rate:
        description: See O(producer_byte_rate).
        type: int
      consumer_byte_rate:
        description: See O(consumer_byte_rate).
        type: int
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
"""

EXAMPLES = r"""
- name: Limit one application's client of one user
  hwcloud.dms.dms_kafka_quota:
    instance: kafka-prod
    user: orders-app
    client: orders-producer
    producer_byte_rate: 2097152
    consumer_byte_rate: 4194304

- name: The whole set of quotas, deleting the others
  hwcloud.dms.dms_kafka_quota:
    instance: kafka-prod
    purge: true
    protected_names: ["user=<default>"]
    quotas:
      - user_default: true
        client: batch-loader
        producer_byte_rate: 1048576
      - client_default: true
        consumer_byte_rate: 10485760
      - user: legacy-app
        state: absent

- name: Delete the default quota of every client, without waiting for the task
  hwcloud.dms.dms_kafka_quota:
    instance: kafka-prod
    client_default: true
    state: absent
    wait: false
"""

RETURN = r"""
quota:
  description: The quota after the run (the single form); empty when it is absent.
  returned: when the single form is used
  type: dict
  contains:
    name:
      description: The quota's name in Kafka's notation.
      type: str
      sample: user=orders-app,client=orders-producer
    user:
      description: The user, V("") when not set.
      type: str
      sample: orders-app
    client:
      description: The client ID, V("") when not set.
      type: str
      sample: orders-producer
    user_default:
      description: Whether it is the default quota of every user.
      type: bool
      sample: false
    client_default:
      description: Whether it is the default quota of every client.
      type: bool
      sample: false
    producer_byte_rate:
      description: Production rate limit in bytes per second (V(0) when never set).
      type: int
      sample: 2097152
    consumer_byte_rate:
      description: Consumption rate limit in bytes per second (V(0) when never set).
      type: int
      sample: 4194304
  sample: {"name": "user=orders-app", "user": "orders-app", "client": "", "user_default": false,
           "client_default": false, "producer_byte_rate": 2097152, "consumer_byte_rate": 0}
quotas:
  description: The quotas of O(quotas) with state present, after the run (same keys as RV(quota)).
  returned: when O(quotas) is used
  type: list
  elements: dict
  sample: [{"name": "client=<default>", "user": "", "client": "", "user_default": false,
            "client_default": true, "producer_byte_rate": 0, "consumer_byte_rate": 10485760}]
changes:
  description: Quota names by what happened to them (or would, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created quotas.
      type: list
      elements: str
      sample: ["user=orders-app,client=orders-producer"]
    updated:
      description: Updated quotas.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted quotas (including purged ones).
      type: list
      elements: str
      sample: ["user=legacy-app"]
    unchanged:
      description: Quotas already as requested.
      type: list
      elements: str
      sample: []
  sample: {"created": ["user=orders-app"], "updated": [], "deleted": [], "unchanged": []}
job_ids:
  description: IDs of the background tasks the changes started, in request order.
  returned: when a change was made
  type: list
  elements: str
  sample: ["ff8080828bdc0f64018bdcadfd8f00d7"]
msg:
  description:
    - "One line summing up RV(changes), for example C(quotas: 1 created (user=orders-app), 1 unchanged)."
  returned: always
  type: str
  sample: "quotas: 1 created (user=orders-app)"
differences:
  description:
    - One entry per quota created, updated or deleted (or that would be, in check mode), with the
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
      sample: quota
    item:
      description: The item's name.
      type: str
      sample: "user=orders-app"
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
      C(before_header)/C(after_header) (C(quota 'name' (create)) and the like). List form, a list of
      such dicts, one per item created, updated or deleted; unchanged items are left out.
  returned: when diff mode is on
  type: raw
  sample: {"before": {}, "after": {"user": "orders-app", "client": "", "user_default": false,
           "client_default": false, "producer_byte_rate": 2097152, "consumer_byte_rate": 0}}
errors:
  description: Every validation problem found (the run stops before any change).
  returned: on validation failure
  type: list
  elements: str
  sample: ["quotas[1].user: cannot be set together with user_default=true (the quota then applies to every user)"]
job_id:
  description: The background task that failed.
  returned: when a quota task fails
  type: str
  sample: ff8080828bdc0f64018bdcadfd8f00d7
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.quota import run_quota_module


def main():
    run_quota_module()


if __name__ == "__main__":
    main()
