#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_topic_quota
short_description: Manage topic quotas of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Create, update and delete topic quotas (producer and consumer byte rate limits of a
    topic) of a DMS for Kafka instance, one quota (O(topic) and the rates) or a whole set
    (O(topic_quotas)), optionally deleting the quotas that are not listed (O(purge)).
  - User and client quotas are managed by M(hwcloud.dms.dms_kafka_quota); both kinds are
    read by M(hwcloud.dms.dms_kafka_quota_info). The two kinds are separate modules because
    they share no identity (a topic quota is identified by its topic only).
  - The quotas are read with one listing, the plan for the whole input is computed and
    validated, and only then are changes made. A quota for a topic that does not exist
    fails before any change (the topics are listed only when a quota is to be created).
  - Every change is applied by a background task of the service; the module waits for
    each task to succeed (O(wait)) and fails, naming the topic, when a task fails.
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
  - A new quota needs at least one of O(producer_byte_rate) and O(consumer_byte_rate).
  - With O(wait=false) the module returns the job IDs (RV(job_ids)) as soon as the service
    accepted the changes; the returned quotas may not show pending changes yet.
options:
  topic:
    description:
      - The topic whose quota to manage (the single form). Mutually exclusive with
        O(topic_quotas).
    type: str
  producer_byte_rate:
    description:
      - Production rate limit of the topic in bytes per second, an integer of at least 0.
    type: int
  consumer_byte_rate:
    description:
      - Consumption rate limit of the topic in bytes per second, an integer of at least 0.
    type: int
  state:
    description:
      - V(present) creates or updates the quota, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  topic_quotas:
    description:
      - The list form. Each item takes O(topic), the rates and O(state).
      - Duplicate topics fail before any request.
    type: list
    elements: dict
    suboptions:
      topic:
        description: Topic name.
        type: str
        required: true
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
- name: Limit the producers of one topic
  hwcloud.dms.dms_kafka_topic_quota:
    instance: kafka-prod
    topic: orders
    producer_byte_rate: 1048576

- name: The whole set of topic quotas, deleting the others
  hwcloud.dms.dms_kafka_topic_quota:
    instance: kafka-prod
    purge: true
    topic_quotas:
      - topic: orders
        producer_byte_rate: 1048576
        consumer_byte_rate: 2097152
      - topic: payments
        consumer_byte_rate: 524288
"""

RETURN = r"""
topic_quota:
  description: The quota after the run (the single form); empty when it is absent.
  returned: when O(topic) is used
  type: dict
  contains:
    topic:
      description: Topic name.
      type: str
      sample: orders
    producer_byte_rate:
      description: Production rate limit in bytes per second (null when not set).
      type: int
      sample: 1048576
    consumer_byte_rate:
      description: Consumption rate limit in bytes per second (null when not set).
      type: int
      sample: 2097152
  sample: {"topic": "orders", "producer_byte_rate": 1048576, "consumer_byte_rate": 2097152}
topic_quotas:
  description: The quotas of O(topic_quotas) with state present, after the run.
  returned: when O(topic_quotas) is used
  type: list
  elements: dict
  sample: [{"topic": "orders", "producer_byte_rate": 1048576, "consumer_byte_rate": 2097152}]
changes:
  description: Topic names by what happened to their quota (or would, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created quotas.
      type: list
      elements: str
      sample: [orders]
    updated:
      description: Updated quotas.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted quotas (including purged ones).
      type: list
      elements: str
      sample: []
    unchanged:
      description: Quotas already as requested.
      type: list
      elements: str
      sample: [payments]
  sample: {"created": ["orders"], "updated": [], "deleted": [], "unchanged": []}
job_ids:
  description: IDs of the background tasks the changes started, in request order.
  returned: when a change was made
  type: list
  elements: str
  sample: ["ff8080828bdc0f64018bdcadfd8f00d7"]
msg:
  description:
    - "One line summing up RV(changes), for example C(topic quotas: 1 created (orders), 1 unchanged)."
  returned: always
  type: str
  sample: "topic quotas: 1 created (orders)"
differences:
  description:
    - One entry per topic quota created, updated or deleted (or that would be, in check mode), with the
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
      sample: topic_quota
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
      C(before_header)/C(after_header) (C(topic quota 'name' (create)) and the like). List form, a list of
      such dicts, one per item created, updated or deleted; unchanged items are left out.
  returned: when diff mode is on
  type: raw
  sample: {"before": {}, "after": {"topic": "orders", "producer_byte_rate": 1048576}}
errors:
  description: Every validation problem found (the run stops before any change).
  returned: on validation failure
  type: list
  elements: str
  sample: ["topic_quotas[0].topic: topic 'orders' does not exist in the instance (create it first)"]
job_id:
  description: The background task that failed.
  returned: when a quota task fails
  type: str
  sample: ff8080828bdc0f64018bdcadfd8f00d7
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.quota import run_topic_quota_module


def main():
    run_topic_quota_module()


if __name__ == "__main__":
    main()
