#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, hwcloud.dms contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: dms_kafka_export_info
short_description: Export a Huawei Cloud DMS for Kafka instance as the roles' variables
version_added: 0.2.0
description:
  - Reads one DMS for Kafka instance and everything on it (topics, SASL users, topic
    permissions, user/client quotas, topic quotas, consumer groups, configuration parameters
    and tags) and returns them as the variables that C(playbooks/provision.yml) and the roles
    C(hwcloud.dms.kafka_instance) and C(hwcloud.dms.kafka_app_access) take, both as data (RV(variables)) and as the text of a commented YAML file (RV(content)).
  - Values equal to the service's defaults are left out. Internal topics (C(__) names) and the
    instance's own SASL user (C(access_user)) are not listed as application items.
  - Passwords cannot be read from the API. Each one becomes a reference to a variable, for
    example C({{ vault_kafka_users['orders-writer'] }}); RV(secrets) lists them. The roles
    send passwords only to create what is missing (O(hwcloud.dms.dms_kafka_user#module:update_password=on_create)),
    so a run with the exported file does not change existing passwords.
  - Items are split into applications by name prefix (O(applications)); items no prefix
    matches go to O(default_application). Every application carries the prefixes it owns
    (C(owned_prefixes)), so that its purge deletes only names it owns.
  - The reads run concurrently on one connection pool; the permissions take one request per
    topic, everything else a few listings.
author:
  - hwcloud.dms contributors (@hwcloud)
extends_documentation_fragment:
  - hwcloud.dms.connection
  - hwcloud.dms.instance
  - hwcloud.dms.attributes.action_group
  - hwcloud.dms.attributes.info_module
options:
  applications:
    description:
      - How to split the items into applications (C(dms_apps) entries), by name prefix.
      - Topics, their permissions and topic quotas go by topic name; users by user name;
        user/client quotas by user name, else client ID; consumer groups by group name.
      - An item goes to the application one of whose prefixes starts its name; prefixes of
        different applications may not overlap (one starting with another), so that each name
        has exactly one owner.
      - Not set or empty, everything goes to one application.
    type: list
    elements: dict
    default: []
    suboptions:
      name:
        description: Application name.
        type: str
        required: true
      prefixes:
        description: Name prefixes the application owns.
        type: list
        elements: str
        required: true
  default_application:
    description:
      - Name of the application that gets the items no prefix of O(applications) matches (and
        the default user/client quotas).
      - Its C(owned_prefixes) are derived from the names it holds (each name up to and including
        its first C(-), C(_) or C(.), e.g. C(events-)), leaving out any that overlaps a prefix of
        O(applications); so its purge, too, deletes only names no other application owns.
      - Default is the instance name.
    type: str
  manager_password:
    description:
      - Also refer to a Kafka Manager password variable (C(vault_kafka_manager_password)) in
        C(kafka_instance_manager_password). The API does not tell whether one was set.
    type: bool
    default: false
notes:
  - The data part of RV(content) is deterministic (sorted, no timestamp), so exporting an
    unchanged instance again gives the same file.
  - C(docs/adopting.md) walks through exporting, reviewing, supplying the secrets and the
    first audit.
"""

EXAMPLES = r"""
- name: Export demo-kafka, split into two applications
  hwcloud.dms.dms_kafka_export_info:
    instance: demo-kafka
    applications:
      - name: orders
        prefixes: [orders, billing]
      - name: payments
        prefixes: [payments]
  register: exported

- name: Write the variables file
  ansible.builtin.copy:
    content: "{{ exported.content }}"
    dest: vars/demo-kafka.yml
    mode: "0644"

- name: Secrets to supply
  ansible.builtin.debug:
    msg: "{{ exported.secrets | map(attribute='variable') | list }}"
"""

RETURN = r"""
instance_id:
  description: ID of the exported instance.
  returned: success
  type: str
  sample: 5f0bdc3a-2b1e-4f9a-8c7d-6e5f4a3b2c1d
variables:
  description:
    - The variables, as C(playbooks/provision.yml) takes them (C(kafka_instance_*) and
      C(dms_apps)). Passwords are variable references, never values.
  returned: success
  type: dict
  sample: {"kafka_instance_name": "demo-kafka", "kafka_instance_flavor_id": "c6.2u4g.cluster",
           "dms_apps": [{"name": "orders", "owned_prefixes": ["orders"],
                         "topics": [{"name": "orders", "partitions": 6, "replication": 3}]}]}
content:
  description:
    - RV(variables) as a YAML file, with a header comment naming the source (instance, ID,
      region) and listing the secrets to supply.
  returned: success
  type: str
  sample: "---\n# Variables of the DMS for Kafka instance demo-kafka ...\nkafka_instance_name: demo-kafka\n"
secrets:
  description: The variables the user must supply (one per password), in file order.
  returned: success
  type: list
  elements: dict
  contains:
    variable:
      description: The variable expression used in the file.
      type: str
      sample: vault_kafka_users['orders-writer']
    description:
      description: What it is.
      type: str
      sample: password of SASL user orders-writer
  sample: [{"variable": "vault_kafka_instance_password",
            "description": "password of the instance's SASL user platform_admin"}]
counts:
  description: How many items of each kind were exported, and into how many applications.
  returned: success
  type: dict
  sample: {"applications": 2, "topics": 3, "users": 3, "acls": 3, "quotas": 2,
           "topic_quotas": 0, "groups": 2}
api_requests:
  description: Requests sent to the DMS API by this export.
  returned: success
  type: int
  sample: 12
"""

from ansible_collections.hwcloud.dms.plugins.module_utils._specs.export import run_export_module


def main():
    run_export_module()


if __name__ == "__main__":
    main()
