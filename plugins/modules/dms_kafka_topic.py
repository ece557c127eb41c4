#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_topic
short_description: Manage topics of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Create, update and delete the topics of a DMS for Kafka instance, one topic (O(name)
    and its options) or a whole set (O(topics)), optionally deleting the topics that are
    not listed (O(purge)).
  - The topics of the instance are read with one listing (every page), the plan for the
    whole input is computed and validated, and only then are changes made. Unchanged
    topics cost no request; an unchanged run of 100 topics makes at most 3 HTTP requests.
  - Changed topics are modified in one batch call, deleted topics in one batch call;
    each topic is created with its own call (the API has no batch create).
  - Only the options you set are compared; unset options are left as they are.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.resource_set
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
  - Internal topics (names starting with C(__), or reported by the service as topic type 1,
    such as C(__consumer_offsets)) are never deleted by O(purge=true); nor are the topics
    named in O(protected_names).
  - Partitions can only be added. Asking for fewer partitions than a topic has fails before
    any change, naming the topic.
  - O(replication) is set at creation only; a different value for an existing topic fails
    (use O(topics[].rebalance.replication_factor) to change it through a reassignment).
  - The instance option is documented in this module (no shared doc fragment exists yet).
options:
  name:
    description:
      - Name of the topic to manage (the single form). Mutually exclusive with O(topics).
      - 3 to 200 characters, starting with a letter; letters, digits, V(.), V(_) and V(-).
      - The options below apply to this topic; the same options exist for each item of
        O(topics).
    type: str
  state:
    description:
      - V(present) creates or updates the topic, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  partitions:
    description:
      - Number of partitions, 1 to 200. Can only be increased on an existing topic.
    type: int
  replication:
    description:
      - Replication factor, 1 to 20 and at most the number of brokers of the instance.
      - Used at creation only; a different value for an existing topic is an error.
    type: int
  retention_time:
    description:
      - Message retention time in hours, 1 to 720. The service default is V(72).
    type: int
  sync_replication:
    description:
      - Whether to replicate synchronously (producers must use C(acks=-1)).
    type: bool
  sync_message_flush:
    description:
      - Whether to flush messages to disk synchronously (slower).
    type: bool
  description:
    description:
      - Topic description, up to 200 characters.
    type: str
  message_timestamp_type:
    description:
      - The C(message.timestamp.type) topic configuration.
    type: str
    choices: [CreateTime, LogAppendTime]
  max_message_bytes:
    description:
      - The C(max.message.bytes) topic configuration, 0 to 10485760.
    type: int
  new_partition_brokers:
    description:
      - Broker IDs to place the partitions added by increasing O(partitions) on.
      - Write-only, used only when the partitions are increased; requires O(partitions).
    type: list
    elements: int
  replica_assignment:
    description:
      - The wanted replica placement of some or all partitions (replica reassignment).
      - The current placement of the listed partitions is read (topic details) and, when it
        differs, the replicas are reassigned; the module then waits until the new placement
        shows (when O(wait=true)). Partitions not listed are left as they are.
      - Every partition must have the same number of replicas. Mutually exclusive with
        O(rebalance).
    type: list
    elements: dict
    suboptions:
      partition:
        description: Partition number.
        type: int
        required: true
      replicas:
        description: Broker IDs of the replicas; the first one is the preferred leader.
        type: list
        elements: int
        required: true
  rebalance:
    description:
      - Automatic partition reassignment of the topic over the brokers O(rebalance.brokers).
      - Nothing is done when every replica of the topic is already on one of these brokers
        (and, when O(rebalance.replication_factor) is set, every partition has that many
        replicas). Otherwise one reassignment task is started for all topics that need it,
        and the module waits for the task (when O(wait=true)).
    type: dict
    suboptions:
      brokers:
        description: Broker IDs to spread the partitions over.
        type: list
        elements: int
        required: true
      replication_factor:
        description:
          - Replication factor after the reassignment (at most the number of brokers).
          - Do not set O(replication) to a different value in the same item.
        type: int
  topics:
    description:
      - The list form. Each item takes O(name), O(state) and the topic options above.
      - Duplicate names fail before any request.
    type: list
    elements: dict
    suboptions:
      name:
        description: Topic name.
        type: str
        required: true
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
      partitions:
        description: See O(partitions).
        type: int
      replication:
        description: See O(replication).
        type: int
      retention_time:
        description: See O(retention_time).
        type: int
      sync_replication:
        description: See O(sync_replication).
        type: bool
      sync_message_flush:
        description: See O(sync_message_flush).
        type: bool
      description:
        description: See O(description).
        type: str
      message_timestamp_type:
        description: See O(message_timestamp_type).
        type: str
        choices: [CreateTime, LogAppendTime]
      max_message_bytes:
        description: See O(max_message_bytes).
        type: int
      new_partition_brokers:
        description: See O(new_partition_brokers).
        type: list
        elements: int
      replica_assignment:
        description: See O(replica_assignment).
        type: list
        elements: dict
        suboptions:
          partition:
            description: Partition number.
            type: int
            required: true
          replicas:
            description: Broker IDs of the replicas; the first one is the preferred leader.
            type: list
            elements: int
            required: true
      rebalance:
        description: See O(rebalance).
        type: dict
        suboptions:
          brokers:
            description: Broker IDs to spread the partitions over.
            type: list
            elements: int
            required: true
          replication_factor:
            description: Replication factor after the reassignment.
            type: int
  reassign_throttle:
    description:
      - Throttle of the partition reassignment started by O(rebalance) (the service's
        C(throttle), in bytes per second).
    type: int
  wait:
    description:
      - Whether to wait for replica and partition reassignments to finish.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds.
    type: int
    default: 1800
