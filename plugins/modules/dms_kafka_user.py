#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_user
short_description: Manage the SASL users of a Huawei Cloud DMS for Kafka instance
version_added: 0.1.0
description:
  - Create, update and delete the SASL users of a DMS for Kafka instance, one user (O(name)
    and its options) or a whole set (O(users)), optionally deleting the users that are not
    listed (O(purge)).
  - Users exist only on an instance created with SASL enabled (C(ssl_enable=true), see
    M(hwcloud.dms.dms_kafka_instance)); on any other instance the module fails with a clear
    message before any change.
  - The users of the instance are read with one request, the plan for the whole input is
    computed and validated, and only then are changes made. Users are deleted with one batch
    request; each user is created with its own request (the API has no batch create).
  - Only the options you set are compared; unset options are left as they are.
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
    details: The plan is computed from the same reads; no mutating request is sent.
  diff_mode:
    support: full
    details:
      - In the list form the diff is keyed by user name.
      - Passwords never appear in the diff, so a password reset alone shows the same before
        and after; RV(changes.updated) lists the user.
notes:
  - The instance's access user (the SASL user given as C(access_user) when the instance was
    created) is never deleted by O(purge=true), and asking to delete it fails before any
    change. Neither are the users named in O(protected_names) deleted by O(purge=true).
  - Passwords are write-only, the API never returns them. With O(update_password=on_create)
    (the default) a password is only used to create the user. With
    O(update_password=always) the password of an existing user is reset on every run, and the
    task therefore always reports C(changed).
  - The password reset and description change use the form of the reset-password API that
    the Huawei Cloud SDK and Terraform provider use
    (C(PUT /v2/kafka/{project_id}/instances/{instance_id}/users/{user_name}), which also takes
    the description).
options:
  name:
    description:
      - Name of the user to manage (the single form). Mutually exclusive with O(users).
      - 4 to 64 characters, starting with a letter; letters, digits, V(_) and V(-).
    type: str
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  description:
    description:
      - Description of the user.
    type: str
  password:
    description:
      - Password of the user. Required to create a user.
      - 8 to 32 characters, with at least three of lowercase letters, uppercase letters,
        digits and special characters (spaces and C(`~!@#$%^&*()_-+=[{}]:;'",<.>/?)); it cannot
        start with V(-), cannot be the user name and, for a reset, cannot be the user name
        spelled backwards.
      - Checked before any request; error messages name the option, never the value.
      - Write-only, see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) uses O(password) only when the user is created.
      - V(always) also resets the password of an existing user, on every run (so the task
        always reports C(changed) for that user).
    type: str
    choices: [on_create, always]
    default: on_create
  users:
    description:
      - The list form. Each item takes O(name), O(state), O(description), O(password) and
        O(update_password).
      - Duplicate names fail before any request.
    type: list
    elements: dict
    suboptions:
      name:
        description: User name, see O(name).
        type: str
        required: true
      state:
        description: V(present) or V(absent).
        type: str
        choices: [present, absent]
        default: present
      description:
        description: See O(description).
        type: str
      password:
        description: See O(password).
        type: str
      update_password:
        description: See O(update_password).
        type: str
        choices: [on_create, always]
        default: on_create
"""

EXAMPLES = r"""
- name: One user
  hwcloud.dms.dms_kafka_user:
    instance: kafka-prod
    name: orders-writer
    description: Order service producer
    password: "{{ vault_orders_writer_password }}"

- name: The users of an application, deleting every other user (never the access user)
  hwcloud.dms.dms_kafka_user:
    instance: kafka-prod
    purge: true
    protected_names: [monitoring]
    users:
      - name: orders-writer
        password: "{{ vault_orders_writer_password }}"
      - name: orders-reader
        description: Billing consumer
        password: "{{ vault_orders_reader_password }}"
      - name: legacy-app
        state: absent

- name: Rotate a password (reports changed on every run)
  hwcloud.dms.dms_kafka_user:
    instance: kafka-prod
    name: orders-writer
    password: "{{ vault_orders_writer_new_password }}"
    update_password: always

- name: Delete a user
  hwcloud.dms.dms_kafka_user:
    instance: kafka-prod
    name: orders-writer
    state: absent
"""

RETURN = r"""
user:
  description: The user after the run (the single form); empty when it is absent. Never the password.
  returned: when O(name) is used
  type: dict
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
      description: User role (null in a check-mode prediction of a new user).
      type: str
      sample: guest
    default_app:
      description: Whether it is the default application (null in a check-mode prediction).
      type: bool
      sample: false
    created_at:
      description: Creation time, milliseconds since the epoch (null in a check-mode prediction).
      type: int
      sample: 1615431764734
  sample: {"name": "orders-writer", "description": "", "role": "guest", "default_app": false,
           "created_at": 1615431764734}
users:
  description: The users of O(users) with state present, after the run (same keys as RV(user)).
  returned: when O(users) is used
  type: list
  elements: dict
  sample: [{"name": "orders-writer", "description": "", "role": "guest", "default_app": false,
            "created_at": 1615431764734}]
changes:
  description: User names by what happened to them (or would, in check mode).
  returned: always
  type: dict
  contains:
    created:
      description: Created users.
      type: list
      elements: str
      sample: [orders-writer]
    updated:
      description: Updated users (description changed or password reset).
      type: list
      elements: str
      sample: []
    deleted:
      description: Deleted users (including purged ones).
      type: list
      elements: str
      sample: [legacy-app]
    unchanged:
      description: Users already as requested.
      type: list
      elements: str
      sample: []
  sample: {"created": ["orders-writer"], "updated": [], "deleted": [], "unchanged": []}
msg:
  description:
    - "One line summing up RV(changes), for example C(users: 1 created (orders-writer), 1 unchanged)."
  returned: always
  type: str
  sample: "users: 1 created (orders-writer)"
differences:
  description:
    - One entry per user created, updated or deleted (or that would be, in check mode), with the
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
      sample: user
    item:
      description: The item's name.
      type: str
      sample: "orders-writer"
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
      C(before_header)/C(after_header) (C(user 'name' (create)) and the like). List form, a list of
      such dicts, one per item created, updated or deleted; unchanged items are left out.
  returned: when diff mode is on
  type: raw
  sample: {"before": {}, "after": {"name": "orders-writer", "description": ""}}
errors:
  description: Every validation problem found (the run stops before any change).
  returned: on validation failure
  type: list
  elements: str
  sample: ["users[2].password: must be 8 to 32 characters long"]
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.user import run_user_module


def main():
    run_user_module(supports_check_mode=True)


if __name__ == "__main__":
    main()
