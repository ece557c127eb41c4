#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_user_info
short_description: Read the SASL users of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Lists the SASL users of a DMS for Kafka instance with one request, optionally only the
    ones named in O(name).
  - Never fails because something is not found. An unknown instance or user gives an empty
    list, and so does an instance with SASL disabled (with a warning).
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.instance.info
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  name:
    description:
      - Only these users. All users when not set.
    type: list
    elements: str
    aliases: [names]
"""

EXAMPLES = r"""
- name: All users
  hwcloud.dms.dms_kafka_user_info:
    instance: kafka-prod
  register: kafka_users

- name: Does orders-writer exist?
  hwcloud.dms.dms_kafka_user_info:
    instance: kafka-prod
    name: [orders-writer]
  register: writer

- name: Show it
  ansible.builtin.debug:
    msg: "{{ 'exists' if writer.users else 'missing' }}"
"""

RETURN = r"""
users:
  description: The users (passwords are never returned by the API).
  returned: always
  type: list
  elements: dict
  contains:
    name:
      description: User name.
      type: str
      sample: orders-writer
    description:
      description: User description.
      type: str
      sample: Order service producer
    role:
      description: User role.
      type: str
      sample: guest
    default_app:
      description: Whether it is the default application.
      type: bool
      sample: false
    created_at:
      description: Creation time, milliseconds since the epoch.
      type: int
      sample: 1615431764734
  sample: [{"name": "orders-writer", "description": "", "role": "guest", "default_app": false,
            "created_at": 1615431764734}]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.user import run_user_info_module


def main():
    run_user_info_module(supports_check_mode=True)


if __name__ == "__main__":
    main()
