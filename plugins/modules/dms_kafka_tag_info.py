#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_tag_info
short_description: List the tag keys and values used across the Kafka instances of a Huawei Cloud project
version_added: 0.2.0
description:
  - Lists every tag key used by the DMS for Kafka instances of the project, each with all the
    values it has, in one request.
  - To read or set the tags of one instance, use M(hwcloud.dms.dms_kafka_instance_info) and the
    O(hwcloud.dms.dms_kafka_instance#module:tags) option of M(hwcloud.dms.dms_kafka_instance).
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  key:
    description: Only these tag keys. Every key when not set.
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Every tag key and value in use
  hwcloud.dms.dms_kafka_tag_info:
  register: project_tags

- name: Which teams own Kafka instances
  hwcloud.dms.dms_kafka_tag_info:
    key: [team]
  register: teams
"""

RETURN = r"""
tags:
  description: The tag keys in use, each with its values.
  returned: always
  type: list
  elements: dict
  contains:
    key:
      description: Tag key.
      type: str
      sample: team
    values:
      description: Every value the key has on the project's instances.
      type: list
      elements: str
      sample: [payments, search]
  sample: [{"key": "team", "values": ["payments", "search"]}]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.task import run_tag_info_module


def main():
    run_tag_info_module()


if __name__ == "__main__":
    main()
