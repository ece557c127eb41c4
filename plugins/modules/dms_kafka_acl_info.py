#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_acl_info
short_description: Read the topic permissions of the SASL users of a DMS for Kafka instance
version_added: 0.1.0
description:
  - Reads the permissions of some topics (O(topic)) or of every topic of a DMS for Kafka
    instance, optionally only those of one user (O(user)).
  - Lists the topics once, then reads the permissions of each topic concurrently, one
    request per topic.
  - Never fails because something is not found. An unknown instance gives an empty list,
    unknown topics are left out, and an instance with SASL disabled gives an empty list
    (with a warning).
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.instance.info
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  topic:
    description:
      - Only these topics. Every topic of the instance when not set.
    type: list
    elements: str
    aliases: [topics, name]
  user:
    description:
      - Only the permissions of this user, and only the topics where it has one.
    type: str
"""

EXAMPLES = r"""
- name: Permissions of two topics
  hwcloud.dms.dms_kafka_acl_info:
    instance: kafka-prod
    topic: [orders, payments]
  register: acls

- name: Where may orders-reader read or write?
  hwcloud.dms.dms_kafka_acl_info:
    instance: kafka-prod
    user: orders-reader
  register: reader

- name: Show the topics
  ansible.builtin.debug:
    msg: "{{ reader.acls | map(attribute='topic') | list }}"
"""

RETURN = r"""
acls:
  description: One item per topic (in topic listing order).
  returned: always
  type: list
  elements: dict
  contains:
    topic:
      description: Topic name.
      type: str
      sample: orders
    policies:
      description: The permissions of the topic (only O(user)'s when set), sorted by user.
      type: list
      elements: dict
      contains:
        user:
          description: User name.
          type: str
          sample: orders-reader
        access_policy:
          description: V(all) publish and subscribe, V(pub) publish, V(sub) subscribe.
          type: str
          sample: sub
        owner:
          description: Whether the user is the one selected when the topic was created.
          type: bool
          sample: false
  sample: [{"topic": "orders", "policies": [{"user": "orders-reader", "access_policy": "sub",
                                             "owner": false}]}]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.acl import run_acl_info_module


def main():
    run_acl_info_module(supports_check_mode=True)


if __name__ == "__main__":
    main()
