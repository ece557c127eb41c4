#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_message_info
short_description: Look up messages of a topic of a Huawei Cloud DMS for Kafka instance
version_added: 0.2.0
description:
  - Three lookups, chosen by the options you set.
  - B(By offset), O(partition) and O(offset) - the one message at that position, with its key and
    value. The partition's earliest and end offsets are read first, and an offset outside them
    fails before the lookup.
  - B(By time period), O(start_time) and/or O(end_time), optionally one O(partition) - the
    position, size and time of the messages produced in the period (this lookup returns no
    content).
  - B(By content), O(keyword) with O(start_time) and O(end_time) - the messages of the period
    whose content contains the keyword, with their key and value.
  - The topic must exist, and a partition it does not have fails before the lookup.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
notes:
  - "Limits the API reference states, checked before any request: the topic name starts with a
    letter and has only letters, digits, hyphens and underscores; O(keyword) has at most 50
    characters; times are Unix timestamps in milliseconds and O(start_time) is not after
    O(end_time); offsets and partitions are 0 or more."
  - A lookup that would read too much data fails on the service side with C(DMS.111501026)
    (Maximum bytes per query reached); shorten the time period then.
  - B(Message content.) Keys and values are returned exactly as the API gives them. The API
    types them as strings and documents no encoding for binary content, so the module does not
    decode them (no base64 or other transformation); bytes that are not text arrive as the
    service renders them. A null key means the message has none.
options:
  topic:
    description: The topic.
    type: str
    required: true
  partition:
    description:
      - Partition number, from 0. Required with O(offset); with a time period, only this partition.
    type: int
  offset:
    description: The offset of the message to read (needs O(partition)).
    type: int
  start_time:
    description: Start of the time period, milliseconds since the epoch (default 0 without O(keyword)).
    type: int
  end_time:
    description: End of the time period, milliseconds since the epoch (default now without O(keyword)).
    type: int
  keyword:
    description:
      - Only messages whose content contains this text (at most 50 characters). Needs
        O(start_time) and O(end_time).
    type: str
  newest_first:
    description: Return the newest messages first (time-period and content lookups).
    type: bool
    default: false
  max_messages:
    description:
      - At most this many messages are returned (1-1000); the pages are read until then.
        RV(total) tells how many matched.
    type: int
    default: 10
"""

EXAMPLES = r"""
- name: The message at offset 42 of partition 0
  hwcloud.dms.dms_kafka_message_info:
    instance: kafka-prod
    topic: orders
    partition: 0
    offset: 42
  register: one

- name: Where the messages of the last hour are (positions, no content)
  hwcloud.dms.dms_kafka_message_info:
    instance: kafka-prod
    topic: orders
    start_time: "{{ (now(utc=true).timestamp() * 1000 - 3600000) | int }}"
    end_time: "{{ (now(utc=true).timestamp() * 1000) | int }}"
    max_messages: 100

- name: Messages of 1 June 2026 (UTC) that mention order 1001
  hwcloud.dms.dms_kafka_message_info:
    instance: kafka-prod
    topic: orders
    keyword: '"order": 1001'
    start_time: 1780272000000
    end_time: 1780358399999
"""

RETURN = r"""
query:
  description: The lookup that ran, V(offset), V(time) or V(keyword).
  returned: always
  type: str
  sample: offset
total:
  description: How many messages matched, as the API counts them.
  returned: always
  type: int
  sample: 1
messages:
  description: The messages found, at most O(max_messages).
  returned: always
  type: list
  elements: dict
  contains:
    topic:
      description: Topic name.
      type: str
      sample: orders
    partition:
      description: Partition number.
      type: int
      sample: 0
    offset:
      description: The message's offset.
      type: int
      sample: 42
    timestamp:
      description: Production time, milliseconds since the epoch.
      type: int
      sample: 1780272000123
    size:
      description: Size in bytes.
      type: int
      sample: 31
    key:
      description: The key, as the API returns it (null when none). Not returned by the time-period lookup.
      returned: by the offset and keyword lookups
      type: str
      sample: "1001"
    value:
      description: The content, as the API returns it (see the notes on binary content). Not
        returned by the time-period lookup.
      returned: by the offset and keyword lookups
      type: str
      sample: '{"order": 1001, "status": "paid"}'
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.message import run_message_info_module


def main():
    run_message_info_module()


if __name__ == "__main__":
    main()
