#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_task_info
short_description: Read the background tasks of a Huawei Cloud DMS for Kafka instance
version_added: 0.2.0
description:
  - Lists the background tasks of a DMS for Kafka instance (every page), newest first as the
    service returns them, optionally those started in a time window (O(begin_time),
    O(end_time)); or reads one task by its ID (O(task_id)).
  - O(name) and O(status) filter the result on the controller side.
  - Never fails because something is not found; an unknown instance or task gives an empty list.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  task_id:
    description:
      - Read only this task (for example the RV(hwcloud.dms.dms_kafka_topic#module:job_id) of a
        change made with O(hwcloud.dms.dms_kafka_topic#module:wait=false)).
    type: str
  begin_time:
    description:
      - Only tasks started at or after this time, C(YYYYMMDDHHmmss) (UTC), for example V(20260601000000).
    type: str
  end_time:
    description:
      - Only tasks started at or before this time, C(YYYYMMDDHHmmss) (UTC). Not before O(begin_time).
    type: str
  name:
    description: Only tasks with one of these names (for example V(kafkaReassignment)).
    type: list
    elements: str
  status:
    description: Only tasks in one of these states (for example V(EXECUTING), V(SUCCESS), V(FAILED)).
    type: list
    elements: str
"""

EXAMPLES = r"""
- name: Every background task of the instance
  hwcloud.dms.dms_kafka_task_info:
    instance: kafka-prod
  register: all_tasks

- name: The tasks that failed in June 2026
  hwcloud.dms.dms_kafka_task_info:
    instance: kafka-prod
    begin_time: "20260601000000"
    end_time: "20260630235959"
    status: [FAILED]

- name: Follow a reassignment started without waiting
  hwcloud.dms.dms_kafka_task_info:
    instance: kafka-prod
    task_id: "{{ reassignment.job_id }}"
  register: job
  until: job.tasks | length == 0 or job.tasks[0].status != 'EXECUTING'
  retries: 60
  delay: 10
"""

RETURN = r"""
tasks:
  description: The tasks, newest first.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Task ID.
      type: str
      sample: 8abfa7b372160bfd0172165864064079
    name:
      description: Task name.
      type: str
      sample: modifyAutoTopic
    status:
      description: Task status (C(EXECUTING), C(SUCCESS), C(FAILED)).
      type: str
      sample: SUCCESS
    params:
      description: The task's parameters, a JSON string as the API returns it.
      type: str
      sample: '{"old_auto_status":true,"new_auto_status":false}'
    user_name:
      description: Who started it.
      type: str
      sample: paas_dms
    user_id:
      description: ID of who started it.
      type: str
      sample: 3df5acbc24a54fadb62a043c9000a307
    created_at:
      description: Start time.
      type: str
      sample: "2020-05-15T03:19:51.046Z"
    updated_at:
      description: End (or last update) time.
      type: str
      sample: "2020-05-15T03:19:51.065Z"
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.task import run_task_info_module


def main():
    run_task_info_module()


if __name__ == "__main__":
    main()