"""

EXAMPLES = r"""
- name: One topic
  hwcloud.dms.dms_kafka_topic:
    instance: kafka-prod
    name: orders
    partitions: 6
    replication: 3
    retention_time: 168
    description: Order events

- name: The whole set of topics of an application, deleting the others
  hwcloud.dms.dms_kafka_topic:
    instance: kafka-prod
    purge: true
    protected_names: [connect-offsets]
    topics:
      - name: orders
        partitions: 12
        new_partition_brokers: [0, 1, 2]
      - name: payments
        partitions: 3
        max_message_bytes: 2097152
        message_timestamp_type: CreateTime
      - name: legacy-events
        state: absent

- name: Spread a topic over brokers 0-2 with 3 replicas
  hwcloud.dms.dms_kafka_topic:
    instance: kafka-prod
    name: orders
    rebalance:
      brokers: [0, 1, 2]
      replication_factor: 3
    reassign_throttle: 10000000

- name: Place the replicas of partition 0 explicitly
  hwcloud.dms.dms_kafka_topic:
    instance: 6f0e4a6b-1c2d-4e5f-8a9b-0c1d2e3f4a5b
    name: orders
    replica_assignment:
      - partition: 0
        replicas: [1, 2, 0]

- name: Delete a topic
  hwcloud.dms.dms_kafka_topic:
    instance: kafka-prod
    name: orders
    state: absent
"""

RETURN = r"""
topic:
  description: The topic after the run (the single form); empty when it is absent.
  returned: when O(name) is used
  type: dict
  contains:
    name:
      description: Topic name.
      type: str
      sample: orders
    partitions:
      description: Number of partitions.
      type: int
      sample: 6
    replication:
      description: Replication factor.
      type: int
      sample: 3
    retention_time:
      description: Retention time in hours.
      type: int
      sample: 72
    sync_replication:
      description: Synchronous replication.
      type: bool
      sample: false
    sync_message_flush:
      description: Synchronous flushing.
      type: bool
      sample: false
    description:
      description: Topic description.
      type: str
      sample: Order events
    message_timestamp_type:
      description: The C(message.timestamp.type) configuration.
      type: str
      sample: LogAppendTime
    max_message_bytes:
      description: The C(max.message.bytes) configuration.
      type: int
      sample: 10485760
    replica_assignment:
      description: Placement of the partitions named in O(replica_assignment) (null when not managed).
      type: list
      sample: [{"partition": 0, "replicas": [1, 2, 0]}]
    rebalance:
      description: The placement compared with O(rebalance) (null when not managed).
      type: dict
      sample: {"brokers": [0, 1, 2], "replication_factor": 3}
    internal:
      description: Whether the topic is an internal topic.
      type: bool
      sample: false
    created_at:
      description: Creation time, milliseconds since the epoch (null in a check-mode prediction).
      type: int
      sample: 1688112779916
  sample: {"name": "orders", "partitions": 6, "replication": 3, "retention_time": 72}
topics:
  description: The topics of O(topics) with state present, after the run (same keys as RV(topic)).
  returned: when O(topics) is used
  type: list
  elements: dict
  sample: [{"name": "orders", "partitions": 6, "replication": 3, "retention_time": 72}]
changes:
  description: Topic names by what happened to them (or would, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created topics.
      type: list
      elements: str
      sample: [orders]
    updated:
      description: Updated topics.
      type: list
      elements: str
      sample: [payments]
    deleted:
      description: Deleted topics (including purged ones).
      type: list
      elements: str
      sample: [legacy-events]
    unchanged:
      description: Topics already as requested.
      type: list
      elements: str
      sample: []
  sample: {"created": ["orders"], "updated": [], "deleted": [], "unchanged": []}
job_id:
  description:
    - ID of the background task of the last partition reassignment (O(rebalance)) the run
      started. With O(wait=false) the module returns without waiting for it; follow it with
      M(hwcloud.dms.dms_kafka_task_info).
  returned: when a partition reassignment was started
  type: str
  sample: 8a2c259182ab0e9d0182ab1882560009
  version_added: 0.2.0
msg:
  description:
    - "One line summing up RV(changes), for example C(topics: 1 created (orders), 1 unchanged)."
  returned: always
  type: str
  sample: "topics: 1 created (orders)"
differences:
  description:
    - One entry per topic created, updated or deleted (or that would be, in check mode), with the
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
      sample: topic
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
      C(before_header)/C(after_header) (C(topic 'name' (create)) and the like). List form, a list of
      such dicts, one per item created, updated or deleted; unchanged items are left out.
  returned: when diff mode is on
  type: raw
  sample: {"before": {}, "after": {"name": "orders", "partitions": 6}}
errors:
  description: Every validation problem found (the run stops before any change).
  returned: on validation failure
  type: list
  elements: str
  sample: ["topics[1].partitions: must be between 1 and 200"]
failed_topics:
  description: Topics the batch delete could not delete.
  returned: when a delete fails
  type: list
  elements: str
  sample: [orders]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.topic import run_topic_module


def main():
    run_topic_module(supports_check_mode=True)


if __name__ == "__main__":
    main()
