#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_group
short_description: Manage consumer groups of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Create, update and delete the consumer groups of a DMS for Kafka instance, one group
    (O(name) and its options) or a whole set (O(groups)), optionally deleting the groups
    that are not listed (O(purge)); reset a group's committed offsets (O(reset_offsets)) and
    delete its committed offsets for some topics (O(delete_offsets)).
  - The groups are read with one listing (every page), the plan for the whole input is
    computed and validated, and only then are changes made. Several deleted groups are
    deleted with one batch call.
  - A group whose state is C(DEAD) (no members and no metadata) counts as absent.
  - Only the options you set are compared.
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
    details: The plan is computed from the same reads; no mutating request is sent (offsets
      are never reset in check mode, the result says whether they would be).
  diff_mode:
    support: full
    details: In the list form the diff is keyed by group name.
notes:
  - The API reference has no call to change a group's description; the module uses the one
    of Huawei's official SDK (C(PUT /v2/kafka/{project_id}/instances/{instance_id}/groups/{group})).
  - Deleting a group that still has active members fails; stop its consumers first.
options:
  name:
    description:
      - Name of the consumer group (the single form). Mutually exclusive with O(groups).
      - 3 to 64 characters, starting with a letter or V(_); letters, digits, V(.), V(_) and V(-).
    type: str
  description:
    description:
      - Description of the group, up to 200 characters.
    type: str
  reset_offsets:
    description:
      - Reset the committed offsets of the group for one topic (all its partitions, or
        O(reset_offsets.partition)).
      - B(Requires the group to be EMPTY) (no active consumers), because the service does
        not reset offsets online. A group in another state fails before any change.
      - The current offsets are read first; when they already are at the requested
        position (V(earliest), V(latest) or V(offset)) nothing is done, so the task is
        idempotent. A V(timestamp) reset is always made (reported as changed).
      - Never made in check mode; the result then says whether it would be.
      - For a group that does not exist yet, the reset follows its creation.
    type: dict
    suboptions:
      topic:
        description: The topic whose offsets to reset.
        type: str
        required: true
      partition:
        description: Only this partition. Every partition of the topic when not set.
        type: int
      to:
        description:
          - V(earliest) and V(latest) are the oldest and the newest retained message;
            V(offset) is the offset O(reset_offsets.value) (clamped by the service to the
            retained range); V(timestamp) is the first message at or after the time
            O(reset_offsets.value), milliseconds since the epoch.
        type: str
        required: true
        choices: [earliest, latest, offset, timestamp]
      value:
        description: The offset or the timestamp; only with O(reset_offsets.to=offset) or
          O(reset_offsets.to=timestamp).
        type: int
  delete_offsets:
    description:
      - Delete the group's committed offsets for these topics.
      - The topics the group has offsets for are read first; a topic it has no offsets for
        is left alone, so the task is idempotent (unchanged once they are gone).
      - B(Requires the group to be EMPTY) (no active consumers), like O(reset_offsets); a group
        in another state fails before any change.
      - Never made in check mode; the result then says whether it would be.
    type: list
    elements: str
    version_added: 0.2.0
  state:
    description:
      - V(present) creates or updates the group, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  groups:
    description:
      - The list form. Each item takes O(name), O(description), O(reset_offsets) and O(state).
      - Duplicate names fail before any request.
    type: list
    elements: dict
    suboptions:
      name:
        description: Group name.
        type: str
        required: true
      description:
        description: See O(description).
        type: str
      reset_offsets:
        description: See O(reset_offsets).
        type: dict
        suboptions:
          topic:
            description: The topic whose offsets to reset.
            type: str
            required: true
          partition:
            description: Only this partition.
            type: int
          to:
            description: Where to reset to.
            type: str
            required: true
            choices: [earliest, latest, offset, timestamp]
          value:
            description: The offset or the timestamp.
            type: int
      delete_offsets:
        description: See O(delete_offsets).
        type: list
        elements: str
        version_added: 0.2.0
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
"""

EXAMPLES = r"""
- name: One consumer group
  hwcloud.dms.dms_kafka_group:
    instance: kafka-prod
    name: orders-consumers
    description: Consumers of the order events

- name: The whole set of groups of an application, deleting the others
  hwcloud.dms.dms_kafka_group:
    instance: kafka-prod
    purge: true
    protected_names: [connect-cluster]
    groups:
      - name: orders-consumers
      - name: billing
        description: Billing service
      - name: legacy-reader
        state: absent

