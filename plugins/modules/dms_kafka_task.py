#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_task
short_description: Delete background task records of a Huawei Cloud DMS for Kafka instance
version_added: 0.2.0
description:
  - Deletes the records of finished background tasks (restarts, extensions, configuration
    changes, reassignments ...) of a DMS for Kafka instance, one (O(task_id)) or several
    (O(tasks)). Only the record goes; what the task did stays.
  - O(state=absent) is the only state. A task that is gone already is unchanged, so the
    task is idempotent.
  - A task that is still running (C(EXECUTING)) cannot be deleted; the module fails before
    any change then.
  - Find task IDs with M(hwcloud.dms.dms_kafka_task_info).
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
    details: The tasks are read; nothing is deleted.
  diff_mode:
    support: full
notes:
  - With O(purge=true) in the list form, every finished task record of the instance that is not
    listed is deleted too (O(protected_names) keeps task IDs). A running task stops the run
    before any change.
options:
  task_id:
    description: ID of the task whose record to delete. Mutually exclusive with O(tasks).
    type: str
  state:
    description: V(absent) deletes the record.
    type: str
    choices: [absent]
    default: absent
  tasks:
    description: The list form. Each item takes O(task_id) and O(state).
    type: list
    elements: dict
    suboptions:
      task_id:
        description: Task ID.
        type: str
        required: true
      state:
        description: V(absent).
        type: str
        choices: [absent]
        default: absent
"""

EXAMPLES = r"""
- name: Delete the record of a finished task
  hwcloud.dms.dms_kafka_task:
    instance: kafka-prod
    task_id: 8abfa7b372160bfd0172165864064079

- name: Delete the records of every finished task older than a week
  block:
    - name: Read the old tasks
      hwcloud.dms.dms_kafka_task_info:
        instance: kafka-prod
        end_time: "{{ '%Y%m%d%H%M%S' | strftime((now(utc=true).timestamp() - 7 * 86400) | int, utc=true) }}"
        status: [SUCCESS, FAILED]
      register: old_tasks

    - name: Delete them
      hwcloud.dms.dms_kafka_task:
        instance: kafka-prod
        task_id: "{{ item.id }}"
      loop: "{{ old_tasks.tasks }}"
"""

RETURN = r"""
task:
  description: The task after the run (the single form); always empty, since it is deleted.
  returned: when O(task_id) is used
  type: dict
  sample: {}
tasks:
  description: The tasks of O(tasks) that remain (none, since every item is V(absent)).
  returned: when O(tasks) is used
  type: list
  elements: dict
  sample: []
changes:
  description: Task IDs by what happened to them (or would, in check mode).
  returned: always
  type: dict
  sample: {"created": [], "updated": [], "deleted": ["8abfa7b372160bfd0172165864064079"], "unchanged": []}
diff:
  description: Before and after; only in diff mode.
  returned: when diff mode is on
  type: dict
  sample: {"before": {"task_id": "8abfa7b372160bfd0172165864064079", "name": "restart"}, "after": {}}
errors:
  description: Every validation problem found (nothing is deleted then).
  returned: on validation failure
  type: list
  elements: str
  sample: ["task_id: task 8abfa7b372160bfd0172165864064079 (restart) is still EXECUTING; delete it once it has finished"]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.task import run_task_module


def main():
    run_task_module()


if __name__ == "__main__":
    main()
