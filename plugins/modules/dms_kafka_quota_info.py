#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_quota_info
short_description: Read the user, client and topic quotas of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Lists the user/client quotas (as managed by M(hwcloud.dms.dms_kafka_quota)) and the
    topic quotas (M(hwcloud.dms.dms_kafka_topic_quota)) of a DMS for Kafka instance, every
    page, both listings concurrently.
  - Never fails because something is not found; an unknown instance gives empty lists.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.instance.info
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  kind:
    description:
      - Which quotas to read; V(user_client) fills RV(quotas), V(topic) fills RV(topic_quotas).
    type: list
    elements: str
    choices: [user_client, topic]
    default: [user_client, topic]
  user:
    description:
      - Only the user/client quotas of these users; V(<default>) selects the default-user quotas.
    type: list
    elements: str
  client:
    description:
      - Only the user/client quotas of these client IDs; V(<default>) selects the
        default-client quotas.
    type: list
    elements: str
  topic:
    description:
      - Only the quotas of these topics.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Every quota of the instance
  hwcloud.dms.dms_kafka_quota_info:
    instance: kafka-prod
  register: all_quotas

- name: The quotas of one user
  hwcloud.dms.dms_kafka_quota_info:
    instance: kafka-prod
    kind: [user_client]
    user: [orders-app]
  register: app_quotas
"""

RETURN = r"""
quotas:
  description: The user/client quotas, in listing order.
  returned: when O(kind) contains V(user_client)
  type: list
  elements: dict
  contains:
    name:
      description: The quota's name in Kafka's notation.
      type: str
      sample: user=orders-app,client=<default>
    user:
      description: The user, V("") when not set.
      type: str
      sample: orders-app
    client:
      description: The client ID, V("") when not set.
      type: str
      sample: ""
    user_default:
      description: Whether it is the default quota of every user.
      type: bool
      sample: false
    client_default:
      description: Whether it is the default quota of every client.
      type: bool
      sample: true
    producer_byte_rate:
      description: Production rate limit in bytes per second (V(0) when never set).
      type: int
      sample: 2097152
    consumer_byte_rate:
      description: Consumption rate limit in bytes per second (V(0) when never set).
      type: int
      sample: 0
topic_quotas:
  description: The topic quotas, in listing order.
  returned: when O(kind) contains V(topic)
  type: list
  elements: dict
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
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.quota import run_quota_info_module


def main():
    run_quota_info_module()


if __name__ == "__main__":
    main()