- name: Replay a topic from the beginning (the group's consumers must be stopped)
  hwcloud.dms.dms_kafka_group:
    instance: kafka-prod
    name: orders-consumers
    reset_offsets:
      topic: orders
      to: earliest

- name: Forget where the group was in two topics it no longer reads (consumers stopped)
  hwcloud.dms.dms_kafka_group:
    instance: kafka-prod
    name: orders-consumers
    delete_offsets: [orders-v1, orders-retry]

- name: Move partition 0 to the first message of 1 June 2026 00:00 UTC
  hwcloud.dms.dms_kafka_group:
    instance: kafka-prod
    name: orders-consumers
    reset_offsets:
      topic: orders
      partition: 0
      to: timestamp
      value: 1780272000000
"""

RETURN = r"""
group:
  description: The group after the run (the single form); empty when it is absent.
  returned: when O(name) is used
  type: dict
  contains:
    name:
      description: Group name.
      type: str
      sample: orders-consumers
    description:
      description: Group description.
      type: str
      sample: Consumers of the order events
    reset_offsets:
      description:
        - With O(reset_offsets), the requested reset when the offsets are there, otherwise
          the current offsets of the topic (C(topic), C(offsets) with C(partition), C(offset)).
        - Null when not managed.
      type: dict
      sample: {"topic": "orders", "partition": null, "to": "earliest", "value": null}
    delete_offsets:
      description: With O(delete_offsets), the listed topics the group still has committed
        offsets for (empty once they are deleted).
      returned: with O(delete_offsets)
      type: list
      elements: str
      sample: []
      version_added: 0.2.0
    state:
      description: The group's state (C(EMPTY), C(STABLE), ...).
      type: str
      sample: EMPTY
    coordinator_id:
      description: Broker ID of the group's coordinator.
      type: int
      sample: 1
    lag:
      description: Messages not consumed yet, over all partitions.
      type: int
      sample: 0
    created_at:
      description: Creation time, milliseconds since the epoch (null in a check-mode prediction).
      type: int
      sample: 1688112779916
  sample: {"name": "orders-consumers", "description": "", "state": "EMPTY", "lag": 0}
groups:
  description: The groups of O(groups) with state present, after the run (same keys as RV(group)).
  returned: when O(groups) is used
  type: list
  elements: dict
  sample: [{"name": "orders-consumers", "description": "", "state": "EMPTY", "lag": 0}]
changes:
  description: Group names by what happened to them (or would, in check mode); a reset counts
    as an update.
  returned: always
  type: dict
  contains:
    created:
      description: Created groups.
      type: list
      elements: str
      sample: [orders-consumers]
    updated:
      description: Groups whose description changed or whose offsets were reset or deleted.
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted groups (including purged ones).
      type: list
      elements: str
      sample: [legacy-reader]
    unchanged:
      description: Groups already as requested.
      type: list
      elements: str
      sample: []
  sample: {"created": ["orders-consumers"], "updated": [], "deleted": [], "unchanged": []}
msg:
  description:
    - "One line summing up RV(changes), for example C(groups: 1 created (orders-consumers), 1 unchanged)."
  returned: always
  type: str
  sample: "groups: 1 created (orders-consumers)"
differences:
  description:
    - One entry per consumer group created, updated or deleted (or that would be, in check mode), with the
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
      sample: group
    item:
      description: The item's name.
      type: str
      sample: "orders-consumers"
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
      C(before_header)/C(after_header) (C(consumer group 'name' (create)) and the like). List form, a list of
      such dicts, one per item created, updated or deleted; unchanged items are left out.
  returned: when diff mode is on
  type: raw
  sample: {"before": {}, "after": {"name": "orders-consumers", "description": ""}}
errors:
  description: Every validation problem found (the run stops before any change).
  returned: on validation failure
  type: list
  elements: str
  sample: ["groups[0].reset_offsets: consumer group 'orders' is STABLE; offsets can only be reset when the group is EMPTY (stop its consumers first)"]
failed_groups:
  description: Groups the batch delete could not delete.
  returned: when a delete fails
  type: list
  elements: str
  sample: [orders-consumers]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.group import run_group_module


def main():
    run_group_module()


if __name__ == "__main__":
    main()
