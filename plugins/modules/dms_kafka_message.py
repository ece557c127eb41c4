#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_message
short_description: Produce messages to, or delete old messages from, a topic of a Huawei Cloud DMS for Kafka instance
version_added: 0.2.0
description:
  - Two jobs on one topic, which must exist.
  - O(state=present) with O(delete_before) is declarative. It deletes the messages of a
    partition that come before an offset. The earliest offset of each listed partition is
    read first, and a partition whose earliest offset already is at or past the requested
    one is left alone, so the task is idempotent.
  - O(state=produced) with O(messages) is an B(action, not a state). It sends the messages,
    one request per message, every time it runs. It is never idempotent and always reports
    changed. In check mode nothing is sent; the result only says that messages would be.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.attributes
  - hwcloud.dms.attributes.action_group
attributes:
  check_mode:
    support: full
    details: Only reads are sent. O(state=produced) reports changed and sends nothing.
  diff_mode:
    support: full
    details: The diff shows the earliest offset of each partition of O(delete_before), before
      and after.
notes:
  - "Limits the API reference states: a message (key and value) is at most 10485760 bytes
    (C(message.max.bytes), valid values 0-10485760); the service also applies the topic's own
    C(max.message.bytes). The produce call takes one message per request and answers neither
    its partition nor its offset."
  - A message is produced with the properties C(KEY) and C(PARTITION) of the reference's
    C(property_list); the reference documents no message headers, so none can be set.
  - When a produce request gets no answer (connection lost), the end offsets of the topic's
    partitions (read before the first message) are compared with the current ones and the
    new messages are read back; the message is sent again only when it is not there.
  - Deleting messages cannot be undone. A consumer group whose committed offset is below the
    new earliest offset restarts from its C(auto.offset.reset) position.
options:
  topic:
    description:
      - The topic. It must exist (create it with M(hwcloud.dms.dms_kafka_topic)).
    type: str
    required: true
  delete_before:
    description:
      - With O(state=present), per partition, the offset before which every message is deleted.
      - The partition's earliest offset becomes at least O(delete_before[].offset). An offset past
        the partition's end offset, or a partition the topic does not have, fails before any change.
    type: list
    elements: dict
    suboptions:
      partition:
        description: Partition number, from 0.
        type: int
        required: true
      offset:
        description: The messages with a lower offset are deleted.
        type: int
        required: true
  messages:
    description:
      - With O(state=produced), the messages to send, in order.
    type: list
    elements: dict
    suboptions:
      value:
        description: The message content (a string; the API takes text).
        type: str
        required: true
      key:
        description: The message key. Messages with the same key go to the same partition.
        type: str
      partition:
        description: Send to this partition. The service chooses one when not set.
        type: int
  state:
    description:
      - V(present) applies O(delete_before).
      - V(produced) sends O(messages) (an action, always changed).
    type: str
    choices: [present, produced]
    default: present
"""

EXAMPLES = r"""
- name: Send two messages to the orders topic
  hwcloud.dms.dms_kafka_message:
    instance: kafka-prod
    topic: orders
    state: produced
    messages:
      - value: '{"order": 1001, "status": "paid"}'
        key: "1001"
      - value: heartbeat
        partition: 0

- name: Keep only the messages from offset 5000 on in partitions 0 and 1
  hwcloud.dms.dms_kafka_message:
    instance: kafka-prod
    topic: orders
    delete_before:
      - partition: 0
        offset: 5000
      - partition: 1
        offset: 5000
"""

RETURN = r"""
topic:
  description: The topic after the run.
  returned: always
  type: dict
  contains:
    topic:
      description: Topic name.
      type: str
      sample: orders
    partitions:
      description: Number of partitions.
      type: int
      sample: 3
    delete_before:
      description: With O(delete_before), the earliest offset of each listed partition
        (C(partition), C(offset)).
      returned: with O(delete_before)
      type: list
      elements: dict
      sample: [{"partition": 0, "offset": 5000}]
  sample: {"topic": "orders", "partitions": 3, "delete_before": [{"partition": 0, "offset": 5000}]}
produced:
  description: How many messages were sent.
  returned: when O(state=produced) ran outside check mode
  type: int
  sample: 2
changes:
  description: The topic name under C(updated) (messages deleted), C(produced) or C(unchanged).
  returned: always
  type: dict
  sample: {"created": [], "updated": ["orders"], "deleted": [], "unchanged": [], "produced": []}
diff:
  description: Before and after (the earliest offsets); only in diff mode.
  returned: when diff mode is on
  type: dict
  sample: {"before": {"delete_before": [{"partition": 0, "offset": 0}]},
           "after": {"delete_before": [{"partition": 0, "offset": 5000}]}}
errors:
  description: Every validation problem found (nothing is sent then).
  returned: on validation failure
  type: list
  elements: str
  sample: ["delete_before[0].offset: 9000 is past the end of partition 0 (its end offset is 6100)"]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.message import run_message_module


def main():
    run_message_module()


if __name__ == "__main__":
    main()
