#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_maintenance_window_info
short_description: List the maintenance windows of Huawei Cloud DMS for Kafka
version_added: 0.1.0
description:
  - Lists the maintenance time windows an instance can use, in C(seq) order.
  - Results keep the API field names (C(begin) and C(end) are two-digit hours such as V(22)) and
    add C(begin_time) and C(end_time) in the C(HH:mm:ss) form that
    O(hwcloud.dms.dms_kafka_instance#module:maintain_begin) and
    O(hwcloud.dms.dms_kafka_instance#module:maintain_end) take.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  default_only:
    description:
      - Only the default window.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: The default maintenance window
  hwcloud.dms.dms_kafka_maintenance_window_info:
    default_only: true
  register: windows

- name: Use it for a new instance
  ansible.builtin.set_fact:
    maintain_begin: "{{ windows.maintenance_windows[0].begin_time }}"
    maintain_end: "{{ windows.maintenance_windows[0].end_time }}"
"""

RETURN = r"""
maintenance_windows:
  description: The windows, in C(seq) order.
  returned: always
  type: list
  elements: dict
  contains:
    seq:
      description: Sequence number.
      type: int
      sample: 2
    begin:
      description: Start hour, two digits, as the API returns it.
      type: str
      sample: "02"
    end:
      description: End hour, two digits, as the API returns it.
      type: str
      sample: "06"
    begin_time:
      description: Start time, C(HH:mm:ss).
      type: str
      sample: "02:00:00"
    end_time:
      description: End time, C(HH:mm:ss).
      type: str
      sample: "06:00:00"
    default:
      description: Whether it is the default window.
      type: bool
      sample: true
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.catalog import (
    run_maintenance_window_info_module,
)


def main():
    run_maintenance_window_info_module()


if __name__ == "__main__":
    main()
